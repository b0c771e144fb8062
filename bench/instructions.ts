// `npm run bench:instructions -- TRACE [--top N]`: the TS reader's work per
// event, counted rather than timed. On a shared machine the same run's time
// varies by up to half; the instructions it executes hardly vary, so a change
// of a few percent shows. Runs bench/tsParse (compiled by tsc, as the speed
// benchmark does) under valgrind's callgrind, with node --single-threaded (V8
// compiles on the main thread, in the same order every run) and
// --perf-basic-prof (node writes where V8 put each compiled function), then
// prints the instructions per event executed in each function's compiled
// code. Needs valgrind. A trace of a few MB takes a minute (valgrind runs
// node about 50 times slower); counts include start-up, so compare runs on
// the same trace.
//
// The ratio to time: on the 2.3 GHz machine this was written on, the reader
// ran at about 4 instructions a cycle, so time follows instructions only in
// part (see README, Benchmark).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { instructionsByAddress, instructionsByFunction, parsePerfMap } from './callgrind';
import { compileTs } from './compileTs';

function usage(message: string): never {
  console.error(`bench:instructions: ${message}`);
  console.error('usage: npm run bench:instructions -- TRACE [--top N]');
  process.exit(2);
}

function main(): void {
  let parsed;
  try {
    parsed = parseArgs({ args: process.argv.slice(2), allowPositionals: true, options: { top: { type: 'string', default: '20' } } });
  } catch (e) {
    usage((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) usage('one trace file');
  const trace = positionals[0];
  if (!existsSync(trace)) usage(`no such file: ${trace}`);
  const top = Number(values.top);
  if (!Number.isInteger(top) || top < 1) usage('--top wants a positive integer');
  try {
    execFileSync('valgrind', ['--version'], { stdio: 'ignore' });
  } catch {
    usage('valgrind is not installed (e.g. apt-get install valgrind)');
  }

  const work = mkdtempSync(join(tmpdir(), 'tracefuzz-instr-'));
  let mapFile: string | null = null;
  try {
    compileTs(work);
    const out = join(work, 'callgrind.out');
    const run = spawnSync('valgrind', [
      '--tool=callgrind', '--dump-instr=yes', `--callgrind-out-file=${out}`,
      // JIT code is written and rewritten in anonymous memory.
      '--smc-check=all-non-file',
      process.execPath, '--single-threaded', '--perf-basic-prof', join(work, 'out', 'bench', 'tsParse.js'), trace,
    ], { encoding: 'utf8', maxBuffer: 64 << 20 });
    // Valgrind runs node in its own process: the perf map carries its pid.
    mapFile = `/tmp/perf-${run.pid}.map`;
    const line = run.stdout.trim().split('\n').pop() ?? '';
    let events = 0;
    try {
      events = (JSON.parse(line) as { events: number }).events;
    } catch {
      throw new Error(`the read under valgrind failed: ${(run.stderr || run.error?.message || 'no output').trim().split('\n').slice(-5).join('\n')}`);
    }
    if (!existsSync(mapFile) || events === 0) throw new Error(`no perf map (${mapFile}) or no events: nothing to attribute`);
    const costs = instructionsByAddress(readFileSync(out, 'utf8'));
    const { total, mapped, byName } = instructionsByFunction(costs, parsePerfMap(readFileSync(mapFile, 'utf8')));
    const per = (n: number) => (n / events).toFixed(1).padStart(8);
    console.log(`${trace}: ${events} events`);
    console.log(`instructions: ${(total / 1e6).toFixed(0)} M in all (${per(total).trim()} per event, start-up included), ` +
      `${(mapped / 1e6).toFixed(0)} M in code V8 compiled or its builtins (${per(mapped).trim()} per event)`);
    console.log('per event  function (* optimized, ^ baseline; node perf-map names)');
    for (const [name, n] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`${per(n)}   ${name.replace(join(work, 'out') + '/', '')}`);
    }
  } finally {
    if (mapFile !== null) rmSync(mapFile, { force: true });
    rmSync(work, { recursive: true, force: true });
  }
}

try {
  main();
} catch (e) {
  console.error(`bench:instructions: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
