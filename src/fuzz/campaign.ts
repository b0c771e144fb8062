// A fuzzing campaign that keeps what it finds: rounds of the P1–P7 property
// suite (fast-check, shrinking included) against one reader, every failure
// handed to the finding sink — saved at once, deduplicated by signature,
// minimized — with progress reported as it goes. The seed space is split by
// shard (see shard.ts); a stop request ends the campaign after the current
// round of one property. A time budget bounds the wall time even when the
// reader hangs: fast-check is told the time left, and the readers share a
// deadline that cuts any read still running when the budget ends (a cut read
// is never taken as a case's outcome: the round keeps its last real failure).
import type { TraceReader } from '../readers/traceReader';
import { PROPERTIES, PropertyDef, SuiteContext, runProperty } from '../properties/propertySuite';
import type { TraceKnobs } from '../../arbitraries/trace';
import { FindingSink, RecordResult } from './findingSink';
import { disagreementPredicate, disagrees, sameOutcomePredicate } from './reproducer';
import { Shard, globalRound, roundSeed } from './shard';
import type { TraceCase } from '../../arbitraries/traceCase';
import { BUDGET_CUT, ReadDeadline } from '../readers/readDeadline';
import type { Outcome } from '../readers/traceReader';

export interface CampaignOptions {
  reader: TraceReader;
  /** The reader that sets saved cases' expectations and that findings are minimized against. */
  reference: TraceReader;
  sink: FindingSink;
  mode: 'strict' | 'go-compatible';
  go?: TraceReader;
  knobs: TraceKnobs;
  seed: number;
  shard: Shard;
  /** Stop after this many property runs in all (checked between rounds). */
  maxRuns?: number;
  /** Stop after this much time (fast-check stops between runs; reads are cut by `deadline`). */
  maxMs?: number;
  /** The deadline the campaign's readers were opened with: set to the end of the budget. */
  deadline?: ReadDeadline;
  /** Property runs per fast-check call. */
  runsPerRound?: number;
  properties?: readonly PropertyDef[];
  shouldStop?: () => boolean;
  onProgress?: (s: CampaignStats) => void;
  onFinding?: (f: CampaignFinding) => void;
}

export interface CampaignFinding {
  property: string;
  /** The shrunk case that failed. */
  case: TraceCase;
  seed: number;
  path?: string;
  message: string;
  record: RecordResult;
}

export interface CampaignStats {
  runs: number;
  rounds: number;
  failures: number;
  newFindings: number;
  elapsedMs: number;
  perProperty: Record<string, { runs: number; failures: number }>;
  deviations: Record<string, number>;
  /** Known issues of Go's readers that cases ran into (skipped by P1, P2, P3, P7), by name. */
  notes: Record<string, number>;
  /** Reads of the reader under test that ended in its per-case timeout (shrinking included). */
  timeouts: number;
  /** Reads cut short by the time budget (never a case's outcome). */
  cutReads: number;
}

/** The reader under test, counting its timeouts. */
function counting(reader: TraceReader, stats: CampaignStats): TraceReader {
  const count = (o: Outcome) => {
    if (o.kind === 'timeout') {
      if (o.error === BUDGET_CUT) stats.cutReads++;
      else stats.timeouts++;
    }
    return o;
  };
  return {
    name: reader.name,
    versions: reader.versions,
    lineage: reader.lineage,
    read: async (t) => count(await reader.read(t)),
    readChunks: reader.readChunks ? async (c) => count(await reader.readChunks!(c)) : undefined,
    close: () => reader.close(),
  };
}

/** Time allowed after the budget for saving a failure found as it ended (its reads are cut after it). */
function recordGraceMs(maxMs: number): number {
  return Math.min(10_000, 2_000 + maxMs / 10);
}

export async function runCampaign(o: CampaignOptions): Promise<CampaignStats> {
  const props = (o.properties ?? PROPERTIES).filter((p) => !p.needsGo || o.go);
  const started = Date.now();
  const findingsMap = new Map<string, number>();
  const notesMap = new Map<string, number>();
  const stats: CampaignStats = { runs: 0, rounds: 0, failures: 0, newFindings: 0, elapsedMs: 0, perProperty: {}, deviations: {}, notes: {}, timeouts: 0, cutReads: 0 };
  for (const p of props) stats.perProperty[p.name] = { runs: 0, failures: 0 };
  const reader = counting(o.reader, stats);
  const ctx: SuiteContext = { reader, mode: o.mode, go: o.go, knobs: o.knobs, findings: findingsMap, notes: notesMap };
  const end = o.maxMs !== undefined ? started + o.maxMs : undefined;
  o.deadline?.set(end ?? null);
  const done = () =>
    (o.shouldStop?.() ?? false) || (o.maxRuns !== undefined && stats.runs >= o.maxRuns) || (end !== undefined && Date.now() >= end);

  for (let r = 0; !done(); r++) {
    const round = globalRound(o.shard, r);
    for (let pi = 0; pi < props.length && !done(); pi++) {
      const p = props[pi];
      const seed = roundSeed(o.seed, round, pi, props.length);
      const left = o.maxRuns === undefined ? Infinity : o.maxRuns - stats.runs;
      const numRuns = Math.max(1, Math.min(o.runsPerRound ?? 25, left));
      const res = await runProperty(p, ctx, { seed, numRuns, interruptAfterTimeLimit: end === undefined ? undefined : Math.max(1, end - Date.now()) });
      stats.runs += res.numRuns;
      stats.perProperty[p.name].runs += res.numRuns;
      // A failure that is a read the budget cut short says nothing about the case.
      if (res.failed && !(res.message ?? '').includes(BUDGET_CUT)) {
        stats.failures++;
        stats.perProperty[p.name].failures++;
        const ce = res.counterexample;
        // Found as the budget ended: saved within a short grace, its reads cut after it.
        if (end !== undefined && Date.now() >= end) o.deadline?.set(Date.now() + recordGraceMs(o.maxMs!));
        if (ce) {
          const out = await reader.read(ce.bytes);
          const reproduces = reader.name !== o.reference.name && (await disagrees(reader, o.reference, ce.bytes))
            ? await disagreementPredicate(reader, o.reference, ce.bytes)
            : await sameOutcomePredicate(reader, ce.bytes);
          const record = await o.sink.record(
            {
              property: p.name,
              case: ce,
              error: out.error ?? (out.kind === 'ok' ? null : out.kind),
              seed: `${o.seed}:${round}:${p.name}${res.path ? ` path ${res.path}` : ''}`,
              reader: reader.name,
              note: (res.message ?? '').split('\n').slice(0, 2).join(' / ').slice(0, 300),
            },
            reproduces,
          );
          if (record.status === 'new') stats.newFindings++;
          o.onFinding?.({ property: p.name, case: ce, seed, path: res.path, message: res.message ?? '', record });
        }
      }
      stats.elapsedMs = Date.now() - started;
      o.onProgress?.(stats);
      // In-process readers never leave the microtask queue; let signals
      // (Ctrl-C) and timers in between rounds.
      await new Promise((resolve) => setImmediate(resolve));
    }
    stats.rounds++;
  }
  for (const [k, v] of findingsMap) stats.deviations[k] = v;
  for (const [k, v] of notesMap) stats.notes[k] = v;
  stats.elapsedMs = Date.now() - started;
  return stats;
}
