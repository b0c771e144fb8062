// Reading facts out of event dump lines (Go's Event.String()): whether a line
// is a Sync, its time, its state transition, and where a generation begins.

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
 * The events a reader emits for whole generations, given its stream on a
 * trace of just those generations: that stream less the Sync(s) it ends with
 * (the end-of-trace Sync, which a longer trace replaces by the next
 * generation's).
 */
export function generationEvents(events: readonly string[]): string[] {
  let n = events.length;
  while (n > 0 && isSyncLine(events[n - 1])) n--;
  return events.slice(0, n);
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
