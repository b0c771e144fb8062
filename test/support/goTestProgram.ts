// Builds (once per content, cached outside the repository) the small Go
// programs under test/go/ that tests ask for Go's answers in bulk: one
// process for a whole batch of questions, not one per question. Programs that
// import internal packages are built as a package inside GOROOT through an
// overlay, as the oracle is.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { goEnv, GoToolchain, tracefuzzCacheDir } from '../../src/readers/goToolchain';

/** Path of the built binary of test/go/NAME (main.go). */
export function goTestProgram(tc: GoToolchain, name: string): string {
  const src = join(__dirname, '..', 'go', name, 'main.go');
  const key = createHash('sha256').update(tc.version).update('\0').update(readFileSync(src)).digest('hex').slice(0, 16);
  const bin = join(tracefuzzCacheDir(), 'test-programs', tc.version, key, name);
  if (existsSync(bin)) return bin;
  const work = mkdtempSync(join(tmpdir(), `tracefuzz-${name}-`));
  try {
    const pkg = join(tc.goroot, 'src', 'cmd', `tracefuzz${name}`);
    writeFileSync(join(work, 'overlay.json'), JSON.stringify({ Replace: { [join(pkg, 'main.go')]: src } }));
    const tmp = join(work, name);
    execFileSync(tc.go, ['build', '-overlay', join(work, 'overlay.json'), '-o', tmp, `cmd/tracefuzz${name}`], {
      cwd: work,
      env: goEnv(tc, { GOMODCACHE: join(work, 'modcache') }),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    mkdirSync(join(bin, '..'), { recursive: true });
    renameSync(tmp, bin);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return bin;
}

/** Runs a built test program with JSON on stdin (or arguments) and parses its JSON answer. */
export function runGoTestProgram<T>(bin: string, args: readonly string[], input?: unknown): T {
  const out = execFileSync(bin, [...args], {
    input: input === undefined ? undefined : JSON.stringify(input),
    maxBuffer: 1 << 30,
    encoding: 'utf8',
  });
  return JSON.parse(out) as T;
}
