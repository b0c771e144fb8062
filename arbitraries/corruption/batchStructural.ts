// Batch-structural corruptions: the bytes of a batch no longer frame it
// correctly. Every one must end the stream with an error (P3), after every
// generation before the damaged one (P1).
import fc from 'fast-check';
import { MAX_BATCH_SIZE } from '../../src/trace/spec';
import { readUvarint } from '../../src/trace/uvarint';
import { U64, U64_MAX, u64ToString } from '../../src/trace/u64';
import { encodePlan, OVERLONG_UVARINT, BatchLayout } from '../encode';
import { specsFor } from '../../src/trace/spec';
import { CURRENT_VERSION, HEADER_LENGTH, LEGACY_VERSIONS, writeHeader } from '../../src/trace/version';
import { legacyTraceBytes, V1_UNCONVERTED_TYPE } from '../legacyTrace';
import { Operator, TraceUnderTest, CorruptionResult, batchesOf, freshThread, gensWhere, pickArb, clonePlan, fromPlan } from './operator';

/**
 * Whether a read error in this batch is what the reader reports. Before go1.26
 * an error in the middle of a generation only ends that generation's reading;
 * its validation (e.g. "no frequency event found") may then fail first.
 */
function readErrorIsReported(t: TraceUnderTest, l: BatchLayout): boolean {
  return t.version >= 26 || l.batchIndex === 0;
}

function layoutsIn(t: TraceUnderTest, minGen: number, pred: (l: BatchLayout) => boolean): BatchLayout[] {
  return t.encoded.batches.filter((l) => l.genIndex + 1 >= minGen && pred(l));
}

function truncateArb(name: string, t: TraceUnderTest, targets: BatchLayout[], cutAt?: (l: BatchLayout) => number): fc.Arbitrary<CorruptionResult> | null {
  if (targets.length === 0) return null;
  return fc.tuple(pickArb(targets), fc.nat()).map(([l, off]) => {
    const cut = cutAt ? cutAt(l) : l.start + 1 + (off % (l.end - l.start - 1));
    // From go1.26 the quirk needs a generation with no per-M batch read yet (Go then takes EOF for the end).
    const noEventsYet = !t.plan.generations[l.genIndex].batches.slice(0, l.batchIndex).some((b) => b.kind === 'events');
    const eofQuirk = l.kind === 'experimental' && cut === l.start + 1 && (t.version < 26 || noEventsYet);
    return {
      knownGoIssue: eofQuirk ? ('go-eof-after-experimental-batch-byte' as const) : undefined,
      op: name,
      class: 'batch-structural' as const,
      gen: l.genIndex + 1,
      expect: 'error' as const,
      detail: `cut the trace at byte ${cut}, inside batch ${l.batchIndex} (${l.kind}) of generation ${l.genIndex + 1} [${l.start}, ${l.end})`,
      plan: t.plan,
      bytes: t.encoded.bytes.slice(0, cut),
    };
  });
}

export const truncateInsideBatch: Operator = {
  name: 'truncate-inside-batch',
  class: 'batch-structural',
  planLevel: false,
  arb: (t, minGen) => truncateArb('truncate-inside-batch', t, layoutsIn(t, minGen, (l) => l.end - l.start >= 2)),
};

/** An experimental batch cut right after its type byte, before the experiment's byte. */
export const truncateAfterExperimentalBatchByte: Operator = {
  name: 'truncate-after-experimental-batch-byte',
  class: 'batch-structural',
  planLevel: false,
  arb: (t, minGen) => truncateArb('truncate-after-experimental-batch-byte', t, layoutsIn(t, minGen, (l) => l.kind === 'experimental' && l.end - l.start >= 2), (l) => l.start + 1),
};

/** The file header broken: its magic, its version (one no reader knows), or cut short. */
export const badFileHeader: Operator = {
  name: 'bad-file-header',
  class: 'batch-structural',
  planLevel: false,
  arb: (t, minGen) =>
    minGen > 1
      ? null
      : fc.nat({ max: 2 }).map((how) => {
        const bytes = t.encoded.bytes.slice();
        let detail: string;
        if (how === 0) {
          bytes[0] = 0x47; // 'G'
          detail = 'the header does not start with "go 1."';
        } else if (how === 1) {
          bytes.set(new TextEncoder().encode('24'), 5); // go 1.24 writes the go 1.23 format: no reader knows "go 1.24 trace"
          detail = 'the header names trace version go 1.24, which no release writes';
        } else {
          detail = 'the trace ends inside its header';
        }
        return {
          op: 'bad-file-header',
          class: 'batch-structural' as const,
          gen: 1,
          expect: 'error' as const,
          detail,
          plan: t.plan,
          bytes: how === 2 ? bytes.slice(0, 9) : bytes,
        };
      }),
};

/** Go issue #55160's shape: the first batch of the next generation is broken. */
export const truncateSpilledBatch: Operator = {
  name: 'truncate-first-batch-of-next-generation',
  class: 'batch-structural',
  planLevel: false,
  arb: (t, minGen) => truncateArb('truncate-first-batch-of-next-generation', t, layoutsIn(t, Math.max(2, minGen), (l) => l.batchIndex === 0 && l.end - l.start >= 2)),
};

function withSize(t: TraceUnderTest, l: BatchLayout, size: (actual: number, totalLen: number) => U64) {
  const total = t.encoded.bytes.length;
  return encodePlan(t.plan, { sizeOverride: (gi, bi, actual) => (gi === l.genIndex && bi === l.batchIndex ? size(actual, total) : actual) });
}

export const sizeBeyondInput: Operator = {
  name: 'size-beyond-input',
  class: 'batch-structural',
  planLevel: false,
  arb: (t, minGen) => {
    const targets = layoutsIn(t, minGen, (l) => l.sizeField !== undefined);
    if (targets.length === 0) return null;
    return fc.tuple(pickArb(targets), fc.nat({ max: 1000 })).map(([l, d]) => {
      const enc = withSize(t, l, (_a, total) => total + 16 + d);
      const nl = enc.batches.find((x) => x.genIndex === l.genIndex && x.batchIndex === l.batchIndex)!;
      const size = Number(readUvarint(enc.bytes, nl.sizeField![0]).value);
      const remaining = enc.bytes.length - nl.payloadStart;
      return {
        op: 'size-beyond-input',
        class: 'batch-structural' as const,
        gen: l.genIndex + 1,
        expect: 'error' as const,
        expectedError: !readErrorIsReported(t, l)
          ? undefined
          : size > MAX_BATCH_SIZE
            ? `invalid batch size ${size}, maximum is ${MAX_BATCH_SIZE}`
            : `failed to read full batch: read ${remaining} but wanted ${size}`,
        detail: `batch ${l.batchIndex} (${l.kind}) of generation ${l.genIndex + 1} claims ${size} bytes; ${remaining} follow`,
        plan: t.plan,
        bytes: enc.bytes,
      };
    });
  },
};

export const sizeOverMaximum: Operator = {
  name: 'size-over-maximum',
  class: 'batch-structural',
  planLevel: false,
  arb: (t, minGen) => {
    const targets = layoutsIn(t, minGen, (l) => l.sizeField !== undefined);
    if (targets.length === 0) return null;
    const over = fc.oneof(
      { weight: 3, arbitrary: fc.constant<U64>(MAX_BATCH_SIZE + 1) },
      { weight: 2, arbitrary: fc.integer({ min: MAX_BATCH_SIZE + 2, max: 1 << 30 }).map((x): U64 => x) },
      { weight: 1, arbitrary: fc.constant<U64>(U64_MAX) },
    );
    // Mostly where the size error is the one reported, so that an off-by-one in the limit shows as a wrong outcome.
    const reported = targets.filter((l) => readErrorIsReported(t, l));
    const where = reported.length > 0 ? fc.oneof({ weight: 3, arbitrary: pickArb(reported) }, { weight: 1, arbitrary: pickArb(targets) }) : pickArb(targets);
    return fc.tuple(where, over).map(([l, size]) => ({
      op: 'size-over-maximum',
      class: 'batch-structural' as const,
      gen: l.genIndex + 1,
      expect: 'error' as const,
      expectedError: readErrorIsReported(t, l) ? `invalid batch size ${u64ToString(size)}, maximum is ${MAX_BATCH_SIZE}` : undefined,
      detail: `batch ${l.batchIndex} (${l.kind}) of generation ${l.genIndex + 1} claims ${u64ToString(size)} bytes`,
      plan: t.plan,
      bytes: withSize(t, l, () => size).bytes,
    }));
  },
};

const NOT_BATCH_BYTES = Array.from({ length: 256 }, (_, i) => i).filter((b) => b !== 1 && b !== 49 && b !== 52);

export const badBatchHeaderByte: Operator = {
  name: 'bad-batch-header-byte',
  class: 'batch-structural',
  planLevel: false,
  arb: (t, minGen) => {
    const targets = layoutsIn(t, minGen, () => true);
    if (targets.length === 0) return null;
    return fc.tuple(pickArb(targets), pickArb(NOT_BATCH_BYTES)).map(([l, b]) => {
      const bytes = t.encoded.bytes.slice();
      bytes[l.start] = b;
      return {
        op: 'bad-batch-header-byte',
        class: 'batch-structural' as const,
        gen: l.genIndex + 1,
        expect: 'error' as const,
        expectedError: readErrorIsReported(t, l) ? `expected batch event, got event ${b}` : undefined,
        detail: `first byte of batch ${l.batchIndex} (${l.kind}) of generation ${l.genIndex + 1} at offset ${l.start} set to ${b}`,
        plan: t.plan,
        bytes,
      };
    });
  },
};

const HEADER_FIELDS = ['gen', 'M ID', 'timestamp', 'size'] as const;

export const overlongHeaderUvarint: Operator = {
  name: 'overlong-header-uvarint',
  class: 'batch-structural',
  planLevel: false,
  arb: (t, minGen) => {
    const targets = layoutsIn(t, minGen, (l) => l.genField !== undefined);
    if (targets.length === 0) return null;
    return fc.tuple(pickArb(targets), fc.nat({ max: 3 })).map(([l, field]) => {
      const src = t.encoded.bytes;
      // Replace one of the four header uvarints with an overlong one.
      const [s0, s1] = [l.genField!, l.mField!, l.timeField!, l.sizeField!][field];
      const out = [...src.slice(0, s0), ...OVERLONG_UVARINT, ...src.slice(s1)];
      return {
        op: 'overlong-header-uvarint',
        class: 'batch-structural' as const,
        gen: l.genIndex + 1,
        expect: 'error' as const,
        expectedError: readErrorIsReported(t, l) ? `error reading batch ${HEADER_FIELDS[field]}: binary: varint overflows a 64-bit integer` : undefined,
        detail: `batch ${l.batchIndex} (${l.kind}) of generation ${l.genIndex + 1}: header field "${HEADER_FIELDS[field]}" written as an overflowing uvarint`,
        plan: t.plan,
        bytes: Uint8Array.from(out),
      };
    });
  },
};

export const overlongEventUvarint: Operator = {
  name: 'overlong-event-uvarint',
  class: 'batch-structural',
  planLevel: true,
  arb: (t, minGen) => {
    const targets: { gen: number; bi: number; ei: number; nargs: number }[] = [];
    for (const g of gensWhere(t, minGen, () => true)) {
      t.plan.generations[g - 1].batches.forEach((b, bi) => {
        b.events.forEach((e, ei) => {
          if (e.args.length > 0) targets.push({ gen: g, bi, ei, nargs: e.args.length });
        });
      });
    }
    if (targets.length === 0) return null;
    return fc.tuple(pickArb(targets), fc.nat()).map(([x, a]) => {
      const plan = clonePlan(t.plan);
      const b = plan.generations[x.gen - 1].batches[x.bi];
      b.events[x.ei].overlongArg = a % x.nargs;
      return fromPlan(t, plan, {
        op: 'overlong-event-uvarint',
        class: 'batch-structural',
        gen: x.gen,
        expect: 'error',
        detail: `generation ${x.gen}, batch ${x.bi} (${b.kind}), event ${x.ei}: argument ${a % x.nargs} written as an overflowing uvarint`,
      });
    });
  },
};

export const garbageAfterLastBatch: Operator = {
  name: 'garbage-after-last-batch',
  class: 'batch-structural',
  planLevel: true,
  arb: (t, minGen) =>
    minGen > t.plan.generations.length + 1 || t.plan.trailer !== undefined
      ? null
      : fc.tuple(pickArb(NOT_BATCH_BYTES), fc.uint8Array({ maxLength: 16 })).map(([first, rest]) => {
      const plan = clonePlan(t.plan);
      plan.trailer = Uint8Array.from([first, ...rest]);
      return fromPlan(t, plan, {
        op: 'garbage-after-last-batch',
        class: 'batch-structural',
        gen: t.plan.generations.length + 1,
        expect: 'error',
        expectedError: `expected batch event, got event ${first}`,
        detail: `${1 + rest.length} byte(s) of garbage after the last batch, starting with ${first}`,
      });
    }),
};


/** The first byte no event type of Go's table has (the table is the same for every version). */
export const FIRST_TYPE_BEYOND_TABLE = specsFor(CURRENT_VERSION).length;

/**
 * An event whose type byte lies beyond Go's event table: the batch still
 * frames, and the reader fails when its cursor reaches that event, after the
 * events it read before it.
 */
export const eventTypeBeyondTable: Operator = {
  name: 'event-type-beyond-table',
  class: 'batch-structural',
  planLevel: true,
  arb: (t, minGen) => {
    const targets: { gen: number; bi: number; ei: number }[] = [];
    for (const g of gensWhere(t, minGen, () => true)) {
      t.plan.generations[g - 1].batches.forEach((b, bi) => {
        if (b.kind === 'events') b.events.forEach((_e, ei) => targets.push({ gen: g, bi, ei }));
      });
    }
    if (targets.length === 0) return null;
    return fc.tuple(pickArb(targets), fc.integer({ min: FIRST_TYPE_BEYOND_TABLE, max: 255 })).map(([x, typ]) => {
      const plan = clonePlan(t.plan);
      const b = plan.generations[x.gen - 1].batches[x.bi];
      const was = b.events[x.ei].type;
      b.events[x.ei].type = typ;
      return fromPlan(t, plan, {
        op: 'event-type-beyond-table',
        class: 'batch-structural',
        gen: x.gen,
        expect: 'error',
        expectedError: `found invalid event type: ${typ}`,
        detail: `generation ${x.gen}, batch ${x.bi} (thread ${String(b.m)}), event ${x.ei}: type byte ${was} replaced by ${typ}, beyond the table's ${FIRST_TYPE_BEYOND_TABLE} types`,
      });
    });
  },
};

/**
 * An events batch with no event, for a thread that has no other batch in its
 * generation (the runtime can flush an empty buffer): the reader finds the
 * thread has nothing to read and goes on. The trace stays valid, with the
 * same events; the batch's time is one the generation already has, so the
 * generation's first time (its Sync) does not move.
 */
export const emptyBatch: Operator = {
  name: 'empty-batch',
  class: 'batch-structural',
  planLevel: true,
  arb: (t, minGen) => {
    const gens = gensWhere(t, minGen, (g) => batchesOf(t.plan, g, ['events']).length > 0);
    if (gens.length === 0) return null;
    return fc.tuple(pickArb(gens), fc.nat(), fc.nat(), fc.nat({ max: 1000 })).map(([g, at, from, dm]) => {
      const plan = clonePlan(t.plan);
      const gen = plan.generations[g - 1];
      const events = batchesOf(plan, g, ['events']);
      const like = events[from % events.length].b;
      const m = freshThread(plan) + dm;
      // Anywhere before the end-of-generation batch.
      const slots = gen.batches.filter((b) => b.kind !== 'end').length + 1;
      const i = at % slots;
      gen.batches.splice(i, 0, { kind: 'events', gen: like.gen, m, time: like.time, events: [] });
      return fromPlan(t, plan, {
        op: 'empty-batch',
        class: 'batch-structural',
        gen: g,
        expect: 'any',
        detail: `generation ${g}: an events batch without events for thread ${m} inserted at position ${i}`,
      });
    });
  },
};

/**
 * The pre-go1.22 format (go 1.11, 1.19, 1.21 headers), which Go's reader
 * converts with a parser of its own: either the old header on this trace's
 * body, which that parser rejects (the first batch byte reads as an old batch
 * event with the wrong argument count), or the trace replaced by a small
 * trace in the old format (legacyTrace.ts), which Go reads — or, ending with
 * an event its converter does not know, rejects after the events before it.
 * The TS reader does not read the old format and says so; readers are judged
 * only on the versions they read (P7 leaves out a reader that does not read
 * this one), so the cases name no error text: only Go's readers owe one
 * (V1_ERRORS).
 */
/** What Go's reader says on each form of legacy-format's cases. */
export const V1_ERRORS = {
  v2Body: 'EvBatch has wrong number of arguments: got 1, want 2',
  unconverted: `unexpected event type ${V1_UNCONVERTED_TYPE}`,
} as const;

export const legacyFormat: Operator = {
  name: 'legacy-format',
  class: 'batch-structural',
  planLevel: false,
  arb: (t, minGen) => {
    if (minGen > 1) return null;
    const onBody = pickArb(LEGACY_VERSIONS).map((v): CorruptionResult => ({
      op: 'legacy-format',
      class: 'batch-structural',
      gen: 1,
      expect: 'error',
      detail: `the header names trace version go 1.${v} (the pre-go1.22 format) on the go1.${t.version} body`,
      plan: t.plan,
      bytes: Uint8Array.from([...writeHeader(v), ...t.encoded.bytes.subarray(HEADER_LENGTH)]),
    }));
    const shape = fc.record({
      version: fc.constantFrom(...LEGACY_VERSIONS),
      freq: fc.integer({ min: 1, max: 4_000_000_000 }),
      gomaxprocs: fc.integer({ min: 1, max: 256 }),
      thread: fc.nat({ max: 1 << 20 }),
      metrics: fc.array(fc.tuple(fc.nat({ max: 1 << 30 }), fc.boolean()), { maxLength: 4 }),
      unconverted: fc.boolean(),
    });
    const small = shape.map((s): CorruptionResult => ({
      op: 'legacy-format',
      class: 'batch-structural',
      gen: 1,
      expect: s.unconverted ? 'error' : 'any',
      detail: `replaced by a go 1.${s.version} (pre-go1.22) trace of one proc with ${s.metrics.length} heap metric(s)${s.unconverted ? ', ending with an event the converter does not know' : ''}`,
      plan: t.plan,
      bytes: legacyTraceBytes(s),
    }));
    return fc.oneof(onBody, small);
  },
};

export const BATCH_STRUCTURAL: readonly Operator[] = [
  truncateInsideBatch,
  truncateSpilledBatch,
  sizeBeyondInput,
  sizeOverMaximum,
  badBatchHeaderByte,
  overlongHeaderUvarint,
  overlongEventUvarint,
  garbageAfterLastBatch,
  truncateAfterExperimentalBatchByte,
  badFileHeader,
  eventTypeBeyondTable,
  emptyBatch,
  legacyFormat,
];
