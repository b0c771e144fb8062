// P5 — determinism: the same bytes give the same outcome, read again or fed in
// chunks of any size.
import type { Outcome, TraceReader } from '../traceReader';
import { Verdict, PASS, fail } from './verdict';
import { diffAround, failureMessage, outcomeSummary } from './failureMessage';
import { firstDifference } from './stream';

function same(a: Outcome, b: Outcome): boolean {
  return a.kind === b.kind && a.error === b.error && firstDifference(a.events, b.events) < 0;
}

export function splitChunks(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

export async function checkP5(reader: TraceReader, bytes: Uint8Array, what: string, chunkSizes: readonly number[] = [1, 7, 65536]): Promise<Verdict> {
  const ctx = { reader: reader.name, what, bytes };
  const a = await reader.read(bytes);
  const b = await reader.read(bytes);
  if (!same(a, b)) return fail('P5', failureMessage(ctx, `two reads differ: ${outcomeSummary(a)} vs ${outcomeSummary(b)}\n${diffAround(a.events, b.events)}`));
  if (reader.readChunks) {
    for (const size of chunkSizes) {
      const c = await reader.readChunks(splitChunks(bytes, size));
      if (!same(a, c)) {
        return fail('P5', failureMessage(ctx, `reading in chunks of ${size} bytes differs: ${outcomeSummary(a)} vs ${outcomeSummary(c)}\n  whole error:   ${a.error}\n  chunked error: ${c.error}\n${diffAround(a.events, c.events)}`));
      }
    }
  }
  return PASS;
}
