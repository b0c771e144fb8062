// Wire bytes → RawEvents, with Go's raw reader's semantics (what
// `go tool trace -d=wire` prints): the header, then a flat sequence of events,
// each a type byte (which must be in the version's table and not 0) followed by
// its arguments, frames and data. Batches are not interpreted: an EventBatch
// header is just an event whose `size` argument is a number.
//
// End of input, Go's way: Go's reader stops without error when it meets end of
// input exactly where a new event, a new argument or a data byte should start
// (it sees io.EOF), and drops the partial event; only end of input inside a
// varint is an error ("unexpected EOF"). The default mode reproduces this. The
// strict mode reports every truncated event as "unexpected EOF" and rejects
// batch headers whose size exceeds the 64 KiB limit, with the text Go's trace
// reader uses.
//
// Nothing is ever allocated from a size field: the data length is checked
// against the bytes left before it is copied, and a stack's frame count only
// bounds a loop that consumes at least four input bytes per frame.
import { RawEvent } from './rawEvent';
import { Ev, EventSpec, MAX_BATCH_SIZE, specsFor } from './spec';
import { TraceError } from './traceError';
import { U64 } from './u64';
import { ByteCursor, WireReadError } from './uvarint';
import { readHeader, Version } from './version';

export interface RawReaderOptions {
  /** Report truncation and over-size batches as errors (see the file comment). Default false (Go's behaviour). */
  strict?: boolean;
}

// Go converts the frame count and the data length to int: values of 2^63 and
// above become negative, and nothing is read.
const INT_LIMIT = 1n << 63n;

function goIntLength(v: U64): number {
  if (typeof v === 'number') return v;
  return v >= INT_LIMIT ? 0 : Number.MAX_SAFE_INTEGER;
}

/** Signals a clean end of the stream in Go's mode (never escapes this file). */
class CleanEnd {}
const CLEAN_END = new CleanEnd();
/** Signals that the window ended inside an event and more input follows (never escapes this file). */
class NeedMore {}
const NEED_MORE = new NeedMore();

/** Where a window of a stream sits: its version, its input offset, whether input follows it. */
interface StreamWindow {
  version: Version;
  base: number;
  more: boolean;
}

export class RawReader implements Iterable<RawEvent> {
  readonly version: Version;
  /** Bytes taken by the header. */
  readonly headerLength: number;
  /** Offset of the start of the event returned last. */
  eventOffset = -1;
  private readonly cur: ByteCursor;
  private readonly specs: readonly (EventSpec | undefined)[];
  private readonly strict: boolean;
  private done = false;
  /** Input offset of buf[0] (0 but for a window of a stream). */
  private readonly base: number;
  /** A window of a stream with more input after it: running out inside an event asks for more. */
  private readonly more: boolean;
  private start = 0;

  /** Reads the header at once; throws TraceError if it is bad. */
  constructor(buf: Uint8Array, opts: RawReaderOptions = {}, window?: StreamWindow) {
    if (window) {
      this.version = window.version;
      this.headerLength = 0;
      this.cur = new ByteCursor(buf, 0);
      this.base = window.base;
      this.more = window.more;
    } else {
      const h = readHeader(buf);
      this.version = h.version;
      this.headerLength = h.length;
      this.cur = new ByteCursor(buf, h.length);
      this.base = 0;
      this.more = false;
    }
    this.specs = specsFor(this.version);
    this.strict = opts.strict ?? false;
  }

  /** Offset of the next byte to read. */
  get offset(): number {
    return this.base + this.cur.pos;
  }

  /** The next event, or undefined at the end; throws TraceError on bad input (after which the reader stays done). */
  next(): RawEvent | undefined {
    const ev = this.step();
    return ev instanceof NeedMore ? undefined : ev;
  }

  /** Where in its window the event that ran out of bytes starts (after step() returned NEED_MORE). */
  get pendingStart(): number {
    return this.start;
  }

  /** next(), or NEED_MORE when a window of a stream ends inside an event (the reader then stays at its start). */
  step(): RawEvent | undefined | NeedMore {
    if (this.done) return undefined;
    try {
      const ev = this.read();
      if (ev === undefined) this.done = true;
      return ev;
    } catch (e) {
      if (this.more && (e === NEED_MORE || e === CLEAN_END || (e instanceof WireReadError && e.kind !== 'overflow'))) {
        this.cur.pos = this.start;
        return NEED_MORE;
      }
      this.done = true;
      if (e === CLEAN_END) return undefined;
      if (e instanceof WireReadError) {
        // End of input where an argument should start is io.EOF to Go: a clean end.
        if (e.kind === 'EOF') {
          if (this.strict) throw new TraceError('unexpected EOF', { offset: this.base + this.cur.pos });
          return undefined;
        }
        throw new TraceError(e.message, { offset: this.eventOffset });
      }
      throw e;
    }
  }

  *[Symbol.iterator](): Iterator<RawEvent> {
    for (;;) {
      const ev = this.next();
      if (ev === undefined) return;
      yield ev;
    }
  }

  private read(): RawEvent | undefined {
    const cur = this.cur;
    const start = cur.pos;
    this.start = start;
    if (start >= cur.end) {
      if (this.more) throw NEED_MORE;
      return undefined;
    }
    this.eventOffset = this.base + start;
    const type = cur.buf[cur.pos++];
    if (type === 0 || type >= this.specs.length) {
      throw new TraceError(`invalid event type: ${type}`, { offset: this.eventOffset });
    }
    const spec = this.specs[type];
    const args: U64[] = [];
    if (spec !== undefined) {
      for (let i = spec.args.length; i > 0; i--) args.push(cur.uvarint());
      if (spec.isStack) {
        // Frames until the count is reached or the input ends.
        const nframes = goIntLength(args[1]);
        for (let f = 0; f < nframes; f++) {
          args.push(cur.uvarint(), cur.uvarint(), cur.uvarint(), cur.uvarint());
        }
      }
    }
    if (this.strict && type === Ev.EventBatch) checkBatchSize(args[3], this.eventOffset);
    const ev: RawEvent = { version: this.version, type, args };
    if (spec?.hasData) {
      const len = cur.uvarint();
      if (this.strict && type === Ev.ExperimentalBatch) checkBatchSize(len, this.eventOffset);
      const n = goIntLength(len);
      if (n > 0) {
        if (n > cur.remaining) {
          if (this.more) throw NEED_MORE;
          // Go reads byte by byte and meets io.EOF: the partial event is dropped.
          cur.pos = cur.end;
          if (this.strict) throw new TraceError('unexpected EOF', { offset: this.base + cur.end });
          throw CLEAN_END;
        }
        ev.data = cur.bytes(n).slice();
      }
    }
    return ev;
  }
}

function checkBatchSize(size: U64, offset: number): void {
  if (typeof size === 'bigint' || size > MAX_BATCH_SIZE) {
    throw new TraceError(`invalid batch size ${size}, maximum is ${MAX_BATCH_SIZE}`, { offset });
  }
}

/** All events of a trace; throws TraceError at the first bad one. */
export function readRawEvents(buf: Uint8Array, opts?: RawReaderOptions): { version: Version; events: RawEvent[] } {
  const r = new RawReader(buf, opts);
  return { version: r.version, events: [...r] };
}

/** Bytes gathered before the header is judged (a header is 16 bytes; Go's scanner accepts a few more). */
const HEADER_PEEK = 4096;
/** The least input a refill adds: a window grows geometrically, so an event split over many chunks costs linear time. */
const MIN_REFILL = 64 * 1024;

function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * RawReader over a stream of chunks: the same events and errors (offsets
 * included) as RawReader on the whole input, holding only the event being
 * read and the chunk it ends in. open() judges the header before anything
 * else is read. Chunks are copied into one window the reader reuses, so a
 * source may reuse its buffer for the next chunk.
 */
export interface RawStreamTuning {
  /** Bytes gathered before the header is judged (default 4096). */
  headerPeek?: number;
  /** The least input a refill adds (default 64 KiB); tests make it tiny so every event crosses a refill. */
  minRefill?: number;
}

export class RawStreamReader implements AsyncIterable<RawEvent> {
  private constructor(
    readonly version: Version,
    readonly headerLength: number,
    private readonly it: AsyncIterator<Uint8Array>,
    private buf: Uint8Array,
    private ended: boolean,
    private readonly opts: RawReaderOptions,
    private readonly minRefill: number,
  ) {}

  /** Reads just enough for the header; throws TraceError if it is bad. */
  static async open(chunks: AsyncIterable<Uint8Array>, opts: RawReaderOptions = {}, tuning: RawStreamTuning = {}): Promise<RawStreamReader> {
    const it = chunks[Symbol.asyncIterator]();
    const parts: Uint8Array[] = [];
    let have = 0;
    let ended = false;
    while (have < (tuning.headerPeek ?? HEADER_PEEK) && !ended) {
      const r = await it.next();
      if (r.done) ended = true;
      else {
        parts.push(r.value.slice());
        have += r.value.length;
      }
    }
    const buf = concatBytes(parts);
    const h = readHeader(buf);
    return new RawStreamReader(h.version, h.length, it, buf.subarray(h.length), ended, opts, tuning.minRefill ?? MIN_REFILL);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<RawEvent> {
    let base = this.headerLength;
    // The window: bytes [0, len) of `win`, which is reused (events copy what they keep).
    let win = this.buf;
    let len = win.length;
    for (;;) {
      const r = new RawReader(win.subarray(0, len), this.opts, { version: this.version, base, more: !this.ended });
      for (;;) {
        const ev = r.step();
        if (ev === undefined) return;
        if (ev instanceof NeedMore) break;
        yield ev;
      }
      // Keep the event that ran out of bytes, then add at least as much input.
      const keep = len - r.pendingStart;
      base += r.pendingStart;
      win.copyWithin(0, r.pendingStart, len);
      len = keep;
      let added = 0;
      while (added < Math.max(keep, this.minRefill) && !this.ended) {
        const c = await this.it.next();
        if (c.done) this.ended = true;
        else {
          const n = c.value.length;
          if (len + n > win.length) {
            const grown = new Uint8Array(Math.max(len + n, win.length * 2));
            grown.set(win.subarray(0, len));
            win = grown;
          }
          win.set(c.value, len);
          len += n;
          added += n;
        }
      }
    }
  }
}
