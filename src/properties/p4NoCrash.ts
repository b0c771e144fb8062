// P4 — no crash, no hang, bounded cost: for any bytes the reader ends with
// events and at most one error of its own type, in time roughly linear in the
// input.
import type { Outcome, TraceReader } from '../readers/traceReader';
import type { TraceCase } from '../../arbitraries/traceCase';
import { Verdict, PASS, fail } from './verdict';
import { failureMessage, outcomeSummary } from './failureMessage';
import type { Explain } from './judging';

/** Generous: a fixed allowance plus 20µs per input byte. */
export function timeBudgetMs(bytes: number): number {
  return 2000 + bytes / 50;
}

/**
 * P4 on one outcome. `ms` is the read's time, or null where it is not judged
 * (an external reader's read includes its process's start, and its per-case
 * timeout already turns a hang into a 'timeout' outcome).
 */
export function judgeP4(out: Outcome, inputBytes: number, ms: number | null, explain: Explain): Verdict {
  if (out.kind === 'crash' || out.kind === 'timeout') return fail('P4', explain(`the reader must not ${out.kind}: ${out.error}`));
  if (out.kind === 'error' && !out.error) return fail('P4', explain('an error outcome must carry an error text'));
  if (out.eventsBeforeError !== out.events.length) return fail('P4', explain(`eventsBeforeError ${out.eventsBeforeError} != ${out.events.length} events (${outcomeSummary(out)})`));
  if (ms !== null && ms > timeBudgetMs(inputBytes)) return fail('P4', explain(`took ${ms.toFixed(0)} ms for ${inputBytes} bytes (budget ${timeBudgetMs(inputBytes).toFixed(0)} ms)`));
  return PASS;
}

export async function checkP4(reader: TraceReader, c: TraceCase): Promise<Verdict> {
  const t0 = performance.now();
  const out = await reader.read(c.bytes);
  const ms = performance.now() - t0;
  return judgeP4(out, c.bytes.length, ms, (body) => failureMessage({ reader: reader.name, what: c.description, bytes: c.bytes }, body));
}
