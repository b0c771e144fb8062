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
export function differenceCause(ref: NormalizedOutcome, out: NormalizedOutcome, refName = 'the reference'): string | null {
  if (crashed(out)) return crashClass(out);
  if (crashed(ref)) return `${refName} ${crashClass(ref)}`;
  const d = storyDifference(ref, out);
  if (!d) return null;
  switch (d.what) {
    case 'kind':
      return out.kind === 'ok' ? `no error where ${refName} reports one` : `an error where ${refName} reads cleanly: ${errorClass(out.error)}`;
    case 'event':
      // A Sync that differs is a generation boundary in another place: what
      // follows it is lost (or extra), which is the cause to name.
      if (!syncMoved(ref, out, d)) return 'an event differs';
      return lengthCause(ref, out, refName);
    case 'length':
      return lengthCause(ref, out, refName);
    case 'error':
      // The error expected, not the one given instead: one check that fires
      // too early gives many different errors in place of the same one.
      return `another error in place of: ${errorClass(d.a)}`;
  }
}

/**
 * The first difference, looking past Sync events that differ only in their
 * fields (their times depend on where a reader gave up, not on the events):
 * what follows them — events lost, another error — is the story.
 */
function storyDifference(a: NormalizedOutcome, b: NormalizedOutcome): OutcomeDifference | null {
  const d = diffOutcomes(a, b);
  if (d?.what !== 'event' || a.events[d.aIndex]?.kind !== 'Sync' || b.events[d.bIndex]?.kind !== 'Sync') return d;
  const blank = (o: NormalizedOutcome): NormalizedOutcome => ({
    ...o,
    events: o.events.map((e) => (e.kind === 'Sync' ? { ...e, time: '0', fields: {}, optional: {} } : e)),
  });
  return diffOutcomes(blank(a), blank(b)) ?? d;
}

/** Whether an event difference is a Sync in another place (with more or fewer events after it). */
function syncMoved(a: NormalizedOutcome, b: NormalizedOutcome, d: { aIndex: number; bIndex: number }): boolean {
  return a.events[d.aIndex]?.kind === 'Sync' && b.events[d.bIndex]?.kind === 'Sync' && a.events.length !== b.events.length;
}

function lengthCause(ref: NormalizedOutcome, out: NormalizedOutcome, refName: string): string {
  if (out.events.length < ref.events.length) return out.kind === 'error' ? 'events lost before the error' : 'events lost at the end';
  return out.kind === 'error' ? `events past ${refName}'s error` : 'extra events at the end';
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

/**
 * Events other than Sync in each generation of a stream (index 0: generation
 * 1), from where its Sync events are: a Sync opens every generation in the
 * 'counted' style (go1.25+, the TS reader) and closes it in the 'legacy' one
 * (go1.22/1.23).
 */
function eventsPerGeneration(events: readonly string[], style: SyncStyle | null): number[] {
  const counted = style === 'counted' || (style === null && events.length > 0 && isSync(events[0]));
  const gens: number[] = [];
  let open = !counted;
  if (open) gens.push(0);
  for (const e of events) {
    if (isSync(e)) {
      // Counted: this Sync opens the next generation; legacy: it closes the current one.
      gens.push(0);
      open = true;
    } else {
      if (!open) { gens.push(0); open = true; }
      gens[gens.length - 1]++;
    }
  }
  return gens;
}

/** "generation 2 lost", "generations 1–2 lost", "generation 3 cut short", "the last Sync lost". */
function whatWasLost(base: NormalizedOutcome, cand: NormalizedOutcome, baseEvents: readonly string[], candEvents: readonly string[]): string {
  const b = eventsPerGeneration(baseEvents, base.syncStyle);
  const c = eventsPerGeneration(candEvents, cand.syncStyle ?? base.syncStyle);
  const short: number[] = [];
  for (let g = 0; g < b.length; g++) if ((c[g] ?? 0) < b[g]) short.push(g);
  if (short.length === 0) {
    const lost = baseEvents.filter(isSync).length - candEvents.filter(isSync).length;
    return lost === 1 && base.kind === 'ok' ? 'the last Sync lost' : `${plural(Math.max(1, lost), 'Sync event')} lost`;
  }
  const [first, last] = [short[0] + 1, short[short.length - 1] + 1];
  const span = first === last ? `generation ${first}` : `generations ${first}–${last}`;
  return short.every((g) => (c[g] ?? 0) === 0) ? `${span} lost` : `${span} cut short`;
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
  const d: OutcomeDifference | null = storyDifference(nb, nc);
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
      if (nc.events.length < nb.events.length) return `${whatWasLost(nb, nc, base.events, cand.events)}: ${instead}${cand.kind === 'error' ? ' before the error' : ''}${errorChange}`;
      return `goes on past ${who}'s ${base.kind === 'error' ? 'error' : 'end'}: ${instead}${errorChange}`;
    }
    case 'error':
      return `error changed from ${quoted(base.error)} to ${quoted(cand.error)}`;
  }
}
