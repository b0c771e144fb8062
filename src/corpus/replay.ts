// Replaying a corpus: read every case's trace with a reader and check the
// case's expectation (and its recorded event count, when it has one). Raw
// cases (binary trace, expectation in a sidecar) are checked like the others.
import { plural } from '../properties/plural';
import { basename } from 'node:path';
import { CorpusCase, caseTrace } from './corpusCase';
import { checkExpectation } from './expectation';
import type { Outcome, TraceReader } from '../readers/traceReader';
import type { SyncStyle } from '../properties/normalize';
import { expectedEventCount, probeSyncStyle, streamSyncStyle } from './eventCount';

/** The part of a TraceReader that replay needs. */
export type ReplayReader = Pick<TraceReader, 'name' | 'read' | 'versions'>;

export interface ReplayRow {
  file: string;
  expected: string;
  actual: string;
  ok: boolean;
  /** Why it failed, one line; null when ok. */
  detail: string | null;
  ms: number;
}

export async function replayCases(cases: readonly CorpusCase[], reader: ReplayReader): Promise<ReplayRow[]> {
  const rows: ReplayRow[] = [];
  // Recorded event counts are in counted terms (eventCount.ts): a legacy reader's style is found once, up front.
  let style: SyncStyle | null | undefined = cases.some((c) => c.meta.events !== undefined) ? undefined : null;
  for (const c of cases) {
    const file = c.path ? (c.raw ? 'raw/' : '') + basename(c.path) : '(unsaved)';
    const expected = c.expect.kind === 'success' ? 'SUCCESS' : `FAILURE ${c.expect.pattern}`;
    const started = Date.now();
    let trace: Uint8Array;
    try {
      trace = caseTrace(c);
    } catch (err) {
      rows.push({ file, expected, actual: 'bad case', ok: false, detail: (err as Error).message, ms: 0 });
      continue;
    }
    const outcome = await reader.read(trace);
    style ??= streamSyncStyle(outcome.events) ?? (await probeSyncStyle(reader));
    const detail = checkExpectation(c.expect, outcome, expectedEventCount(c.meta.events, streamSyncStyle(outcome.events) ?? style));
    rows.push({ file, expected, actual: describeOutcome(outcome), ok: detail === null, detail, ms: Date.now() - started });
  }
  return rows;
}

function describeOutcome(o: Outcome): string {
  switch (o.kind) {
    case 'ok': return `ok (${plural(o.events.length, 'event')})`;
    case 'error': return `error after ${plural(o.eventsBeforeError, 'event')}: ${(o.error ?? '').split('\n')[0]}`;
    default: return o.kind + (o.error ? `: ${o.error.split('\n')[0]}` : '');
  }
}

/** A plain-text table: one line per case, then a summary line. */
export function formatReplayTable(rows: readonly ReplayRow[], readerName: string): string {
  const clip = (s: string, n: number) => (s.length > n ? s.slice(0, n - 1) + '…' : s);
  const fileW = Math.min(60, Math.max(4, ...rows.map((r) => r.file.length)));
  const lines = [`${'case'.padEnd(fileW)}  result  ${'ms'.padStart(6)}  outcome (${readerName})`];
  for (const r of rows) {
    lines.push(`${clip(r.file, fileW).padEnd(fileW)}  ${(r.ok ? 'pass' : 'FAIL').padEnd(6)}  ${String(r.ms).padStart(6)}  ${clip(r.actual, 100)}`);
    if (!r.ok && r.detail) lines.push(`${''.padEnd(fileW)}          ${''.padStart(6)}  ${clip(r.detail, 140)}`);
  }
  const failed = rows.filter((r) => !r.ok).length;
  lines.push(`${plural(rows.length, 'case')}, ${rows.length - failed} passed, ${failed} failed`);
  return lines.join('\n') + '\n';
}
