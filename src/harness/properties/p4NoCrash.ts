// P4 — no crash, no hang, bounded cost: for any bytes the reader ends with
// events and at most one error of its own type, in time roughly linear in the
// input.
import type { TraceReader } from '../traceReader';
import { Verdict, PASS, fail } from './verdict';
import { failureMessage } from './failureMessage';

/** Generous: a fixed allowance plus 20µs per input byte. */
export function timeBudgetMs(bytes: number): number {
  return 2000 + bytes / 50;
}

export async function checkP4(reader: TraceReader, bytes: Uint8Array, what: string): Promise<Verdict> {
  const t0 = performance.now();
  const out = await reader.read(bytes);
  const ms = performance.now() - t0;
  const ctx = { reader: reader.name, what, bytes };
  if (out.kind === 'crash' || out.kind === 'timeout') return fail('P4', failureMessage(ctx, `the reader must not ${out.kind}: ${out.error}`));
  if (out.kind === 'error' && !out.error) return fail('P4', failureMessage(ctx, 'an error outcome must carry an error text'));
  if (out.eventsBeforeError !== out.events.length) return fail('P4', failureMessage(ctx, `eventsBeforeError ${out.eventsBeforeError} != ${out.events.length} events`));
  if (ms > timeBudgetMs(bytes.length)) return fail('P4', failureMessage(ctx, `took ${ms.toFixed(0)} ms for ${bytes.length} bytes (budget ${timeBudgetMs(bytes.length).toFixed(0)} ms)`));
  return PASS;
}
