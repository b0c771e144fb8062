// The generator itself: every generated trace is valid (read cleanly by the TS
// reader and by Go's reader, with identical dumps), it covers every event kind
// in Go's table, and every corruption operator applies and declares its outcome.
import { test, fc } from '@fast-check/jest';
import { traceArb, traceScriptArb, buildPlan, generateTrace, describeScript, SMALL_KNOBS } from '../../arbitraries/trace';
import { countEventKinds, allEventNames } from '../../arbitraries/eventCounts';
import { OPERATORS, corruptedCaseArb, underTest } from '../../arbitraries/corruption';
import type { TraceReader } from '../../src/readers/traceReader';
import { openReader } from '../../src/readers/readerSpecs';
import { openGoReader } from '../../src/readers/goOracle';
import { sameOutcome } from '../../src/properties/p7Conformance';
import { describeGo } from '../support/go';
import { VERSIONS } from '../../src/trace/version';

const SEED = 20261125;

describe('generated traces', () => {
  let ts: TraceReader;
  beforeAll(async () => {
    ts = await openReader('ts');
  });

  test.prop([traceArb()], { seed: SEED, numRuns: 150 })('are read without error by the TS reader', async (t) => {
    const out = await ts.read(t.bytes);
    if (out.kind !== 'ok') throw new Error(`${describeScript(t.script)}: ${out.kind}: ${out.error}`);
    expect(out.events.length).toBeGreaterThan(t.plan.generations.length);
  });

  it('cover every event type of Go’s table over a fixed sample', () => {
    const counts = new Map<string, number>();
    for (const s of fc.sample(traceScriptArb(), { seed: SEED, numRuns: 600 })) countEventKinds(buildPlan(s).plan, counts);
    const missing = allEventNames().filter((n) => !counts.has(n));
    expect(missing).toEqual([]);
  });

  it('are deterministic functions of their script', () => {
    for (const s of fc.sample(traceScriptArb(), { seed: SEED + 1, numRuns: 20 })) {
      expect(Buffer.from(generateTrace(s).bytes).equals(Buffer.from(generateTrace(s).bytes))).toBe(true);
    }
  });
});

describe('corruption operators', () => {
  it('number at least 20 and cover every outcome class', () => {
    expect(OPERATORS.length).toBeGreaterThanOrEqual(20);
    const classes = new Set(OPERATORS.map((o) => o.class));
    expect([...classes].sort()).toEqual(['batch-structural', 'generation-header', 'noise', 'semantic', 'tables']);
  });

  it('each apply to some generated trace and change its bytes', () => {
    const scripts = fc.sample(traceScriptArb({ ...SMALL_KNOBS, minGenerations: 2 }), { seed: SEED + 2, numRuns: 40 });
    for (const op of OPERATORS) {
      let applied = 0;
      for (const s of scripts) {
        const t = underTest(generateTrace(s));
        const arb = op.arb(t, 1);
        if (!arb) continue;
        for (const c of fc.sample(arb, { seed: SEED, numRuns: 3 })) {
          expect(c.op).toBe(op.name);
          expect(c.class).toBe(op.class);
          expect(c.gen).toBeGreaterThanOrEqual(1);
          expect(Buffer.from(c.bytes).equals(Buffer.from(t.encoded.bytes))).toBe(false);
          applied++;
        }
      }
      if (applied === 0) throw new Error(`operator ${op.name} never applied`);
    }
  });
});

describeGo('generated traces against Go’s reader', () => {
  let ts: TraceReader;
  let go: TraceReader;
  beforeAll(async () => {
    ts = await openReader('ts');
    go = await openGoReader('go');
  }, 300_000);
  afterAll(async () => {
    await go?.close();
  });

  // Skewed thread clocks, lazy statuses, syscalls across generations: whatever the model does, Go reads it.
  it.each(VERSIONS)('a fixed-seed sample of 50 valid go1.%d traces: Go reads each cleanly, with the same dump as the TS reader', async (v) => {
    const scripts = fc.sample(traceScriptArb({ ...SMALL_KNOBS, versions: [v] }), { seed: SEED + 3, numRuns: 50 });
    for (const s of scripts) {
      const t = generateTrace(s);
      const g = await go.read(t.bytes);
      if (g.kind !== 'ok') throw new Error(`${describeScript(s)}: Go: ${g.kind}: ${g.error}`);
      const o = await ts.read(t.bytes);
      if (!sameOutcome(o, g)) throw new Error(`${describeScript(s)}: TS and Go dumps differ`);
    }
  });

  it('every operator’s declared error class holds for Go’s reader on a fixed sample', async () => {
    for (const op of OPERATORS.filter((o) => o.class !== 'noise')) {
      const cases = fc.sample(corruptedCaseArb(SMALL_KNOBS, { operators: [op] }), { seed: SEED + 4, numRuns: 4 });
      for (const c of cases) {
        if (c.corruption.knownGoIssue) continue;
        const g = await go.read(c.corruption.bytes);
        if (c.corruption.expect !== 'error') continue;
        if (g.kind !== 'error') throw new Error(`${op.name} (${c.corruption.detail}): Go gave ${g.kind}`);
        if (c.corruption.expectedError !== undefined) expect(g.error).toBe(c.corruption.expectedError);
        if (c.corruption.expectedErrorStart !== undefined) expect(g.error!.startsWith(c.corruption.expectedErrorStart)).toBe(true);
      }
    }
  });
});
