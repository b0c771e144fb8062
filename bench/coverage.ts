// `npm run coverage`: the coverage figures of issue 12. A --time (60s)
// campaign against the installed Go's reader, and next to it, through the
// same coverage server and driver: Go's own conformance cases
// (testdata/tests), the FuzzReader seed corpus, what --go-fuzz (3m) of
// `go test -fuzz=FuzzReader` finds, and real runtime traces of
// testdata/programs. Go's fuzzer runs in a scratch copy of GOROOT (links to
// the real files, internal/trace copied), never in GOROOT; what it finds is
// kept in the cache and reused unless --fresh.
//
// Options: --time T (60s) --go-fuzz T (3m) --seed S (1) --out DIR --fresh
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { findGo, goEnv, GoToolchain, tracefuzzCacheDir } from '../src/readers/goToolchain';
import { scratchGoroot } from '../src/readers/goCoverageBuild';
import { FORMAT_TOOLCHAINS, GO_PROGRAM_NAMES, programTracePath } from '../src/readers/goPrograms';

function goFuzzCorpus(tc: GoToolchain, time: string, fresh: boolean): string {
  const out = join(tracefuzzCacheDir(), 'go-fuzz', `${tc.version}-${time}`, 'FuzzReader');
  if (!fresh && existsSync(out) && readdirSync(out).length > 0) return out;
  const work = mkdtempSync(join(tmpdir(), 'tracefuzz-gofuzz-'));
  try {
    const root = scratchGoroot(tc, join(work, 'goroot'));
    cpSync(join(tc.goroot, 'src', 'internal', 'trace'), join(root, 'src', 'internal', 'trace'), { recursive: true });
    const env = goEnv(tc, { GOROOT: root });
    const bin = join(work, 'trace.test');
    console.error(`building internal/trace's fuzz test in a scratch GOROOT...`);
    let r = spawnSync(join(root, 'bin', 'go'), ['test', '-c', '-fuzz=FuzzReader', '-o', bin, 'internal/trace'], { env, cwd: join(root, 'src', 'internal', 'trace'), encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`go test -c -fuzz: ${r.stderr}`);
    console.error(`go test -fuzz=FuzzReader for ${time}...`);
    rmSync(out, { recursive: true, force: true });
    r = spawnSync(bin, ['-test.run=^$', '-test.fuzz=FuzzReader', `-test.fuzztime=${time}`, `-test.fuzzcachedir=${out}`, '-test.parallel=2'], { cwd: join(root, 'src', 'internal', 'trace'), encoding: 'utf8' });
    console.error(r.stdout.trim().split('\n').slice(-2).join('\n'));
    return join(out, 'FuzzReader');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { time: { type: 'string' }, 'go-fuzz': { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' }, fresh: { type: 'boolean' } } });
  const tc = findGo();
  if (!tc) throw new Error('npm run coverage needs Go');
  const tests = join(tc.goroot, 'src', 'internal', 'trace', 'testdata', 'tests');
  const seeds = join(tc.goroot, 'src', 'internal', 'trace', 'testdata', 'fuzz', 'FuzzReader');
  const fuzzed = goFuzzCorpus(tc, values['go-fuzz'] ?? '3m', values.fresh ?? false);
  const real = mkdtempSync(join(tmpdir(), 'tracefuzz-real-'));
  for (const { toolchain, version } of FORMAT_TOOLCHAINS) {
    for (const program of GO_PROGRAM_NAMES) {
      const p = await programTracePath(program, { toolchain });
      symlinkSync(p, join(real, `go1.${version}-${program}.trace`));
    }
  }
  const args = ['coverage', '--reader', 'go', '--time', values.time ?? '60s', '--seed', values.seed ?? '1', '--out', resolve(values.out ?? 'tracefuzz-coverage'),
    '--input', tests, '--input', seeds, '--input', fuzzed, '--input', real];
  const r = spawnSync(process.execPath, [join(__dirname, '..', 'bin', 'tracefuzz.js'), ...args], { stdio: 'inherit' });
  rmSync(real, { recursive: true, force: true });
  process.exit(r.status ?? 1);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
