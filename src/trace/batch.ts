// A batch: the unit the trace is cut into. Its header (generation, M, base
// timestamp, size) is parsed when it is read; its payload stays raw bytes
// until the generation it belongs to is assembled.
//
// parseBatch works on whatever bytes are buffered so far. With `eof` false
// it may answer NEED_MORE, so one parser serves both the in-memory reader and
// the streaming one; with `eof` true it gives exactly Go's readBatch result
// (including its quirk that input ending right after an experimental-batch
// byte counts as a clean end of trace).
import { Ev, MAX_BATCH_SIZE } from './spec';
import { U64 } from './u64';
import { I64, u64ToI64 } from './int64';
import { uvarintAt, uvValue, UV_TRUNCATED } from './uvarintScan';
import type { ReaderOptions } from './readerOptions';
import type { DeferredPayload } from './payloadRereader';

export interface Batch {
  /** Thread (M) id, Go's ThreadID(m): int64. NO_THREAD (-1) for an end-of-generation marker. */
  readonly m: I64;
  /** Base timestamp in ticks. */
  readonly time: U64;
  /** Payload (the events). For end-of-generation, the single marker byte. */
  readonly data: Uint8Array;
  /** Experiment id; 0 for ordinary batches. */
  readonly exp: number;
  /** Byte offset of the batch header in the whole input. */
  readonly offset: number;
  /** Byte offset of the payload (data[0]) in the whole input. */
  readonly dataOffset: number;
  /**
   * Set on an event batch whose payload was not kept (data is empty): its
   * cursor reads the bytes again from the input (see PayloadRereader).
   */
  readonly deferred?: DeferredPayload;
}

export const NEED_MORE = 1;
export const AT_EOF = 2;

/** The outcome of reading one batch: a batch with its generation, an error text, or one of the two markers. */
export type BatchRead =
  | { readonly kind: 'batch'; readonly batch: Batch; readonly gen: U64; readonly end: number }
  | { readonly kind: 'error'; readonly message: string; readonly offset: number; readonly gen?: U64 }
  | typeof NEED_MORE
  | typeof AT_EOF;

/** Fault bits for mutant readers (see ReaderFault). */
export const FAULT_ACCEPT_SHORT = 1;
export const FAULT_SIZE_OFF_BY_ONE = 2;

/** The fault bits for a reader's injected faults (mutant readers only). */
export function batchFaults(opts: ReaderOptions): number {
  const f = opts.faults;
  if (f === undefined || f.size === 0) return 0;
  return (f.has('accept-short-batch') ? FAULT_ACCEPT_SHORT : 0) | (f.has('batch-size-off-by-one') ? FAULT_SIZE_OFF_BY_ONE : 0);
}

const VARINT_OVERFLOW = 'binary: varint overflows a 64-bit integer';

/**
 * Reads the batch starting at buf[pos] (bufOffset is buf[0]'s offset in the input).
 * `copy` makes the payload independent of buf (needed when buf is reused).
 */
export function parseBatch(
  buf: Uint8Array,
  pos: number,
  end: number,
  eof: boolean,
  bufOffset: number,
  copy: boolean,
  faults = 0,
): BatchRead {
  const start = pos;
  const offset = bufOffset + start;
  if (pos >= end) return eof ? AT_EOF : NEED_MORE;
  const typ = buf[pos++];
  if (typ === Ev.EndOfGeneration) {
    return { kind: 'batch', batch: { m: -1, time: 0, data: buf.slice(start, start + 1), exp: 0, offset, dataOffset: offset }, gen: 0, end: pos };
  }
  if (typ !== Ev.EventBatch && typ !== Ev.ExperimentalBatch) {
    return { kind: 'error', message: `expected batch event, got event ${typ}`, offset };
  }
  let exp = 0;
  if (typ === Ev.ExperimentalBatch) {
    if (pos >= end) return eof ? AT_EOF : NEED_MORE; // Go returns the bare io.EOF here
    exp = buf[pos++];
  }
  const fields = ['gen', 'M ID', 'timestamp', 'size'];
  // Four locals, not an array: an array that once held the timestamp (a
  // double) holds doubles, and the generation and M read back from it
  // would be heap numbers all through the reader (slower compares and map
  // lookups, and optimized code thrown out when they meet small integers).
  let gen: U64 = 0;
  let mid: U64 = 0;
  let ts: U64 = 0;
  let size: U64 = 0;
  for (let i = 0; i < 4; i++) {
    const r = uvarintAt(buf, pos, end, true);
    if (r < 0) {
      if (r === UV_TRUNCATED) {
        if (!eof) return NEED_MORE;
        const what = pos === end ? 'EOF' : 'unexpected EOF';
        return { kind: 'error', message: `error reading batch ${fields[i]}: ${what}`, offset, gen: i > 0 ? gen : undefined };
      }
      return { kind: 'error', message: `error reading batch ${fields[i]}: ${VARINT_OVERFLOW}`, offset, gen: i > 0 ? gen : undefined };
    }
    const v = uvValue();
    if (i === 0) gen = v;
    else if (i === 1) mid = v;
    else if (i === 2) ts = v;
    else size = v;
    pos = r;
  }
  // The limit is checked before anything is allocated from the size field.
  if (size > MAX_BATCH_SIZE && !((faults & FAULT_SIZE_OFF_BY_ONE) !== 0 && size <= MAX_BATCH_SIZE + 1)) {
    return { kind: 'error', message: `invalid batch size ${String(size)}, maximum is ${MAX_BATCH_SIZE}`, offset, gen };
  }
  let n = size as number;
  if (end - pos < n) {
    if (!eof) return NEED_MORE;
    if ((faults & FAULT_ACCEPT_SHORT) !== 0) n = end - pos;
    else return { kind: 'error', message: `failed to read full batch: read ${end - pos} but wanted ${n}`, offset, gen };
  }
  const data = copy ? buf.slice(pos, pos + n) : buf.subarray(pos, pos + n);
  return {
    kind: 'batch',
    batch: { m: u64ToI64(mid), time: ts, data, exp, offset, dataOffset: bufOffset + pos },
    gen,
    end: pos + n,
  };
}

export function isStringsBatch(b: Batch): boolean {
  return b.exp === 0 && b.data.length > 0 && b.data[0] === Ev.Strings;
}

export function isStacksBatch(b: Batch): boolean {
  return b.exp === 0 && b.data.length > 0 && b.data[0] === Ev.Stacks;
}

export function isCPUSamplesBatch(b: Batch): boolean {
  return b.exp === 0 && b.data.length > 0 && b.data[0] === Ev.CPUSamples;
}

/** Before go1.25 a lone Frequency event; from go1.25 a Sync batch. */
export function isSyncBatch(b: Batch, version: number): boolean {
  if (b.exp !== 0 || b.data.length === 0) return false;
  return version < 25 ? b.data[0] === Ev.Frequency : b.data[0] === Ev.Sync;
}

export function isEndOfGeneration(b: Batch): boolean {
  return b.exp === 0 && b.data.length > 0 && b.data[0] === Ev.EndOfGeneration;
}
