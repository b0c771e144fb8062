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

  /** Reads the header at once; throws TraceError if it is bad. */
  constructor(buf: Uint8Array, opts: RawReaderOptions = {}) {
    const h = readHeader(buf);
    this.version = h.version;
    this.headerLength = h.length;
    this.cur = new ByteCursor(buf, h.length);
    this.specs = specsFor(h.version);
    this.strict = opts.strict ?? false;
  }

  /** Offset of the next byte to read. */
  get offset(): number {
    return this.cur.pos;
  }

  /** The next event, or undefined at the end; throws TraceError on bad input (after which the reader stays done). */
  next(): RawEvent | undefined {
    if (this.done) return undefined;
    try {
      const ev = this.read();
      if (ev === undefined) this.done = true;
      return ev;
    } catch (e) {
      this.done = true;
      if (e === CLEAN_END) return undefined;
      if (e instanceof WireReadError) {
        // End of input where an argument should start is io.EOF to Go: a clean end.
        if (e.kind === 'EOF') {
          if (this.strict) throw new TraceError('unexpected EOF', { offset: this.cur.pos });
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
    if (cur.pos >= cur.end) return undefined;
    const start = cur.pos;
    this.eventOffset = start;
    const type = cur.buf[cur.pos++];
    if (type === 0 || type >= this.specs.length) {
      throw new TraceError(`invalid event type: ${type}`, { offset: start });
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
    if (this.strict && type === Ev.EventBatch) checkBatchSize(args[3], start);
    const ev: RawEvent = { version: this.version, type, args };
    if (spec?.hasData) {
      const len = cur.uvarint();
      if (this.strict && type === Ev.ExperimentalBatch) checkBatchSize(len, start);
      const n = goIntLength(len);
      if (n > 0) {
        if (n > cur.remaining) {
          // Go reads byte by byte and meets io.EOF: the partial event is dropped.
          cur.pos = cur.end;
          if (this.strict) throw new TraceError('unexpected EOF', { offset: cur.end });
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
