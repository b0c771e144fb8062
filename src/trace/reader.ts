// The trace reader's public face: bytes in, events out, with Go's reader's
// exact behaviour — the event stream, the Sync events, the error and the
// point where it surfaces. readTrace reads a trace held in memory;
// readTraceAsync streams one from any async source of chunks, holding only
// the generation being replayed (see ReaderCore, TraceStream).
import { AT_EOF, batchFaults, parseBatch } from './batch';
import type { Batch } from './batch';
import type { Event } from './event';
import { ReaderCore } from './readerCore';
import type { ReaderOptions } from './readerOptions';
import { TraceError } from './traceError';
import { TraceStream } from './traceStream';
import type { U64 } from './u64';
import { readHeader } from './version';
import { keepLayout } from './layoutKeeper';

export type { ReaderOptions, ReaderFault } from './readerOptions';
export { TraceStream } from './traceStream';

/**
 * Reads the events of a trace held in memory. The iterator throws a
 * TraceError (and nothing else) when the trace is broken, after yielding
 * every event Go's reader yields before its error.
 */
export function readTrace(bytes: Uint8Array, opts: ReaderOptions = {}): IterableIterator<Event> {
  return new EventReader(bytes, opts);
}

/**
 * Go's Reader over a trace held in memory: readEvent() gives the next event,
 * null at the end, and throws a TraceError (and nothing else) when the trace
 * is broken, after every event Go's reader gives before its error. It is
 * also an iterator of the same events; readEvent is the faster of the two,
 * since V8 allocates the iterator's { value, done } for every event.
 */
export class EventReader implements IterableIterator<Event> {
  private core: ReaderCore | null = null;
  private pos = 0;
  private finished = false;
  private readonly faults: number;

  constructor(private readonly bytes: Uint8Array, private readonly opts: ReaderOptions = {}) {
    this.faults = batchFaults(opts);
  }

  /** The next event; null once the trace has ended cleanly. */
  // Small, so that it inlines into the consumer's loop.
  readEvent(): Event | null {
    const core = this.core;
    if (core !== null) {
      const ev = core.next();
      if (ev !== null) return ev;
    }
    return this.slowReadEvent();
  }

  [Symbol.iterator](): IterableIterator<Event> {
    return this;
  }

  next(): IteratorResult<Event> {
    const ev = this.readEvent();
    return ev !== null ? { value: ev, done: false } : { value: undefined, done: true };
  }

  // At the start, between generations and at the end.
  private slowReadEvent(): Event | null {
    if (this.finished) return null;
    const core = this.core ?? this.begin();
    for (;;) {
      const ev = core.next();
      if (ev !== null) return ev;
      if (!core.needBatch) break;
      // Batch payloads are views of the input: nothing is copied.
      const b = parseBatch(this.bytes, this.pos, this.bytes.length, true, 0, false, this.faults);
      if (b !== AT_EOF && typeof b === 'object' && b.kind === 'batch') this.pos = b.end;
      core.feed(b);
    }
    this.finished = true;
    if (core.error !== null) throw core.error;
    return null;
  }

  private begin(): ReaderCore {
    let hdr;
    try {
      hdr = readHeader(this.bytes);
    } catch (e) {
      this.finished = true;
      throw e;
    }
    this.pos = hdr.length;
    return (this.core = new ReaderCore(hdr.version, this.opts));
  }
}

/**
 * Streams a trace from chunks (e.g. a Node readable stream). Holds only the
 * generation being replayed, the first batch of the next one and the bytes
 * not yet parsed. Throws a TraceError at the point Go's reader fails; stops
 * the source (its return()) when the consumer or an error ends the read early.
 */
export function readTraceAsync(chunks: AsyncIterable<Uint8Array>, opts: ReaderOptions = {}): AsyncEvents {
  return new AsyncTraceIterator(chunks[Symbol.asyncIterator](), new TraceStream(opts));
}

/** What readTraceAsync returns: an async iterator of events that can be stopped early (return, throw), as a generator can. */
export interface AsyncEvents extends AsyncIterableIterator<Event> {
  return(): Promise<IteratorResult<Event, void>>;
  throw(e?: unknown): Promise<IteratorResult<Event, void>>;
}

const DONE_RESULT: IteratorResult<Event, void> = Object.freeze({ value: undefined, done: true });

// Hand-written rather than an async generator: a generator's yield costs
// several promise steps per event; here an event the bytes already determine
// is one resolved promise, and only waiting for input is asynchronous.
class AsyncTraceIterator implements AsyncEvents {
  private finished = false;
  private sourceDone = false;
  // A next() still waiting for input: later calls queue behind it.
  private waiting: Promise<unknown> | null = null;

  constructor(private readonly source: AsyncIterator<Uint8Array>, private readonly stream: TraceStream) {}

  [Symbol.asyncIterator](): AsyncEvents {
    return this;
  }

  next(): Promise<IteratorResult<Event, void>> {
    if (this.waiting !== null) return this.waiting.then(() => this.next());
    if (this.finished) return Promise.resolve(DONE_RESULT);
    let ev: Event | null;
    try {
      ev = this.stream.next();
    } catch (e) {
      return this.fail(e);
    }
    if (ev !== null) return Promise.resolve({ value: ev, done: false });
    if (this.stream.done) {
      this.finished = true;
      return Promise.resolve(DONE_RESULT);
    }
    const p = this.pull().then(
      () => {
        this.waiting = null;
        return this.next();
      },
      (e: unknown) => {
        this.waiting = null;
        return this.fail(e);
      },
    );
    this.waiting = p;
    return p;
  }

  async return(): Promise<IteratorResult<Event, void>> {
    await this.stop();
    return DONE_RESULT;
  }

  async throw(e?: unknown): Promise<IteratorResult<Event, void>> {
    await this.stop();
    throw e;
  }

  /** Feeds the stream the next chunk, or its end. */
  private async pull(): Promise<void> {
    const { value, done } = await this.source.next();
    if (done) {
      this.sourceDone = true;
      this.stream.end();
    } else {
      this.stream.write(value instanceof Uint8Array ? value : new Uint8Array(value as ArrayBufferLike));
    }
  }

  /** Ends the read with an error, releasing the source first. */
  private async fail(e: unknown): Promise<IteratorResult<Event, void>> {
    await this.stop();
    throw e;
  }

  // Stopped early (error or consumer break): release the source (e.g. close a file stream).
  private async stop(): Promise<void> {
    if (this.finished && this.sourceDone) return;
    const release = !this.sourceDone && !this.finished;
    this.finished = true;
    this.sourceDone = true;
    if (release) await this.source.return?.();
  }
}

export interface ReadOutcome {
  events: Event[];
  error: TraceError | null;
}

/** Reads a whole in-memory trace: every event, and the error that ended it (or null). */
export function readAll(bytes: Uint8Array, opts: ReaderOptions = {}): ReadOutcome {
  const events: Event[] = [];
  const r = new EventReader(bytes, opts);
  try {
    for (let e = r.readEvent(); e !== null; e = r.readEvent()) events.push(e);
  } catch (e) {
    if (e instanceof TraceError) return { events, error: e };
    throw e;
  }
  return { events, error: null };
}

/** readAll for a stream of chunks. */
export async function readAllAsync(chunks: AsyncIterable<Uint8Array>, opts: ReaderOptions = {}): Promise<ReadOutcome> {
  const events: Event[] = [];
  try {
    for await (const e of readTraceAsync(chunks, opts)) events.push(e);
  } catch (e) {
    if (e instanceof TraceError) return { events, error: e };
    throw e;
  }
  return { events, error: null };
}

export type { Batch, U64 };

// (See layoutKeeper: nothing of a reader is alive between two traces.)
keepLayout(new EventReader(new Uint8Array(0)));
