// A Map keyed by Go int64 IDs (goroutines, procs) that answers lookups of
// small non-negative IDs from an array: the ordering state machine looks a
// goroutine up for almost every event, and IDs are usually small and dense.
// The Map stays authoritative (iteration keeps insertion order); the array
// is a cache of the entries whose ID is below DENSE_LIMIT, kept in step by
// set and delete, so any ID at all (huge, negative, bigint) still works.
import type { I64 } from './int64';

// Larger IDs live only in the Map: a huge index would make the array sparse.
const DENSE_LIMIT = 1 << 18;

export class IdMap<V> {
  private readonly map = new Map<I64, V>();
  private readonly dense: (V | undefined)[] = [];

  get size(): number {
    return this.map.size;
  }

  get(id: I64): V | undefined {
    if (typeof id === 'number' && id >= 0 && id < DENSE_LIMIT) {
      const v = this.dense[id];
      if (v !== undefined) return v;
    }
    return this.map.get(id);
  }

  has(id: I64): boolean {
    return this.get(id) !== undefined;
  }

  set(id: I64, v: V): void {
    this.map.set(id, v);
    if (typeof id === 'number' && id >= 0 && id < DENSE_LIMIT) {
      const dense = this.dense;
      // Fill any gap so the array stays a plain (non-dictionary) one.
      while (dense.length < id) dense.push(undefined);
      dense[id] = v;
    }
  }

  delete(id: I64): boolean {
    if (typeof id === 'number' && id >= 0 && id < DENSE_LIMIT) {
      if (id < this.dense.length) this.dense[id] = undefined;
    }
    return this.map.delete(id);
  }

  [Symbol.iterator](): IterableIterator<[I64, V]> {
    return this.map[Symbol.iterator]();
  }
}
