// Reading facts out of event dump lines (Go's Event.String()): whether a line
// is a Sync, its time, its state transition, and where a generation begins.
import type { SyncStyle } from './normalize';

/** The first line of an event (the rest are stack frames). */
function head(line: string): string {
  const i = line.indexOf('\n');
  return i < 0 ? line : line.slice(0, i);
}

export function isSyncLine(line: string): boolean {
  return / Sync Time=/.test(head(line));
}

/** Exact: times above 2^53 must not round to equal. */
export function timeOf(line: string): bigint | null {
  const m = / Time=(-?\d+)/.exec(head(line));
  return m ? BigInt(m[1]) : null;
}

export interface Transition {
  resource: 'G' | 'P';
  id: string;
  from: string;
  to: string;
}

export function transitionOf(line: string): Transition | null {
  const m = / StateTransition Time=-?\d+ (GoID|ProcID)=(-?\d+) (\w+)->(\w+)/.exec(head(line));
  if (!m) return null;
  return { resource: m[1] === 'GoID' ? 'G' : 'P', id: m[2], from: m[3], to: m[4] };
}

/**
 * Number of leading events of a stream on a valid trace that make up
 * generations 1..k-1: what P1 requires to come out unchanged when generation k
 * and later are corrupted. A 'counted' stream (go1.25+, TS) opens generation g
 * with its g-th Sync; a 'legacy' one (go1.22/1.23) closes generation g with it.
 */
export function generationPrefixLength(events: readonly string[], k: number, style: SyncStyle = 'counted'): number {
  if (k <= 0 || (k === 1 && style === 'legacy')) return 0;
  let syncs = 0;
  for (let i = 0; i < events.length; i++) {
    if (!isSyncLine(events[i])) continue;
    syncs++;
    if (style === 'counted' && syncs === k) return i;
    if (style === 'legacy' && syncs === k - 1) return i + 1;
  }
  return events.length;
}

export function firstDifference(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

export function startsWith(events: readonly string[], prefix: readonly string[]): boolean {
  if (events.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (events[i] !== prefix[i]) return false;
  return true;
}
