// The `events: N` of a corpus case counts what a reader that opens every
// generation with a Sync emits ('counted': go1.25+ and the TS reader). A
// go1.22/1.23-style reader ('legacy': a Sync closes each generation) emits one
// event fewer on any stream that has events — the leading Sync. Replay and
// reports check the count as the reader at hand counts, and a count recorded
// from a legacy reader is stored in counted terms.
import fc from 'fast-check';
import type { TraceReader } from '../readers/traceReader';
import { detectSyncStyle, normalizeEvent, SyncStyle } from '../properties/normalize';
import { validCaseArb } from '../../arbitraries/traceCase';
import { SMALL_KNOBS } from '../../arbitraries/trace';
import { Version, VERSIONS } from '../trace/version';

/** The recorded count as a reader of `style` counts it. */
export function expectedEventCount(recorded: number | undefined, style: SyncStyle | null): number | undefined {
  if (recorded === undefined || style !== 'legacy' || recorded === 0) return recorded;
  return recorded - 1;
}

/**
 * A count a reader of `style` gave, in the counted terms a case records;
 * undefined when that cannot be told: the style is unknown, or a legacy
 * reader gave no event (a counted one gives its opening Sync, or nothing).
 */
export function recordedEventCount(n: number, style: SyncStyle | null): number | undefined {
  if (style === null || (style === 'legacy' && n === 0)) return undefined;
  return style === 'legacy' ? n + 1 : n;
}

/** The Sync style a stream shows, or null (no events): its first Sync tells (see normalize.ts's detectSyncStyle). */
export function streamSyncStyle(events: readonly string[]): SyncStyle | null {
  if (events.length === 0) return null;
  const sync = events.find((e) => / Sync Time=/.test(e.split('\n')[0]));
  return sync === undefined ? 'legacy' : detectSyncStyle([normalizeEvent(sync)]);
}

/** A reader's Sync style, from one small valid trace of a version it reads (null when it does not read it cleanly). */
export async function probeSyncStyle(reader: Pick<TraceReader, 'read' | 'versions'>, versions: readonly Version[] = reader.versions ?? VERSIONS): Promise<SyncStyle | null> {
  if (versions.length === 0) return null;
  const [c] = fc.sample(validCaseArb({ ...SMALL_KNOBS, versions: [versions[0]] }), { seed: 1, numRuns: 1 });
  const o = await reader.read(c.bytes);
  return o.kind === 'ok' ? streamSyncStyle(o.events) : null;
}
