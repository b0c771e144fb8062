// Where generations lie in a trace's bytes. A generation is delimited by the
// generation numbers in its batch headers, not by the Sync events a reader
// emits: readers of different releases place Sync differently (go1.22/1.23
// close a generation with one, go1.25+ also open one with it) and early x/exp
// readers emit none. Cutting a valid trace before its k-th generation leaves a
// valid trace of generations 1..k-1, whose stream on any reader is exactly
// what that reader emits for those generations.
import { parseBatch } from './batch';
import { readHeader } from './version';
import { u64Equal, U64 } from './u64';

/**
 * The byte offset where the k-th generation (1-based, in the order the
 * generations appear) starts, or the trace's length when it has fewer. An
 * end-of-generation marker belongs to the generation it closes. Throws when
 * the bytes before it are not a header and whole batches.
 */
export function generationStart(bytes: Uint8Array, k: number): number {
  let pos = readHeader(bytes).length;
  let seen = 0;
  let current: U64 | null = null;
  for (;;) {
    const r = parseBatch(bytes, pos, bytes.length, true, 0, false);
    if (typeof r !== 'object') return bytes.length;
    if (r.kind === 'error') throw new Error(`not a whole trace at byte ${r.offset}: ${r.message}`);
    // The marker's "generation" is 0: it never starts one.
    const isMarker = r.gen === 0 && r.batch.m === -1;
    if (!isMarker && (current === null || !u64Equal(current, r.gen))) {
      current = r.gen;
      if (++seen === k) return pos;
    }
    pos = r.end;
  }
}

/** The trace's header and the batches of its first k-1 generations. */
export function traceBeforeGeneration(bytes: Uint8Array, k: number): Uint8Array {
  return bytes.subarray(0, generationStart(bytes, k));
}
