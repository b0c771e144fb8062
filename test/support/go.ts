// Gate for Go-backed suites: `describeGo` runs when Go is present, fails under
// REQUIRE_GO=1 when it is not, and otherwise skips quietly (globalSetup has
// already printed the one line that says why).
import { findGo, GoToolchain } from '../../src/readers/goToolchain';

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
