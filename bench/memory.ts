// `npm run bench` (first part): how much memory `tracefuzz decode` and
// `tracefuzz dump` take on a large trace, against the size of the trace's
// largest generation. Both stream: decode holds one event and a buffer of
// output; dump (a TraceStream) the generation's tables and, of its event
// batches, those being replayed when it reads a file (it reads them again),
// all of them when it reads standard input (`dump - < FILE`, measured too).
// Issue 13's target: the memory a command uses for the data stays within 2×
// the largest generation, whatever the size of the trace.
//
// Builds (or finds in the cache) a ~60 MB runtime trace of one of the Go
// programs in testdata/programs, runs each command as a user does
// (bin/tracefuzz.js, output to /dev/null) under /usr/bin/time, and prints its
// peak RSS, the peak RSS of the same command on a one-generation trace (what
// Node and the compiled code take before any data), the difference, and that
// difference over the largest generation; `dump -` is dump with the trace on
// standard input. Memory is printed, never asserted.
//
// Options: --program NAME (goroutines) --size N (24, ~60 MB). `--and CMD ARGS…` runs
// CMD afterwards with the remaining arguments (npm run bench chains the
// speed benchmark this way and passes it your options).
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { programTracePath } from '../src/readers/goPrograms';
import { option, runNext } from './args';
import { findGo } from '../src/readers/goToolchain';
import { generationSizes } from './generationSizes';

const MB = 1 << 20;
const fmt = (b: number) => `${(b / MB).toFixed(1)} MB`;

/** Peak RSS in bytes of `tracefuzz ARGS > /dev/null` (`< stdin` if given), with extra NODE_OPTIONS. */
function peakRss(args: string[], nodeOptions = '', stdin?: string): { rss: number; code: number | null } {
  const bin = join(__dirname, '..', 'bin', 'tracefuzz.js');
  const fd = stdin === undefined ? 'ignore' : openSync(stdin, 'r');
  try {
    const r = spawnSync('/usr/bin/time', ['-f', 'maxrss %M', process.execPath, bin, ...args], {
      stdio: [fd, 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 20,
      env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} ${nodeOptions}`.trim() },
    });
    const m = /maxrss (\d+)/.exec(r.stderr ?? '');
    if (!m) throw new Error(`no RSS for tracefuzz ${args.join(' ')}: ${r.stderr}`);
    return { rss: Number(m[1]) * 1024, code: r.status };
  } finally {
    if (typeof fd === 'number') closeSync(fd);
  }
}

async function main(): Promise<void> {
  if (!findGo()) {
    console.log('bench/memory: no Go toolchain, so no runtime trace to measure on; skipped');
  } else {
    const program = option('program', 'goroutines');
    const size = Number(option('size', '24'));
    const file = await programTracePath(program, { size, timeoutMs: 600_000 });
    const trace = new Uint8Array(readFileSync(file));
    const gens = generationSizes(trace);
    const largest = Math.max(...gens);
    console.log(`trace: ${program} -size ${size} → ${fmt(statSync(file).size)}, ${gens.length} generations, largest ${fmt(largest)} (${file})`);
    // The same program's first generation alone: what a command costs before the data.
    const small = mkdtempSync(join(tmpdir(), 'tracefuzz-bench-mem-'));
    try {
      const firstGen = trace.subarray(0, 16 + gens[0]);
      writeFileSync(join(small, 'one.trace'), firstGen);
      const idle = peakRss(['--version']).rss;
      console.log(`node + tracefuzz, reading nothing: peak RSS ${fmt(idle)}`);
      // First as users run them. Then in a 16 MB old space: a command that
      // keeps only a window of the data still runs (collecting more often);
      // one that keeps more runs out of memory (exit 134).
      for (const [label, flags] of [
        ['default heap', ''],
        ['16 MB heap', '--max-old-space-size=16'],
      ]) {
        for (const [name, cmd, stdin] of [['decode', 'decode', false], ['dump', 'dump', false], ['dump -', 'dump', true]] as const) {
          const run = (f: string) => (stdin ? peakRss([cmd, '-'], flags, f) : peakRss([cmd, f], flags));
          const one = run(join(small, 'one.trace'));
          const big = run(file);
          const used = Math.max(0, big.rss - idle);
          console.log(
            `${name.padEnd(6)} ${label.padEnd(14)}  peak RSS ${fmt(big.rss)} (exit ${big.code}), on its first generation alone ${fmt(one.rss)}; ` +
              `above idle ${fmt(used)} = ${(used / largest).toFixed(2)}× the largest generation (target ≤ 2×)`,
          );
        }
      }
    } finally {
      rmSync(small, { recursive: true, force: true });
    }
  }
  runNext();
}

main().catch((e: unknown) => {
  console.error(`bench/memory: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
});
