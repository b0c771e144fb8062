// Splitting a campaign's seed space between N machines: shard I of N runs the
// rounds I, I+N, I+2N, … of the same global sequence, and every (round,
// property) pair gets its own seed mixed from the base seed, so shards of one
// base seed never run the same fast-check stream.

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export function parseShard(text: string): Shard | null {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) return null;
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index < 1 || index > count) return null;
  return { index, count };
}

/** A 32-bit mix (the finalizer of MurmurHash3) of the base seed and a global position. */
function mix32(a: number, b: number): number {
  let h = (a ^ Math.imul(b + 0x9e3779b9, 0x85ebca6b)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h | 0;
}

/** The global round number of this shard's local round r. */
export function globalRound(shard: Shard, r: number): number {
  return r * shard.count + (shard.index - 1);
}

/** The fast-check seed of a property in a global round. */
export function roundSeed(baseSeed: number, round: number, propertyIndex: number, propertyCount: number): number {
  return mix32(baseSeed | 0, round * propertyCount + propertyIndex);
}
