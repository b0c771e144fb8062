// Noise: random byte flips and splices. Nothing is known about the outcome
// except what holds for any input at all: no crash or hang (P4), determinism
// (P5) and agreement with Go's reader (P7).
import fc from 'fast-check';
import { HEADER_LENGTH } from '../../src/trace/version';
import { Operator, TraceUnderTest, CorruptionResult } from './operator';

function genAt(t: TraceUnderTest, offset: number): number {
  const l = t.encoded.batches.find((b) => offset >= b.start && offset < b.end);
  return l ? l.genIndex + 1 : t.plan.generations.length + 1;
}

export const byteFlips: Operator = {
  name: 'noise:byte-flips',
  class: 'noise',
  planLevel: false,
  arb: (t) => {
    const n = t.encoded.bytes.length;
    return fc.array(fc.tuple(fc.nat({ max: n - 1 }), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }).map((flips): CorruptionResult => {
      const bytes = t.encoded.bytes.slice();
      // Mostly past the header, which would otherwise dominate the outcomes.
      for (const [o, x] of flips) bytes[o < HEADER_LENGTH && n > HEADER_LENGTH ? HEADER_LENGTH + (o % (n - HEADER_LENGTH)) : o] ^= x;
      const first = Math.min(...flips.map(([o]) => o));
      return {
        op: 'noise:byte-flips',
        class: 'noise',
        gen: genAt(t, first),
        expect: 'any',
        detail: `xor ${flips.map(([o, x]) => `@${o}^0x${x.toString(16)}`).join(' ')}`,
        plan: t.plan,
        bytes,
      };
    });
  },
};

export const splice: Operator = {
  name: 'noise:splice',
  class: 'noise',
  planLevel: false,
  arb: (t) => {
    const n = t.encoded.bytes.length;
    return fc
      .tuple(fc.constantFrom('delete', 'duplicate', 'insert' as const), fc.nat({ max: n }), fc.nat({ max: 64 }), fc.nat({ max: n }), fc.uint8Array({ minLength: 1, maxLength: 16 }))
      .map(([kind, at, len, from, ins]): CorruptionResult => {
        const src = t.encoded.bytes;
        const start = Math.max(HEADER_LENGTH, Math.min(at, n));
        let bytes: Uint8Array;
        let detail: string;
        if (kind === 'delete') {
          const end = Math.min(n, start + 1 + len);
          bytes = Uint8Array.from([...src.slice(0, start), ...src.slice(end)]);
          detail = `deleted bytes [${start}, ${end})`;
        } else if (kind === 'duplicate') {
          const f = Math.min(from, n - 1);
          const piece = src.slice(f, Math.min(n, f + 1 + len));
          bytes = Uint8Array.from([...src.slice(0, start), ...piece, ...src.slice(start)]);
          detail = `copied ${piece.length} bytes from ${f} to ${start}`;
        } else {
          bytes = Uint8Array.from([...src.slice(0, start), ...ins, ...src.slice(start)]);
          detail = `inserted ${ins.length} random bytes at ${start}`;
        }
        return { op: 'noise:splice', class: 'noise', gen: genAt(t, start), expect: 'any', detail, plan: t.plan, bytes };
      });
  },
};

export const NOISE: readonly Operator[] = [byteFlips, splice];
