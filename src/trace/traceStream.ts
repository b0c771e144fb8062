// A push-fed reader: input arrives in chunks of any size (written as it
// comes), events come out as soon as the bytes so far determine them.
// Nothing waits on I/O here, so any source works — a Node stream, a fetch
// body, a file read piece by piece — and the caller decides how to wait
// (readTraceAsync is one such caller; `tracefuzz dump` another).
//
// Memory: the bytes not yet parsed (at most one batch plus one chunk), and
// the generation the reader holds (see ReaderCore). Each batch's payload is
// copied out of the input buffer, which is then reused: event batches into
// an arena that is reused too (see PayloadArena) — or, when the caller can
// read the input again at any offset (a file), not kept at all: each M's
// cursor reads its batch again when it gets to it (see PayloadRereader).
import {
  AT_EOF, Batch, NEED_MORE, batchFaults, isCPUSamplesBatch, isEndOfGeneration, isStacksBatch, isStringsBatch, isSyncBatch, parseBatch,
} from './batch';
import type { Event } from './event';
import { GenerationTurns, OWN_COPY, PayloadArena, REUSE } from './payloadArena';
import { PayloadRereader, PayloadSpool, ReadInputAt } from './payloadRereader';
import { ReaderCore } from './readerCore';
import type { ReaderOptions } from './readerOptions';
import { TraceError } from './traceError';
import type { U64 } from './u64';
import { readHeader, Version } from './version';

/** Above this many buffered bytes a header that still does not parse is judged as it stands. */
const MAX_HEADER_BYTES = 1 << 16;

export class TraceStream {
  private buf = new Uint8Array(0);
  private start = 0; // first unconsumed byte in buf
  private limit = 0; // end of valid bytes in buf
  private bufOffset = 0; // input offset of buf[0]
  private eof = false;
  private core: ReaderCore | null = null;
  private version: Version = 26;
  private readonly arena = new PayloadArena();
  private readonly rereader: PayloadRereader | null;
  private readonly spool: PayloadSpool | null;
  private readonly spoolTurns = new GenerationTurns();
  private starving = false;
  private finished = false;
  private readonly faults: number;

  /**
   * `again`, if given, reads the input again at an offset (counted from the
   * first byte written), or is a spool to write event batches to and read
   * them back from: event batches are then read again when replayed instead
   * of kept in memory (see PayloadRereader). It must give the bytes written.
   */
  constructor(private readonly opts: ReaderOptions = {}, again?: ReadInputAt | PayloadSpool) {
    this.faults = batchFaults(opts);
    this.spool = again === undefined || typeof again === 'function' ? null : again;
    this.rereader = again === undefined ? null : new PayloadRereader(typeof again === 'function' ? again : again.readAt);
  }

  /** Whether next() returned null for want of input: write more, or end(). */
  get needsInput(): boolean {
    return this.starving && !this.finished;
  }

  /** Whether the trace is over (next() returned null for good, or threw). */
  get done(): boolean {
    return this.finished;
  }

  /** Appends the next chunk of input (it is copied; the caller may reuse it). */
  write(chunk: Uint8Array): void {
    if (this.eof) throw new Error('TraceStream: write after end');
    if (chunk.length === 0) return;
    let buf = this.buf;
    if (this.limit + chunk.length > buf.length) {
      // Drop consumed bytes, grow geometrically: amortized linear copying.
      const live = this.limit - this.start;
      const nb = live + chunk.length <= buf.length ? buf : new Uint8Array(Math.max(live + chunk.length, buf.length * 2, 4096));
      nb.set(buf.subarray(this.start, this.limit), 0); // set() copes with overlap within one buffer
      this.buf = buf = nb;
      this.bufOffset += this.start;
      this.limit = live;
      this.start = 0;
    }
    buf.set(chunk, this.limit);
    this.limit += chunk.length;
    this.starving = false;
  }

  /** Marks the end of the input. */
  end(): void {
    this.eof = true;
    this.starving = false;
  }

  /**
   * The next event; null when more input is needed (needsInput) or the
   * trace has ended cleanly (done). Throws the TraceError that ends a broken
   * trace, after every event Go's reader yields before it.
   */
  next(): Event | null {
    if (this.finished) return null;
    const core = this.core ?? this.begin();
    if (core === null) return null;
    for (;;) {
      const ev = core.next();
      if (ev !== null) return ev;
      if (!core.needBatch) {
        this.finished = true;
        this.buf = new Uint8Array(0);
        if (core.error !== null) throw core.error;
        return null;
      }
      const b = parseBatch(this.buf, this.start, this.limit, this.eof, this.bufOffset, false, this.faults);
      if (b === NEED_MORE) {
        this.starving = true;
        return null;
      }
      if (b !== AT_EOF && b.kind === 'batch') {
        this.start = b.end;
        core.feed({ ...b, batch: this.keep(b.batch, b.gen) });
      } else {
        core.feed(b);
      }
    }
  }

  /** The batch with its payload copied out of the input buffer. */
  private keep(batch: Batch, gen: U64): Batch {
    const isEvents =
      batch.exp === 0 && !isStringsBatch(batch) && !isStacksBatch(batch) && !isCPUSamplesBatch(batch) &&
      !isSyncBatch(batch, this.version) && !isEndOfGeneration(batch);
    if (!isEvents) return { ...batch, data: batch.data.slice() };
    if (this.rereader === null || batch.data.length === 0) return { ...batch, data: this.arena.copy(batch.data, gen) };
    const spool = this.spool;
    if (spool !== null) {
      const turn = this.spoolTurns.next(gen);
      if (turn === OWN_COPY) return { ...batch, data: batch.data.slice() };
      if (turn === REUSE) spool.startOver();
      // The header too: it is checked when read back. It is still in the buffer.
      spool.keep(batch.offset, this.buf.subarray(batch.offset - this.bufOffset, batch.dataOffset - this.bufOffset + batch.data.length));
    }
    return this.rereader.defer(batch);
  }

  /** Parses the header once enough bytes are in (a prefix of a good header fails to parse). */
  private begin(): ReaderCore | null {
    try {
      const hdr = readHeader(this.buf.subarray(this.start, this.limit));
      this.start += hdr.length;
      this.version = hdr.version;
      this.core = new ReaderCore(hdr.version, this.opts);
      return this.core;
    } catch (e) {
      if (!(e instanceof TraceError)) throw e;
      if (this.eof || this.limit - this.start >= MAX_HEADER_BYTES) {
        this.finished = true;
        throw e;
      }
      this.starving = true;
      return null;
    }
  }
}
