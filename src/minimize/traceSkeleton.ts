// The shape of a trace as the minimizer sees it: the header, then batches
// (a batch header event and the events that follow it, in the raw reader's
// flat view), grouped into generations. A batch keeps its payload bytes and
// parses them into events only when asked, so a multi-megabyte trace costs a
// walk over its bytes, not an object per event: the generation and batch
// passes usually leave few batches whose events are ever looked at. Batch
// sizes are re-encoded from the payload. Bytes that do not frame as raw
// events (a bad type byte, a truncated event) are kept verbatim as the tail.
import { readHeader, Version } from '../trace/version';
import { specsFor, Ev, EventSpec } from '../trace/spec';
import { ByteCursor, ByteWriter } from '../trace/uvarint';
import { writeEvent } from '../trace/rawWriter';
import { U64, u64ToSafeNumber } from '../trace/u64';

export interface SkelEvent {
  type: number;
  args: U64[];
  data?: Uint8Array;
  /** Minimal encoding of this event. */
  bytes: Uint8Array;
}

type Specs = readonly (EventSpec | undefined)[];

export class SkelBatch {
  private parsed: SkelEvent[] | null;

  /**
   * @param header EventBatch, ExperimentalBatch or EndOfGeneration; null for events before the first batch header.
   * @param sizeDelta declared size minus the payload's length, as found in the input; kept constant as events
   *   are removed so a deliberately wrong size stays wrong by the same amount.
   */
  constructor(
    readonly header: SkelEvent | null,
    private readonly rawPayload: Uint8Array | null,
    public sizeDelta: number,
    private readonly specs: Specs,
    events?: SkelEvent[],
  ) {
    this.parsed = events ?? null;
  }

  static of(header: SkelEvent | null, events: SkelEvent[], sizeDelta: number, specs: Specs): SkelBatch {
    return new SkelBatch(header, null, sizeDelta, specs, events);
  }

  /** The events after the header (parsed on first use; the array may be edited in place). */
  get events(): SkelEvent[] {
    if (this.parsed === null) {
      const cur = new ByteCursor(this.rawPayload!);
      const out: SkelEvent[] = [];
      while (!cur.atEnd()) out.push(readEvent(cur, this.specs)!);
      this.parsed = out;
    }
    return this.parsed;
  }

  /** The bytes of the events after the header. */
  get payload(): Uint8Array {
    if (this.parsed === null) return this.rawPayload!;
    return concat(this.parsed.map((e) => e.bytes));
  }

  get payloadLength(): number {
    if (this.parsed === null) return this.rawPayload!.length;
    let n = 0;
    for (const e of this.parsed) n += e.bytes.length;
    return n;
  }

  withEvents(events: SkelEvent[]): SkelBatch {
    return SkelBatch.of(this.header, events, this.sizeDelta, this.specs);
  }

  withHeader(header: SkelEvent): SkelBatch {
    return new SkelBatch(header, this.parsed === null ? this.rawPayload : null, this.sizeDelta, this.specs, this.parsed === null ? undefined : this.parsed);
  }

  withSizeDelta(sizeDelta: number): SkelBatch {
    return new SkelBatch(this.header, this.parsed === null ? this.rawPayload : null, sizeDelta, this.specs, this.parsed === null ? undefined : this.parsed);
  }
}

export interface Skeleton {
  version: Version;
  header: Uint8Array;
  batches: SkelBatch[];
  tail: Uint8Array;
}

const isBatchHeader = (t: number) => t === Ev.EventBatch || t === Ev.ExperimentalBatch || t === Ev.EndOfGeneration;

/** Parses bytes into a skeleton; null when even the header is not a trace header. */
export function parseSkeleton(bytes: Uint8Array): Skeleton | null {
  let version: Version;
  let headerLen: number;
  try {
    const h = readHeader(bytes);
    version = h.version;
    headerLen = h.length;
  } catch {
    return null;
  }
  const specs = specsFor(version);
  const cur = new ByteCursor(bytes, headerLen);
  const batches: SkelBatch[] = [];
  // The batch being walked: its header, where its payload starts, its declared size.
  let header: SkelEvent | null = null;
  let open = false;
  let payloadStart = cur.pos;
  let declared = 0;
  const close = (at: number) => {
    if (!open) return;
    const delta = header && header.type === Ev.EventBatch ? declared - (at - payloadStart) : 0;
    batches.push(new SkelBatch(header, bytes.subarray(payloadStart, at), delta, specs));
    open = false;
  };
  let end = cur.pos;
  while (!cur.atEnd()) {
    const start = cur.pos;
    const type = bytes[start];
    if (isBatchHeader(type)) {
      const ev = readEvent(cur, specs);
      if (!ev) { cur.pos = start; break; }
      close(start);
      header = ev;
      open = true;
      payloadStart = cur.pos;
      declared = ev.type === Ev.EventBatch ? u64ToSafeNumber(ev.args[3]) ?? Number.MAX_SAFE_INTEGER : 0;
      if (ev.type !== Ev.EventBatch) {
        // Nothing belongs to an experimental batch or an end-of-generation;
        // events after one go to a headerless group.
        close(cur.pos);
        header = null;
      }
    } else {
      if (!skipEvent(cur, specs)) { cur.pos = start; break; }
      if (!open) {
        header = null;
        open = true;
        payloadStart = start;
      }
    }
    end = cur.pos;
  }
  close(end);
  return { version, header: bytes.slice(0, headerLen), batches, tail: bytes.slice(end) };
}

/** Advances over one event without building it; false when it does not frame. */
function skipEvent(cur: ByteCursor, specs: Specs): boolean {
  try {
    const type = cur.byte();
    const spec = type === 0 ? undefined : specs[type];
    if (!spec) return false;
    let nframes = 0;
    for (let i = 0; i < spec.args.length; i++) {
      const v = cur.uvarint();
      if (spec.isStack && i === 1) {
        const n = u64ToSafeNumber(v);
        if (n === undefined || n * 4 > cur.remaining) return false;
        nframes = n;
      }
    }
    for (let i = 0; i < nframes * 4; i++) cur.uvarint();
    if (spec.hasData) {
      const len = u64ToSafeNumber(cur.uvarint());
      if (len === undefined || len > cur.remaining) return false;
      cur.pos += len;
    }
    return true;
  } catch {
    return false;
  }
}

function readEvent(cur: ByteCursor, specs: Specs): SkelEvent | null {
  try {
    const type = cur.byte();
    const spec = type === 0 ? undefined : specs[type];
    if (!spec) return null;
    const args: U64[] = [];
    for (let i = 0; i < spec.args.length; i++) args.push(cur.uvarint());
    if (spec.isStack) {
      const n = u64ToSafeNumber(args[1]);
      // Each frame takes at least four bytes: refuse a count the input cannot hold.
      if (n === undefined || n * 4 > cur.remaining) return null;
      for (let i = 0; i < n * 4; i++) args.push(cur.uvarint());
    }
    let data: Uint8Array | undefined;
    if (spec.hasData) {
      const len = u64ToSafeNumber(cur.uvarint());
      if (len === undefined || len > cur.remaining) return null;
      data = cur.bytes(len);
    }
    const ev: SkelEvent = { type, args, data, bytes: new Uint8Array(0) };
    ev.bytes = encodeEvent(ev);
    return ev;
  } catch {
    return null;
  }
}

function encodeEvent(ev: { type: number; args: readonly U64[]; data?: Uint8Array }): Uint8Array {
  const w = new ByteWriter(16 + (ev.data?.length ?? 0));
  writeEvent(w, ev.type, ev.args, ev.args.length, ev.data);
  return w.bytes();
}

/** Makes an event with new arguments or data, re-encoding it. */
export function withArgs(ev: SkelEvent, args: U64[], data = ev.data): SkelEvent {
  const next: SkelEvent = { type: ev.type, args, data, bytes: new Uint8Array(0) };
  next.bytes = encodeEvent(next);
  return next;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

/** The arguments of a batch's header, with an EventBatch size re-derived from its payload. */
export function batchHeaderArgs(batch: SkelBatch): U64[] {
  const h = batch.header;
  if (!h) return [];
  if (h.type !== Ev.EventBatch) return h.args;
  return [h.args[0], h.args[1], h.args[2], Math.max(0, batch.payloadLength + batch.sizeDelta)];
}

/** The header event of a batch with its size re-encoded for its payload. */
function batchHeaderBytes(batch: SkelBatch): Uint8Array {
  const h = batch.header;
  if (!h) return new Uint8Array(0);
  if (h.type !== Ev.EventBatch) return h.bytes;
  return encodeEvent({ type: h.type, args: batchHeaderArgs(batch) });
}

export function encodeSkeleton(s: Skeleton): Uint8Array {
  const parts: Uint8Array[] = [s.header];
  for (const b of s.batches) parts.push(batchHeaderBytes(b), b.payload);
  parts.push(s.tail);
  return concat(parts);
}

/**
 * Why the skeleton has no text form (Go's text format, which a `.test` case
 * needs), or null when it has one: it must frame completely as raw events, and
 * no event with trailing data may have empty data (Go's text writer prints no
 * data line for it, so its text reader could not read it back).
 */
export function textFormProblem(s: Skeleton): string | null {
  if (s.tail.length > 0) return `${s.tail.length} trailing bytes do not frame as events`;
  const specs = specsFor(s.version);
  for (const b of s.batches) {
    for (const ev of b.header ? [b.header, ...b.events] : b.events) {
      if (specs[ev.type]?.hasData && (ev.data === undefined || ev.data.length === 0)) {
        return `a ${specs[ev.type]!.name} event with empty data`;
      }
    }
  }
  return null;
}

/** Batches grouped by generation (the gen argument); end-of-generation belongs to the generation before it. */
export function generationRuns(s: Skeleton): SkelBatch[][] {
  const runs: SkelBatch[][] = [];
  let key: string | null = null;
  for (const b of s.batches) {
    const k: string | null = b.header && b.header.type === Ev.EventBatch ? String(b.header.args[0])
      : b.header && b.header.type === Ev.ExperimentalBatch ? String(b.header.args[1])
      : key;
    if (runs.length === 0 || k !== key) runs.push([]);
    runs[runs.length - 1].push(b);
    key = k;
  }
  return runs;
}
