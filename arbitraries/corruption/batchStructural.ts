// Batch-structural corruptions: the bytes of a batch no longer frame it
// correctly. Every one must end the stream with an error (P3), after every
// generation before the damaged one (P1).
import fc from 'fast-check';
import { MAX_BATCH_SIZE } from '../../src/trace/spec';
import { readUvarint } from '../../src/trace/uvarint';
import { U64, U64_MAX, u64ToString } from '../../src/trace/u64';
import { encodePlan, OVERLONG_UVARINT, BatchLayout } from '../encode';
import { Operator, TraceUnderTest, CorruptionResult, gensWhere, pickArb, clonePlan, fromPlan } from './operator';

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
];
