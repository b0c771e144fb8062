// DataTable keeps Go's dataTable semantics whatever the ID layout: ID 0 is
// always present (as the zero value), duplicates are refused, and
// compactify() never changes what get() answers.
import { test, fc } from '@fast-check/jest';
import { DataTable } from '../../src/trace/dataTable';
import { toU64, U64 } from '../../src/trace/u64';

const id = fc.oneof(
  fc.integer({ min: 0, max: 40 }),
  fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }).map((b) => toU64(b)),
);

function lookups(d: DataTable<string>, ids: U64[]): (string | undefined)[] {
  return ids.map((x) => d.get(x));
}

// Often the runtime's numbering, 1, 2, 3…, then anything.
const idList = fc.tuple(fc.nat(30), fc.array(id, { maxLength: 60 })).map(([n, rest]) => [...Array.from({ length: n }, (_, i) => i + 1), ...rest]);

test.prop([idList, fc.array(id, { maxLength: 20 })], { seed: 99, numRuns: 500 })(
  'compactify preserves every lookup; duplicates and ID 0 are refused; forEach visits in ID order when Go compacts, else in insertion order',
  (ids, probes) => {
    const d = new DataTable<string>('string', '', (s) => s);
    const seen = new Set<string>();
    for (const x of ids) {
      const err = d.insert(x, `v${String(x)}`);
      const dup = x === 0 || seen.has(String(x));
      expect(err === null).toBe(!dup);
      if (dup) expect(err).toMatch(/^multiple strings with the same ID: id=\d+, new=v\d+, existing=/);
      seen.add(String(x));
    }
    const all = [...ids, ...probes, 0];
    const before = lookups(d, all);
    d.compactify();
    expect(lookups(d, all)).toEqual(before);
    expect(d.get(0)).toBe('');
    for (const x of probes) expect(d.has(x)).toBe(x === 0 || seen.has(String(x)));
    // Iteration visits each inserted non-zero ID once, in the order Go's
    // compactify decides: IDs within twice their count of 1..n are visited
    // in ID order, others in insertion order (Go's map order is random).
    const inserted = [...seen].filter((k) => k !== '0').map((k) => BigInt(k));
    const lo = inserted.reduce((a, b) => (b < a ? b : a), 1n << 64n);
    const hi = inserted.reduce((a, b) => (b > a ? b : a), 0n);
    const n = BigInt(inserted.length);
    const dense = n > 0n && hi < 1n << 53n && hi - lo <= 2n * n && lo <= n;
    const order = dense ? [...inserted].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) : inserted;
    const visited: string[] = [];
    d.forEach((k) => { visited.push(String(k)); return true; });
    expect(visited).toEqual(order.map(String));
  },
);

test('dense IDs are compacted, IDs far apart stay sparse, and both answer alike', () => {
  const dense = new DataTable<string>('string', '', (s) => s);
  for (let i = 1; i <= 10; i++) dense.insert(i, `s${i}`);
  dense.compactify();
  expect(dense.get(10)).toBe('s10');
  expect(dense.get(11)).toBeUndefined();
  // Inserting after compaction still works (Go's table reopens its map).
  expect(dense.insert(1000, 'late')).toBeNull();
  expect(dense.get(1000)).toBe('late');
  expect(dense.insert(5, 'again')).toBe('multiple strings with the same ID: id=5, new=again, existing=s5');

  const sparse = new DataTable<string>('string', '', (s) => s);
  sparse.insert(1, 'a');
  sparse.insert(1n << 60n, 'b');
  sparse.compactify();
  expect(sparse.get(1n << 60n)).toBe('b');
  expect(() => sparse.mustGet(2)).toThrow('expected id 2 in string table');
});
