// Locating and driving the Go toolchain installed on this machine. Go's own
// reader is the specification, so several suites and readers need it; this is
// the one place that knows how to find it and how to ask it for a dump.
import { execFileSync, execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

/**
 * Runs `go tool trace -d=MODE` on the given trace bytes: `parsed` prints one
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
      ['tool', 'trace', `-d=${mode}`, file],
      { env: { ...process.env, GOTOOLCHAIN: 'local' }, maxBuffer: 1 << 30, encoding: 'utf8' },
      (err, stdout, stderr) => {
        rmSync(dir, { recursive: true, force: true });
        const code = err ? (typeof (err as NodeJS.ErrnoException & { code?: unknown }).code === 'number' ? (err as unknown as { code: number }).code : -1) : 0;
        if (err && code === -1) return reject(err);
        resolve({ stdout, stderr, exitCode: code });
      },
    );
  });
}
