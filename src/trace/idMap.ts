// A map keyed by Go int64 IDs (goroutines, procs) for the ordering state
// machine, which looks a goroutine up for almost every event. The runtime
// numbers goroutines 1, 2, 3…, so values live in an array indexed by ID; an
// ID that would leave the array mostly holes (huge, negative, bigint) goes to
// a Map. A trace of millions of short-lived goroutines thus never hashes.
// Iteration visits the array by ID, then the Map in insertion order (Go
// iterates its maps in random order; only error texts show the order).
import type { I64 } from './int64';

// An ID may extend the array by at most this many holes, and not past the limit.
const MAX_GAP = 1 << 12;
const DENSE_LIMIT = 1 << 24;

export class IdMap<V> {
  private readonly dense: (V | undefined)[] = [];
  private other: Map<I64, V> | null = null;
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(id: I64): V | undefined {
    if (typeof id === 'number' && id >= 0 && id < this.dense.length) {
      const v = this.dense[id];
      if (v !== undefined || this.other === null) return v;
    }
    return this.other === null ? undefined : this.other.get(id);
  }

  has(id: I64): boolean {
    return this.get(id) !== undefined;
  }

  set(id: I64, v: V): void {
    const dense = this.dense;
    if (typeof id === 'number' && id >= 0 && id < dense.length && dense[id] !== undefined) {
      dense[id] = v;
      return;
    }
    const other = this.other;
    if (other !== null && other.has(id)) {
      other.set(id, v);
      return;
    }
    this.count++;
    if (typeof id === 'number' && Number.isInteger(id) && id >= 0 && id < DENSE_LIMIT && id <= dense.length + MAX_GAP) {
      // Fill any gap so the array stays a plain (non-dictionary) one.
      while (dense.length < id) dense.push(undefined);
      dense[id] = v;
      return;
    }
    (this.other ??= new Map()).set(id, v);
  }

  delete(id: I64): boolean {
    const dense = this.dense;
    if (typeof id === 'number' && id >= 0 && id < dense.length && dense[id] !== undefined) {
      dense[id] = undefined;
      this.count--;
      return true;
    }
    if (this.other !== null && this.other.delete(id)) {
      this.count--;
      return true;
    }
    return false;
  }

  *[Symbol.iterator](): IterableIterator<[I64, V]> {
    const dense = this.dense;
    for (let i = 0; i < dense.length; i++) {
      const v = dense[i];
      if (v !== undefined) yield [i, v];
    }
    if (this.other !== null) yield* this.other;
  }
}
