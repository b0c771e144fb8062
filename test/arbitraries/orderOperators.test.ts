// Faults in the partial order (arbitraries/corruption/order.ts): each
// operator's declared outcome holds for Go's reader on a fixed sample (the
// error, its exact text or how it starts, or a valid trace read with the same
// events as the unfaulted one), the TS reader's outcome equals Go's, and each
// operator makes a property fail on a mutant of the TS reader that gets the
// partial order wrong.
import fc from 'fast-check';
import { ORDER, VALID_BUT_DIFFERENT, operatorByName } from '../../arbitraries/corruption';
import { singleFaultCaseArb, TraceCase } from '../../arbitraries/traceCase';
import { SMALL_KNOBS } from '../../arbitraries/trace';
import type { TraceReader } from '../../src/readers/traceReader';
import { openReader } from '../../src/readers/readerSpecs';
import { openGoReader } from '../../src/readers/goOracle';
import { normalizeError } from '../../src/properties/normalize';
import { checkP1 } from '../../src/properties/p1ValidPrefix';
import { checkP3 } from '../../src/properties/p3NotSwallowed';
import { checkP7 } from '../../src/properties/p7Conformance';
import type { Verdict } from '../../src/properties/verdict';
import { describeGo } from '../support/go';

const SEED = 120612;

const sample = (op: string, n: number): TraceCase[] => fc.sample(singleFaultCaseArb(SMALL_KNOBS, { operators: [operatorByName(op)!] }), { seed: SEED, numRuns: n });

const untimed = (events: readonly string[]) => events.map((e) => e.replace(/ Time=-?\d+/, '')).sort();

it('there are eight, and all are semantic faults', () => {
  expect(ORDER.map((o) => o.name)).toEqual([
    'order:go-start-seq',
    'order:go-unblock-seq',
    'order:proc-start-seq',
    'order:proc-steal-seq',
    'order:syscall-begin-seq',
    'order:missing-chain-head',
    'order:time-before-seq',
    'order:gc-seq',
  ]);
  expect(new Set(ORDER.map((o) => o.class))).toEqual(new Set(['semantic']));
});

/** Which property, on which mutant, each operator's cases make fail (within 60 cases); P7 needs Go. */
const KILLS: { op: string; mutant: string; property: 'P1' | 'P3' | 'P7' }[] = [
  { op: 'order:go-start-seq', mutant: 'go-start-no-seq-check', property: 'P3' },
  { op: 'order:go-unblock-seq', mutant: 'go-unblock-no-seq-check', property: 'P3' },
  { op: 'order:proc-start-seq', mutant: 'frontier-head-only', property: 'P7' },
  { op: 'order:proc-steal-seq', mutant: 'frontier-head-only', property: 'P7' },
  { op: 'order:syscall-begin-seq', mutant: 'drop-event-before-error', property: 'P1' },
  { op: 'order:missing-chain-head', mutant: 'frontier-head-only', property: 'P1' },
  { op: 'order:time-before-seq', mutant: 'frontier-head-only', property: 'P7' },
  { op: 'order:gc-seq', mutant: 'frontier-head-only', property: 'P1' },
];

/** 1-based index of the first case the check fails, or -1. */
async function firstFailure(cases: readonly TraceCase[], check: (c: TraceCase) => Promise<Verdict>): Promise<number> {
  for (let i = 0; i < cases.length; i++) if (!(await check(cases[i])).pass) return i + 1;
  return -1;
}

describe('each operator fails a property on a mutant (no Go needed)', () => {
  for (const k of KILLS.filter((x) => x.property !== 'P7')) {
    it(`${k.op}: ${k.property} fails on mutant:${k.mutant}, and holds for ts`, async () => {
      const cases = sample(k.op, 60);
      const check = (r: TraceReader) => (c: TraceCase) => (k.property === 'P1' ? checkP1(r, c, 'go-compatible') : checkP3(r, c, 'go-compatible'));
      expect(await firstFailure(cases, check(await openReader(`mutant:${k.mutant}`)))).toBeGreaterThan(0);
      expect(await firstFailure(cases, check(await openReader('ts')))).toBe(-1);
    });
  }
});

describeGo('order operators against Go’s reader', () => {
  let go: TraceReader;
  let ts: TraceReader;
  beforeAll(async () => {
    go = await openGoReader('go');
    ts = await openReader('ts');
  }, 300_000);
  afterAll(async () => {
    await go?.close();
  });

  for (const op of ORDER) {
    it(`${op.name}: Go's outcome is the declared one, and the TS reader's equals it`, async () => {
      for (const c of sample(op.name, 12)) {
        const x = c.expected;
        const g = await go.read(c.bytes);
        const o = await ts.read(c.bytes);
        const where = `${c.description}: Go gave ${g.kind} ${g.error?.split('\n')[0] ?? ''}`;
        if (VALID_BUT_DIFFERENT.includes(op)) {
          expect({ where, kind: g.kind }).toEqual({ where, kind: 'ok' });
          const valid = await go.read(c.valid!.encoded.bytes);
          expect(untimed(g.events)).toEqual(untimed(valid.events));
        } else {
          expect({ where, kind: g.kind }).toEqual({ where, kind: 'error' });
          if (x.expectedError !== undefined) expect(g.error).toBe(x.expectedError);
          if (x.expectedErrorStart !== undefined) expect({ where, starts: g.error!.startsWith(x.expectedErrorStart) }).toEqual({ where, starts: true });
        }
        // "failed to advance" dumps Go's maps in random order: compared as sorted lines.
        expect({ where, kind: o.kind, error: normalizeError(o.error), events: o.events }).toEqual({ where, kind: g.kind, error: normalizeError(g.error), events: g.events });
      }
    });
  }

  for (const k of KILLS.filter((x) => x.property === 'P7')) {
    it(`${k.op}: P7 fails on mutant:${k.mutant}, and holds for ts`, async () => {
      const cases = sample(k.op, 60);
      const p7 = (r: TraceReader) => (c: TraceCase) => checkP7(r, go, c);
      expect(await firstFailure(cases, p7(await openReader(`mutant:${k.mutant}`)))).toBeGreaterThan(0);
      expect(await firstFailure(cases, p7(ts))).toBe(-1);
    });
  }
});
