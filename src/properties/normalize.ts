// Outcomes from different readers are compared on a structured form, not on
// their text: Event.String() changed between Go releases (go1.22 prints
// `Resource=` and `Uint64(n)`, later releases reorder the transition fields,
// print `Value{Uint64(n)}`, and add Sync and Experimental details), and Go's
// "failed to advance" error lists map contents in random order. The raw text is
// kept elsewhere for the report; only this form decides "same" or "different".
import { goUnquoteAt } from '../trace/goQuote';
import type { Outcome } from '../readers/traceReader';
import { canonicalOrder, CanonicalEvent } from './tieGroups';

export interface NormalizedFrame {
  func: string;
  pc: string;
  file: string;
  line: string;
}

export interface NormalizedEvent {
  kind: string;
  time: string;
  m: string;
  p: string;
  g: string;
  /** Kind-specific fields every reader prints, with quoting and value wrappers undone. */
  fields: Record<string, string>;
  /** Fields only some Go releases print; compared only when both sides have them. */
  optional: Record<string, string>;
  stack: NormalizedFrame[];
  transitionStack: NormalizedFrame[];
  /** Whether a TransitionStack= section was printed (go1.25+ print one for state transitions; earlier releases never do). */
  printsTransitionStack?: boolean;
  /** Set when the line did not have the shape of an Event.String(); then only `raw` is compared. */
  unparsed?: string;
}

/**
 * Where a reader puts its Sync events. go1.25 and later ('counted', Sync has
 * N=): one at the start of every generation and one at the end of the trace.
 * go1.22/go1.23 and x/exp of that time ('legacy', no N=): one after every
 * generation, none at the start, at the time of the generation's last event.
 */
export type SyncStyle = 'counted' | 'legacy';

export interface NormalizedOutcome {
  kind: Outcome['kind'];
  events: NormalizedEvent[];
  error: string | null;
  eventsBeforeError: number;
  /** Null when the stream does not tell (no events) and no hint was given. */
  syncStyle: SyncStyle | null;
}

// Fields printed by some releases only (go1.22 prints none of them).
const OPTIONAL_FIELDS: Record<string, readonly string[]> = {
  Sync: ['N', 'Trace', 'Mono', 'Wall'],
  Experimental: ['Name', 'Args'],
};

// Fields that are a restatement of another field in some releases.
const REDUNDANT_FIELDS: Record<string, readonly string[]> = {
  StateTransition: ['Resource'],
};

// These fields run to the end of the header: their values may contain spaces.
const TRAILING_FIELDS = new Set(['Attributes', 'Args']);
const RAW_VALUE_FIELDS: Record<string, string> = { Metric: 'Value' };

const HEAD = /^M=(-?\d+) P=(-?\d+) G=(-?\d+) (\S+) Time=(-?\d+)/;

export function normalizeEvent(text: string): NormalizedEvent {
  const stackAt = sectionStart(text);
  const header = stackAt < 0 ? text.replace(/\n+$/, '') : text.slice(0, stackAt);
  const m = HEAD.exec(header);
  if (!m) return unparsed(text);
  const ev: NormalizedEvent = {
    m: m[1], p: m[2], g: m[3], kind: m[4], time: m[5],
    fields: {}, optional: {}, stack: [], transitionStack: [],
  };
  const fields = parseFields(header.slice(m[0].length), ev.kind);
  if (!fields) return unparsed(text);
  const optional = OPTIONAL_FIELDS[ev.kind] ?? [];
  const redundant = REDUNDANT_FIELDS[ev.kind] ?? [];
  // Sorted, so that field order (which changed between releases) never matters.
  fields.sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  for (const [k, v] of fields) {
    if (redundant.includes(k)) continue;
    if (optional.includes(k)) ev.optional[k] = v;
    else ev.fields[k] = v;
  }
  if (stackAt >= 0) {
    const ok = parseStacks(text.slice(stackAt), ev);
    if (!ok) return unparsed(text);
  }
  return ev;
}

function unparsed(text: string): NormalizedEvent {
  return { kind: '?', time: '', m: '', p: '', g: '', fields: {}, optional: {}, stack: [], transitionStack: [], unparsed: text };
}

function sectionStart(text: string): number {
  const a = text.indexOf('\nTransitionStack=\n');
  const b = text.indexOf('\nStack=\n');
  if (a < 0) return b;
  if (b < 0) return a;
  return Math.min(a, b);
}

/** Splits `Key=value` fields (and the bare `Old->New` transition) after the time. */
function parseFields(s: string, kind: string): [string, string][] | null {
  const out: [string, string][] = [];
  let i = 0;
  while (i < s.length) {
    if (s[i] === ' ') { i++; continue; }
    const eq = s.indexOf('=', i);
    const sp = s.indexOf(' ', i);
    if (eq < 0 || (sp >= 0 && sp < eq)) {
      // A token without a key: the `Old->New` of a state transition.
      const end = sp < 0 ? s.length : sp;
      out.push(['transition', s.slice(i, end)]);
      i = end;
      continue;
    }
    const key = s.slice(i, eq);
    i = eq + 1;
    if (RAW_VALUE_FIELDS[kind] === key || TRAILING_FIELDS.has(key)) {
      const rest = s.slice(i);
      out.push([key, key === 'Attributes' ? normalizeAttributes(rest) : key === 'Args' ? normalizeArgs(rest) : normalizeValue(rest)]);
      i = s.length;
      continue;
    }
    if (s[i] === '"') {
      const q = goUnquoteAt(s, i);
      if (!q) return null;
      out.push([key, canonicalBytes(q.bytes)]);
      i = q.end;
      continue;
    }
    const end = s.indexOf(' ', i);
    const v = s.slice(i, end < 0 ? s.length : end);
    out.push([key, normalizeValue(v)]);
    i = end < 0 ? s.length : end;
  }
  return out;
}

// Go releases quote with different Unicode tables (what counts as printable
// changes), so one string may be quoted differently by two readers; its
// unquoted bytes are what is compared.
/** A canonical text for unquoted bytes: the UTF-8 string, or hex when not valid UTF-8. */
function canonicalBytes(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return 'bytes:' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }
}

/** `Value{Uint64(5)}` (go1.23+) and `Uint64(5)` (go1.22) are the same value. */
function normalizeValue(v: string): string {
  let m = /^Value\{(.*)\}$/s.exec(v);
  if (m) v = m[1];
  m = /^Uint64\((\d+)\)$/.exec(v);
  return m ? m[1] : v;
}

function normalizeAttributes(s: string): string {
  // `["name"=value "name2"=value2]`
  const inner = s.replace(/^\[/, '').replace(/\]$/, '');
  const items: [string, string][] = [];
  let i = 0;
  while (i < inner.length) {
    if (inner[i] === ' ') { i++; continue; }
    const q = goUnquoteAt(inner, i);
    if (!q || inner[q.end] !== '=') return s;
    const sp = inner.indexOf(' ', q.end);
    const end = sp < 0 ? inner.length : sp;
    items.push([canonicalBytes(q.bytes), normalizeValue(inner.slice(q.end + 1, end))]);
    i = end;
  }
  return JSON.stringify(items);
}

function normalizeArgs(s: string): string {
  // `[name=value, name2=value2]`
  const inner = s.replace(/^\[/, '').replace(/\]$/, '');
  if (inner === '') return '[]';
  return JSON.stringify(inner.split(', ').map((kv) => {
    const eq = kv.indexOf('=');
    return eq < 0 ? [kv] : [kv.slice(0, eq), normalizeValue(kv.slice(eq + 1))];
  }));
}

function parseStacks(s: string, ev: NormalizedEvent): boolean {
  let target: NormalizedFrame[] | null = null;
  const lines = s.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === '') continue;
    if (line === 'TransitionStack=') { target = ev.transitionStack; ev.printsTransitionStack = true; continue; }
    if (line === 'Stack=') { target = ev.stack; continue; }
    if (!target || !line.startsWith('\t') || line.startsWith('\t\t')) return false;
    const fn = line.slice(1);
    const at = fn.lastIndexOf(' @ 0x');
    const loc = lines[i + 1];
    if (at < 0 || loc === undefined || !loc.startsWith('\t\t')) return false;
    const colon = loc.lastIndexOf(':');
    if (colon < 0) return false;
    target.push({ func: fn.slice(0, at), pc: fn.slice(at + 5), file: loc.slice(2, colon), line: loc.slice(colon + 1) });
    i++;
  }
  return true;
}

/** The error text with its first line kept and the rest (Go map dumps) sorted. */
export function normalizeError(err: string | null): string | null {
  if (err === null) return null;
  const lines = err.replace(/\n+$/, '').split('\n');
  const [first, ...rest] = lines;
  return [first, ...rest.filter((l) => l.trim() !== '').sort()].join('\n');
}

/**
 * The error as outcomes are compared across readers: normalized, and for Go's
 * "failed to advance" only its first line — the reader state dumped under it
 * is each release's own, and older releases also dump what they read past
 * the stuck event (a later generation's batch), which says nothing about the
 * error itself.
 */
function comparableError(err: string | null): string | null {
  const e = normalizeError(err);
  return e !== null && e.startsWith('broken trace: failed to advance') ? e.split('\n')[0] : e;
}

/** The Sync style a stream shows, or null when it has no events. */
export function detectSyncStyle(events: readonly NormalizedEvent[]): SyncStyle | null {
  if (events.length === 0) return null;
  for (const e of events) {
    if (e.kind === 'Sync') return 'N' in e.optional ? 'counted' : 'legacy';
  }
  // A counted stream starts with a Sync; events without any Sync are legacy.
  return 'legacy';
}

/**
 * `styleHint` is what earlier outcomes of the same reader showed; it decides
 * for streams that cannot tell on their own (no events).
 */
export function normalizeOutcome(o: Outcome, styleHint: SyncStyle | null = null): NormalizedOutcome {
  const events = o.events.map(normalizeEvent);
  return {
    kind: o.kind,
    events,
    error: o.kind === 'error' ? comparableError(o.error) : o.error,
    eventsBeforeError: o.eventsBeforeError,
    syncStyle: detectSyncStyle(events) ?? styleHint,
  };
}

function eventsEqual(a: NormalizedEvent, b: NormalizedEvent, syncByKind = false): boolean {
  // Readers of different Sync styles time their Syncs differently; the place
  // of a Sync in the stream (a generation boundary) is what they share.
  if (syncByKind && a.kind === 'Sync' && b.kind === 'Sync') return true;
  if (a.unparsed !== undefined || b.unparsed !== undefined) return a.unparsed === b.unparsed;
  if (a.kind !== b.kind || a.time !== b.time || a.m !== b.m || a.p !== b.p || a.g !== b.g) return false;
  if (!sameRecord(a.fields, b.fields)) return false;
  for (const k of Object.keys(a.optional)) {
    if (k in b.optional && !sameOptional(k, a.optional[k], b.optional[k])) return false;
  }
  // A release that never prints the transition stack says nothing about it.
  const bothPrintTransitionStacks = (a.printsTransitionStack ?? false) === (b.printsTransitionStack ?? false);
  return sameFrames(a.stack, b.stack) && (!bothPrintTransitionStacks || sameFrames(a.transitionStack, b.transitionStack));
}

/** go1.25 prints a Sync's wall clock to the second, go1.26 to the nanosecond: compared at the coarser. */
function sameOptional(key: string, x: string, y: string): boolean {
  if (x === y) return true;
  if (key !== 'Wall') return false;
  const whole = (w: string) => w.replace(/\.\d+(?=Z|[+-]\d\d:\d\d$)/, '');
  const [wx, wy] = [whole(x), whole(y)];
  return wx === wy && (wx === x || wy === y);
}

function sameRecord(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => k in b && a[k] === b[k]);
}

function sameFrames(a: NormalizedFrame[], b: NormalizedFrame[]): boolean {
  return a.length === b.length && a.every((f, i) => f.func === b[i].func && f.pc === b[i].pc && f.file === b[i].file && f.line === b[i].line);
}

export type OutcomeDifference =
  | { what: 'kind'; a: string; b: string }
  | { what: 'event'; aIndex: number; bIndex: number }
  | { what: 'length'; a: number; b: number; aIndex: number; bIndex: number }
  | { what: 'error'; a: string | null; b: string | null };

/**
 * The first difference between two outcomes, or null when they are the same.
 * Events tied in time are compared as sets (tieGroups.ts). Streams of
 * different Sync styles are aligned first: the leading Sync of a 'counted'
 * stream has no counterpart in a 'legacy' one, Syncs match by position, not
 * time, and an event's time may be one or two ticks later in the 'counted'
 * stream (Go moves an event at its generation's start past the start Sync),
 * and the Syncs that end a stream are left out. A side whose style is unknown
 * (no events) needs a hint (normalizeOutcome's styleHint) to be aligned.
 * Indices are each side's own event numbers.
 */
export function diffOutcomes(a: NormalizedOutcome, b: NormalizedOutcome): OutcomeDifference | null {
  if (a.kind !== b.kind) return { what: 'kind', a: a.kind, b: b.kind };
  const loose = a.syncStyle !== null && b.syncStyle !== null && a.syncStyle !== b.syncStyle;
  const skip = (o: NormalizedOutcome) => (loose && o.syncStyle === 'counted' && o.events[0]?.kind === 'Sync' ? 1 : 0);
  // Where the last Syncs sit is each release's own too: go1.25+ end a trace
  // with one more than go1.22/1.23 and put another before a spill error; and
  // when two reads fail in different words, whether the generation before the
  // failure was closed with a Sync first depends on where each meets the
  // fault (go1.26 knows the end-of-generation marker that an older release
  // rejects as an event). Failing alike, a Sync fewer is a difference.
  const trimSyncs = loose || (a.kind === 'error' && b.kind === 'error' && a.error !== b.error);
  const end = (o: NormalizedOutcome) => {
    let n = o.events.length;
    while (trimSyncs && n > 0 && o.events[n - 1].kind === 'Sync') n--;
    return n;
  };
  const sa = skip(a);
  const sb = skip(b);
  // Ordered with the leading Sync still there: what follows it right after is marked so.
  const ca = canonicalOrder(a.events.slice(0, Math.max(sa, end(a)))).slice(sa);
  const cb = canonicalOrder(b.events.slice(0, Math.max(sb, end(b)))).slice(sb);
  const n = Math.min(ca.length, cb.length);
  for (let i = 0; i < n; i++) {
    if (!canonicalEqual(ca[i], cb[i], loose)) return { what: 'event', aIndex: i + sa, bIndex: i + sb };
  }
  if (ca.length !== cb.length) return { what: 'length', a: a.events.length, b: b.events.length, aIndex: n + sa, bIndex: n + sb };
  // A crash's or timeout's detail text is not part of the reader's answer.
  if (a.kind === 'error' && a.error !== b.error) return { what: 'error', a: a.error, b: b.error };
  return null;
}

function canonicalEqual(x: CanonicalEvent<NormalizedEvent>, y: CanonicalEvent<NormalizedEvent>, loose: boolean): boolean {
  if (x.event.kind === 'Sync' && y.event.kind === 'Sync') return eventsEqual(x.event, y.event, loose);
  if (x.key !== y.key) return eventsEqual(x.event, y.event) && x.groupTime === y.groupTime;
  if (x.groupTime === y.groupTime) return true;
  if (!loose || x.groupTime === null || y.groupTime === null) return false;
  const d = x.groupTime - y.groupTime;
  // Moved past a generation's opening Sync (go1.25+): any earlier time on the other side.
  if ((d > 0n && x.rightAfterSync) || (d < 0n && y.rightAfterSync)) return true;
  return d >= -2n && d <= 2n;
}
