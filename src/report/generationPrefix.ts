// The part of a reader's stream on a valid trace that belongs to generations
// 1..k-1: what P1 requires to come out unchanged when generation k and later
// are corrupted. Where that part ends depends on the reader's Sync style
// (normalize.ts): a 'counted' stream opens generation g with its g-th Sync; a
// 'legacy' stream closes generation g with its g-th Sync.
import type { SyncStyle } from './normalize';

const isSync = (line: string) => / Sync Time=/.test(line.slice(0, line.indexOf('\n') >>> 0));

/** Number of leading events of `events` that make up generations 1..k-1. */
export function generationPrefixLength(events: readonly string[], k: number, style: SyncStyle): number {
  if (k <= 1) return 0;
  let syncs = 0;
  for (let i = 0; i < events.length; i++) {
    if (!isSync(events[i])) continue;
    syncs++;
    // counted: stop before generation k's opening Sync; legacy: include generation k-1's closing Sync.
    if (style === 'counted' && syncs === k) return i;
    if (style === 'legacy' && syncs === k - 1) return i + 1;
  }
  return events.length;
}
