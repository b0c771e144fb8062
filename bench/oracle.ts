// `npm run bench` (second part): the Go oracle's full dump against Go's own
// `go tool trace -d=parsed`, on the same ≥ 50 MB trace. The oracle is what
// every Go-backed check pays for: the server parses the trace and formats
// every event, and tracefuzz decodes the answer into one string per event;
// `go tool trace` parses, formats and prints (its output goes to /dev/null).
// Target: the oracle within 1.5× of Go's tool. Runs alternate, so load on a
// shared machine hits both alike; speed is printed, never asserted.
//
// Options: --program NAME (goroutines) --size N (26) --runs N (3) --file TRACE.
// `--and CMD ARGS…` runs CMD afterwards with the remaining arguments (npm run
// bench chains the benchmarks this way).
import { execFile, spawn } from 'node:child_process';
import { openSync, closeSync, readFileSync, statSync } from 'node:fs';
import { openGoReader } from '../src/readers/goOracle';
import { programTracePath } from '../src/readers/goPrograms';
import { option, runNext } from './args';
import { median } from './median';
import { findGo, goEnv } from '../src/readers/goToolchain';


const MB = 1 << 20;

/** `go tool trace -d=parsed FILE` with its output thrown away; resolves with the seconds it took. */
function goTool(go: string, env: NodeJS.ProcessEnv, file: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const devnull = openSync('/dev/null', 'w');
    const t0 = performance.now();
    const child = spawn(go, ['tool', 'trace', '-d=parsed', file], { env, stdio: ['ignore', devnull, 'pipe'] });
    let err = '';
    child.stderr?.on('data', (c: Buffer) => { err += c.toString(); });
    child.on('exit', (code) => {
      closeSync(devnull);
      if (code !== 0) reject(new Error(`go tool trace exited ${code}: ${err.trim()}`));
      else resolve((performance.now() - t0) / 1000);
    });
  });
}

async function main(): Promise<void> {
  const tc = findGo();
  if (!tc) throw new Error('the benchmark needs the Go toolchain');
  const runs = Number(option('runs', '3'));
  const given = option('file', '');
  const file = given || (await programTracePath(option('program', 'goroutines'), { size: Number(option('size', '26')), timeoutMs: 600_000 }));
  console.log(`oracle bench — ${tc.version}: ${file} (${(statSync(file).size / MB).toFixed(0)} MB)`);
  const env = goEnv(tc);
  // Builds `go tool trace` once, outside the timing.
  await new Promise((resolve) => execFile(tc.go, ['tool', '-n', 'trace'], { env }, resolve));
  const trace = new Uint8Array(readFileSync(file));
  const oracle = await openGoReader('go', { timeoutMs: 600_000 });
  const tool: number[] = [];
  const ours: number[] = [];
  let events = 0;
  try {
    for (let i = 0; i < runs; i++) {
      tool.push(await goTool(tc.go, env, file));
      const t0 = performance.now();
      const out = await oracle.read(trace);
      ours.push((performance.now() - t0) / 1000);
      if (out.kind !== 'ok') throw new Error(`the oracle failed on the trace: ${out.kind}: ${out.error}`);
      events = out.events.length;
    }
  } finally {
    await oracle.close();
  }
  const best = (xs: number[]) => Math.min(...xs);
  const row = (name: string, xs: number[]) => `${name.padEnd(28)} best ${best(xs).toFixed(2).padStart(6)} s  (runs: ${xs.map((x) => x.toFixed(2)).join(', ')})`;
  console.log(row('go tool trace -d=parsed', tool));
  console.log(row(`oracle dump (${events} events)`, ours));
  console.log(`ratio oracle/go tool: ${(best(ours) / best(tool)).toFixed(2)}× best, ${(median(ours) / median(tool)).toFixed(2)}× median (target ≤ 1.5×)`);
  runNext();
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
