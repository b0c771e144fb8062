// Streaming a trace as dump does, with event batches read again from the
// input (readerOf) or from a spool (MemorySpool, as dump's temporary file),
// for the tests that compare that with batches kept.
import { TraceError } from '../../src/trace/traceError';
import { TraceStream } from '../../src/trace/traceStream';
import type { PayloadSpool, ReadInputAt } from '../../src/trace/payloadRereader';

export interface Outcome {
  events: string[];
  error: string | null;
  generation: number | undefined;
  offset: number | undefined;
}

/** Streams `bytes` in chunks of `size`; with `readAt` (or a spool), event batches are read again through it. */
export function streamed(bytes: Uint8Array, size: number, readAt?: ReadInputAt | PayloadSpool): Outcome {
  const s = new TraceStream({}, readAt);
  const events: string[] = [];
  const drain = (): void => {
    for (let ev = s.next(); ev !== null; ev = s.next()) events.push(ev.toString());
  };
  try {
    // Each chunk a copy in a buffer reused after the write, as dump's input.
    const chunk = new Uint8Array(size);
    for (let i = 0; i < bytes.length; i += size) {
      const n = Math.min(size, bytes.length - i);
      chunk.set(bytes.subarray(i, i + n));
      s.write(chunk.subarray(0, n));
      chunk.fill(0xee);
      drain();
    }
    s.end();
    drain();
    return { events, error: null, generation: undefined, offset: undefined };
  } catch (e) {
    if (!(e instanceof TraceError)) throw e;
    return { events, error: e.message, generation: e.generation, offset: e.offset };
  }
}

/** Reads `file` at an offset, as Input.readerAt does for a file; counts reads and the buffers read into. */
export function readerOf(file: Uint8Array): ReadInputAt & { reads: number; bytes: number; buffers: Set<ArrayBufferLike> } {
  const f = Object.assign(
    (offset: number, into: Uint8Array): number => {
      const n = Math.max(0, Math.min(into.length, file.length - offset));
      into.set(file.subarray(offset, offset + n));
      f.reads++;
      f.bytes += n;
      f.buffers.add(into.buffer);
      return n;
    },
    { reads: 0, bytes: 0, buffers: new Set<ArrayBufferLike>() },
  );
  return f;
}

/**
 * A spool in memory, as TempSpool is in a file: the batches kept since the
 * last startOver, by input offset, and nothing before (a read of those gives 0).
 */
export class MemorySpool implements PayloadSpool {
  private kept = new Map<number, Uint8Array>();
  private size = 0;
  /** The most bytes held at once. */
  peak = 0;

  keep(offset: number, bytes: Uint8Array): void {
    this.kept.set(offset, bytes.slice());
    this.size += bytes.length;
    this.peak = Math.max(this.peak, this.size);
  }

  startOver(): void {
    this.kept.clear();
    this.size = 0;
  }

  readonly readAt = (offset: number, into: Uint8Array): number => {
    const b = this.kept.get(offset);
    if (b === undefined) return 0;
    const n = Math.min(into.length, b.length);
    into.set(b.subarray(0, n));
    return n;
  };
}
