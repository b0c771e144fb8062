// Where each reader of a comparison puts its Sync events ('counted': one
// opening every generation, go1.25+ and the TS reader; 'legacy': one closing
// it, go1.22/1.23), found once by reading one small valid trace. Cases whose
// streams cannot tell (no events) are compared with this, so a case's class
// never depends on the cases run before it — in one process or split over many.
import type { TraceReader } from '../readers/traceReader';
import type { Version } from '../trace/version';
import type { StyleHints } from './compareCase';
import { probeSyncStyle } from '../corpus/eventCount';

export async function probeSyncStyles(baseline: TraceReader, candidate: TraceReader, versions: readonly Version[]): Promise<StyleHints> {
  return { baseline: await probeSyncStyle(baseline, versions), candidate: await probeSyncStyle(candidate, versions) };
}
