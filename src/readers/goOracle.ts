// Go's own trace readers as TraceReaders: `go` (the installed toolchain's
// internal/trace), `go@VERSION` (any release's, its toolchain fetched through
// the module proxy) and `go-exp@VERSION` (golang.org/x/exp/trace at a module
// version). Each is the server in oracle/go, built once into the cache and run
// as one persistent process speaking the framed protocol (PROTOCOL.md).
//
// internal/... cannot be imported from outside GOROOT, and a release's GOROOT
// in the module cache is read-only, so the server is compiled as a package
// that exists only virtually inside that GOROOT: `go build -overlay` maps
// $GOROOT/src/cmd/tracefuzzoracle/*.go to the files in this repository.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { ExternalReader, DEFAULT_CASE_TIMEOUT_MS } from './cmdReader';
import { findGo, goEnv, goMinor, GoToolchain, resolveToolchain, tracefuzzCacheDir } from './goToolchain';
import { cachedFile, run } from './goPrograms';
import { ReaderSpecError } from './readerSpecError';

export type GoReaderSpec = 'go' | `go@${string}` | `go-exp@${string}`;

export interface GoReaderOptions {
  /** Per-case limit before the case is recorded as `timeout` (default 10 s). */
  timeoutMs?: number;
  /** Extra environment for the server (tests set TRACEFUZZ_ORACLE_FAULTS=1). */
  env?: NodeJS.ProcessEnv;
}

export interface BuiltOracle {
  /** The spec with versions resolved, e.g. `go@1.22.12` or `go-exp@v0.0.0-2024…`. */
  name: string;
  binary: string;
}

function oracleDir(): string {
  return resolve(__dirname, '..', '..', 'oracle', 'go');
}

export function isGoReaderSpec(spec: string): spec is GoReaderSpec {
  return spec === 'go' || spec.startsWith('go@') || spec.startsWith('go-exp@');
}

function digest(files: readonly string[], extra: string): string {
  const h = createHash('sha256').update(extra);
  for (const f of files) h.update('\0').update(readFileSync(f));
  return h.digest('hex').slice(0, 16);
}

const builds = new Map<string, Promise<BuiltOracle>>();

/** Builds (or finds in the cache) the server behind a spec. */
export function buildGoOracle(spec: GoReaderSpec): Promise<BuiltOracle> {
  let p = builds.get(spec);
  if (!p) {
    p = spec.startsWith('go-exp@') ? buildExp(spec.slice('go-exp@'.length)) : buildStd(spec);
    builds.set(spec, p);
    p.catch(() => builds.delete(spec));
  }
  return p;
}

async function buildStd(spec: string): Promise<BuiltOracle> {
  const tc: GoToolchain = await resolveToolchain(spec === 'go' ? 'go' : spec.slice('go@'.length));
  const minor = goMinor(tc);
  if (!(minor >= 22)) throw new Error(`${spec}: ${tc.version} has no reader of the v2 trace format (Go 1.22 and later)`);
  // Go 1.22 kept the new reader in internal/trace/v2; 1.23 moved it up.
  const adapter = join(oracleDir(), minor === 22 ? 'std122' : 'std', 'reader.go');
  const server = join(oracleDir(), 'server', 'main.go');
  const binary = await buildInGoroot(tc, 'tracefuzzoracle', { 'main.go': server, 'reader.go': adapter });
  return { name: spec === 'go' ? 'go' : `go@${tc.version.slice(2)}`, binary };
}

/**
 * Builds a main package made of the given files as if it were the GOROOT
 * package cmd/NAME of toolchain tc (so it may import internal/...), caching
 * the binary by toolchain and file contents.
 */
export async function buildInGoroot(tc: GoToolchain, name: string, files: Record<string, string>): Promise<string> {
  const names = Object.keys(files).sort();
  const key = digest(names.map((n) => files[n]), `${tc.version} ${name} ${names.join(' ')}`);
  const binary = join(tracefuzzCacheDir(), 'oracle', tc.version, key, name);
  return cachedFile(binary, async (tmp) => {
    const work = mkdtempSync(join(tmpdir(), 'tracefuzz-overlay-'));
    try {
      const pkg = join(tc.goroot, 'src', 'cmd', name);
      const overlay = join(work, 'overlay.json');
      const replace: Record<string, string> = {};
      for (const n of names) replace[join(pkg, n)] = files[n];
      writeFileSync(overlay, JSON.stringify({ Replace: replace }));
      // Go refuses overlays beneath GOMODCACHE, where fetched releases live; a
      // std-only build needs no module cache, so it gets an empty one.
      await run(tc.go, ['build', '-overlay', overlay, '-o', resolve(tmp), `cmd/${name}`], {
        cwd: work,
        env: goEnv(tc, { GOMODCACHE: join(work, 'modcache') }),
      });
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
}

/**
 * The trace bytes of one of Go's conformance cases (a `.test` txtar under
 * GOROOT), encoded by Go's own text-format encoder (internal/trace/testtrace)
 * with the installed toolchain. Read from GOROOT at test time; nothing of Go's
 * is copied into the repository.
 */
export async function goTestCaseTrace(testFile: string): Promise<Uint8Array> {
  const tc = findGo();
  if (!tc) throw new Error('encoding Go .test cases needs the installed Go toolchain');
  const tool = await buildInGoroot(tc, 'tracefuzztestcase', { 'main.go': join(oracleDir(), 'testcase', 'main.go') });
  const out = join(tracefuzzCacheDir(), 'testcases', `${digest([testFile], tc.version)}.trace`);
  await cachedFile(out, async (tmp) => {
    await run(tool, [testFile, tmp]);
  });
  return new Uint8Array(readFileSync(out));
}

const EXP_MODULE = 'golang.org/x/exp';

/** Checks a go-exp version before anything asks the proxy about it. */
export function checkExpVersion(version: string): void {
  if (/^[0-9a-f]{7,40}$/i.test(version)) {
    throw new ReaderSpecError(
      `go-exp@${version}: the module proxy serves full pseudo-versions, not commit hashes; ` +
        `write e.g. go-exp@v0.0.0-20240314144324-c7f7c6466f7f (v0.0.0-<UTC yyyymmddhhmmss of the commit>-<12-hex commit>)`,
    );
  }
  if (version !== 'latest' && !/^v\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) {
    throw new ReaderSpecError(`go-exp@${version}: not a module version (expected latest, or e.g. v0.0.0-20240529005216-23cca8864a10)`);
  }
}

async function buildExp(version: string): Promise<BuiltOracle> {
  checkExpVersion(version);
  const tc = findGo();
  if (!tc) throw new Error('go-exp readers need an installed Go toolchain');
  const src = join(oracleDir(), 'exp');
  const files = [join(oracleDir(), 'server', 'main.go'), join(src, 'reader.go'), join(src, 'go.mod'), join(src, 'go.sum')];
  const work = mkdtempSync(join(tmpdir(), 'tracefuzz-oracle-exp-'));
  try {
    for (const f of files) copyFileSync(f, join(work, f.slice(f.lastIndexOf('/') + 1)));
    const env = goEnv(tc);
    let resolved = version;
    if (version === 'latest') {
      const info = JSON.parse(await run(tc.go, ['list', '-m', '-json', `${EXP_MODULE}@latest`], { cwd: work, env })) as { Version: string };
      resolved = info.Version;
    }
    const key = digest(files, `${tc.version} ${resolved}`);
    const binary = join(tracefuzzCacheDir(), 'oracle', 'exp', resolved, key, 'tracefuzz-oracle');
    await cachedFile(binary, async (tmp) => {
      try {
        await run(tc.go, ['get', `${EXP_MODULE}@${resolved}`], { cwd: work, env });
      } catch (err) {
        throw new Error(`go-exp@${version}: cannot fetch ${EXP_MODULE}@${resolved}: ${(err as Error).message}`);
      }
      await run(tc.go, ['build', '-o', resolve(tmp), '.'], { cwd: work, env });
    });
    return { name: `go-exp@${resolved}`, binary };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Opens a Go reader: builds its server if needed, starts it and reads its
 * hello (which says which trace versions it accepts: `versions`).
 */
export async function openGoReader(spec: GoReaderSpec, opts: GoReaderOptions = {}): Promise<ExternalReader> {
  if (!isGoReaderSpec(spec)) throw new ReaderSpecError(`not a Go reader spec: ${JSON.stringify(spec)}`);
  const built = await buildGoOracle(spec);
  mkdirSync(tracefuzzCacheDir(), { recursive: true });
  const reader = new ExternalReader(
    built.name,
    { command: built.binary, env: { ...process.env, ...opts.env } },
    opts.timeoutMs ?? DEFAULT_CASE_TIMEOUT_MS,
  );
  return reader.start();
}
