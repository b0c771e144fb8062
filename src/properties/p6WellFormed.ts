// P6 — well-formed success: a stream that ends cleanly has strictly
// increasing timestamps, every goroutine and proc moves from the state it was
// last seen in, and its Sync events sit where the reader's release puts them:
// go1.25+ (and the TS reader) open every generation and end the trace with
// one, so a clean stream starts and ends with Sync; go1.22/1.23 close each
// generation with one stamped with the time of the event before it; early
// x/exp readers emit none. A reader held to exact text is held to the go1.25+
// placement; any other to the placement its stream shows.
import type { Outcome, TraceReader } from '../readers/traceReader';
import type { TraceCase } from '../../arbitraries/traceCase';
import { Verdict, PASS, fail } from './verdict';
import { failureMessage } from './failureMessage';
import type { Explain } from './judging';
import { isSyncLine, timeOf, transitionOf } from './stream';
import { comparisonFor, OutcomeComparison, EXACT_TEXT } from './comparison';
import { detectSyncStyle, normalizeEvent } from './normalize';

export async function checkP6(reader: TraceReader, c: TraceCase): Promise<Verdict> {
  return judgeP6(await reader.read(c.bytes), (body) => failureMessage({ reader: reader.name, what: c.description, bytes: c.bytes }, body), comparisonFor(reader));
}

/** P6 on one outcome. */
export function judgeP6(out: Outcome, explain: Explain, compare: OutcomeComparison = EXACT_TEXT): Verdict {
  if (out.kind !== 'ok') return PASS;
  const ev = out.events;
  const firstSync = ev.find(isSyncLine);
  const counted = compare.exact || (firstSync !== undefined && detectSyncStyle([normalizeEvent(firstSync)]) === 'counted');
  if (counted && (ev.length === 0 || !isSyncLine(ev[0]))) return fail('P6', explain(`a clean stream must start with Sync; first event: ${ev[0] ?? '<none>'}`));
  if ((counted || firstSync !== undefined) && !isSyncLine(ev[ev.length - 1])) return fail('P6', explain(`a clean stream must end with Sync; last event: ${ev[ev.length - 1]}`));
  let last: bigint | null = null;
  const state = new Map<string, string>();
  for (let i = 0; i < ev.length; i++) {
    const t = timeOf(ev[i]);
    if (t === null) return fail('P6', explain(`event ${i} has no time: ${ev[i]}`));
    // A closing Sync (go1.22/1.23) carries the time of the event before it.
    const closingSync = !counted && isSyncLine(ev[i]);
    if (last !== null && (closingSync ? t < last : t <= last)) {
      return fail('P6', explain(`timestamps must strictly increase: event ${i} at ${t} after ${last}\n  ${ev[i - 1]}\n  ${ev[i]}`));
    }
    last = t;
    const tr = transitionOf(ev[i]);
    if (!tr) continue;
    const key = `${tr.resource}${tr.id}`;
    const prev = state.get(key);
    if (prev !== undefined && prev !== tr.from) {
      return fail('P6', explain(`event ${i}: ${tr.resource === 'G' ? 'goroutine' : 'proc'} ${tr.id} moves from ${tr.from} but was last seen ${prev}\n  ${ev[i]}`));
    }
    state.set(key, tr.to);
  }
  return PASS;
}
