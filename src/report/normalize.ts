// Outcomes from different readers are compared on a structured form, not on
// their text: Event.String() changed between Go releases (go1.22 prints
// `Resource=` and `Uint64(n)`, later releases reorder the transition fields,
// print `Value{Uint64(n)}`, and add Sync and Experimental details), and Go's
// "failed to advance" error lists map contents in random order. The raw text is
// kept elsewhere for the report; only this form decides "same" or "different".
import { canonicalBytes, goUnquoteAt } from './goUnquote';

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
  /** Set when the line did not have the shape of an Event.String(); then only `raw` is compared. */
  unparsed?: string;
}

export interface OutcomeLike {
  kind: 'ok' | 'error' | 'crash' | 'timeout';
  events: readonly string[];
  error: string | null;
  eventsBeforeError: number;
}

export interface NormalizedOutcome {
  kind: OutcomeLike['kind'];
  events: NormalizedEvent[];
  error: string | null;
  eventsBeforeError: number;
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

/** `Value{Uint64(5)}` (go1.23+) and `Uint64(5)` (go1.22) are the same value. */
export function normalizeValue(v: string): string {
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
    if (line === 'TransitionStack=') { target = ev.transitionStack; continue; }
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

export function normalizeOutcome(o: OutcomeLike): NormalizedOutcome {
  return {
    kind: o.kind,
    events: o.events.map(normalizeEvent),
    error: o.kind === 'error' ? normalizeError(o.error) : o.error,
    eventsBeforeError: o.eventsBeforeError,
  };
}

export function eventsEqual(a: NormalizedEvent, b: NormalizedEvent): boolean {
  if (a.unparsed !== undefined || b.unparsed !== undefined) return a.unparsed === b.unparsed;
  if (a.kind !== b.kind || a.time !== b.time || a.m !== b.m || a.p !== b.p || a.g !== b.g) return false;
  if (!sameRecord(a.fields, b.fields)) return false;
  for (const k of Object.keys(a.optional)) {
    if (k in b.optional && a.optional[k] !== b.optional[k]) return false;
  }
  return sameFrames(a.stack, b.stack) && sameFrames(a.transitionStack, b.transitionStack);
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
  | { what: 'event'; index: number }
  | { what: 'length'; a: number; b: number }
  | { what: 'error'; a: string | null; b: string | null };

/** The first difference between two outcomes, or null when they are the same. */
export function diffOutcomes(a: NormalizedOutcome, b: NormalizedOutcome): OutcomeDifference | null {
  if (a.kind !== b.kind) return { what: 'kind', a: a.kind, b: b.kind };
  const n = Math.min(a.events.length, b.events.length);
  for (let i = 0; i < n; i++) {
    if (!eventsEqual(a.events[i], b.events[i])) return { what: 'event', index: i };
  }
  if (a.events.length !== b.events.length) return { what: 'length', a: a.events.length, b: b.events.length };
  // A crash's or timeout's detail text is not part of the reader's answer.
  if (a.kind === 'error' && a.error !== b.error) return { what: 'error', a: a.error, b: b.error };
  return null;
}
