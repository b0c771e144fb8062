// Reading facts out of event dump lines (Go's Event.String()): whether a line
// is a Sync, its time, and its state transition.

/** The first line of an event (the rest are stack frames). */
function head(line: string): string {
  const i = line.indexOf('\n');
  return i < 0 ? line : line.slice(0, i);
}

export function isSyncLine(line: string): boolean {
  return / Sync Time=/.test(head(line));
}

export function timeOf(line: string): number | null {
  const m = / Time=(-?\d+)/.exec(head(line));
  return m ? Number(m[1]) : null;
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

/** Index of the n-th (1-based) Sync event, or -1. */
export function nthSyncIndex(events: readonly string[], n: number): number {
  let seen = 0;
  for (let i = 0; i < events.length; i++) {
    if (isSyncLine(events[i]) && ++seen === n) return i;
  }
  return -1;
}

/** The events before generation k begins: Sync₁ E₁ … Sync_{k-1} E_{k-1} (the whole stream but the final Sync when k is past the end). */
export function prefixBeforeGeneration(valid: readonly string[], k: number): string[] {
  const i = nthSyncIndex(valid, k);
  return i < 0 ? valid.slice() : valid.slice(0, i);
}

/** Events of the valid stream strictly before a time (ns), the final Sync excluded. */
export function prefixBeforeTime(valid: readonly string[], timeNs: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < valid.length - 1; i++) {
    const t = timeOf(valid[i]);
    if (t === null || t >= timeNs) break;
    out.push(valid[i]);
  }
  return out;
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
