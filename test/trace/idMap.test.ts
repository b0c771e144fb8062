// The ordering state machine's ID map must behave exactly like a Map keyed by
// int64 IDs (lookups, deletes, the entries it iterates), whatever the IDs:
// small ones answered from its pages (made and dropped as IDs come and go),
// huge, negative and bigint ones from the Map. Its iteration order is its own (by ID, then the Map's): Go iterates
// its maps in random order, and only error texts show it.
import { test, fc } from '@fast-check/jest';
import { IdMap } from '../../src/trace/idMap';
import type { I64 } from '../../src/trace/int64';

const id: fc.Arbitrary<I64> = fc.oneof(
  fc.integer({ min: 0, max: 40 }),
  fc.integer({ min: 1020, max: 1030 }),
  fc.integer({ min: (1 << 12) - 3, max: (1 << 12) + 3 }),
  fc.integer({ min: (1 << 24) - 3, max: (1 << 24) + 3 }),
  fc.integer({ min: -3, max: -1 }),
  fc.constantFrom<I64>(-0, 1.5, NaN, 9007199254740991, -9007199254740991, 1n << 62n, -(1n << 63n)),
);
const op = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), id, v: fc.integer() }),
  fc.record({ kind: fc.constant('delete' as const), id }),
  fc.record({ kind: fc.constant('get' as const), id }),
);

describe('IdMap', () => {
  test.prop([fc.array(op, { maxLength: 120 })], { seed: 8, numRuns: 300 })('acts as a Map on any sequence of operations', (ops) => {
    const want = new Map<I64, { v: number }>();
    const got = new IdMap<{ v: number }>();
    for (const o of ops) {
      if (o.kind === 'set') {
        const v = { v: o.v };
        want.set(o.id, v);
        got.set(o.id, v);
      } else if (o.kind === 'delete') {
        expect(got.delete(o.id)).toBe(want.delete(o.id));
      }
      expect(got.get(o.id)).toBe(want.get(o.id));
      expect(got.has(o.id)).toBe(want.has(o.id));
      expect(got.size).toBe(want.size);
    }
    const sorted = (m: Iterable<[I64, { v: number }]>) => [...m].sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1));
    expect(sorted(got)).toEqual(sorted(want));
  });

  test('a page emptied and filled again (millions of short-lived goroutines)', () => {
    const m = new IdMap<number>();
    for (let round = 0; round < 3; round++) {
      for (let g = round * 4096; g < round * 4096 + 3000; g++) m.set(g, g);
      expect(m.size).toBe(3000);
      expect(m.pagesHeld).toBe(3);
      expect([...m].map(([k]) => k)).toEqual(Array.from({ length: 3000 }, (_, i) => round * 4096 + i));
      for (let g = round * 4096; g < round * 4096 + 3000; g++) expect(m.delete(g)).toBe(true);
      expect(m.size).toBe(0);
      expect(m.pagesHeld).toBe(0);
      expect([...m]).toEqual([]);
    }
  });
});
