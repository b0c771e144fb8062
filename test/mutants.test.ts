// Proof that the properties bite: every mutant reader (the TS reader with a
// known fault) must be killed by some property. Prints which property killed
// each mutant and after how many runs.
import { MUTANTS } from '../src/harness/mutants';
import { openReader } from '../src/harness/traceReader';
import { openGoReader } from '../src/harness/goOracle';
import { findGo } from '../src/harness/goToolchain';
import { PROPERTIES, runProperty } from '../src/harness/propertySuite';
import type { TraceReader } from '../src/harness/traceReader';

const SEED = 4242;
const MAX_RUNS = 400;

describe('mutants', () => {
  let go: TraceReader | undefined;
  const kills: string[] = [];
  beforeAll(async () => {
    if (findGo()) go = await openGoReader('go');
  }, 300_000);
  afterAll(async () => {
    await go?.close();
    // eslint-disable-next-line no-console
    console.log(`mutant kills (seed ${SEED}):\n${kills.join('\n')}`);
  });

  it('there are at least six', () => {
    expect(MUTANTS.length).toBeGreaterThanOrEqual(6);
  });

  for (const m of MUTANTS) {
    it(`mutant:${m.name} is killed`, async () => {
      const reader = await openReader(`mutant:${m.name}`);
      for (const p of PROPERTIES) {
        if (p.needsGo && !go) continue;
        const r = await runProperty(p, { reader, mode: 'go-compatible', go }, { seed: SEED, numRuns: MAX_RUNS, endOnFailure: true });
        if (r.failed) {
          kills.push(`  mutant:${m.name.padEnd(24)} killed by ${p.name} after ${r.numRuns} run(s) (expected killer ${m.expectedKiller})`);
          return;
        }
      }
      kills.push(`  mutant:${m.name.padEnd(24)} SURVIVED`);
      throw new Error(`mutant:${m.name} survived every property (${MAX_RUNS} runs each, seed ${SEED})`);
    });
  }
});
