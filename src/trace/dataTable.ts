// Go's dataTable: a per-generation map from IDs (uint64) to values, filled
// while a generation's string and stack batches are read, then compacted
// into a dense array when the IDs allow it. ID 0 always means "none" and is
// always present (as the zero value), exactly as in Go.
import { decimal } from './decimal';
import type { U64 } from './u64';

export class DataTable<T> {
  private present: Uint8Array | null = null;
  private dense: T[] = [];
  private sparse: Map<U64, T> | null = null;

  /**
   * @param typeName what Go's %T prints for T ("string", "trace.stack")
   * @param zero the zero value of T (what ID 0 maps to)
   * @param show what Go's %v prints for a value (used in error texts)
   */
  constructor(
    readonly typeName: string,
    private readonly zero: T,
    private readonly show: (v: T) => string,
  ) {}

  /**
   * Adds id → data. Returns Go's error text when id is already mapped
   * (ID 0 counts as mapped), otherwise null.
   */
  insert(id: U64, data: T): string | null {
    if (this.sparse === null) this.sparse = new Map();
    const existing = this.lookup(id);
    if (existing !== undefined) {
      return `multiple ${this.typeName}s with the same ID: id=${decimal(id)}, new=${this.show(data)}, existing=${this.show(existing)}`;
    }
    this.sparse.set(id, data);
    return null;
  }

  /** Adds data under the next free ID (Go's append; for building tables by hand). */
  append(data: T): number {
    if (this.sparse === null) this.sparse = new Map();
    const id = this.sparse.size + 1;
    this.sparse.set(id, data);
    return id;
  }

  /** Packs the IDs into a dense array when that wastes at most 2x memory (call once after inserts). */
  compactify(): void {
    if (this.sparse === null || this.dense.length !== 0) return;
    const n = this.sparse.size;
    let maxID = 0;
    let minID = Number.POSITIVE_INFINITY;
    for (const id of this.sparse.keys()) {
      // A bigint ID is ≥ 2^53, far beyond what the density rules accept.
      if (typeof id !== 'number') return;
      if (id > maxID) maxID = id;
      if (id < minID) minID = id;
    }
    // An empty table stays sparse (in Go, maxID-minID wraps to 1 > 0).
    if (n === 0) return;
    if (maxID - minID > 2 * n) return;
    if (minID > n) return;
    const size = maxID + 1;
    const present = new Uint8Array((size + 7) >> 3);
    const dense: T[] = new Array<T>(size);
    for (const [id, data] of this.sparse) {
      const i = id as number;
      dense[i] = data;
      present[i >> 3] |= 1 << (i & 7);
    }
    this.present = present;
    this.dense = dense;
    this.sparse = null;
  }

  /** The value for id, or undefined when there is none (ID 0 gives the zero value). */
  get(id: U64): T | undefined {
    return this.lookup(id);
  }

  /** Whether id resolves (ID 0 always does). */
  has(id: U64): boolean {
    return this.lookup(id) !== undefined;
  }

  /** The value for an ID already validated; an internal error otherwise. */
  mustGet(id: U64): T {
    const v = this.lookup(id);
    if (v === undefined) throw new Error(`internal error: expected id ${String(id)} in ${this.typeName} table`);
    return v;
  }

  /** Visits every mapping: dense ones by ID, then sparse ones in insertion order. Stops when fn returns false. */
  forEach(fn: (id: U64, value: T) => boolean): boolean {
    const present = this.present;
    if (present !== null) {
      for (let i = 0; i < this.dense.length; i++) {
        if ((present[i >> 3] & (1 << (i & 7))) === 0) continue;
        if (!fn(i, this.dense[i])) return false;
      }
    }
    if (this.sparse === null) return true;
    for (const [id, v] of this.sparse) {
      if (!fn(id, v)) return false;
    }
    return true;
  }

  // Values are never undefined (strings, stack records), so undefined means "absent".
  private lookup(id: U64): T | undefined {
    if (id === 0) return this.zero;
    if (typeof id === 'number' && id < this.dense.length) {
      if ((this.present![id >> 3] & (1 << (id & 7))) !== 0) return this.dense[id];
    } else if (this.sparse !== null) {
      return this.sparse.get(id);
    }
    return undefined;
  }
}
