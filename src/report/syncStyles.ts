// Where each reader of a comparison puts its Sync events ('counted': one
// opening every generation, go1.25+ and the TS reader; 'legacy': one closing
// it, go1.22/1.23), found once by reading one small valid trace. Cases whose
// streams cannot tell (no events) are compared with this, so a case's class
// never depends on the cases run before it — in one process or split over many.
import fc from 'fast-check';
import type { TraceReader } from '../readers/traceReader';
import { detectSyncStyle, normalizeEvent, SyncStyle } from '../properties/normalize';
import { validCaseArb } from '../../arbitraries/traceCase';
import { SMALL_KNOBS } from '../../arbitraries/trace';
import type { Version } from '../trace/version';
import type { StyleHints } from './compareCase';

async function probe(reader: TraceReader, trace: Uint8Array): Promise<SyncStyle | null> {
  const o = await reader.read(trace);
  return o.kind === 'ok' ? detectSyncStyle(o.events.map(normalizeEvent)) : null;
}

export async function probeSyncStyles(baseline: TraceReader, candidate: TraceReader, versions: readonly Version[]): Promise<StyleHints> {
  if (versions.length === 0) return { baseline: null, candidate: null };
  const [c] = fc.sample(validCaseArb({ ...SMALL_KNOBS, versions: [versions[0]] }), { seed: 1, numRuns: 1 });
  return { baseline: await probe(baseline, c.bytes), candidate: await probe(candidate, c.bytes) };
}
