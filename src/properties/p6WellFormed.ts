// P6 — well-formed success: a stream that ends cleanly starts and ends with
// Sync, has strictly increasing timestamps, and every goroutine and proc moves
// from the state it was last seen in.
import type { Outcome, TraceReader } from '../readers/traceReader';
import type { TraceCase } from '../../arbitraries/traceCase';
import { Verdict, PASS, fail } from './verdict';
import { failureMessage } from './failureMessage';
import type { Explain } from './judging';
import { isSyncLine, timeOf, transitionOf } from './stream';

export async function checkP6(reader: TraceReader, c: TraceCase): Promise<Verdict> {
  return judgeP6(await reader.read(c.bytes), (body) => failureMessage({ reader: reader.name, what: c.description, bytes: c.bytes }, body));
}

/** P6 on one outcome. */
export function judgeP6(out: Outcome, explain: Explain): Verdict {
  if (out.kind !== 'ok') return PASS;
  const ev = out.events;
  if (ev.length === 0 || !isSyncLine(ev[0])) return fail('P6', explain(`a clean stream must start with Sync; first event: ${ev[0] ?? '<none>'}`));
  if (!isSyncLine(ev[ev.length - 1])) return fail('P6', explain(`a clean stream must end with Sync; last event: ${ev[ev.length - 1]}`));
  let last: bigint | null = null;
  const state = new Map<string, string>();
  for (let i = 0; i < ev.length; i++) {
    const t = timeOf(ev[i]);
    if (t === null) return fail('P6', explain(`event ${i} has no time: ${ev[i]}`));
    if (last !== null && t <= last) return fail('P6', explain(`timestamps must strictly increase: event ${i} at ${t} after ${last}\n  ${ev[i - 1]}\n  ${ev[i]}`));
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
