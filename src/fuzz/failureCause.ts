// What a failure is caused by, as one short class that many cases of one bug
// share: how the reader's outcome differs from the reference's (events lost
// before the error, an error where the reference reads cleanly, a crash of
// some class, an error text changed). Fuzz findings and report groups are keyed
// by it (with the property), not by the operator or trace version that led
// there: one bug seen through eleven operators is one finding. The sentence
// for people (`describeChange`) says the same with the case's numbers.
import { errorClass } from './errorClass';
import { diffOutcomes, normalizeOutcome, NormalizedOutcome, OutcomeDifference, SyncStyle } from '../properties/normalize';
import type { Outcome } from '../readers/traceReader';
import { plural } from '../properties/plural';

const firstLine = (s: string | null) => (s ?? '').split('\n')[0];
const crashed = (o: Pick<Outcome, 'kind'>) => o.kind === 'crash' || o.kind === 'timeout';

function crashClass(o: Pick<Outcome, 'kind' | 'error'>): string {
  return o.kind === 'timeout' ? 'hangs' : `crashes: ${errorClass(o.error)}`;
}

/**
 * The class of the difference between a reference outcome and a reader's
 * (both normalized, so readers of different releases compare), or null when
 * they agree. Event loss wins over an error change: a reader that stops
 * early stops early whatever error it stops with.
 */
export function differenceCause(ref: NormalizedOutcome, out: NormalizedOutcome): string | null {
  if (crashed(out)) return crashClass(out);
  if (crashed(ref)) return `the reference ${crashClass(ref)}`;
  const d = diffOutcomes(ref, out);
  if (!d) return null;
  switch (d.what) {
    case 'kind':
      return out.kind === 'ok' ? 'no error where the reference reports one' : `an error where the reference reads cleanly: ${errorClass(out.error)}`;
    case 'event':
      // A Sync that differs is a generation boundary in another place: what
      // follows it is lost (or extra), which is the cause to name.
      if (!syncMoved(ref, out, d)) return 'an event differs';
      return lengthCause(ref, out);
    case 'length':
      return lengthCause(ref, out);
    case 'error':
      // The error expected, not the one given instead: one check that fires
      // too early gives many different errors in place of the same one.
      return `another error in place of: ${errorClass(d.a)}`;
  }
}

/** Whether an event difference is a Sync in another place (with more or fewer events after it). */
function syncMoved(a: NormalizedOutcome, b: NormalizedOutcome, d: { aIndex: number; bIndex: number }): boolean {
  return a.events[d.aIndex]?.kind === 'Sync' && b.events[d.bIndex]?.kind === 'Sync' && a.events.length !== b.events.length;
}

function lengthCause(ref: NormalizedOutcome, out: NormalizedOutcome): string {
  if (out.events.length < ref.events.length) return out.kind === 'error' ? 'events lost before the error' : 'events lost at the end';
  return out.kind === 'error' ? "events past the reference's error" : 'extra events at the end';
}

/** differenceCause on raw outcomes. */
export function outcomeCause(ref: Outcome, out: Outcome, styles: { ref?: SyncStyle | null; out?: SyncStyle | null } = {}): string | null {
  return differenceCause(normalizeOutcome(ref, styles.ref ?? null), normalizeOutcome(out, styles.out ?? null));
}

/**
 * The cause of a property failure where the reader's outcome is no different
 * from the reference's (a chunked read that differs, a malformed clean
 * stream): the class of the property's own explanation, without the parts
 * that vary from case to case. `message` is a property failure message
 * (`PN failed`, `reader:`, `case:`, then the explanation).
 */
export function messageCause(message: string): string {
  const lines = message.split('\n');
  const at = lines.findIndex((l) => l.startsWith('case: '));
  let body = (at >= 0 ? lines[at + 1] : lines.find((l) => l.trim() !== '' && !/^P\d failed$/.test(l))) ?? '';
  body = body.replace(/^event \d+: /, '');
  const cut = body.search(/: |; /);
  return errorClass(cut > 0 ? body.slice(0, cut) : body);
}

const clip = (s: string, n = 70) => (s.length > n ? s.slice(0, n - 1) + '…' : s);
const quoted = (s: string | null) => `"${clip(firstLine(s))}"`;
const isSync = (e: string) => / Sync Time=/.test(firstLine(e));

/** The generation (1-based) of each event of a stream, from where its Sync events are. */
function generationsOf(events: readonly string[], style: SyncStyle | null): number[] {
  const gens: number[] = [];
  let g = 0;
  // 'counted' (go1.25+ and the TS reader): a Sync opens every generation (and one ends the trace).
  // 'legacy' (go1.22/1.23): a Sync closes every generation.
  const counted = style !== 'legacy' && events.length > 0 && isSync(events[0]);
  for (const e of events) {
    if (counted) {
      if (isSync(e)) g++;
      gens.push(Math.max(1, g));
    } else {
      gens.push(g + 1);
      if (isSync(e)) g++;
    }
  }
  return gens;
}

/** "generation 2 lost", "generations 1–2 lost", "generation 3 cut short", "the final Sync lost". */
function whatWasLost(events: readonly string[], keptUpTo: number, style: SyncStyle | null): string {
  const lost = events.slice(keptUpTo);
  if (lost.length > 0 && lost.every(isSync)) return lost.length === 1 && keptUpTo === events.length - 1 ? 'the last Sync lost' : `${plural(lost.length, 'Sync event')} lost`;
  const gens = generationsOf(events, style);
  const lostGens = [...new Set(gens.slice(keptUpTo).filter((_, i) => !isSync(lost[i])))];
  if (lostGens.length === 0) return 'events lost';
  const first = lostGens[0];
  const last = lostGens[lostGens.length - 1];
  // Kept anything of the first lost generation beyond its Sync?
  const keptOfFirst = events.slice(0, keptUpTo).filter((e, i) => gens[i] === first && !isSync(e)).length;
  const span = first === last ? `generation ${first}` : `generations ${first}–${last}`;
  return keptOfFirst > 0 ? `${span} cut short` : `${span} lost`;
}

/**
 * One sentence saying what changed from `base` to `cand` (e.g. "generation 1
 * lost: 1 event instead of 2 before the error", "error changed from X to Y",
 * "panics where the baseline returned an error"), or null when nothing did.
 */
export function describeChange(base: Outcome, cand: Outcome, styles: { base?: SyncStyle | null; cand?: SyncStyle | null } = {}, who = 'the baseline'): string | null {
  const verb = (o: Outcome) => (o.kind === 'timeout' ? 'hangs' : /panic/i.test(o.error ?? '') ? 'panics' : 'crashes');
  const what = (o: Outcome) => (o.kind === 'ok' ? `read the trace cleanly (${plural(o.events.length, 'event')})` : o.kind === 'error' ? `returned an error (${quoted(o.error)})` : o.kind === 'timeout' ? 'hung' : 'crashed');
  if (crashed(cand) && !crashed(base)) return `${verb(cand)} where ${who} ${what(base)}${cand.kind === 'crash' ? `: ${quoted(cand.error)}` : ''}`;
  if (crashed(base) && !crashed(cand)) return `${who} ${verb(base)}${base.kind === 'crash' ? ` (${quoted(base.error)})` : ''}; this one ${what(cand)}`;
  if (crashed(base) && crashed(cand)) {
    return base.kind === cand.kind && firstLine(base.error) === firstLine(cand.error) ? null : `${verb(cand)} (${quoted(cand.error)}) where ${who} ${verb(base)} (${quoted(base.error)})`;
  }
  const nb = normalizeOutcome(base, styles.base ?? null);
  const nc = normalizeOutcome(cand, styles.cand ?? null);
  const d: OutcomeDifference | null = diffOutcomes(nb, nc);
  if (!d) return null;
  const count = (o: Outcome) => (o.kind === 'ok' ? o.events.length : o.eventsBeforeError);
  const instead = `${plural(count(cand), 'event')} instead of ${count(base)}`;
  switch (d.what) {
    case 'kind':
      return cand.kind === 'ok'
        ? `reads the trace cleanly (${plural(cand.events.length, 'event')}) where ${who} reports ${quoted(base.error)} after ${plural(base.eventsBeforeError, 'event')}`
        : `reports ${quoted(cand.error)} after ${plural(cand.eventsBeforeError, 'event')} where ${who} reads the trace cleanly (${plural(base.events.length, 'event')})`;
    case 'event':
    case 'length': {
      if (d.what === 'event' && !syncMoved(nb, nc, d)) {
        return `event ${d.aIndex} differs: ${quoted(base.events[d.aIndex] ?? '(none)')} became ${quoted(cand.events[d.bIndex] ?? '(none)')}`;
      }
      const errorChange = base.kind === 'error' && firstLine(nb.error) !== firstLine(nc.error) ? `, and the error changed from ${quoted(base.error)} to ${quoted(cand.error)}` : '';
      if (nc.events.length < nb.events.length) return `${whatWasLost(base.events, d.aIndex, nb.syncStyle)}: ${instead}${cand.kind === 'error' ? ' before the error' : ''}${errorChange}`;
      return `goes on past ${who}'s ${base.kind === 'error' ? 'error' : 'end'}: ${instead}${errorChange}`;
    }
    case 'error':
      return `error changed from ${quoted(base.error)} to ${quoted(cand.error)}`;
  }
}
