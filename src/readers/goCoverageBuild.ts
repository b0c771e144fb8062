// Coverage builds of Go's trace readers: the protocol server (oracle/go) with
// the reader package instrumented (-cover -covermode=atomic) and the coverage
// files of oracle/go/cover linked in (the accessor driver and the per-case
// report of newly reached blocks, PROTOCOL.md "Coverage").
//
// Go instruments a GOROOT package only in a test binary (`go build -cover` of
// a cmd/ program built through an overlay leaves the program uninstrumented),
// so for a GOROOT reader the server becomes the external test package of
// internal/trace: its files are overlaid into $GOROOT/src/internal/trace as
// zz_tracefuzz_*_test.go (package trace_test, `main` renamed), Go's own test
// files there are hidden, and `go test -c` builds the binary. Nothing is
// written into GOROOT. An x/exp reader is an ordinary module dependency: the
// reader builder (goReaderBuild.ts) builds it with `-cover
// -coverpkg=golang.org/x/exp/trace` and the coverage files.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findGo, goEnv, goMinor, GoToolchain, resolveToolchain, tracefuzzCacheDir } from './goToolchain';
import { cachedFile, run } from './goPrograms';
import { expModule, parseGoReaderSpec } from './goOracle';
import { buildReaderServer, EXP_SERVER_MODULE, sourceToolchain } from './goReaderBuild';
import { ReaderSpecError } from './readerSpecError';
import { packagePath } from './packageFiles';

/** Where a reader's source is: a GOROOT-like tree (its src/internal/trace) or an x/exp module root. */
export type CoverageSource =
  | { kind: 'goroot'; root: string; toolchain: GoToolchain }
  | { kind: 'exp'; root: string; toolchain: GoToolchain; version: string };

export interface CoverageBuild {
  /** The spec, versions resolved (go@1.25.4, go-exp@v0.0.0-…). */
  name: string;
  binary: string;
  source: CoverageSource;
  /** Directory of the reader package's files (for the HTML view and per-file names). */
  readerDir: string;
  /** Import path of the reader package, the prefix of the block table's file names. */
  readerPackage: string;
}

function oracleDir(): string {
  return packagePath('oracle', 'go');
}

/** The coverage driver, compiled into the server's main package. */
const COVER_FILES = ['cover/cover.go', 'cover/drive.go'];

export function isCoverageSpec(spec: string): boolean {
  // A patched reader (…+FILE.diff) and an x/exp checkout (go-exp:DIR) are read without coverage.
  return !spec.includes('+') && (spec === 'go' || spec.startsWith('go@') || spec.startsWith('go-exp@') || spec.startsWith('goroot:'));
}

/**
 * Resolves a reader spec to the source a coverage build instruments, through
 * the same spec parser, x/exp fetch and tree toolchain as every Go reader
 * (goOracle.ts, goReaderBuild.ts).
 */
export async function coverageSource(spec: string): Promise<{ name: string; source: CoverageSource }> {
  const p = isCoverageSpec(spec) ? parseGoReaderSpec(spec) : null;
  if (!p || p.kind === 'exp-dir') throw new ReaderSpecError(`${spec}: no coverage build (go, go@VERSION, go-exp@VERSION or goroot:DIR)`);
  if (p.kind === 'exp-version') {
    const tc = findGo();
    if (!tc) throw new Error(`${spec}: needs an installed Go toolchain`);
    const { version, dir } = await expModule(p.version);
    return { name: `go-exp@${version}`, source: { kind: 'exp', root: dir, toolchain: tc, version } };
  }
  if (p.kind === 'goroot') {
    const root = resolve(p.dir);
    if (!existsSync(join(root, 'src', 'internal', 'trace', 'reader.go'))) {
      throw new ReaderSpecError(`${spec}: ${root} has no src/internal/trace/reader.go (a Go source tree, or a directory holding a copy of src/internal/trace)`);
    }
    const tc = (await sourceToolchain(root)) ?? findGo();
    if (!tc) throw new Error(`${spec}: needs a Go toolchain`);
    return { name: spec, source: { kind: 'goroot', root, toolchain: tc } };
  }
  const tc = await resolveToolchain(p.release ?? 'go');
  if (goMinor(tc) < 23) throw new ReaderSpecError(`${spec}: coverage needs a reader with Go 1.23's API or later (${tc.version} keeps the reader in internal/trace/v2)`);
  return { name: p.release === null ? 'go' : `go@${tc.version.slice(2)}`, source: { kind: 'goroot', root: tc.goroot, toolchain: tc } };
}

/** Every non-test .go file directly in dir, sorted. */
function goFilesIn(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.go') && !f.endsWith('_test.go') && statSync(join(dir, f)).isFile()).sort();
}

/** The reader package's directory in a source. */
export function readerDirOf(source: CoverageSource): string {
  return source.kind === 'exp' ? join(source.root, 'trace') : join(source.root, 'src', 'internal', 'trace');
}

function digest(parts: ReadonlyArray<[string, string | Buffer]>): string {
  const h = createHash('sha256');
  for (const [name, content] of parts) h.update(name).update('\0').update(content).update('\0');
  return h.digest('hex').slice(0, 20);
}

/** Builds (or finds in the cache) the coverage server of a reader spec. */
export async function buildCoverageServer(spec: string): Promise<CoverageBuild> {
  const { name, source } = await coverageSource(spec);
  return buildCoverageServerOf(name, source);
}

/**
 * Builds the server around a resolved source (mutants and working trees pass
 * their own): with `coverage` the coverage build, else the plain server (an
 * x/exp source only; the plain server of a GOROOT reader is goOracle's).
 */
export async function buildCoverageServerOf(name: string, source: CoverageSource, opts: { coverage?: boolean; out?: string } = {}): Promise<CoverageBuild> {
  const coverage = opts.coverage ?? true;
  if (!coverage && source.kind !== 'exp') throw new ReaderSpecError(`${name}: a plain build here is for x/exp sources`);
  const readerDir = readerDirOf(source);
  const readerFiles = goFilesIn(readerDir);
  const coverFiles = [
    ...COVER_FILES,
    ...(source.kind === 'goroot' ? ['cover/testmain_goroot.go'] : []),
    // Readers since Go 1.25 have constructors of events (MakeEvent): the driver rebuilds each event through them.
    ...(readerFiles.includes('event.go') && /^func MakeEvent\[/m.test(readFileSync(join(readerDir, 'event.go'), 'utf8')) ? ['cover/remake.go'] : []),
  ];
  const readerPackage = source.kind === 'exp' ? 'golang.org/x/exp/trace' : 'internal/trace';
  if (source.kind === 'exp') {
    // An x/exp reader is an ordinary module dependency: the one reader builder
    // builds it, instrumented or not. The main package is instrumented too:
    // only an instrumented main starts coverage at init (cover.go leaves its
    // own blocks out of the table).
    const built = await buildReaderServer({
      source: { kind: 'exp', root: source.root },
      toolchain: source.toolchain,
      buildFlags: coverage ? ['-cover', '-covermode=atomic', `-coverpkg=golang.org/x/exp/trace,${EXP_SERVER_MODULE}`] : [],
      extraFiles: coverage ? coverFiles : [],
      out: opts.out,
    }, name);
    return { name, binary: built.binary, source, readerDir, readerPackage };
  }
  const serverFiles = ['server/main.go', 'std/reader.go', ...coverFiles];
  const key = digest([
    ['kind', `${source.kind} ${source.toolchain.version}`],
    // How the build below is made: a change to it must not reuse older binaries.
    ['builder', buildGoroot.toString()],
    ...serverFiles.map((f): [string, Buffer] => [f, readFileSync(join(oracleDir(), f))]),
    ...readerFiles.map((f): [string, Buffer] => [f, readFileSync(join(readerDir, f))]),
  ]);
  // `out`: a one-off build (a mutant) that is not worth a cache entry.
  const binary = opts.out ?? join(tracefuzzCacheDir(), 'oracle', 'cover', key, 'tracefuzz-cover');
  await cachedFile(binary, (tmp) => buildGoroot(source, serverFiles, tmp));
  return { name, binary, source, readerDir, readerPackage };
}

/** A server file as part of internal/trace's external test package. */
function asTestPackage(text: string): string {
  return text.replace(/^package main$/m, 'package trace_test').replace(/^func main\(\) \{$/m, 'func tracefuzzServerMain() {');
}

/**
 * A GOROOT made of links to tc's, except src/internal/trace, which is a real
 * directory the caller fills. Kept in the cache per toolchain, so the
 * standard library compiled against it stays in Go's build cache.
 */
export function scratchGoroot(tc: GoToolchain, dir: string): string {
  const link = (from: string, to: string) => {
    mkdirSync(to, { recursive: true });
    for (const e of readdirSync(from, { withFileTypes: true })) {
      const f = join(from, e.name);
      const t = join(to, e.name);
      if (existsSync(t) || f === join(tc.goroot, 'src', 'internal', 'trace')) continue;
      if (e.isDirectory() && (f === join(tc.goroot, 'src') || f === join(tc.goroot, 'src', 'internal'))) link(f, t);
      else symlinkSync(f, t);
    }
  };
  link(tc.goroot, dir);
  mkdirSync(join(dir, 'src', 'internal', 'trace'), { recursive: true });
  return dir;
}

/** Runs `fn` holding a lock directory (one build at a time in a shared scratch GOROOT). */
async function withLock<T>(lock: string, fn: () => Promise<T>): Promise<T> {
  const started = Date.now();
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than a build can take was left by a killed process.
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })!.mtimeMs > 15 * 60_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() - started > 30 * 60_000) throw new Error(`${lock}: still locked after 30 minutes`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

async function buildGoroot(source: Extract<CoverageSource, { kind: 'goroot' }>, serverFiles: readonly string[], out: string): Promise<void> {
  const tc = source.toolchain;
  const from = join(source.root, 'src', 'internal', 'trace');
  const serverTestFiles = (dir: string) => {
    for (const f of serverFiles) writeFileSync(join(dir, `zz_tracefuzz_${f.replace(/[/.]/g, '_')}_test.go`), asTestPackage(readFileSync(join(oracleDir(), f), 'utf8')));
  };
  const testBinary = (goroot: string, cwd: string, extra: string[], env: NodeJS.ProcessEnv) =>
    run(tc.go, ['test', '-c', '-cover', '-covermode=atomic', '-coverpkg=internal/trace', ...extra, '-o', resolve(out), 'internal/trace'], { cwd, env: { ...env, GOROOT: goroot }, timeoutMs: 1_200_000 });
  if (resolve(from) === resolve(join(tc.goroot, 'src', 'internal', 'trace'))) {
    // The toolchain's own reader: the server files are overlaid, Go's own tests hidden; nothing is written into GOROOT.
    const work = mkdtempSync(join(tmpdir(), 'tracefuzz-cover-build-'));
    try {
      const replace: Record<string, string> = {};
      for (const f of readdirSync(from)) if (f.endsWith('_test.go')) replace[join(from, f)] = '';
      const files = join(work, 'files');
      mkdirSync(files);
      serverTestFiles(files);
      for (const f of readdirSync(files)) replace[join(from, f)] = join(files, f);
      const overlay = join(work, 'overlay.json');
      writeFileSync(overlay, JSON.stringify({ Replace: replace }));
      // Go refuses overlays beneath GOMODCACHE (where fetched releases live); the build needs no module cache.
      await testBinary(tc.goroot, work, ['-overlay', overlay], goEnv(tc, { GOMODCACHE: join(work, 'modcache') }));
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
    return;
  }
  // Another tree's reader (a checkout without its own toolchain, a mutant).
  // The cover tool instruments the files on disk, not overlays of them, so
  // the reader is copied into a scratch GOROOT instead.
  const base = join(tracefuzzCacheDir(), 'goroot', tc.version);
  mkdirSync(base, { recursive: true });
  await withLock(join(base, 'lock'), async () => {
    const root = scratchGoroot(tc, join(base, 'root'));
    const dir = join(root, 'src', 'internal', 'trace');
    rmSync(dir, { recursive: true, force: true });
    cpSync(from, dir, { recursive: true });
    for (const f of readdirSync(dir)) if (f.endsWith('_test.go')) rmSync(join(dir, f));
    serverTestFiles(dir);
    await testBinary(root, dir, [], goEnv(tc));
  });
}
