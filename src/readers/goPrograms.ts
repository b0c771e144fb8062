// Real traces: the small Go programs in testdata/programs, built with any Go
// toolchain and run to write an execution trace. Real traces are the other
// half of the truth next to generated ones — they carry what the runtime
// actually emits, in each release's format. Binaries and traces are cached
// outside the repository, keyed by toolchain, program, size and the programs'
// sources, so a second run costs a file read.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { goEnv, GoToolchain, resolveToolchain, tracefuzzCacheDir } from './goToolchain';
import { packagePath } from './packageFiles';

/** Every program, with what its trace is rich in. */
const GO_PROGRAMS = {
  gcpressure: 'GC cycles, mark assists, sweeps, STW, heap metrics',
  goroutines: 'thousands of goroutines: channels, mutexes, conds, selects, timers',
  netio: 'syscalls and loopback TCP/UDP through the network poller, files, pipes',
  annotations: 'tasks, regions, logs and goroutine labels',
  cpuprofile: 'CPU samples (CPU profiling during tracing)',
  generations: 'many generations with goroutines, tasks and regions living across them',
  shortlived: 'tens of thousands of goroutines that are created, run briefly and exit',
  syscalls: 'dozens of threads blocked in system calls: blocking pipes, sleeps, proc steals',
} as const;

export type GoProgram = keyof typeof GO_PROGRAMS;
export const GO_PROGRAM_NAMES = Object.keys(GO_PROGRAMS) as GoProgram[];

/**
 * One toolchain per trace format version: go1.22 writes "go 1.22", go1.23 and
 * go1.24 write "go 1.23", go1.25 writes "go 1.25", go1.26 "go 1.26". `go` is the
 * installed toolchain (go1.26 on this project's machines).
 */
export const FORMAT_TOOLCHAINS: ReadonlyArray<{ version: number; toolchain: string }> = [
  { version: 22, toolchain: '1.22.12' },
  { version: 23, toolchain: '1.23.12' },
  { version: 25, toolchain: '1.25.5' },
  { version: 26, toolchain: 'go' },
];

export interface ProgramRunOptions {
  /** `go` (installed, the default) or a release such as `1.22.12`. */
  toolchain?: string;
  /** The program's -size knob; undefined runs its default (about a second). */
  size?: number;
  /** Ignore a cached trace and record a new one. */
  fresh?: boolean;
  /** Limit for one run of the program. */
  timeoutMs?: number;
}

function programsDir(): string {
  return packagePath('testdata', 'programs');
}

function checkProgram(program: string): asserts program is GoProgram {
  if (!(program in GO_PROGRAMS)) {
    throw new Error(`unknown Go program ${JSON.stringify(program)} (known: ${GO_PROGRAM_NAMES.join(', ')})`);
  }
}

let sourcesHash: string | undefined;

/** A digest of every file under testdata/programs: editing a program invalidates its cache. */
function programsSourceHash(): string {
  if (sourcesHash) return sourcesHash;
  const h = createHash('sha256');
  const walk = (dir: string, rel: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full, `${rel}${name}/`);
      else h.update(`${rel}${name}\0`).update(readFileSync(full)).update('\0');
    }
  };
  walk(programsDir(), '');
  sourcesHash = h.digest('hex').slice(0, 16);
  return sourcesHash;
}

/** Runs a command, rejecting with its stderr when it fails. */
export function run(cmd: string, args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile(
      cmd,
      args,
      { cwd: opts.cwd, env: opts.env, timeout: opts.timeoutMs ?? 300_000, maxBuffer: 64 << 20, encoding: 'utf8', killSignal: 'SIGKILL' },
      (err, stdout, stderr) => {
        if (err) return reject(new Error(`${cmd} ${args.join(' ')}: ${(stderr || err.message).trim()}`));
        resolvePromise(stdout);
      },
    );
  });
}

/**
 * Writes a cache entry with `make(tmpPath)` and renames it into place, so two
 * processes building the same thing at once never see half a file.
 */
export async function cachedFile(path: string, make: (tmpPath: string) => Promise<void>, fresh = false): Promise<string> {
  if (!fresh && existsSync(path)) return path;
  mkdirSync(join(path, '..'), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    await make(tmp);
    renameSync(tmp, path);
  } finally {
    rmSync(tmp, { force: true });
  }
  return path;
}

/** Builds a program with a toolchain (cached) and returns the binary's path. */
async function buildProgram(program: string, toolchain = 'go'): Promise<string> {
  checkProgram(program);
  const tc = await resolveToolchain(toolchain);
  const bin = join(tracefuzzCacheDir(), 'programs', tc.version, programsSourceHash(), program);
  return cachedFile(bin, async (tmp) => {
    await run(tc.go, ['build', '-o', tmp, `./${program}`], { cwd: programsDir(), env: goEnv(tc) });
  });
}

/** Path of a program's trace, recorded now or earlier (see programTrace). */
export async function programTracePath(program: string, opts: ProgramRunOptions = {}): Promise<string> {
  checkProgram(program);
  const toolchain = opts.toolchain ?? 'go';
  const tc: GoToolchain = await resolveToolchain(toolchain);
  const bin = await buildProgram(program, toolchain);
  const sizeKey = opts.size === undefined ? 'default' : `size${opts.size}`;
  const file = join(tracefuzzCacheDir(), 'traces', `${tc.version}-${program}-${sizeKey}-${programsSourceHash()}.trace`);
  return cachedFile(
    file,
    async (tmp) => {
      const args = opts.size === undefined ? [tmp] : ['-size', String(opts.size), tmp];
      await run(bin, args, { timeoutMs: opts.timeoutMs ?? 120_000 });
    },
    opts.fresh,
  );
}

/** The trace a program writes when built and run with the given toolchain. */
export async function programTrace(program: string, opts: ProgramRunOptions = {}): Promise<Uint8Array> {
  return new Uint8Array(readFileSync(await programTracePath(program, opts)));
}
