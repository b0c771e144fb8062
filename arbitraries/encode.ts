// Plan → bytes, keeping a map of where every batch and every header field
// landed, so that byte-level corruptions can aim at "the size field of the
// first batch of generation 3" rather than at a random offset.
import { Ev } from '../src/trace/spec';
import { writeHeader } from '../src/trace/version';
import { writeUvarint } from '../src/trace/uvarint';
import type { U64 } from '../src/trace/u64';
import type { TracePlan, PlannedBatch, PlannedEvent } from './plan';

export interface BatchLayout {
  /** Index into plan.generations. */
  genIndex: number;
  /** Index into that generation's batches. */
  batchIndex: number;
  kind: PlannedBatch['kind'];
  start: number;
  /** Field offsets [start, end) within the header; absent for the one-byte end-of-generation batch. */
  genField?: [number, number];
  sizeField?: [number, number];
  payloadStart: number;
  end: number;
}

export interface EncodedTrace {
  bytes: Uint8Array;
  batches: BatchLayout[];
  /** Offset where the trailer (bytes after the last generation) starts. */
  trailerStart: number;
}

/** 11 bytes that Go's uvarint decoder rejects as overflowing 64 bits. */
export const OVERLONG_UVARINT: readonly number[] = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];

function writeEvent(out: number[], e: PlannedEvent): void {
  out.push(e.type);
  e.args.forEach((a, i) => {
    if (e.overlongArg === i) out.push(...OVERLONG_UVARINT);
    else writeUvarint(out, a);
  });
  if (e.data) {
    writeUvarint(out, e.data.length);
    for (const b of e.data) out.push(b);
  }
  if (e.frames) {
    for (const f of e.frames) {
      writeUvarint(out, f.pc);
      writeUvarint(out, f.func);
      writeUvarint(out, f.file);
      writeUvarint(out, f.line);
    }
  }
}

/** Payload bytes of a batch. */
export function batchPayload(b: PlannedBatch): number[] {
  const out: number[] = [];
  if (b.payload) for (const x of b.payload) out.push(x);
  for (const e of b.events) writeEvent(out, e);
  return out;
}

export interface EncodeOptions {
  /** Override the size written in a batch header (by layout position), e.g. to lie about it. */
  sizeOverride?: (genIndex: number, batchIndex: number, actual: number) => U64;
}

export function encodePlan(plan: TracePlan, opts: EncodeOptions = {}): EncodedTrace {
  const out: number[] = Array.from(writeHeader(plan.version));
  const layout: BatchLayout[] = [];
  plan.generations.forEach((g, gi) => {
    g.batches.forEach((b, bi) => {
      const start = out.length;
      if (b.kind === 'end') {
        out.push(Ev.EndOfGeneration);
        layout.push({ genIndex: gi, batchIndex: bi, kind: b.kind, start, payloadStart: out.length, end: out.length });
        return;
      }
      const payload = batchPayload(b);
      if (b.kind === 'experimental') {
        out.push(Ev.ExperimentalBatch, b.exp ?? 0);
      } else {
        out.push(Ev.EventBatch);
      }
      const g0 = out.length;
      writeUvarint(out, b.gen);
      const g1 = out.length;
      writeUvarint(out, b.m);
      writeUvarint(out, b.time);
      const s0 = out.length;
      writeUvarint(out, opts.sizeOverride ? opts.sizeOverride(gi, bi, payload.length) : payload.length);
      const s1 = out.length;
      for (const x of payload) out.push(x);
      layout.push({ genIndex: gi, batchIndex: bi, kind: b.kind, start, genField: [g0, g1], sizeField: [s0, s1], payloadStart: s1, end: out.length });
    });
  });
  const trailerStart = out.length;
  if (plan.trailer) for (const x of plan.trailer) out.push(x);
  return { bytes: Uint8Array.from(out), batches: layout, trailerStart };
}
