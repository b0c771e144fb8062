// Sharding splits the seed space: shards of one base seed run disjoint rounds
// with distinct seeds, so they never generate the same case.
import fc from 'fast-check';
import { globalRound, parseShard, roundSeed } from '../../src/fuzz/shard';
import { corruptedCaseArb } from '../../arbitraries/corruption';
import { SMALL_KNOBS } from '../../arbitraries/trace';

test('shard specs', () => {
  expect(parseShard('1/4')).toEqual({ index: 1, count: 4 });
  expect(parseShard('4/4')).toEqual({ index: 4, count: 4 });
  for (const bad of ['0/4', '5/4', '1/0', '1', 'a/b', '1/2/3', '-1/2']) expect(parseShard(bad)).toBeNull();
});

test('the rounds of N shards partition the global rounds', () => {
  const n = 4;
  const seen = new Set<number>();
  for (let i = 1; i <= n; i++) for (let r = 0; r < 50; r++) {
    const g = globalRound({ index: i, count: n }, r);
    expect(seen.has(g)).toBe(false);
    seen.add(g);
  }
  expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, k) => k));
});

test('round seeds are distinct and stable', () => {
  const seeds = new Set<number>();
  for (let g = 0; g < 2000; g++) for (let p = 0; p < 7; p++) seeds.add(roundSeed(12345, g, p, 7));
  expect(seeds.size).toBe(14000);
  expect(roundSeed(12345, 3, 2, 7)).toBe(roundSeed(12345, 3, 2, 7));
  expect(roundSeed(12345, 3, 2, 7)).not.toBe(roundSeed(12346, 3, 2, 7));
});

test('two shards of the same seed never generate the same case', () => {
  const arb = corruptedCaseArb(SMALL_KNOBS);
  const casesOf = (index: number) => {
    const out = new Set<string>();
    for (let r = 0; r < 6; r++) {
      const seed = roundSeed(777, globalRound({ index, count: 2 }, r), 2, 7);
      for (const c of fc.sample(arb, { seed, numRuns: 10 })) out.add(Buffer.from(c.corruption.bytes).toString('base64'));
    }
    return out;
  };
  const a = casesOf(1);
  const b = casesOf(2);
  expect(a.size).toBeGreaterThan(40);
  expect(b.size).toBeGreaterThan(40);
  expect([...a].filter((x) => b.has(x))).toEqual([]);
});
