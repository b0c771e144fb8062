// Go's dataTable: a per-generation map from IDs (uint64) to values, filled
// while a generation's string and stack batches are read. ID 0 always means
// "none" and is always present (as the zero value), exactly as in Go.
//
// The runtime numbers strings and stacks 1, 2, 3…, so values are kept in an
// array indexed by ID (no hashing, no rehashing while a table fills); IDs
// that would leave the array mostly holes go to a Map instead. Lookups give
// the same answers either way. What Go's layout decides — compactify makes
// its table dense or leaves it a map — shows only in the order forEach
// visits entries (ID order when dense, otherwise insertion order here; Go's
// map order is random), and that is kept.
//
// A value may also be added as bytes to decode when first asked for
// (insertEncoded): most strings of a trace (log messages) are only checked
// to exist unless the events are printed, and decoding hundreds of
// thousands of them up front was most of the time spent on such traces.
import { decimal } from './decimal';
import type { U64 } from './u64';

// An ID may extend the array by at most this many holes.
const MAX_GAP = 1024;

/** Where the bytes of values not yet decoded are: entry k is chunks[chunk[k]][start[k], start[k]+len[k]). */
class EncodedValues {
  chunks: Uint8Array[] = [];
  chunk = new Int32Array(64);
  start = new Int32Array(64);
  len = new Int32Array(64);
  count = 0;

  add(data: Uint8Array, start: number, len: number): number {
    let c = this.chunks.length - 1;
    if (c < 0 || this.chunks[c] !== data) {
      this.chunks.push(data);
      c++;
    }
    const k = this.count++;
    if (k === this.chunk.length) {
      this.chunk = grow(this.chunk);
      this.start = grow(this.start);
      this.len = grow(this.len);
    }
    this.chunk[k] = c;
    this.start[k] = start;
    this.len[k] = len;
    return k;
  }

  bytes(k: number): Uint8Array {
    const s = this.start[k];
    return this.chunks[this.chunk[k]].subarray(s, s + this.len[k]);
  }
}

function grow(a: Int32Array): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

export class DataTable<T> {
  /**
   * Values by ID; undefined where absent (values are never undefined). A
   * number k stands for the value not yet decoded from encoded entry k
   * (values are never numbers).
   */
  private vals: (T | number | undefined)[] = [];
  private encoded: EncodedValues | null = null;
  /** Values whose IDs do not fit `vals`, or null. */
  private other: Map<U64, T> | null = null;
  private count = 0;
  /**
   * Every inserted ID, in insertion order — or null while they are 1, 2,
   * 3… in that order (the runtime's numbering: no list of 8 bytes an entry
   * for tables of a million strings).
   */
  private ids: U64[] | null = null;
  private minID = Number.POSITIVE_INFINITY;
  private maxID = 0;
  private bigIDs = false;
  /** Whether Go's compactify would have made the table dense. */
  private dense = false;
  private compacted = false;

  /**
   * @param typeName what Go's %T prints for T ("string", "trace.stack")
   * @param zero the zero value of T (what ID 0 maps to)
   * @param show what Go's %v prints for a value (used in error texts)
   */
  constructor(
    readonly typeName: string,
    private readonly zero: T,
    private readonly show: (v: T) => string,
    /** Makes a value from its bytes (for insertEncoded). */
    private readonly decode?: (bytes: Uint8Array) => T,
  ) {}

  /** Number of entries (ID 0 not counted). */
  get size(): number {
    return this.count;
  }

  /**
   * Adds id → data. Returns Go's error text when id is already mapped
   * (ID 0 counts as mapped), otherwise null.
   */
  insert(id: U64, data: T): string | null {
    const existing = this.lookup(id);
    if (existing !== undefined) {
      return `multiple ${this.typeName}s with the same ID: id=${decimal(id)}, new=${this.show(data)}, existing=${this.show(existing)}`;
    }
    this.add(id, data);
    return null;
  }

  /**
   * insert() for a value still in its encoded form, data[start, start+len):
   * decoded the first time it is looked up. `data` must not change after.
   */
  insertEncoded(id: U64, data: Uint8Array, start: number, len: number): string | null {
    const decode = this.decode;
    if (decode === undefined) throw new Error(`internal error: ${this.typeName} table has no decoder`);
    if (typeof id !== 'number' || id === 0 || id > this.vals.length + MAX_GAP || this.has(id)) {
      // Off the array (or a duplicate, whose error text shows both values): decode now.
      return this.insert(id, decode(data.subarray(start, start + len)));
    }
    const enc = this.encoded ?? (this.encoded = new EncodedValues());
    this.add(id, enc.add(data, start, len) as unknown as T);
    return null;
  }

  /** Adds data under the next free ID (Go's append; for building tables by hand). */
  append(data: T): number {
    const id = this.count + 1;
    if (this.lookup(id) !== undefined) throw new Error(`internal error: ID ${id} is taken`);
    this.add(id, data);
    return id;
  }

  private add(id: U64, data: T | number): void {
    const vals = this.vals;
    if (typeof id === 'number' && id <= vals.length + MAX_GAP) {
      // Fill any gap first so the array keeps fast (non-dictionary) elements.
      while (vals.length < id) vals.push(undefined);
      vals[id] = data;
      if (id < this.minID) this.minID = id;
      if (id > this.maxID) this.maxID = id;
    } else {
      if (this.other === null) this.other = new Map();
      this.other.set(id, data as T);
      if (typeof id === 'number') {
        if (id < this.minID) this.minID = id;
        if (id > this.maxID) this.maxID = id;
      } else {
        this.bigIDs = true;
      }
    }
    const n = this.count++;
    if (this.ids !== null) this.ids.push(id);
    else if (id !== n + 1) {
      this.ids = Array.from({ length: n }, (_, i) => i + 1);
      this.ids.push(id);
    }
  }

  /**
   * Decides what Go's compactify would: dense when the IDs waste at most 2x
   * memory (call once after inserts). Affects only forEach's order.
   */
  compactify(): void {
    if (this.compacted) return;
    const n = this.count;
    // An empty table stays sparse; a bigint ID is ≥ 2^53, far beyond what the density rules accept.
    if (n === 0 || this.bigIDs) return;
    this.compacted = true;
    this.dense = this.maxID - this.minID <= 2 * n && this.minID <= n;
  }

  /** The value for id, or undefined when there is none (ID 0 gives the zero value). */
  get(id: U64): T | undefined {
    return this.lookup(id);
  }

  /** Whether id resolves (ID 0 always does). Decodes nothing. */
  has(id: U64): boolean {
    if (id === 0) return true;
    if (typeof id === 'number' && id < this.vals.length && this.vals[id] !== undefined) return true;
    return this.other !== null && this.other.has(id);
  }

  /** The value for an ID already validated; an internal error otherwise. */
  mustGet(id: U64): T {
    const v = this.lookup(id);
    if (v === undefined) throw new Error(`internal error: expected id ${String(id)} in ${this.typeName} table`);
    return v;
  }

  /** Visits every mapping, in ID order when the table is dense, else in insertion order. Stops when fn returns false. */
  forEach(fn: (id: U64, value: T) => boolean): boolean {
    if (this.ids === null) {
      // IDs 1..count, inserted in that order: ID order is insertion order.
      for (let i = 1; i <= this.count; i++) if (!fn(i, this.lookup(i)!)) return false;
      return true;
    }
    let ids: readonly U64[] = this.ids;
    if (this.dense) {
      if (this.other === null) {
        const vals = this.vals;
        for (let i = 1; i < vals.length; i++) {
          if (vals[i] !== undefined && !fn(i, this.lookup(i)!)) return false;
        }
        return true;
      }
      ids = [...ids].sort((a, b) => (a as number) - (b as number));
    }
    for (const id of ids) {
      if (!fn(id, this.lookup(id)!)) return false;
    }
    return true;
  }

  // Values are never undefined (strings, stack records), so undefined means "absent".
  private lookup(id: U64): T | undefined {
    if (id === 0) return this.zero;
    if (typeof id === 'number' && id < this.vals.length) {
      const v = this.vals[id];
      if (typeof v === 'number') return this.decodeAt(id, v);
      if (v !== undefined || this.other === null) return v;
    }
    return this.other === null ? undefined : this.other.get(id);
  }

  private decodeAt(id: number, k: number): T {
    const v = this.decode!(this.encoded!.bytes(k));
    this.vals[id] = v;
    return v;
  }
}
