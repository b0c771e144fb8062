// Proof that the properties bite: every mutant reader (the TS reader with a
// known fault) must be killed by some property, and every property must kill
// the mutant made for it. Prints which property killed each mutant and after
// how many runs.
import { MUTANTS } from '../../src/readers/mutants';
import { openReader } from '../../src/readers/readerSpecs';
import { openGoReader } from '../../src/readers/goOracle';
import { findGo } from '../../src/readers/goToolchain';
import { PROPERTIES, runProperty } from '../../src/properties/propertySuite';
import type { TraceReader } from '../../src/readers/traceReader';

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

  // A property never seen to fail proves nothing: each one is shown failing on its own mutant.
  // Without Go a Go-backed property shows as skipped, not as passed (under REQUIRE_GO=1 it fails).
  const haveGo = findGo() !== null || process.env.REQUIRE_GO === '1';
  for (const p of PROPERTIES) {
    (p.needsGo && !haveGo ? it.skip : it)(`${p.name} fails on the mutant made for it`, async () => {
      const targets = MUTANTS.filter((m) => m.expectedKiller === p.name);
      expect(targets.map((m) => m.name)).not.toEqual([]);
      if (p.needsGo && !go) throw new Error(`${p.name} needs Go`);
      for (const m of targets) {
        const reader = await openReader(`mutant:${m.name}`);
        const r = await runProperty(p, { reader, mode: 'go-compatible', go }, { seed: SEED, numRuns: MAX_RUNS, endOnFailure: true });
        await reader.close();
        kills.push(`  ${p.name} fails on mutant:${m.name} after ${r.numRuns} run(s)${r.failed ? '' : ' — NOT'}`);
        expect({ mutant: m.name, failed: r.failed }).toEqual({ mutant: m.name, failed: true });
      }
    });
  }
});
