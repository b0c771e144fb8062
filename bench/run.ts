// `npm run bench`: the TS reader against Go's reader on one large real trace.
//
// Builds (or finds in the cache) a ≥ 50 MB trace written by one of the
// programs in testdata/programs, then in the same run parses it
//  - with the TS reader (src/trace/reader.ts), in a child process of its own,
//    compiled by tsc with the project's settings into a temporary directory
//    and run by plain node: users run compiled JavaScript, and tsx's
//    on-the-fly output (imports turned into getters) is measurably slower;
//  - with Go's reader: the installed toolchain's oracle in its count-only mode
//    (parse every event, format none), timed from request to answer.
// Prints events/s for both, their ratio and the peak RSS of each process.
// Go's and TS's runs alternate. Speed is printed, never asserted.
//
// Options: --program NAME (goroutines) --size N (26) --runs N (3)
//          --strings (TS also formats every event; Go still only counts)
//          --tsx (run the TS reader through tsx instead, for comparison)
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildGoOracle } from '../src/readers/goOracle';
import { programTracePath } from '../src/readers/goPrograms';
import { findGo } from '../src/readers/goToolchain';
import { encodeRequest, helloDecoder, responseDecoder } from '../src/readers/readerProtocol';
import type { ResponseDecoder } from '../src/readers/framedProcess';

interface Measurement {
  events: number;
  error: string | null;
  ms: number;
  maxRssBytes: number;
}

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const MB = 1 << 20;

/**
 * Runs Go's reader in count mode `runs` times in one server process, calling
 * `after(i)` after run i: the TS runs are interleaved with Go's, so a load
 * change on a shared machine hits both readers alike.
 */
async function measureGo(binary: string, trace: Uint8Array, runs: number, after: (i: number) => void): Promise<Measurement[]> {
  const child = spawn(binary, [], { stdio: ['pipe', 'pipe', 'inherit'] });
  let buf = Buffer.alloc(0);
  let waiter: (() => void) | null = null;
  let failer: ((e: Error) => void) | null = null;
  child.stdout.on('data', (chunk: Buffer) => {
    buf = Buffer.concat([buf, chunk]);
    waiter?.();
  });
  // One exit listener for all waits (one per wait would pile up over many runs).
  let exited: Error | null = null;
  child.once('exit', (code) => {
    exited = new Error(`oracle exited (${code})`);
    failer?.(exited);
  });
  const next = async <T>(decoder: ResponseDecoder<T>): Promise<T> => {
    for (;;) {
      const got = decoder.push(buf);
      buf = buf.subarray(got.consumed);
      if (got.value !== undefined) return got.value;
      await new Promise<void>((resolve, reject) => {
        if (exited !== null) return reject(exited);
        waiter = resolve;
        failer = reject;
      });
    }
  };
  await next(helloDecoder());
  const request = encodeRequest(trace, 'count');
  const out: Measurement[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    child.stdin.write(request);
    const r = await next(responseDecoder(false));
    const ms = performance.now() - t0;
    out.push({ events: r.count, error: r.status === 'ok' ? null : r.text, ms, maxRssBytes: peakRss(child.pid!) });
    after(i);
  }
  child.stdin.end();
  await new Promise((resolve) => child.once('exit', resolve));
  return out;
}

/** VmHWM: the process's peak resident set so far. */
function peakRss(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Compiles bench/tsParse.ts (and the reader it imports) with tsc into a temporary directory. */
function compileTsParse(): { script: string; dir: string } {
  const root = join(__dirname, '..');
  const dir = mkdtempSync(join(tmpdir(), 'tracefuzz-bench-'));
  const config = join(dir, 'tsconfig.json');
  // The project's own compiler options; only the entry point and the output differ.
  writeFileSync(config, JSON.stringify({
    extends: join(root, 'tsconfig.json'),
    compilerOptions: {
      outDir: join(dir, 'out'),
      rootDir: root,
      noEmitOnError: true,
      // Type packages are found next to a tsconfig; this one is not in the project.
      typeRoots: [join(root, 'node_modules', '@types')],
      types: ['node'],
    },
    files: [join(root, 'bench', 'tsParse.ts')],
    include: [],
  }));
  execFileSync(join(root, 'node_modules', '.bin', 'tsc'), ['-p', config], { stdio: 'inherit' });
  return { script: join(dir, 'out', 'bench', 'tsParse.js'), dir };
}

function measureTs(file: string, strings: boolean, script: string | null): Measurement {
  const flags = [file, ...(strings ? ['--strings'] : [])];
  const [cmd, args] = script !== null
    ? [process.execPath, [script, ...flags]]
    : [join(__dirname, '..', 'node_modules', '.bin', 'tsx'), [join(__dirname, 'tsParse.ts'), ...flags]];
  const line = execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 20, env: { ...process.env, NODE_OPTIONS: '--max-old-space-size=8192' } });
  return JSON.parse(line.trim().split('\n').pop()!) as Measurement;
}

const best = (ms: Measurement[]) => ms.reduce((a, b) => (b.ms < a.ms ? b : a));
// The median run (the upper one for an even count): steadier than the best on a shared machine.
const median = (ms: Measurement[]) => [...ms].sort((a, b) => a.ms - b.ms)[ms.length >> 1];
const rate = (m: Measurement) => m.events / (m.ms / 1000);
const fmtRate = (r: number) => `${(r / 1e6).toFixed(2)} M events/s`;
const fmtMb = (b: number) => `${(b / MB).toFixed(0)} MB`;

async function main(): Promise<void> {
  const tc = findGo();
  if (!tc) throw new Error('the benchmark needs the Go toolchain');
  const program = option('program', 'goroutines');
  const size = Number(option('size', '26'));
  const runs = Number(option('runs', '3'));
  const strings = process.argv.includes('--strings');
  const viaTsx = process.argv.includes('--tsx');

  console.log(`tracefuzz bench — ${tc.version}, node ${process.version}`);
  let t = performance.now();
  const file = await programTracePath(program, { size, timeoutMs: 600_000 });
  const bytes = statSync(file).size;
  console.log(`trace: ${program} -size ${size} → ${fmtMb(bytes)} (${file}; ${((performance.now() - t) / 1000).toFixed(1)} s to build or find)`);
  if (bytes < 50 * MB) console.log(`note: under 50 MB; raise --size`);
  t = performance.now();
  const oracle = await buildGoOracle('go');
  console.log(`go reader: ${oracle.binary} (${((performance.now() - t) / 1000).toFixed(1)} s to build or find)`);

  const trace = new Uint8Array(readFileSync(file));
  t = performance.now();
  const compiled = viaTsx ? null : compileTsParse();
  console.log(compiled === null ? 'ts reader: run through tsx' : `ts reader: compiled by tsc into ${compiled.dir} (${((performance.now() - t) / 1000).toFixed(1)} s), run by node`);
  const ts: Measurement[] = [];
  let go: Measurement[];
  try {
    go = await measureGo(oracle.binary, trace, runs, () => ts.push(measureTs(file, strings, compiled?.script ?? null)));
  } finally {
    if (compiled !== null) rmSync(compiled.dir, { recursive: true, force: true });
  }

  const g = best(go);
  const s = best(ts);
  if (g.events !== s.events || g.error !== s.error) {
    console.log(`WARNING: the readers disagree: go ${g.events} events (${g.error ?? 'ok'}), ts ${s.events} events (${s.error ?? 'ok'})`);
  }
  const row = (name: string, all: Measurement[], m: Measurement) =>
    `${name.padEnd(14)} ${String(m.events).padStart(10)} events  best ${(m.ms / 1000).toFixed(2).padStart(6)} s  ` +
    `(runs: ${all.map((x) => (x.ms / 1000).toFixed(2)).join(', ')})  ${fmtRate(rate(m)).padStart(18)}  peak RSS ${fmtMb(m.maxRssBytes)}`;
  console.log(row('go (count)', go, g));
  console.log(row(strings ? 'ts (+String)' : 'ts (parse)', ts, s));
  console.log(`ratio ts/go: ${(rate(s) / rate(g)).toFixed(2)}× best, ${(rate(median(ts)) / rate(median(go))).toFixed(2)}× median (target ≥ 1.0×)`);
  console.log('(go time includes sending the trace over a pipe; TS peak RSS includes the trace held in memory, as Go\'s does)');
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
