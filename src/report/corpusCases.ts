// Corpus cases as report cases. A corpus case records what the reference
// reader does (its expectation and event count); a reader "passes" the case's
// property when it does the same. The property is the one the case was filed
// under (metadata), or `expect` for cases without one (e.g. Go's own tests).
import { basename } from 'node:path';
import { caseTrace, CorpusCase } from '../corpus/corpusCase';
import { checkExpectation } from '../corpus/expectation';
import { loadCases, LoadProblem } from '../corpus/corpusStore';
import type { TraceReader } from '../readers/traceReader';
import type { SyncStyle } from '../properties/normalize';
import { expectedEventCount, streamSyncStyle } from '../corpus/eventCount';
import type { ReportCase } from './reportCase';
import { traceVersion } from '../trace/version';
import { timedRead } from './reportCase';

export function corpusReportCases(dirs: readonly string[], problems: LoadProblem[] = []): ReportCase[] {
  const out: ReportCase[] = [];
  for (const dir of dirs) {
    for (const c of loadCases(dir, problems)) {
      let trace: Uint8Array;
      try {
        trace = caseTrace(c);
      } catch (err) {
        problems.push({ path: c.path ?? dir, message: (err as Error).message });
        continue;
      }
      out.push(corpusReportCase(c, trace));
    }
  }
  return out;
}

// Recorded event counts are those of readers that open every generation with
// a Sync (eventCount.ts). What each reader's outcomes showed is remembered
// for outcomes without events.
const styles = new WeakMap<TraceReader, SyncStyle>();

/** Tells corpus cases a reader's Sync style up front (syncStyles.ts), so no case depends on the ones before it. */
export function rememberSyncStyle(reader: TraceReader, style: SyncStyle | null): void {
  if (style) styles.set(reader, style);
}

function expectedEvents(recorded: number | undefined, reader: TraceReader, events: readonly string[]): number | undefined {
  const seen = streamSyncStyle(events) ?? styles.get(reader) ?? null;
  if (seen) styles.set(reader, seen);
  return expectedEventCount(recorded, seen);
}

function corpusReportCase(c: CorpusCase, trace: Uint8Array): ReportCase {
  const label = c.path ? basename(c.path) : '(unsaved case)';
  const property = c.meta.property ?? 'expect';
  const version = /^go1\.(\d+)$/.exec(c.meta.version ?? '')?.[1];
  return {
    input: {
      id: `corpus:${label}`,
      source: 'corpus',
      label,
      operator: c.meta.operator ?? 'corpus',
      version: version ? Number(version) : traceVersion(trace),
      seed: c.meta.seed !== undefined && /^\d+$/.test(c.meta.seed) ? Number(c.meta.seed) : null,
      trace,
    },
    async evaluate(reader) {
      const { outcome, ms } = await timedRead(reader, trace);
      const mismatch = checkExpectation(c.expect, outcome, expectedEvents(c.meta.events, reader, outcome.events));
      return { outcome, ms, properties: { [property]: mismatch === null ? { status: 'pass' } : { status: 'fail', message: mismatch } } };
    },
  };
}
