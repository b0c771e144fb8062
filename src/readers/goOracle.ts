// Go's own trace readers as TraceReaders, every one built by
// buildReaderServer (goReaderBuild.ts) and run as one persistent process
// speaking the framed protocol (oracle/go/PROTOCOL.md):
//
//   go, go@REL            the installed toolchain's / a release's internal/trace
//   go-exp@VER            golang.org/x/exp/trace at a module version
//   goroot:DIR            the reader of a Go source tree (its src/internal/trace)
//   go-exp:DIR            an x/exp checkout
//   go[@REL]+FILE.diff    a release's reader with a patch applied
//   go-exp@VER+FILE.diff  a module version's reader with a patch applied
//
// A working tree or patch is rebuilt whenever the reader's files change (the
// cache is keyed by their content); a patch that does not apply or a reader
// that does not compile is a ReaderBuildError (a usage error with the tool's
// output).
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { ExternalReader, DEFAULT_CASE_TIMEOUT_MS } from './cmdReader';
import { findGo, goEnv, goMinor, GoToolchain, resolveToolchain, tracefuzzCacheDir } from './goToolchain';
import { cachedFile, run } from './goPrograms';
import { ReaderSpecError } from './readerSpecError';
import { buildGorootCommand, buildReaderServer, ReaderSource } from './goReaderBuild';
import type { ReadDeadline } from './readDeadline';
import { packagePath } from './packageFiles';

export type GoReaderSpec = string;

/** A Go reader spec taken apart. */
export type ParsedGoSpec =
  | { kind: 'release'; release: string | null; patch?: string }
  | { kind: 'exp-version'; version: string; patch?: string }
  | { kind: 'goroot'; dir: string }
  | { kind: 'exp-dir'; dir: string };

const PATCHED = /^(go|go@[^+]+|go-exp@[^+]+)\+(.+\.(?:diff|patch))$/;

/** The parts of a Go reader spec, or null when the spec names no Go reader. */
export function parseGoReaderSpec(spec: string): ParsedGoSpec | null {
  if (spec.startsWith('goroot:')) return { kind: 'goroot', dir: spec.slice('goroot:'.length) };
  if (spec.startsWith('go-exp:')) return { kind: 'exp-dir', dir: spec.slice('go-exp:'.length) };
  const m = PATCHED.exec(spec);
  const base = m ? m[1] : spec;
  const patch = m ? m[2] : undefined;
  if (base === 'go') return { kind: 'release', release: null, patch };
  if (base.startsWith('go@')) return { kind: 'release', release: base.slice('go@'.length), patch };
  if (base.startsWith('go-exp@')) return { kind: 'exp-version', version: base.slice('go-exp@'.length), patch };
  return null;
}

export interface GoReaderOptions {
  /** Per-case limit before the case is recorded as `timeout` (default 10 s; scaled up for big traces). */
  timeoutMs?: number;
  /** Extra environment for the server (tests set TRACEFUZZ_ORACLE_FAULTS=1). */
  env?: NodeJS.ProcessEnv;
  /** A wall-clock limit no read may outlast (a campaign's time budget). */
  deadline?: ReadDeadline;
}

export interface BuiltOracle {
  /** The spec with versions resolved, e.g. `go@1.22.12` or `go-exp@v0.0.0-2024…`. */
  name: string;
  binary: string;
}

function oracleDir(): string {
  return packagePath('oracle', 'go');
}

export function isGoReaderSpec(spec: string): spec is GoReaderSpec {
  return parseGoReaderSpec(spec) !== null;
}

function digest(files: readonly string[], extra: string): string {
  const h = createHash('sha256').update(extra);
  for (const f of files) h.update('\0').update(readFileSync(f));
  return h.digest('hex').slice(0, 16);
}

/** Builds (or finds in the cache) the server behind a spec. */
export async function buildGoOracle(spec: GoReaderSpec): Promise<BuiltOracle> {
  const p = parseGoReaderSpec(spec);
  if (!p) throw new ReaderSpecError(`not a Go reader spec: ${JSON.stringify(spec)}`);
  const suffix = 'patch' in p && p.patch !== undefined ? `+${p.patch}` : '';
  switch (p.kind) {
    case 'release': {
      const tc: GoToolchain = await resolveToolchain(p.release ?? 'go');
      const minor = goMinor(tc);
      if (!(minor >= 22)) throw new ReaderSpecError(`${spec}: ${tc.version} has no reader of the v2 trace format (Go 1.22 and later)`);
      const built = await buildReaderServer({ source: { kind: 'goroot', root: tc.goroot }, toolchain: tc, patch: p.patch }, spec);
      return { name: `${p.release === null ? 'go' : `go@${tc.version.slice(2)}`}${suffix}`, binary: built.binary };
    }
    case 'exp-version': {
      const { version, dir } = await expModule(p.version);
      const built = await buildReaderServer({ source: { kind: 'exp', root: dir }, patch: p.patch }, spec);
      return { name: `go-exp@${version}${suffix}`, binary: built.binary };
    }
    case 'goroot':
    case 'exp-dir': {
      if (p.dir === '') throw new ReaderSpecError(`${spec}: needs a directory, e.g. ${p.kind === 'goroot' ? 'goroot:$HOME/go' : 'go-exp:$HOME/x-exp'}`);
      const source: ReaderSource = { kind: p.kind === 'goroot' ? 'goroot' : 'exp', root: resolve(p.dir) };
      const built = await buildReaderServer({ source }, spec);
      return { name: spec, binary: built.binary };
    }
  }
}

/**
 * Builds a main package made of the given files as if it were the GOROOT
 * package cmd/NAME of toolchain tc (so it may import internal/...), caching
 * the binary by toolchain and file contents. Returns the binary's path.
 */
export async function buildInGoroot(tc: GoToolchain, name: string, files: Record<string, string>): Promise<string> {
  const names = Object.keys(files).sort();
  const key = digest(names.map((n) => files[n]), `${tc.version} ${name} ${names.join(' ')}`);
  const binary = join(tracefuzzCacheDir(), 'oracle', tc.version, key, name);
  await cachedFile(binary, (tmp) => buildGorootCommand(tc, name, files, tmp));
  return binary;
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

/** A module version of x/exp in the module cache (fetched through the proxy on first use): its resolved version and directory. */
export async function expModule(version: string): Promise<{ version: string; dir: string }> {
  checkExpVersion(version);
  const tc = findGo();
  if (!tc) throw new Error('go-exp readers need an installed Go toolchain');
  mkdirSync(tracefuzzCacheDir(), { recursive: true });
  let out: string;
  try {
    // Outside any module, so no go.mod can ask for another toolchain.
    out = await run(tc.go, ['mod', 'download', '-json', `${EXP_MODULE}@${version}`], { cwd: tmpdir(), env: goEnv(tc, { GOFLAGS: '' }) });
  } catch (err) {
    throw new Error(`go-exp@${version}: cannot fetch ${EXP_MODULE}@${version}: ${(err as Error).message}`);
  }
  const info = JSON.parse(out) as { Version?: string; Dir?: string; Error?: string };
  if (info.Error || !info.Dir || !info.Version || !existsSync(info.Dir)) throw new Error(`go-exp@${version}: cannot fetch ${EXP_MODULE}@${version}: ${info.Error ?? 'no module directory'}`);
  return { version: info.Version, dir: info.Dir };
}

/**
 * Opens a Go reader: builds its server if needed, starts it and reads its
 * hello (which says which trace versions it accepts: `versions`).
 */
export async function openGoReader(spec: GoReaderSpec, opts: GoReaderOptions = {}): Promise<ExternalReader> {
  const built = await buildGoOracle(spec);
  mkdirSync(tracefuzzCacheDir(), { recursive: true });
  const reader = new ExternalReader(
    built.name,
    { command: built.binary, env: { ...process.env, ...opts.env } },
    { timeoutMs: opts.timeoutMs ?? DEFAULT_CASE_TIMEOUT_MS, deadline: opts.deadline, lineage: 'go' },
  );
  return reader.start();
}
