// Event batch payloads read again from the input when their cursor reaches
// them, instead of kept from the first read. A streaming reader over an
// input it can read at any offset (a file) then holds, of a generation's
// event batches, only the one each M's cursor is in — a few 64 KiB buffers,
// not the generation (which the arena would hold; see PayloadArena).
//
// The stream still reads every batch once, in order, to assemble the
// generation (and to find a broken one before any of its events, as Go
// does); the second read fills the cursor's buffer. The batch's header is
// read again with it and must be the one read first: a file rewritten
// between the two reads gives an error, not events of another trace.
//
// An input that cannot be read again (standard input, a pipe) may be given
// a spool instead: a file the stream writes each event batch to, as it
// reads it, and reads it back from. The spool starts over when the batches
// it holds have been replayed (the arena's turns, see PayloadArena), so it
// holds about one generation's event batches, on disk rather than in memory.
import type { Batch } from './batch';
import { parseBatch } from './batch';
import { MAX_BATCH_SIZE } from './spec';

/**
 * Reads input bytes from `offset` into `into`; returns how many were read
 * (fewer than into.length only at the end of the input).
 */
export type ReadInputAt = (offset: number, into: Uint8Array) => number;

/** A file event batches are written to, to be read back (see above). */
export interface PayloadSpool {
  /** Keeps `bytes`, the input's bytes at `offset` (a batch, header and payload), after those kept since the last startOver. */
  keep(offset: number, bytes: Uint8Array): void;
  /** Drops everything kept: none of it will be read again. */
  startOver(): void;
  /** Reads kept bytes back, by their offset in the input. */
  readonly readAt: ReadInputAt;
}

/** A batch's header: one byte and four uvarints of at most ten bytes. */
const MAX_HEADER = 41;
const BUFFER = MAX_BATCH_SIZE + MAX_HEADER;

/** Where a payload not kept is read from, and its length. */
export interface DeferredPayload {
  readonly from: PayloadRereader;
  readonly size: number;
}

export class PayloadRereader {
  /** Buffers of cursors that are done, for the next ones: as many as cursors are at once. */
  private readonly free: Uint8Array[] = [];

  constructor(private readonly readAt: ReadInputAt) {}

  /** Marks an event batch's payload to be read again when needed (the batch without its bytes). */
  defer(batch: Batch): Batch {
    const deferred: DeferredPayload = { from: this, size: batch.data.length };
    return { ...batch, data: NO_DATA, deferred };
  }

  /**
   * The payload of `batch` (one defer() made), read into `into` (a buffer
   * load() gave before, which the caller is done with) or a buffer of the
   * pool. Returns an error text when the input no longer holds that batch.
   */
  load(batch: Batch, size: number, into: Uint8Array | null): { data: Uint8Array; buf: Uint8Array } | string {
    const len = batch.dataOffset - batch.offset + size;
    let buf = into ?? this.free.pop() ?? new Uint8Array(BUFFER);
    // Only a mutant reader's fault lets a batch be larger than Go allows.
    if (buf.length < len) buf = new Uint8Array(len);
    const n = this.readAt(batch.offset, buf.subarray(0, len));
    const again = n === len ? parseBatch(buf, 0, len, true, batch.offset, false) : null;
    if (
      again === null || typeof again !== 'object' || again.kind !== 'batch' || again.end !== len ||
      again.batch.m !== batch.m || again.batch.time !== batch.time || again.batch.exp !== batch.exp
    ) {
      return `input changed while it was read: the batch at offset ${batch.offset} is no longer there`;
    }
    return { data: again.batch.data, buf };
  }

  /** Gives back a buffer load() returned, once its batch is done with. */
  release(buf: Uint8Array): void {
    this.free.push(buf);
  }
}

const NO_DATA = new Uint8Array(0);
