// The shape of a trace as the minimizer sees it: the header, then batches
// (a batch header event and the events that follow it, in the raw reader's
// flat view), grouped into generations. Every event keeps its encoded bytes so
// a candidate trace is a concatenation, and batch sizes are re-encoded from
// the kept events. Bytes that do not frame as raw events (a bad type byte, a
// truncated event) are kept verbatim as the tail.
import { readHeader, Version } from '../trace/version';
import { specsFor, Ev } from '../trace/spec';
import { ByteCursor, ByteWriter } from '../trace/uvarint';
import { U64, u64ToSafeNumber } from '../trace/u64';

export interface SkelEvent {
  type: number;
  args: U64[];
  data?: Uint8Array;
  /** Minimal encoding of this event. */
  bytes: Uint8Array;
}

export interface SkelBatch {
  /** EventBatch, ExperimentalBatch or EndOfGeneration; null for events before the first batch header. */
  header: SkelEvent | null;
  events: SkelEvent[];
  /**
   * Declared size minus the bytes of the events that follow, as found in the
   * input. Kept constant as events are removed so a deliberately wrong size
   * stays wrong by the same amount.
   */
  sizeDelta: number;
}

export interface Skeleton {
  version: Version;
  header: Uint8Array;
  batches: SkelBatch[];
  tail: Uint8Array;
}

type Specs = ReturnType<typeof specsFor>;

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
  let open: { batch: SkelBatch; payloadStart: number; declared: number } | null = null;
  const close = (at: number) => {
    if (open) open.batch.sizeDelta = open.declared - (at - open.payloadStart);
    open = null;
  };
  let tailStart = cur.pos;
  while (!cur.atEnd()) {
    const start = cur.pos;
    const ev = readEvent(cur, specs, version);
    if (!ev) { cur.pos = start; break; }
    if (ev.type === Ev.EventBatch || ev.type === Ev.ExperimentalBatch || ev.type === Ev.EndOfGeneration) {
      close(start);
      const batch: SkelBatch = { header: ev, events: [], sizeDelta: 0 };
      batches.push(batch);
      if (ev.type === Ev.EventBatch) {
        const declared = u64ToSafeNumber(ev.args[3]);
        open = { batch, payloadStart: cur.pos, declared: declared ?? Number.MAX_SAFE_INTEGER };
      }
    } else {
      const last = batches[batches.length - 1];
      // Events before any batch, or after an experimental batch or an
      // end-of-generation, belong to no batch: keep them in a headerless group.
      if (!last || (last.header !== null && last.header.type !== Ev.EventBatch)) {
        batches.push({ header: null, events: [], sizeDelta: 0 });
      }
      batches[batches.length - 1].events.push(ev);
    }
    tailStart = cur.pos;
  }
  close(tailStart);
  return { version, header: bytes.slice(0, headerLen), batches, tail: bytes.slice(tailStart) };
}

function readEvent(cur: ByteCursor, specs: Specs, version: Version): SkelEvent | null {
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
    ev.bytes = encodeEvent(ev, version);
    return ev;
  } catch {
    return null;
  }
}

export function encodeEvent(ev: { type: number; args: readonly U64[]; data?: Uint8Array }, _version?: Version): Uint8Array {
  const w = new ByteWriter(16 + (ev.data?.length ?? 0));
  w.byte(ev.type);
  for (const a of ev.args) w.uvarint(a);
  if (ev.data !== undefined) {
    w.uvarint(ev.data.length);
    w.raw(ev.data);
  }
  return w.bytes();
}

/** Makes an event with new arguments or data, re-encoding it. */
export function withArgs(ev: SkelEvent, args: U64[], data = ev.data): SkelEvent {
  const next: SkelEvent = { type: ev.type, args, data, bytes: new Uint8Array(0) };
  next.bytes = encodeEvent(next);
  return next;
}

function payloadLength(events: readonly SkelEvent[]): number {
  let n = 0;
  for (const e of events) n += e.bytes.length;
  return n;
}

/** The arguments of a batch's header, with an EventBatch size re-derived from its events. */
export function batchHeaderArgs(batch: SkelBatch): U64[] {
  const h = batch.header;
  if (!h) return [];
  if (h.type !== Ev.EventBatch) return h.args;
  return [h.args[0], h.args[1], h.args[2], Math.max(0, payloadLength(batch.events) + batch.sizeDelta)];
}

/** The header event of a batch with its size re-encoded for the given events. */
export function batchHeaderBytes(batch: SkelBatch): Uint8Array {
  const h = batch.header;
  if (!h) return new Uint8Array(0);
  if (h.type !== Ev.EventBatch) return h.bytes;
  return encodeEvent({ type: h.type, args: batchHeaderArgs(batch) });
}

export function encodeSkeleton(s: Skeleton): Uint8Array {
  let total = s.header.length + s.tail.length;
  const headers: Uint8Array[] = [];
  for (const b of s.batches) {
    const hb = batchHeaderBytes(b);
    headers.push(hb);
    total += hb.length + payloadLength(b.events);
  }
  const out = new Uint8Array(total);
  let p = 0;
  out.set(s.header, p); p += s.header.length;
  s.batches.forEach((b, i) => {
    out.set(headers[i], p); p += headers[i].length;
    for (const e of b.events) { out.set(e.bytes, p); p += e.bytes.length; }
  });
  out.set(s.tail, p);
  return out;
}

/** Generation key of a batch (its gen argument); end-of-generation belongs to the generation before it. */
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
