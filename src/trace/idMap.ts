// A map keyed by Go int64 IDs (goroutines, procs) for the ordering state
// machine, which looks a goroutine up for almost every event. The runtime
// numbers goroutines 1, 2, 3…, so values live in arrays indexed by ID: pages
// of PAGE IDs each, made when an ID in them is first set and dropped when
// the last one is deleted — so memory follows the goroutines alive, not the
// highest ID ever seen (a trace of millions of short-lived goroutines would
// otherwise hold an array as long as their count), and nothing is hashed.
// IDs outside [0, 2^24) (huge, negative, bigint) go to a Map. Iteration
// visits the pages by ID, then the Map in insertion order (Go iterates its
// maps in random order; only error texts show the order).
import type { I64 } from './int64';

const PAGE_BITS = 10;
const PAGE = 1 << PAGE_BITS;
const MASK = PAGE - 1;
const DENSE_LIMIT = 1 << 24;

/** Whether id is kept in the pages: an integer in [0, 2^24) (-0 counts as 0, as a Map counts it). */
function paged(id: I64): id is number {
  return typeof id === 'number' && (id & (DENSE_LIMIT - 1)) === id;
}

export class IdMap<V> {
  /** Page i holds IDs [i·PAGE, (i+1)·PAGE); undefined where none is set. */
  private readonly pages: ((V | undefined)[] | undefined)[] = [];
  /** How many IDs each page holds. */
  private readonly live = new Int32Array(DENSE_LIMIT >> PAGE_BITS);
  private other: Map<I64, V> | null = null;
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** @internal How many pages are held (they go when emptied). */
  get pagesHeld(): number {
    return this.pages.filter((p) => p !== undefined).length;
  }

  get(id: I64): V | undefined {
    if (paged(id)) {
      const page = this.pages[id >> PAGE_BITS];
      return page === undefined ? undefined : page[id & MASK];
    }
    return this.other === null ? undefined : this.other.get(id);
  }

  has(id: I64): boolean {
    return this.get(id) !== undefined;
  }

  set(id: I64, v: V): void {
    if (paged(id)) {
      const p = id >> PAGE_BITS;
      let page = this.pages[p];
      if (page === undefined) {
        while (this.pages.length < p) this.pages.push(undefined);
        // Filled with undefined, not holes: the array stays a plain one.
        this.pages[p] = page = new Array<V | undefined>(PAGE).fill(undefined);
      }
      const i = id & MASK;
      if (page[i] === undefined) {
        this.live[p]++;
        this.count++;
      }
      page[i] = v;
      return;
    }
    const other = (this.other ??= new Map());
    if (!other.has(id)) this.count++;
    other.set(id, v);
  }

  delete(id: I64): boolean {
    if (paged(id)) {
      const p = id >> PAGE_BITS;
      const page = this.pages[p];
      if (page === undefined || page[id & MASK] === undefined) return false;
      page[id & MASK] = undefined;
      this.count--;
      if (--this.live[p] === 0) this.pages[p] = undefined;
      return true;
    }
    if (this.other !== null && this.other.delete(id)) {
      this.count--;
      return true;
    }
    return false;
  }

  *[Symbol.iterator](): IterableIterator<[I64, V]> {
    const pages = this.pages;
    for (let p = 0; p < pages.length; p++) {
      const page = pages[p];
      if (page === undefined) continue;
      for (let i = 0; i < PAGE; i++) {
        const v = page[i];
        if (v !== undefined) yield [p * PAGE + i, v];
      }
    }
    if (this.other !== null) yield* this.other;
  }
}
