// A fuzzing campaign that keeps what it finds: rounds of the P1–P7 property
// suite (fast-check, shrinking included) against one reader, every failure
// handed to a recorder — saved at once, deduplicated by signature (property
// and cause), minimized — with progress reported as it goes.
//
// The work is a fixed sequence of units (a round of one property), each with
// its own seed (shard.ts): `--runs N` plans the units that add up to N runs,
// a shard takes every N-th round, and a job of a campaign split over several
// processes takes every J-th round of its shard. So what a unit finds does not
// depend on which process ran it, and the recorder keeps, per signature, the
// failure of the earliest unit. A stop request ends the campaign after the
// current unit. A time budget bounds the wall time even when the reader
// hangs: fast-check is told the time left, and the readers share a deadline
// that cuts any read still running when the budget ends (a cut read is never
// taken as a case's outcome: the unit keeps its last real failure). With
// coverage guidance (a Go reader built for coverage), half of each unit's
// cases are drawn around the seeds the campaign kept.
import type { Outcome, TraceReader } from '../readers/traceReader';
import { CaseGuidance, PROPERTIES, PropertyDef, SuiteContext, runProperty } from '../properties/propertySuite';
import type { TraceKnobs } from '../../arbitraries/trace';
import type { Claim, Failure, RecordResult } from './findingSink';
import { MinimizeOptions, minimizeTrace, Predicate } from '../minimize/minimizer';
import { disagreementPredicate, disagrees, sameOutcomePredicate } from './reproducer';
import { Shard, globalRound, roundSeed } from './shard';
import { caseOperator, caseVersionName, TraceCase } from '../../arbitraries/traceCase';
import { messageCause, outcomeCause } from './failureCause';
import { BUDGET_CUT, ReadDeadline } from '../readers/readDeadline';

/** Where failures go: the finding sink itself, or (in a worker process) the sink of the parent. */
export interface FindingRecorder {
  claim(f: Failure): Promise<Claim>;
  complete(f: Failure, minimized: Uint8Array, tests: number): Promise<RecordResult>;
  /** How new findings are minimized (false: not at all). */
  readonly minimizeOptions: MinimizeOptions | false;
}

/** This process's part of a shard's work: job `index` (0-based) of `count` takes local rounds index, index+count, … */
export interface Job {
  index: number;
  count: number;
}

export interface CampaignOptions {
  reader: TraceReader;
  /** The reader that sets saved cases' expectations, that causes are judged against and findings minimized against. */
  reference: TraceReader;
  recorder: FindingRecorder;
  mode: 'strict' | 'go-compatible';
  go?: TraceReader;
  knobs: TraceKnobs;
  seed: number;
  shard: Shard;
  job?: Job;
  /** Plan units that add up to this many property runs (a failing unit stops at its failure). */
  maxRuns?: number;
  /** Stop after this much time (fast-check stops between runs; reads are cut by `deadline`). */
  maxMs?: number;
  /** The deadline the campaign's readers were opened with: set to the end of the budget. */
  deadline?: ReadDeadline;
  /** Property runs per unit. */
  runsPerRound?: number;
  properties?: readonly PropertyDef[];
  shouldStop?: () => boolean;
  /** Coverage guidance (guidance.ts), when the reader reports coverage. */
  guidance?: CaseGuidance;
  onProgress?: (s: CampaignStats) => void;
  onFinding?: (f: CampaignFinding) => void;
  /** Builds the replay command of a failure (printed and kept with the finding). */
  replayCommand?: (property: string, seed: number, path: string) => string;
}

export interface CampaignFinding {
  property: string;
  /** The shrunk case that failed. */
  case: TraceCase;
  cause: string;
  seed: number;
  path?: string;
  message: string;
  record: RecordResult;
}

export interface CampaignStats {
  runs: number;
  /** Runs the finished units planned (the budget used, for `--runs`). */
  planned: number;
  rounds: number;
  failures: number;
  newFindings: number;
  elapsedMs: number;
  /** Elapsed time of the last new finding, or null. */
  lastNewFindingMs: number | null;
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

export function emptyStats(props: readonly { name: string }[]): CampaignStats {
  const stats: CampaignStats = { runs: 0, planned: 0, rounds: 0, failures: 0, newFindings: 0, elapsedMs: 0, lastNewFindingMs: null, perProperty: {}, deviations: {}, notes: {}, timeouts: 0, cutReads: 0 };
  for (const p of props) stats.perProperty[p.name] = { runs: 0, failures: 0 };
  return stats;
}

/** The properties a campaign runs: those that need Go only when Go is there. */
export function campaignProperties(props: readonly PropertyDef[] | undefined, haveGo: boolean): PropertyDef[] {
  return (props ?? PROPERTIES).filter((p) => !p.needsGo || haveGo);
}

/** The cause of a failure: how the reader's outcome differs from the reference's, else the property's own explanation. */
async function causeOf(o: CampaignOptions, reader: TraceReader, out: Outcome, bytes: Uint8Array, message: string): Promise<string> {
  if (reader.name !== o.reference.name) {
    const c = outcomeCause(await o.reference.read(bytes), out);
    if (c !== null) return c;
  }
  return messageCause(message);
}

export async function runCampaign(o: CampaignOptions): Promise<CampaignStats> {
  const props = campaignProperties(o.properties, Boolean(o.go));
  const job = o.job ?? { index: 0, count: 1 };
  const perUnit = o.runsPerRound ?? 25;
  const started = Date.now();
  const findingsMap = new Map<string, number>();
  const notesMap = new Map<string, number>();
  const stats = emptyStats(props);
  const reader = counting(o.reader, stats);
  const ctx: SuiteContext = { reader, mode: o.mode, go: o.go, knobs: o.knobs, findings: findingsMap, notes: notesMap, guidance: o.guidance };
  const end = o.maxMs !== undefined ? started + o.maxMs : undefined;
  o.deadline?.set(end ?? null);
  // Runs planned for unit u (round r = u / props): the budget left at its start, at most perUnit.
  const plannedRuns = (u: number) => (o.maxRuns === undefined ? perUnit : Math.max(0, Math.min(perUnit, o.maxRuns - u * perUnit)));
  const stopped = () => (o.shouldStop?.() ?? false) || (end !== undefined && Date.now() >= end);

  for (let r = job.index; !stopped(); r += job.count) {
    if (plannedRuns(r * props.length) === 0) break;
    const round = globalRound(o.shard, r);
    for (let pi = 0; pi < props.length && !stopped(); pi++) {
      const unit = r * props.length + pi;
      const numRuns = plannedRuns(unit);
      if (numRuns === 0) break;
      const p = props[pi];
      const seed = roundSeed(o.seed, round, pi, props.length);
      const res = await runProperty(p, ctx, { seed, numRuns, interruptAfterTimeLimit: end === undefined ? undefined : Math.max(1, end - Date.now()) });
      stats.runs += res.numRuns;
      stats.planned += numRuns;
      stats.perProperty[p.name].runs += res.numRuns;
      // A failure that is a read the budget cut short says nothing about the case.
      if (res.failed && !(res.message ?? '').includes(BUDGET_CUT)) {
        stats.failures++;
        stats.perProperty[p.name].failures++;
        const ce = res.counterexample;
        // Found as the budget ended: saved within a short grace, its reads cut after it.
        if (end !== undefined && Date.now() >= end) o.deadline?.set(Date.now() + recordGraceMs(o.maxMs!));
        if (ce) {
          const record = await recordFailure(o, reader, p.name, ce, res.message ?? '', {
            order: unit,
            seed: `${o.seed}:${round}:${p.name}${res.path ? ` path ${res.path}` : ''}`,
            replay: res.path && o.replayCommand ? o.replayCommand(p.name, seed, res.path) : undefined,
          });
          if (record.status === 'new') {
            stats.newFindings++;
            stats.lastNewFindingMs = Date.now() - started;
          }
          o.onFinding?.({ property: p.name, case: ce, cause: record.cause, seed, path: res.path, message: res.message ?? '', record });
        }
      }
      stats.elapsedMs = Date.now() - started;
      o.onProgress?.(stats);
      // In-process readers never leave the microtask queue; let signals
      // (Ctrl-C) and timers in between units.
      await new Promise((resolve) => setImmediate(resolve));
    }
    stats.rounds++;
  }
  for (const [k, v] of findingsMap) stats.deviations[k] = v;
  for (const [k, v] of notesMap) stats.notes[k] = v;
  stats.elapsedMs = Date.now() - started;
  return stats;
}

async function recordFailure(o: CampaignOptions, reader: TraceReader, property: string, ce: TraceCase, message: string, at: { order: number; seed: string; replay?: string }): Promise<RecordResult & { cause: string }> {
  const out = await reader.read(ce.bytes);
  const cause = await causeOf(o, reader, out, ce.bytes, message);
  const failure: Failure = {
    property,
    bytes: ce.bytes,
    cause,
    operator: caseOperator(ce),
    version: caseVersionName(ce),
    seed: at.seed,
    reader: reader.name,
    note: message.split('\n').slice(0, 2).join(' / ').slice(0, 300),
    order: at.order,
    replay: at.replay,
    message,
  };
  const claim = await o.recorder.claim(failure);
  if (!claim.minimize || o.recorder.minimizeOptions === false) {
    const { minimize: _, ...r } = claim;
    return { ...r, cause };
  }
  const reproduces: Predicate = reader.name !== o.reference.name && (await disagrees(reader, o.reference, ce.bytes))
    ? await disagreementPredicate(reader, o.reference, ce.bytes)
    : await sameOutcomePredicate(reader, ce.bytes);
  const min = await minimizeTrace(ce.bytes, reproduces, o.recorder.minimizeOptions);
  return { ...(await o.recorder.complete(failure, min.bytes, min.tests)), cause };
}
