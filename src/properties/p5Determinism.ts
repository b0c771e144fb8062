// P5 — determinism: the same bytes give the same outcome, read again or fed in
// chunks of any size.
import type { Outcome, TraceReader } from '../readers/traceReader';
import type { TraceCase } from '../../arbitraries/traceCase';
import { Verdict, PASS, fail, skipped } from './verdict';
import { diffAround, outcomeSummary } from './failureMessage';
import { isCrash, Judging, strictJudging } from './judging';

function splitChunks(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

const DEFAULT_CHUNK_SIZES: readonly number[] = [1, 7, 65536];

/**
 * P5 given the reader's first outcome on `bytes`: read again, then (for a
 * reader that takes a stream) fed in chunks of each size.
 */
export async function judgeP5(reader: TraceReader, bytes: Uint8Array, first: Outcome, j: Judging, chunkSizes: readonly number[] = DEFAULT_CHUNK_SIZES): Promise<Verdict> {
  // A crash or hang is not read twice when P4 has it: a second hang costs a second timeout.
  if (j.unjudgeable === 'skip' && isCrash(first)) return skipped(`reader ${first.kind}`);
  const again = await reader.read(bytes);
  if (!j.compare.sameOutcome(first, again)) {
    return fail('P5', j.explain(`two reads differ: ${outcomeSummary(first)} vs ${outcomeSummary(again)}\n${diffAround(first.events, again.events)}`));
  }
  if (reader.readChunks) {
    for (const size of chunkSizes) {
      const c = await reader.readChunks(splitChunks(bytes, size));
      if (!j.compare.sameOutcome(first, c)) {
        return fail(
          'P5',
          j.explain(`reading in chunks of ${size} bytes differs: ${outcomeSummary(first)} vs ${outcomeSummary(c)}\n  whole error:   ${first.error}\n  chunked error: ${c.error}\n${diffAround(first.events, c.events)}`),
        );
      }
    }
  }
  return PASS;
}

export async function checkP5(reader: TraceReader, c: TraceCase, chunkSizes: readonly number[] = DEFAULT_CHUNK_SIZES): Promise<Verdict> {
  const j = strictJudging('strict', { reader: reader.name, what: c.description, bytes: c.bytes });
  return judgeP5(reader, c.bytes, await reader.read(c.bytes), j, chunkSizes);
}
