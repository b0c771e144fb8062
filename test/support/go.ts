// Gate for Go-backed suites: `describeGo` runs when Go is present, fails under
// REQUIRE_GO=1 when it is not, and otherwise skips quietly (globalSetup has
// already printed the one line that says why).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findGo, GoToolchain } from '../../src/readers/goToolchain';

/** Whether an x/exp module version is usable now: in the module cache, or fetching allowed (TRACEFUZZ_FETCH_GO=1). */
export function expVersionAvailable(version: string): boolean {
  if (process.env.TRACEFUZZ_FETCH_GO === '1') return true;
  try {
    const modcache = execFileSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local' } }).trim();
    return existsSync(join(modcache, 'cache', 'download', 'golang.org', 'x', 'exp', '@v', `${version}.zip`));
  } catch {
    return false;
  }
}

export function describeGo(name: string, body: (tc: () => GoToolchain) => void): void {
  const tc = findGo();
  if (tc) {
    describe(name, () => body(() => tc));
    return;
  }
  if (process.env.REQUIRE_GO === '1') {
    describe(name, () => {
      test('needs the Go toolchain (REQUIRE_GO=1)', () => {
        throw new Error('REQUIRE_GO=1 but no Go toolchain was found');
      });
    });
    return;
  }
  describe.skip(name, () => body(() => { throw new Error('unreachable'); }));
}
