// Simple fuzz campaign: `npx tsx bench/simpleFuzz.ts [--reader ts] [--time 60] [--seed 1] [--large]`.
// Prints runs/s and every failure with the seed and path that replay it.
import { openAnyReader } from '../src/harness/externalReaderSpecs';
import { openGoReader } from '../src/harness/goOracle';
import { findGo } from '../src/harness/goToolchain';
import { runSimpleCampaign } from '../src/harness/campaign';

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : dflt;
}

(async () => {
  const spec = arg('reader', 'ts');
  const reader = await openAnyReader(spec);
  const go = findGo() ? await openGoReader('go') : undefined;
  const r = await runSimpleCampaign(
    { reader, go, mode: spec === 'ts:strict' ? 'strict' : 'go-compatible', findings: new Map(), notes: new Map() },
    { timeMs: Number(arg('time', '60')) * 1000, seed: Number(arg('seed', String(Date.now() % 1e9))), large: process.argv.includes('--large') },
  );
  process.stdout.write(`${r.runs} runs in ${(r.ms / 1000).toFixed(1)} s: ${(r.runs / (r.ms / 1000)).toFixed(0)} runs/s, ${r.failures.length} failure(s)\n`);
  await go?.close();
  await reader.close();
  process.exit(r.failures.length > 0 ? 1 : 0);
})();
