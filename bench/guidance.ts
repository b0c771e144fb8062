// `npm run bench:guidance`: does coverage guidance pay? The same number of
// campaign cases, drawn from the same seeds, read by the coverage build of a
// Go reader with and without guidance (src/fuzz/guidance.ts); prints the
// statements of the reader's own files each reached, per seed and in all.
// Figures are printed, never asserted.
//
// Options: --reader SPEC (go) --cases N (2000) --seeds 1,2,3
import { parseArgs } from 'node:util';
import { openCoverageReader } from '../src/readers/coverageReader';
import { runCoverageSets } from '../src/fuzz/coverageRun';
import { summarizeCoverage } from '../src/fuzz/coverageTally';
import { SMALL_KNOBS } from '../arbitraries/trace';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { reader: { type: 'string' }, cases: { type: 'string' }, seeds: { type: 'string' } } });
  const spec = values.reader ?? 'go';
  const runs = Number(values.cases ?? 2000);
  const seeds = (values.seeds ?? '1,2,3').split(',').map(Number);
  const reader = await openCoverageReader(spec, { timeoutMs: 60_000 });
  const versions = SMALL_KNOBS.versions.filter((v) => (reader.versions ?? SMALL_KNOBS.versions).includes(v));
  console.log(`${reader.name}: statements of the reader's files reached by ${runs} campaign cases, unguided vs guided`);
  const sums = { unguided: 0, guided: 0 };
  try {
    for (const seed of seeds) {
      const line: string[] = [];
      for (const guided of [false, true]) {
        const [r] = await runCoverageSets(reader, [{ name: 'campaign', traces: 'campaign' }], { seed, runs, guided, knobs: { ...SMALL_KNOBS, versions } });
        const t = summarizeCoverage(reader.blocks, r.reached).total;
        sums[guided ? 'guided' : 'unguided'] += t.covered;
        line.push(`${guided ? 'guided' : 'unguided'} ${t.covered}/${t.stmts} (${t.percent.toFixed(1)} %${guided ? `, ${r.kept} kept` : ''})`);
      }
      console.log(`seed ${seed}: ${line.join('   ')}`);
    }
    const n = seeds.length;
    console.log(`mean: unguided ${(sums.unguided / n).toFixed(1)}, guided ${(sums.guided / n).toFixed(1)} statements (${((100 * (sums.guided - sums.unguided)) / Math.max(1, sums.unguided)).toFixed(1)} % more)`);
  } finally {
    await reader.close();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
