// A fuzzing campaign that keeps what it finds: rounds of the P1–P7 property
// suite (fast-check, shrinking included) against one reader, every failure
// handed to the finding sink — saved at once, deduplicated by signature,
// minimized — with progress reported as it goes. The seed space is split by
// shard (see shard.ts); a stop request ends the campaign after the current
// round of one property.
import type { TraceReader } from '../readers/traceReader';
import { CaseGuidance, PROPERTIES, PropertyDef, SuiteContext, runProperty } from '../properties/propertySuite';
import type { TraceKnobs } from '../../arbitraries/trace';
import { FindingSink, RecordResult } from './findingSink';
import { disagreementPredicate, disagrees, sameOutcomePredicate } from './reproducer';
import { Shard, globalRound, roundSeed } from './shard';
import type { TraceCase } from '../../arbitraries/traceCase';

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
  /** Stop after this much time (checked between rounds). */
  maxMs?: number;
  /** Property runs per fast-check call. */
  runsPerRound?: number;
  properties?: readonly PropertyDef[];
  shouldStop?: () => boolean;
  /** Coverage guidance (guidance.ts), when the reader reports coverage. */
  guidance?: CaseGuidance;
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
}

export async function runCampaign(o: CampaignOptions): Promise<CampaignStats> {
  const props = (o.properties ?? PROPERTIES).filter((p) => !p.needsGo || o.go);
  const started = Date.now();
  const findingsMap = new Map<string, number>();
  const stats: CampaignStats = { runs: 0, rounds: 0, failures: 0, newFindings: 0, elapsedMs: 0, perProperty: {}, deviations: {} };
  for (const p of props) stats.perProperty[p.name] = { runs: 0, failures: 0 };
  const ctx: SuiteContext = { reader: o.reader, mode: o.mode, go: o.go, knobs: o.knobs, findings: findingsMap, guidance: o.guidance };
  const done = () =>
    (o.shouldStop?.() ?? false) || (o.maxRuns !== undefined && stats.runs >= o.maxRuns) || (o.maxMs !== undefined && Date.now() - started >= o.maxMs);

  for (let r = 0; !done(); r++) {
    const round = globalRound(o.shard, r);
    for (let pi = 0; pi < props.length && !done(); pi++) {
      const p = props[pi];
      const seed = roundSeed(o.seed, round, pi, props.length);
      const left = o.maxRuns === undefined ? Infinity : o.maxRuns - stats.runs;
      const numRuns = Math.max(1, Math.min(o.runsPerRound ?? 25, left));
      const res = await runProperty(p, ctx, { seed, numRuns });
      stats.runs += res.numRuns;
      stats.perProperty[p.name].runs += res.numRuns;
      if (res.failed) {
        stats.failures++;
        stats.perProperty[p.name].failures++;
        const ce = res.counterexample;
        if (ce) {
          const out = await o.reader.read(ce.bytes);
          const reproduces = o.reader.name !== o.reference.name && (await disagrees(o.reader, o.reference, ce.bytes))
            ? await disagreementPredicate(o.reader, o.reference, ce.bytes)
            : await sameOutcomePredicate(o.reader, ce.bytes);
          const record = await o.sink.record(
            {
              property: p.name,
              case: ce,
              error: out.error ?? (out.kind === 'ok' ? null : out.kind),
              seed: `${o.seed}:${round}:${p.name}${res.path ? ` path ${res.path}` : ''}`,
              reader: o.reader.name,
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
  stats.elapsedMs = Date.now() - started;
  return stats;
}
