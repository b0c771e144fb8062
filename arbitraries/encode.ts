// Plan → bytes through TraceWriter, keeping its map of where every batch and
// header field landed (with the plan position of each batch), so that
// byte-level corruptions can aim at "the size field of the first batch of
// generation 3" rather than at a random offset. Events are encoded here, not
// as RawEvents, because a plan may hold what no valid event can: an overlong
// argument, more arguments than the spec, data on any event.
import { TraceWriter, BatchSpan } from '../src/trace/traceWriter';
import { ByteWriter } from '../src/trace/uvarint';
import { OVERLONG_UVARINT, writeEvent } from '../src/trace/rawWriter';
import type { U64 } from '../src/trace/u64';
import type { TracePlan, PlannedBatch } from './plan';

export interface BatchLayout extends BatchSpan {
  /** Index into plan.generations. */
  genIndex: number;
  /** Index into that generation's batches. */
  batchIndex: number;
  kind: PlannedBatch['kind'];
}

export interface EncodedTrace {
  bytes: Uint8Array;
  batches: BatchLayout[];
  /** Offset where the trailer (bytes after the last generation) starts. */
  trailerStart: number;
}

export { OVERLONG_UVARINT };

/** Payload bytes of a batch: its raw payload, then its events (a stack's frames follow its arguments). */
function batchPayload(b: PlannedBatch): Uint8Array {
  const out = new ByteWriter(256);
  if (b.payload) out.raw(b.payload);
  for (const e of b.events) {
    const args = e.frames ? [...e.args, ...e.frames.flatMap((f) => [f.pc, f.func, f.file, f.line])] : e.args;
    writeEvent(out, e.type, args, args.length, e.data, e.overlongArg);
  }
  return out.bytes();
}

export interface EncodeOptions {
  /** Override the size written in a batch header (by layout position), e.g. to lie about it. */
  sizeOverride?: (genIndex: number, batchIndex: number, actual: number) => U64;
}

export function encodePlan(plan: TracePlan, opts: EncodeOptions = {}): EncodedTrace {
  const w = new TraceWriter(plan.version, { layout: true });
  const where: { genIndex: number; batchIndex: number; kind: PlannedBatch['kind'] }[] = [];
  plan.generations.forEach((g, gi) => {
    g.batches.forEach((b, bi) => {
      where.push({ genIndex: gi, batchIndex: bi, kind: b.kind });
      if (b.kind === 'end') {
        w.endOfGeneration();
        return;
      }
      const payload = batchPayload(b);
      const size = opts.sizeOverride ? { size: opts.sizeOverride(gi, bi, payload.length) } : {};
      if (b.kind === 'experimental') w.experimentalBatch(b.exp ?? 0, b.gen, b.m, b.time, payload, size);
      else w.batchBytes(b.gen, b.m, b.time, payload, size);
    });
  });
  const trailerStart = w.length;
  if (plan.trailer) w.rawBytes(plan.trailer);
  // Built field by field: spreading two differently shaped objects is slow on this hot path.
  const batches = w.layout.map((s, i): BatchLayout => {
    const { genIndex, batchIndex, kind } = where[i];
    const { type, start, payloadStart, end } = s;
    if (s.genField === undefined) return { genIndex, batchIndex, kind, type, start, payloadStart, end };
    return { genIndex, batchIndex, kind, type, start, genField: s.genField, mField: s.mField, timeField: s.timeField, sizeField: s.sizeField, payloadStart, end };
  });
  return { bytes: w.bytes(), batches, trailerStart };
}
