// P1–P7 against the TS reader: Go-compatible mode passes every property, with
// the documented fail-fast deviation reported as a finding (and required to
// still happen); strict mode passes P1 and P2 strictly; P7 compares with Go.
// A failure prints fast-check's seed and path: replay that one case with
//   npx tracefuzz fuzz --reader SPEC --properties PN --seed=S --path P
import { test, fc } from '@fast-check/jest';
import type { TraceReader } from '../../src/readers/traceReader';
import { openReader } from '../../src/readers/readerSpecs';
import { openGoReader } from '../../src/readers/goOracle';
import { PROPERTIES, SuiteContext, runProperty } from '../../src/properties/propertySuite';
import { singleFaultCaseArb } from '../../arbitraries/traceCase';
import { FAIL_FAST_DEVIATION } from '../../arbitraries/corruption/operator';
import { checkP1 } from '../../src/properties/p1ValidPrefix';
import { expectPass } from '../../src/properties/verdict';
import { describeGo } from '../support/go';

const SEED = 7031;
const RUNS = 120;

for (const spec of ['ts', 'ts:strict'] as const) {
  describe(`${spec}`, () => {
    let reader: TraceReader;
    const findings = new Map<string, number>();
    beforeAll(async () => {
      reader = await openReader(spec);
    });
    for (const p of PROPERTIES.filter((x) => !x.needsGo)) {
      it(`${p.name}: ${p.title}`, async () => {
        const ctx: SuiteContext = { reader, mode: spec === 'ts:strict' ? 'strict' : 'go-compatible', findings };
        const r = await runProperty(p, ctx, { seed: SEED, numRuns: RUNS });
        if (r.failed) throw new Error(`${r.message}\n(seed ${r.seed}, path ${r.path})`);
      });
    }
  });
}

describe('the documented deviation (fail-fast on a bad generation number after a complete generation, before go1.26)', () => {
  const arb = singleFaultCaseArb(undefined, { classes: ['generation-header'] }).filter((c) => c.expected.deviation === FAIL_FAST_DEVIATION);

  test.prop([arb], { seed: SEED, numRuns: 25 })('ts (Go-compatible) shows it: the complete generation is lost', async (c) => {
    const v = await checkP1(await openReader('ts'), c, 'go-compatible');
    expectPass(v);
    expect(v.pass && v.finding).toBe(FAIL_FAST_DEVIATION);
  });

  test.prop([arb], { seed: SEED, numRuns: 25 })('ts:strict does not: P1 holds strictly', async (c) => {
    const v = await checkP1(await openReader('ts:strict'), c, 'strict');
    expectPass(v);
    expect(v.pass && v.finding).toBeUndefined();
  });
});

describeGo('P7 against Go’s reader', () => {
  let ts: TraceReader;
  let go: TraceReader;
  beforeAll(async () => {
    ts = await openReader('ts');
    go = await openGoReader('go');
  }, 300_000);
  afterAll(async () => {
    await go?.close();
  });

  it('P7: the TS reader’s outcome equals Go’s on valid and corrupted traces', async () => {
    const p7 = PROPERTIES.find((p) => p.name === 'P7')!;
    const notes = new Map<string, number>();
    const r = await runProperty(p7, { reader: ts, mode: 'go-compatible', go, notes }, { seed: SEED, numRuns: 150 });
    if (r.failed) throw new Error(`${r.message}\n(seed ${r.seed}, path ${r.path})`);
  });

  it('Go’s own reader satisfies P1 and P3 (Go-compatible), apart from its known bugs', async () => {
    const notes = new Map<string, number>();
    const findings = new Map<string, number>();
    for (const name of ['P1', 'P3'] as const) {
      const p = PROPERTIES.find((x) => x.name === name)!;
      const r = await runProperty(p, { reader: go, mode: 'go-compatible', isGo: true, notes, findings }, { seed: SEED, numRuns: 80 });
      if (r.failed) throw new Error(`${r.message}\n(seed ${r.seed}, path ${r.path})`);
    }
  });
});

// Keep fc imported for replays written by hand.
void fc;
