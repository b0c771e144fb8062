// The real tools behind difference groups: the corpus engineer's minimizer,
// Go's text format for the reproducer, re-running both readers, and saving
// each regression's reproducer as a corpus case (and a FuzzReader entry when
// it has no text form) with the commands that replay and minimize it.
import { minimizeTrace } from '../minimize/minimizer';
import { hasTextForm, traceToText } from '../corpus/traceText';
import { generationRuns, parseSkeleton } from '../minimize/traceSkeleton';
import { Ev } from '../trace/spec';
import type { TraceReader } from '../readers/traceReader';
import { compareCase, ComparedCase, ReaderRun } from './compareCase';
import type { ReproducerTools, SavedReproducer } from './differenceGroups';
import type { DifferenceGroup } from './reportSchema';
import { CorpusStore, Finding, isRawCasePath } from '../corpus/corpusStore';
import { SIDECAR_SUFFIX } from '../corpus/rawCase';
import { expectationFor } from '../corpus/expectation';
import { makeSignature, recordedSignature } from '../fuzz/signature';
import { tracefuzzCommand } from '../fuzz/commandLine';
import { writeFileAtomic } from '../corpus/atomicWrite';
import { FUZZ_READER_DIR, goTestFile } from './reproducerForms';
import { recordedEventCount } from '../corpus/eventCount';
import type { SyncStyle } from '../properties/normalize';
import { mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface ReproducerToolOptions {
  baseline: TraceReader;
  candidate: TraceReader;
  /** The candidate's Sync style (syncStyles.ts): a fix's case counts the candidate's events. */
  candidateStyle?: SyncStyle | null;
  /** The specs that name them on the command line (for the printed commands); default their names. */
  baselineSpec?: string;
  candidateSpec?: string;
  /** Minimize reproducers (default true); per group limits keep reports quick. */
  minimize?: boolean;
  maxTests?: number;
  /** Per group (default 30 s). */
  timeLimitMs?: number;
  /** For all groups together (default 2 min): later groups stay unminimized. */
  totalTimeMs?: number;
  /**
   * Where each regression's reproducer is saved as a corpus case expecting
   * what the baseline does (a raw case when the trace has no text form, with
   * its FuzzReader corpus entry under testdata/fuzz/FuzzReader), so
   * `tracefuzz replay --reader CANDIDATE` keeps failing until the regression
   * is gone: the report's own directory, then `--save-corpus DIR`. The
   * printed commands name the last one.
   */
  saveDirs?: string[];
  /**
   * --stable: saved cases carry no date, and minimization is bounded by its
   * count of tests alone (no time limit), so the same groups give the same
   * reproducers on any machine at any load.
   */
  stable?: boolean;
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
  const baselineSpec = opts.baselineSpec ?? opts.baseline.name;
  const candidateStyle = opts.candidateStyle ?? null;
  const candidateSpec = opts.candidateSpec ?? opts.candidate.name;
  const stores = new Map<string, CorpusStore>();
  const dirs = opts.saveDirs ?? [];
  const save = dirs.length === 0 ? undefined : async (group: DifferenceGroup, trace: Uint8Array): Promise<SavedReproducer | null> => {
    if (group.class !== 'regression') return null;
    const f = finding(group, trace);
    if (!f) throw new Error(`the baseline gave ${group.reproducer.baseline.kind} on it: no outcome a case could expect`);
    const files: string[] = [];
    let corpusFile: string | null = null;
    for (const dir of dirs) {
      let store = stores.get(dir);
      if (!store) { store = CorpusStore.open(dir); stores.set(dir, store); }
      const r = store.addFinding(f, { replace: true });
      corpusFile = r.path;
      files.push(r.path);
      if (isRawCasePath(r.path)) {
        files.push(r.path + SIDECAR_SUFFIX);
        // Go's loader needs a text form; Go's fuzz test takes any bytes.
        const fz = group.reproducer.fuzzCorpus;
        const fuzzDir = join(dir, FUZZ_READER_DIR);
        mkdirSync(fuzzDir, { recursive: true });
        writeFileAtomic(join(fuzzDir, fz.name), fz.content);
        files.push(join(fuzzDir, fz.name));
      }
    }
    const at = shortPath(corpusFile!);
    return {
      corpusFile: at,
      files: files.map(shortPath),
      replay: tracefuzzCommand(['replay', at, '--reader', candidateSpec]),
      minimize: tracefuzzCommand(['minimize', at, '--reader', candidateSpec, '--differs-from', baselineSpec, '-o', 'smaller.test']),
    };
  };
  /** The corpus case of a regression: it expects the baseline's outcome. */
  const finding = (group: DifferenceGroup, trace: Uint8Array): Finding | null => {
    const side = group.class === 'fix' ? group.reproducer.candidate : group.reproducer.baseline;
    if (side.kind !== 'ok' && side.kind !== 'error') return null;
    const outcome = { kind: side.kind, events: [], error: side.error, eventsBeforeError: side.eventsBeforeError };
    const property = group.properties.join('+') || group.class;
    return {
      trace,
      expect: expectationFor(outcome),
      signature: recordedSignature(makeSignature(property, group.cause, group.operator, group.version === null ? 'unknown' : `go1.${group.version}`)),
      reader: group.class === 'fix' ? opts.candidate.name : opts.baseline.name,
      // Event counts in the corpus are those of readers that open each generation with a Sync.
      events: recordedEventCount(side.kind === 'ok' ? side.eventCount : side.eventsBeforeError, group.class === 'fix' ? candidateStyle : group.reproducer.baselineStyle),
      name: `${property}-${group.cause}`,
      notes: [`found by tracefuzz report: ${opts.candidate.name} vs ${opts.baseline.name}: ${group.summary}`],
      date: opts.stable ? null : undefined,
    };
  };
  return {
    save,
    testFile: (group, trace) => {
      const f = finding(group, trace);
      if (!f) return null;
      return goTestFile(trace, f.expect, { signature: f.signature.id, signatureKey: f.signature.key, property: f.signature.property, operator: f.signature.operator, version: f.signature.version, reader: f.reader, events: f.events, extra: {}, notes: f.notes ?? [] });
    },
    toText: traceAsText,
    generations: countGenerations,
    rerun,
    minimize: async (trace, stillDiffers) => {
      if (opts.minimize === false) return trace;
      spentFrom ??= performance.now();
      const left = opts.stable ? Infinity : (opts.totalTimeMs ?? 120_000) - (performance.now() - spentFrom);
      if (left <= 0) return trace;
      // A trace with a text form keeps one: a Go test case is the reproducer a maintainer takes first.
      const keepText = hasTextForm(trace);
      const timeLimitMs = opts.stable ? Infinity : Math.min(opts.timeLimitMs ?? 30_000, left);
      const r = await minimizeTrace(trace, async (t) => (!keepText || hasTextForm(t)) && stillDiffers(t), { maxTests: opts.maxTests ?? 2000, timeLimitMs });
      return r.bytes;
    },
  };
}

/** A path as a person types it: relative to the working directory when inside it. */
function shortPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
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
