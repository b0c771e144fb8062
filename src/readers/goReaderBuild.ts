// The one builder of Go reader servers: given the source of a Go trace reader
// — a tree holding Go's `src/internal/trace` (a Go checkout, a release's
// GOROOT, or a bare copy of that directory) or a golang.org/x/exp module root —
// optionally a patch to apply to it and optional `go build` flags, it returns a
// cached binary of the protocol server in oracle/go (PROTOCOL.md) around that
// reader. Every Go-backed reader spec (`go`, `go@REL`, `go-exp@VER`,
// `goroot:DIR`, `go-exp:DIR`, `…+FILE.diff`) is built here, and so are the
// instrumented (`-cover`) and mutated copies that coverage and mutation
// testing build:
//
//   const built = await buildReaderServer({
//     source: { kind: 'goroot', root: '/src/go' },   // or { kind: 'exp', root: '/src/x-exp' }
//     patch: 'fix.diff',                             // optional: a diff with repository-root paths
//     buildFlags: ['-cover', `-coverpkg=${readerPackages(...)}`], // optional
//   });
//   built.binary  // run it: hello, then one outcome per trace
//
// The cache (tracefuzzCacheDir()/oracle/src/…) is keyed by the content of
// every non-test Go file of the reader (after the patch), the server's own
// sources, the toolchain's version and the build flags: editing one file of
// the reader rebuilds it, and nothing else does.
//
// How a `goroot` source is built: the server is compiled as the package
// cmd/tracefuzzoracle of a GOROOT (internal/... cannot be imported from
// anywhere else) through `go build -overlay`. The GOROOT is the source's own
// when it has a toolchain (ROOT/bin/go), else the installed toolchain's (or
// the one the caller names), and the source's reader files are overlaid onto
// that GOROOT's `src/internal/trace` (in each package the source has, the
// files it lacks are hidden), so a directory holding nothing but
// `src/internal/trace` builds. Go
// 1.22-era trees keep the reader in `internal/trace/v2`: that layout is
// detected and served by the std122 adapter. An `exp` source is built as an
// ordinary module that requires golang.org/x/exp through a `replace` pointing
// at the source. A patch is applied (git apply, else patch -p1) to a temporary
// copy, never to the source.
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { execFile } from 'node:child_process';
import { findGo, goEnv, GoToolchain, tracefuzzCacheDir } from './goToolchain';
import { cachedFile } from './goPrograms';
import { ReaderSpecError } from './readerSpecError';
import { packagePath } from './packageFiles';

export type ReaderSource =
  /** A tree whose `src/internal/trace` holds the reader (a Go checkout, a GOROOT, or just that directory). */
  | { kind: 'goroot'; root: string }
  /** A golang.org/x/exp module root (its go.mod and `trace/`). */
  | { kind: 'exp'; root: string };

export interface ReaderBuildRequest {
  source: ReaderSource;
  /**
   * The toolchain to build with. Default: ROOT/bin/go for a goroot source that
   * has one, else the installed toolchain.
   */
  toolchain?: GoToolchain;
  /** A unified diff applied to a copy of the source; its paths are relative to the source root (as `git diff` in a Go or x/exp checkout writes them). */
  patch?: string;
  /** Extra `go build` flags, e.g. `-cover` with `-coverpkg=` (see readerPackages). */
  buildFlags?: readonly string[];
  /** More files of oracle/go (e.g. `cover/drive.go`) compiled into the server's main package. */
  extraFiles?: readonly string[];
  /** A one-off build (a mutant) written here, not kept in the cache. */
  out?: string;
}

export interface BuiltReader {
  binary: string;
  toolchain: GoToolchain;
  /** Digest of the reader's (patched) sources: what the cache entry is keyed by, with the toolchain and flags. */
  sourceDigest: string;
  /** Import path of the reader package: internal/trace, internal/trace/v2 or golang.org/x/exp/trace. */
  readerPackage: string;
}

/** A reader that cannot be built as asked: the patch does not apply, or the compiler rejects the source. `detail` is the tool's own output. */
export class ReaderBuildError extends ReaderSpecError {
  constructor(message: string, readonly detail: string) {
    super(detail ? `${message}\n${indent(detail)}` : message);
  }
}

function indent(s: string): string {
  return s.trim().split('\n').map((l) => `    ${l}`).join('\n');
}

function oracleDir(): string {
  return packagePath('oracle', 'go');
}

/** The module path of an x/exp reader's server (its main package, for `-coverpkg`). */
export const EXP_SERVER_MODULE = 'tracefuzz.local/oracle-exp';

/** The directory of a goroot source's trace packages, relative to the root. */
const STD_TRACE_DIR = join('src', 'internal', 'trace');

/** Whether a goroot source keeps its reader in internal/trace/v2 (Go 1.22). */
function isV2Layout(traceDir: string): boolean {
  return existsSync(join(traceDir, 'v2', 'reader.go'));
}

/** Import paths of the reader and its subpackages, for `-coverpkg`. */
export function readerPackages(source: ReaderSource): string {
  if (source.kind === 'exp') return 'golang.org/x/exp/trace/...';
  return isV2Layout(join(source.root, STD_TRACE_DIR)) ? 'internal/trace/v2/...' : 'internal/trace/...';
}

/** Checks that a source holds a reader, with an error naming what is missing. */
export function checkReaderSource(source: ReaderSource): void {
  if (!existsSync(source.root) || !statSync(source.root).isDirectory()) throw new ReaderSpecError(`${source.root}: no such directory`);
  if (source.kind === 'exp') {
    const mod = join(source.root, 'go.mod');
    if (!existsSync(mod) || !/^module\s+golang\.org\/x\/exp\s*$/m.test(readFileSync(mod, 'utf8'))) {
      throw new ReaderSpecError(`${source.root}: not a golang.org/x/exp checkout (its go.mod must say "module golang.org/x/exp")`);
    }
    if (!existsSync(join(source.root, 'trace', 'reader.go'))) throw new ReaderSpecError(`${source.root}: has no trace/reader.go (golang.org/x/exp/trace)`);
    return;
  }
  const dir = join(source.root, STD_TRACE_DIR);
  if (!existsSync(dir)) throw new ReaderSpecError(`${source.root}: has no ${STD_TRACE_DIR} (a Go source tree, or a directory holding a copy of it)`);
  if (!existsSync(join(dir, 'reader.go')) && !isV2Layout(dir)) {
    throw new ReaderSpecError(`${source.root}: ${STD_TRACE_DIR} has no reader of the v2 trace format (reader.go, or v2/reader.go in Go 1.22)`);
  }
}

/** Every non-test Go file under dir (recursively, testdata left out), relative to dir, sorted. */
function goFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) {
        if (name !== 'testdata' && !name.startsWith('.') && !name.startsWith('_')) walk(full);
      } else if (name.endsWith('.go') && !name.endsWith('_test.go')) {
        out.push(relative(dir, full));
      }
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

function digestFiles(dir: string, files: readonly string[], h = createHash('sha256')): ReturnType<typeof createHash> {
  for (const f of files) h.update(f).update('\0').update(readFileSync(join(dir, f))).update('\0');
  return h;
}

/** The directory of the reader's files inside a source (what a patch may change and the digest covers). */
function readerDir(source: ReaderSource): string {
  return source.kind === 'exp' ? join(source.root, 'trace') : join(source.root, STD_TRACE_DIR);
}

/** Runs a command; resolves with its combined output and whether it succeeded. */
function runTool(cmd: string, args: readonly string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; input?: string }): Promise<{ ok: boolean; output: string }> {
  return new Promise((done) => {
    const child = execFile(
      cmd,
      args,
      { cwd: opts.cwd, env: opts.env, timeout: opts.timeoutMs ?? 600_000, maxBuffer: 64 << 20, encoding: 'utf8', killSignal: 'SIGKILL' },
      (err, stdout, stderr) => {
        const output = `${stdout}${stderr}`.trim();
        const how = err && !output ? err.message : output;
        done({ ok: !err, output: how });
      },
    );
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
}

/** Copies the parts of a source a build reads into a fresh writable directory. */
export function copySource(source: ReaderSource, to: string): ReaderSource {
  const copyTree = (from: string, dest: string) => {
    mkdirSync(dest, { recursive: true });
    for (const name of readdirSync(from)) {
      const f = join(from, name);
      const d = join(dest, name);
      if (statSync(f).isDirectory()) copyTree(f, d);
      else copyFileSync(f, d);
    }
  };
  mkdirSync(to, { recursive: true });
  if (source.kind === 'exp') {
    for (const f of ['go.mod', 'go.sum']) if (existsSync(join(source.root, f))) copyFileSync(join(source.root, f), join(to, f));
    copyTree(join(source.root, 'trace'), join(to, 'trace'));
  } else {
    copyTree(join(source.root, STD_TRACE_DIR), join(to, STD_TRACE_DIR));
  }
  // Files from the module cache are read-only; the copy must take the patch.
  chmodTree(to);
  return { kind: source.kind, root: to };
}

function chmodTree(dir: string): void {
  chmodSync(dir, 0o755);
  for (const name of readdirSync(dir)) {
    const f = join(dir, name);
    if (statSync(f).isDirectory()) chmodTree(f);
    else chmodSync(f, 0o644);
  }
}

/** Applies a patch in `root`: git apply when it works, else patch -p1; throws ReaderBuildError with the tool's explanation. */
async function applyPatch(root: string, patchFile: string, label: string): Promise<void> {
  const git = await runTool('git', ['apply', '--verbose', '--whitespace=nowarn', resolve(patchFile)], { cwd: root });
  if (git.ok) return;
  const patch = await runTool('patch', ['-p1', '--batch', '--forward', '-i', resolve(patchFile)], { cwd: root });
  if (patch.ok) return;
  throw new ReaderBuildError(`${label}: the patch does not apply to the reader's source (paths are relative to the repository root, e.g. src/internal/trace/reader.go or trace/reader.go)`, git.output || patch.output);
}

/** A goroot source's own toolchain (ROOT/bin/go), or null when it has none. */
export async function sourceToolchain(root: string): Promise<GoToolchain | null> {
  const go = join(root, 'bin', 'go');
  if (!existsSync(go)) return null;
  const r = await runTool(go, ['env', 'GOVERSION'], { cwd: root, env: { ...process.env, GOROOT: root, GOTOOLCHAIN: 'local', GOFLAGS: '' } });
  if (!r.ok) throw new ReaderSpecError(`${go} does not run: ${r.output.split('\n')[0]}`);
  return { go, goroot: resolve(root), version: r.output.trim().split('\n').pop() ?? 'devel' };
}

const inFlight = new Map<string, Promise<BuiltReader>>();

/** Builds (or finds in the cache) the protocol server around the reader of `req.source`. */
export async function buildReaderServer(req: ReaderBuildRequest, label = describeSource(req)): Promise<BuiltReader> {
  checkReaderSource(req.source);
  if (req.patch !== undefined && !existsSync(req.patch)) throw new ReaderSpecError(`${label}: patch ${req.patch} not found`);
  const toolchain = req.toolchain ?? (req.source.kind === 'goroot' ? await sourceToolchain(req.source.root) : null) ?? findGo();
  if (!toolchain) throw new Error(`${label}: building a Go reader needs a Go toolchain (go on PATH)`);
  const work = mkdtempSync(join(tmpdir(), 'tracefuzz-reader-'));
  try {
    let source = req.source;
    if (req.patch !== undefined) {
      source = copySource(req.source, join(work, 'src'));
      await applyPatch(source.root, req.patch, label);
    }
    const files = goFiles(readerDir(source));
    const v2 = source.kind === 'goroot' && isV2Layout(readerDir(source));
    const adapter = join(oracleDir(), source.kind === 'exp' ? 'exp' : v2 ? 'std122' : 'std', 'reader.go');
    // The server's main package: the protocol loop, the adapter, and any extra files.
    const mainFiles: Record<string, string> = { 'main.go': join(oracleDir(), 'server', 'main.go'), 'reader.go': adapter };
    for (const f of req.extraFiles ?? []) mainFiles[f.replace(/\//g, '_')] = join(oracleDir(), f);
    const h = createHash('sha256').update(`${source.kind} ${toolchain.version} ${(req.buildFlags ?? []).join(' ')}\0`);
    for (const [name, path] of Object.entries(mainFiles)) h.update(name).update('\0').update(readFileSync(path)).update('\0');
    if (source.kind === 'exp') digestFiles(source.root, ['go.mod'], h);
    const sourceDigest = digestFiles(readerDir(source), files).digest('hex').slice(0, 20);
    const key = createHash('sha256').update(h.digest('hex')).update(sourceDigest).digest('hex').slice(0, 20);
    const binary = req.out ?? join(tracefuzzCacheDir(), 'oracle', 'src', key, 'tracefuzz-oracle');
    const readerPackage = source.kind === 'exp' ? 'golang.org/x/exp/trace' : v2 ? 'internal/trace/v2' : 'internal/trace';
    const result: BuiltReader = { binary, toolchain, sourceDigest, readerPackage };
    if (req.out === undefined && existsSync(binary)) return result;
    // Two opens of one reader in a process share one build.
    let p = inFlight.get(binary);
    if (!p) {
      p = cachedFile(binary, (tmp) =>
        source.kind === 'exp'
          ? buildExpModule(toolchain, source.root, mainFiles, tmp, req.buildFlags ?? [], join(work, 'mod'), label)
          : buildInGoroot(toolchain, source.root, files, mainFiles, tmp, req.buildFlags ?? [], work, label),
      ).then(() => result);
      inFlight.set(binary, p);
      p.finally(() => inFlight.delete(binary)).catch(() => undefined);
    }
    return await p;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function describeSource(req: ReaderBuildRequest): string {
  return `${req.source.kind === 'exp' ? 'go-exp:' : 'goroot:'}${req.source.root}${req.patch ? `+${req.patch}` : ''}`;
}

async function compile(tc: GoToolchain, args: string[], cwd: string, env: NodeJS.ProcessEnv, label: string): Promise<void> {
  const r = await runTool(tc.go, args, { cwd, env });
  if (!r.ok) throw new ReaderBuildError(`${label}: the reader does not build (${tc.version}, go ${args.filter((a) => !a.startsWith('/')).join(' ')})`, r.output);
}

/**
 * The server as package cmd/tracefuzzoracle of tc's GOROOT, with the source's
 * reader files overlaid on that GOROOT's internal/trace.
 */
function buildInGoroot(tc: GoToolchain, root: string, files: readonly string[], mainFiles: Record<string, string>, out: string, flags: readonly string[], work: string, label: string): Promise<void> {
  const replace: Record<string, string> = {};
  const target = join(tc.goroot, STD_TRACE_DIR);
  const source = join(resolve(root), STD_TRACE_DIR);
  if (resolve(target) !== source) {
    const mine = new Set(files);
    const dirs = new Set(files.map((f) => dirname(f)));
    // In each directory the source has, the toolchain's own files that the
    // source lacks are hidden, so the source is the whole of that package.
    // Packages the source lacks stay: the runtime imports some of them
    // (internal/trace/tracev2), and an older tree does not have them.
    for (const f of goFiles(target)) if (!mine.has(f) && dirs.has(dirname(f))) replace[join(target, f)] = '';
    for (const f of files) replace[join(target, f)] = join(source, f);
  }
  return buildGorootCommand(tc, 'tracefuzzoracle', mainFiles, out, { flags, replace, work, label });
}

/**
 * Builds a main package made of `files` as if it were the GOROOT package
 * cmd/NAME of toolchain tc (so it may import internal/...), with `replace`
 * overlaid on that GOROOT, into `out`.
 */
export async function buildGorootCommand(
  tc: GoToolchain,
  name: string,
  files: Record<string, string>,
  out: string,
  opts: { flags?: readonly string[]; replace?: Record<string, string>; work?: string; label?: string } = {},
): Promise<void> {
  const work = opts.work ?? mkdtempSync(join(tmpdir(), 'tracefuzz-overlay-'));
  try {
    const replace: Record<string, string> = { ...opts.replace };
    const pkg = join(tc.goroot, 'src', 'cmd', name);
    for (const [f, from] of Object.entries(files)) replace[join(pkg, f)] = from;
    const overlay = join(work, `overlay-${name}.json`);
    writeFileSync(overlay, JSON.stringify({ Replace: replace }));
    // Go refuses overlays beneath GOMODCACHE, where fetched releases live; a
    // std-only build needs no module cache, so it gets an empty one.
    const env = goEnv(tc, { GOMODCACHE: join(work, 'modcache') });
    await compile(tc, ['build', ...(opts.flags ?? []), '-overlay', overlay, '-o', resolve(out), `cmd/${name}`], work, env, opts.label ?? `cmd/${name}`);
  } finally {
    if (!opts.work) rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The server as a module requiring golang.org/x/exp, replaced by the source
 * directory; its files import the reader as x/exp's (the coverage driver is
 * written against internal/trace).
 */
async function buildExpModule(tc: GoToolchain, root: string, mainFiles: Record<string, string>, out: string, flags: readonly string[], dir: string, label: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  for (const [name, from] of Object.entries(mainFiles)) {
    writeFileSync(join(dir, name), readFileSync(from, 'utf8').replace(/trace "internal\/trace"/, 'trace "golang.org/x/exp/trace"'));
  }
  const sum = join(oracleDir(), 'exp', 'go.sum');
  if (existsSync(sum)) copyFileSync(sum, join(dir, 'go.sum'));
  writeFileSync(
    join(dir, 'go.mod'),
    `module ${EXP_SERVER_MODULE}\n\ngo 1.22\n\nrequire golang.org/x/exp v0.0.0-00010101000000-000000000000\n\nreplace golang.org/x/exp => ${JSON.stringify(resolve(root))}\n`,
  );
  const env = goEnv(tc);
  // The module graph needs go.sum lines for x/exp's own requirements (fetched once into the module cache).
  const tidy = await runTool(tc.go, ['mod', 'tidy'], { cwd: dir, env });
  if (!tidy.ok) throw new ReaderBuildError(`${label}: cannot resolve the module's requirements (go mod tidy)`, tidy.output);
  await compile(tc, ['build', ...flags, '-o', resolve(out), '.'], dir, env, label);
}
