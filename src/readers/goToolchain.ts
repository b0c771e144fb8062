// Locating and driving the Go toolchain installed on this machine. Go's own
// reader is the specification, so several suites and readers need it; this is
// the one place that knows how to find it and how to ask it for a dump.
import { execFileSync, execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

export interface GoToolchain {
  /** Path of the `go` command. */
  go: string;
  /** `go env GOROOT`. */
  goroot: string;
  /** e.g. "go1.26.8". */
  version: string;
}

let cached: GoToolchain | null | undefined;

/** The installed Go toolchain, or null when there is none. Cached per process. */
export function findGo(): GoToolchain | null {
  if (cached !== undefined) return cached;
  const candidates = [process.env.GO ?? 'go', '/usr/local/go/bin/go'];
  for (const go of candidates) {
    try {
      const env = { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '' };
      const out = execFileSync(go, ['env', 'GOROOT', 'GOVERSION'], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      const [goroot, version] = out.trim().split('\n');
      cached = { go, goroot, version };
      return cached;
    } catch {
      // try the next candidate
    }
  }
  cached = null;
  return cached;
}

/** Directory of Go's own conformance cases (`*.test`) in the installed toolchain. */
export function goTraceTestdataDir(tc: GoToolchain): string {
  return join(tc.goroot, 'src', 'internal', 'trace', 'testdata', 'tests');
}

export interface GoDumpResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** The minor release of a toolchain: 22 for go1.22.12; NaN for a version that is no go1.N release. */
export function goMinor(tc: GoToolchain): number {
  return Number(/^go1\.(\d+)/.exec(tc.version)?.[1] ?? NaN);
}

/** Go 1.22 and 1.23 spell the dump modes -d=1 (parsed) and -d=2 (wire); 1.24 on, by name. */
function dumpFlag(tc: GoToolchain, mode: 'parsed' | 'wire'): string {
  if (goMinor(tc) <= 23) return mode === 'parsed' ? '1' : '2';
  return mode;
}

/**
 * Runs `go tool trace -d=MODE` (of any toolchain, e.g. one from goRelease) on the given trace bytes: `parsed` prints one
 * Event.String() per event, `wire` the raw events in the text format. The error,
 * if any, is the last line on stderr and the exit code is 1.
 */
export function goToolTraceDump(tc: GoToolchain, trace: Uint8Array, mode: 'parsed' | 'wire'): Promise<GoDumpResult> {
  const dir = mkdtempSync(join(tmpdir(), 'tracefuzz-go-'));
  const file = join(dir, 'trace.out');
  writeFileSync(file, trace);
  return new Promise((resolve, reject) => {
    execFile(
      tc.go,
      ['tool', 'trace', `-d=${dumpFlag(tc, mode)}`, file],
      { env: { ...process.env, GOTOOLCHAIN: 'local', GOROOT: tc.goroot }, maxBuffer: 1 << 30, encoding: 'utf8' },
      (err, stdout, stderr) => {
        rmSync(dir, { recursive: true, force: true });
        const code = err ? (typeof (err as NodeJS.ErrnoException & { code?: unknown }).code === 'number' ? (err as unknown as { code: number }).code : -1) : 0;
        if (err && code === -1) return reject(err);
        resolve({ stdout, stderr, exitCode: code });
      },
    );
  });
}

/**
 * Where tracefuzz keeps what it builds and records (oracle binaries, program
 * binaries, real traces): never inside the repository. TRACEFUZZ_CACHE wins,
 * then $XDG_CACHE_HOME/tracefuzz, then ~/.cache/tracefuzz.
 */
export function tracefuzzCacheDir(): string {
  if (process.env.TRACEFUZZ_CACHE) return process.env.TRACEFUZZ_CACHE;
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'tracefuzz');
}

/** The environment that runs exactly this toolchain: no switching, no stray flags. */
export function goEnv(tc: GoToolchain, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, GOTOOLCHAIN: 'local', GOROOT: tc.goroot, GOFLAGS: '-buildvcs=false', ...extra };
}

const RELEASE = /^(?:go)?(1\.\d+(?:\.\d+|rc\d+)?)$/;

/** "1.22.12" or "go1.22.12" → "go1.22.12"; anything else throws. */
function releaseName(version: string): string {
  const m = RELEASE.exec(version);
  if (!m) throw new Error(`not a Go release: ${JSON.stringify(version)} (expected e.g. 1.22.12)`);
  return `go${m[1]}`;
}

const releases = new Map<string, Promise<GoToolchain>>();

/**
 * A Go release's toolchain, fetched through the module proxy on first use
 * (`GOTOOLCHAIN=goX.Y.Z go env`, which downloads it into the module cache:
 * a few seconds and ~70 MB per release). Its own `bin/go` is returned, so
 * later commands run it directly without switching.
 */
export function goRelease(version: string): Promise<GoToolchain> {
  const name = releaseName(version);
  const installed = findGo();
  if (installed && installed.version === name) return Promise.resolve(installed);
  let p = releases.get(name);
  if (!p) {
    p = new Promise<GoToolchain>((resolve, reject) => {
      if (!installed) return reject(new Error(`fetching ${name} needs an installed Go toolchain`));
      execFile(
        installed.go,
        ['env', 'GOROOT', 'GOVERSION'],
        // Run outside any module so no go.mod can ask for yet another toolchain.
        { cwd: tmpdir(), env: { ...process.env, GOTOOLCHAIN: name, GOFLAGS: '' }, encoding: 'utf8' },
        (err, stdout, stderr) => {
          if (err) return reject(new Error(`cannot fetch Go toolchain ${name}: ${(stderr || err.message).trim()}`));
          const [goroot, ver] = stdout.trim().split('\n');
          if (ver !== name) return reject(new Error(`asked for ${name}, got ${ver}`));
          resolve({ go: join(goroot, 'bin', 'go'), goroot, version: ver });
        },
      );
    });
    releases.set(name, p);
    p.catch(() => releases.delete(name));
  }
  return p;
}

/** `go` is the installed toolchain; anything else names a release (see goRelease). */
export async function resolveToolchain(spec: string): Promise<GoToolchain> {
  if (spec === 'go' || spec === 'local') {
    const tc = findGo();
    if (!tc) throw new Error('no Go toolchain found (looked for `go` on PATH and /usr/local/go/bin/go)');
    return tc;
  }
  return goRelease(spec);
}

/**
 * Whether a release is already in the module cache, so using it costs no
 * download. Suites that need old releases run when they are cached or when
 * TRACEFUZZ_FETCH_GO=1 allows fetching (a few seconds per release).
 */
function isReleaseCached(version: string): boolean {
  const installed = findGo();
  if (!installed) return false;
  const name = releaseName(version);
  if (installed.version === name) return true;
  try {
    const env = { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '' };
    const [modcache, goos, goarch] = execFileSync(installed.go, ['env', 'GOMODCACHE', 'GOOS', 'GOARCH'], { env, encoding: 'utf8' }).trim().split('\n');
    return existsSync(join(modcache, 'golang.org', `toolchain@v0.0.1-${name}.${goos}-${goarch}`, 'bin', 'go'));
  } catch {
    return false;
  }
}

/** Releases usable now: cached ones, or any when TRACEFUZZ_FETCH_GO=1. */
export function releaseAvailable(version: string): boolean {
  return process.env.TRACEFUZZ_FETCH_GO === '1' || isReleaseCached(version);
}
