// The real tools behind difference groups: the corpus engineer's minimizer,
// Go's text format for the reproducer, and re-running both readers.
import { minimizeTrace } from '../minimize/minimizer';
import { traceToText } from '../corpus/traceText';
import { generationRuns, parseSkeleton } from '../minimize/traceSkeleton';
import { Ev } from '../trace/spec';
import type { TraceReader } from '../readers/traceReader';
import { compareCase, ComparedCase, ReaderRun } from './compareCase';
import type { ReproducerTools } from './differenceGroups';
import type { DifferenceGroup } from './reportSchema';
import { CorpusStore } from '../corpus/corpusStore';
import { expectationFor } from '../corpus/expectation';
import { makeSignature, recordedSignature } from '../fuzz/signature';
import { hasTextForm } from '../corpus/traceText';

export interface ReproducerToolOptions {
  baseline: TraceReader;
  candidate: TraceReader;
  /** Minimize reproducers (default true); per group limits keep reports quick. */
  minimize?: boolean;
  maxTests?: number;
  /** Per group (default 30 s). */
  timeLimitMs?: number;
  /** For all groups together (default 2 min): later groups stay unminimized. */
  totalTimeMs?: number;
  /**
   * Saves each regression's reproducer here as a corpus case expecting what
   * the baseline does, so `tracefuzz replay --reader CANDIDATE` keeps failing
   * until the regression is gone.
   */
  saveCorpusDir?: string;
}

export function reproducerTools(opts: ReproducerToolOptions): ReproducerTools {
  let spentFrom: number | undefined;
  const rerun = async (first: ComparedCase, trace: Uint8Array): Promise<ComparedCase> => {
    const side = async (reader: TraceReader, original: ReaderRun): Promise<ReaderRun> => {
      const t0 = performance.now();
      const outcome = await reader.read(trace);
      return { outcome, properties: original.properties, ms: performance.now() - t0 };
    };
    const b = await side(opts.baseline, first.baseline);
    const c = await side(opts.candidate, first.candidate);
    return compareCase({ ...first.input, trace }, b, c, first.hints ? { ...first.hints } : undefined);
  };
  const save = opts.saveCorpusDir === undefined ? undefined : async (group: DifferenceGroup, trace: Uint8Array, first: ComparedCase): Promise<string | null> => {
    if (group.class !== 'regression') return null;
    const base = group.reproducer.baseline;
    if (base.kind !== 'ok' && base.kind !== 'error') return null;
    if (!hasTextForm(trace)) return null;
    const store = (corpus ??= CorpusStore.open(opts.saveCorpusDir!));
    const outcome = { kind: base.kind, events: [], error: base.error, eventsBeforeError: base.eventsBeforeError };
    const version = group.version === null ? 'unknown' : `go1.${group.version}`;
    const r = store.addFinding({
      trace,
      expect: expectationFor(outcome),
      signature: recordedSignature(makeSignature(group.properties.join('+'), base.error, group.operator, version)),
      reader: opts.baseline.name,
      // Event counts in the corpus are those of readers that open each generation with a Sync.
      events: group.reproducer.baselineStyle === 'counted' ? (base.kind === 'ok' ? base.eventCount : base.eventsBeforeError) : undefined,
      name: `report-${reproducerName(group, first)}`,
      notes: [`found by tracefuzz report: ${opts.candidate.name} regresses ${group.properties.join(', ')} against ${opts.baseline.name}`],
    });
    return r.path;
  };
  let corpus: CorpusStore | undefined;
  return {
    save,
    toText: traceAsText,
    generations: countGenerations,
    rerun,
    minimize: async (trace, stillDiffers) => {
      if (opts.minimize === false) return trace;
      spentFrom ??= performance.now();
      const left = (opts.totalTimeMs ?? 120_000) - (performance.now() - spentFrom);
      if (left <= 0) return trace;
      const r = await minimizeTrace(trace, stillDiffers, { maxTests: opts.maxTests ?? 2000, timeLimitMs: Math.min(opts.timeLimitMs ?? 30_000, left) });
      return r.bytes;
    },
  };
}

/** A file name stem for a saved reproducer: its operator, or `p2-` and the later fault's for two faults. */
function reproducerName(group: DifferenceGroup, first: ComparedCase): string {
  const c = first.input.generated;
  return c?.kind === 'two-faults' ? `p2-${c.faults[1].operator}` : group.operator;
}

/** Go's text format, or a hex dump for bytes that have none (e.g. a cut header). */
function traceAsText(trace: Uint8Array): string {
  try {
    return traceToText(trace);
  } catch (err) {
    const lines = [`# no text form (${(err as Error).message}); ${trace.length} bytes in hex:`];
    for (let i = 0; i < trace.length; i += 32) {
      lines.push(Array.from(trace.subarray(i, i + 32), (b) => b.toString(16).padStart(2, '0')).join(' '));
    }
    return lines.join('\n') + '\n';
  }
}

function countGenerations(trace: Uint8Array): number | null {
  const s = parseSkeleton(trace);
  if (!s) return null;
  // Distinct generation numbers: interleaved batches of one generation count once.
  const gens = new Set<string>();
  for (const run of generationRuns(s)) {
    const h = run[0].header;
    gens.add(h && h.type === Ev.EventBatch ? String(h.args[0]) : h && h.type === Ev.ExperimentalBatch ? String(h.args[1]) : '?');
  }
  return gens.size;
}
