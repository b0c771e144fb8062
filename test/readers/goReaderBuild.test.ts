// Working-tree and patched readers: `goroot:DIR` (a tree holding only a copy
// of src/internal/trace), `go-exp:DIR` (an x/exp checkout), `go+FILE.diff`.
// Each builds through buildReaderServer, is found in the cache on the second
// open, is rebuilt after an edit, and a build failure or a patch that does not
// apply is a usage error (exit 2) showing the tool's own output. A tree with
// the #55160 fix undone loses the valid generation before a spill error.
import { spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeGo, expVersionAvailable } from '../support/go';
import { buildReaderServer } from '../../src/readers/goReaderBuild';
import { openReader } from '../../src/readers/readerSpecs';
import { goTraceTestdataDir } from '../../src/readers/goToolchain';
import { goTestCaseTrace } from '../../src/readers/goOracle';

const BIN = join(__dirname, '..', 'support', 'tracefuzz.js');
const CASE = join(__dirname, '..', '..', 'corpus', 'pre-fix-spill-8539878b646b.test');
const EXP = 'v0.0.0-20240529005216-23cca8864a10';

function tracefuzz(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 600_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Undoes the #55160 fix in a copy of Go's generation.go: a spill error returned before the valid generation is emitted. */
function undoFix(file: string): void {
  const src = readFileSync(file, 'utf8');
  const fixed = /spillErr = err\n(\s*)break/;
  expect(src).toMatch(fixed);
  writeFileSync(file, src.replace(fixed, 'return nil, nil, err'));
}

describeGo('working-tree and patched Go readers', (tc) => {
  let dir: string;
  let tree: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tracefuzz-build-'));
    tree = join(dir, 'tree');
    cpSync(join(tc().goroot, 'src', 'internal', 'trace'), join(tree, 'src', 'internal', 'trace'), { recursive: true });
    // A comment unique to this run, so the first open really builds.
    appendFileSync(join(tree, 'src', 'internal', 'trace', 'reader.go'), `\n// tracefuzz test ${process.pid} ${Date.now()}\n`);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('goroot:DIR builds from a tree holding only src/internal/trace, is cached, and rebuilds after an edit', async () => {
    const source = { kind: 'goroot' as const, root: tree };
    const first = await buildReaderServer({ source });
    expect(first.readerPackage).toBe('internal/trace');
    const built = statSync(first.binary).mtimeMs;
    const again = await buildReaderServer({ source });
    expect(again.binary).toBe(first.binary);
    expect(statSync(again.binary).mtimeMs).toBe(built);
    appendFileSync(join(tree, 'src', 'internal', 'trace', 'reader.go'), '// edited\n');
    const edited = await buildReaderServer({ source });
    expect(edited.binary).not.toBe(first.binary);
    expect(edited.sourceDigest).not.toBe(first.sourceDigest);
    // It reads as the installed reader does.
    const [go, mine] = [await openReader('go'), await openReader(`goroot:${tree}`)];
    try {
      const trace = await goTestCaseTrace(join(goTraceTestdataDir(tc()), 'go122-fail-first-gen-first.test'));
      expect(await mine.read(trace)).toEqual(await go.read(trace));
      expect(mine.versions).toEqual(go.versions);
    } finally {
      await go.close();
      await mine.close();
    }
  }, 600_000);

  test('a tree with the #55160 fix undone loses the valid generation; the unchanged tree keeps it', async () => {
    const broken = join(dir, 'prefix');
    cpSync(tree, broken, { recursive: true });
    undoFix(join(broken, 'src', 'internal', 'trace', 'generation.go'));
    const r = tracefuzz(['replay', CASE, '--reader', `goroot:${broken}`]);
    expect(r.stdout).toMatch(/0 passed, 1 failed/);
    expect(r.code).toBe(1);
    const ok = tracefuzz(['replay', CASE, '--reader', `goroot:${tree}`]);
    expect(ok.stdout).toMatch(/1 passed, 0 failed/);
    expect(ok.code).toBe(0);
  }, 600_000);

  test('a build failure is a usage error showing the compiler\'s output', () => {
    const bad = join(dir, 'bad');
    cpSync(tree, bad, { recursive: true });
    writeFileSync(join(bad, 'src', 'internal', 'trace', 'broken.go'), 'package trace\n\nfunc broken() { undefinedThing() }\n');
    const r = tracefuzz(['replay', CASE, '--reader', `goroot:${bad}`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot build reader goroot:.*: the reader does not build/);
    expect(r.stderr).toMatch(/broken\.go:3:\d+: undefined: undefinedThing/);
  }, 600_000);

  test('go+FILE.diff applies a patch to the installed reader; a patch that does not apply is a usage error saying why', () => {
    // A git-style diff with repository-root paths, as a maintainer's CL gives it.
    const repo = join(dir, 'repo');
    mkdirSync(join(repo, 'src', 'internal', 'trace'), { recursive: true });
    const file = join(repo, 'src', 'internal', 'trace', 'generation.go');
    cpSync(join(tc().goroot, 'src', 'internal', 'trace', 'generation.go'), file);
    chmodSync(file, 0o644);
    const git = (...args: string[]) => spawnSync('git', args, { cwd: repo, encoding: 'utf8' });
    git('init', '-q');
    git('add', '-A');
    git('-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-qm', 'base');
    undoFix(file);
    const patch = join(dir, 'prefix.diff');
    writeFileSync(patch, git('diff').stdout);
    const r = tracefuzz(['replay', CASE, '--reader', `go+${patch}`]);
    expect(r.stdout).toMatch(/0 passed, 1 failed/);
    // Against a file the patch does not fit.
    const wrong = join(dir, 'wrong.diff');
    writeFileSync(wrong, git('diff').stdout.replace(/src\/internal\/trace\/generation\.go/g, 'src/internal/trace/nonexistent.go'));
    const w = tracefuzz(['replay', CASE, '--reader', `go+${wrong}`]);
    expect(w.code).toBe(2);
    expect(w.stderr).toMatch(/the patch does not apply/);
    expect(w.stderr).toMatch(/nonexistent\.go: No such file or directory/);
  }, 600_000);

  const exp = expVersionAvailable(EXP) ? test : test.skip;
  exp('go-exp@VERSION+FILE.diff applies a patch to that module version', async () => {
    const { execFileSync } = await import('node:child_process');
    const info = JSON.parse(execFileSync(tc().go, ['mod', 'download', '-json', `golang.org/x/exp@${EXP}`], { cwd: tmpdir(), encoding: 'utf8' })) as { Dir: string };
    // A diff with x/exp's repository-root paths (trace/generation.go), as a CL gives it.
    const repo = join(dir, 'exp-repo');
    mkdirSync(join(repo, 'trace'), { recursive: true });
    const file = join(repo, 'trace', 'generation.go');
    cpSync(join(info.Dir, 'trace', 'generation.go'), file);
    chmodSync(file, 0o644);
    const git = (...args: string[]) => spawnSync('git', args, { cwd: repo, encoding: 'utf8' });
    git('init', '-q');
    git('add', '-A');
    git('-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-qm', 'base');
    undoFix(file);
    const patch = join(dir, 'exp-prefix.diff');
    writeFileSync(patch, git('diff').stdout);
    // The maintainer's question: does the change regress? (It loses generations before a spill error: P1.)
    const r = tracefuzz(['report', '--baseline', `go-exp@${EXP}`, '--candidate', `go-exp@${EXP}+${patch}`, '--runs', '150', '--seed', '1', '--no-minimize', '--jobs', '1', '--out', join(dir, 'exp-report')]);
    expect(r.stderr).not.toMatch(/cannot (build|open) reader/);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^REGRESSION: go-exp@\S+\+\S+exp-prefix\.diff vs go-exp@/m);
    expect(readFileSync(join(dir, 'exp-report', 'report.md'), 'utf8')).toMatch(/P1/);
  }, 600_000);

  exp('go-exp:DIR builds an x/exp checkout through a replace', async () => {
    const { execFileSync } = await import('node:child_process');
    const info = JSON.parse(execFileSync(tc().go, ['mod', 'download', '-json', `golang.org/x/exp@${EXP}`], { cwd: tmpdir(), encoding: 'utf8' })) as { Dir: string };
    const checkout = join(dir, 'x-exp');
    cpSync(info.Dir, checkout, { recursive: true });
    spawnSync('chmod', ['-R', 'u+w', checkout]);
    const released = await openReader(`go-exp@${EXP}`);
    const mine = await openReader(`go-exp:${checkout}`);
    try {
      expect(mine.versions).toEqual([22, 23]);
      const trace = await goTestCaseTrace(join(goTraceTestdataDir(tc()), 'go122-fail-first-gen-first.test'));
      expect(await mine.read(trace)).toEqual(await released.read(trace));
    } finally {
      await released.close();
      await mine.close();
    }
    expect(existsSync(join(checkout, 'trace', 'reader.go'))).toBe(true);
  }, 600_000);
});
