// `tracefuzz report --baseline SPEC --candidate SPEC [--corpus DIR]…
//   [--runs N --seed S | --time T] [--out DIR] [--name NAME] [--timeout MS]
//   [--no-minimize] [--save-corpus DIR] [--jobs N] [--stable]`
// Runs the corpus and a generated campaign on both readers (split over N
// worker processes, with the same report as one), writes
// reports/<name>/{report.json,report.md,report.html} and each regression's
// reproducer, prints the verdict, and exits 1 when the candidate regresses
// (so CI can gate on it) or a reproducer could not be saved, 2 on usage
// errors, 130 on Ctrl-C (after writing the report of the cases run so far).
import { join, resolve } from 'node:path';
import { Command, parseCommandArgs, toolVersion } from './command';
import { UsageError } from './usageError';
import { commonVersions, coverageLine, durationOption, jobsOption, openUnderTestOption, outDirOption, runsOption, seedOption, versionsHeader } from './options';
import { ReadDeadline } from '../readers/readDeadline';
import { defaultJobs, forkWorker, parentChannel, WorkerProcess } from './workers';
import { EXIT_INTERRUPTED, Interruption } from './interruption';
import { CoverageReader } from '../readers/coverageReader';
import type { TraceReader } from '../readers/traceReader';
import { DEFAULT_CASE_TIMEOUT_MS } from '../readers/cmdReader';
import type { Version } from '../trace/version';
import { generatedReportCases } from '../report/generatedCases';
import { corpusReportCases, rememberSyncStyle } from '../report/corpusCases';
import { ProgressBar } from './progressBar';
import type { ReportCase } from '../report/reportCase';
import { reproducerTools } from '../report/reproducerTools';
import { CaseResult, compareCases, ComparisonProgress, runComparison, summarizeComparison } from '../report/runComparison';
import { CASE_CLASSES, Report } from '../report/reportSchema';
import { writeReport } from '../report/writeReport';
import { probeSyncStyles } from '../report/syncStyles';
import type { StyleHints } from '../report/compareCase';
import type { ReportMeta } from '../report/buildReport';
import { plural } from '../properties/plural';
import { FUZZ_READER_DIR } from '../report/reproducerForms';


const usage = `usage: tracefuzz report --baseline SPEC --candidate SPEC [--corpus DIR]... [--runs N --seed S | --time T]
                       [--out DIR] [--name NAME] [--timeout DURATION] [--no-minimize] [--save-corpus DIR] [--jobs N] [--stable]
  SPEC: ts, ts:strict, ts@REV, mutant:NAME, go, go@VERSION, go-exp@VERSION, goroot:DIR, go-exp:DIR,
        go[@VERSION]+FILE.diff, go-exp@VERSION+FILE.diff, cmd:COMMAND
  Only the trace versions both readers read are generated (an empty intersection is a usage error).
  --time T: campaign time budget (e.g. 60s, 5m); --runs N: number of generated cases (default 200)
  --timeout DURATION: per-case limit of readers that run as a process (default 10s, plus 2s per MiB of trace)
  --jobs N: worker processes (default: the machine's cores); the same report as --jobs 1
  --stable: leave out what differs run to run (times, dates) and minimize by test count only, so the same
        --runs and --seed give byte-identical files (for reports kept in a repository); needs --runs
  Each regression's minimized reproducer is written to OUT/reproducers/ (and with --save-corpus DIR
  to DIR too) as a corpus case expecting the baseline's outcome: a Go test case (.test) when the trace
  has a text form, else a raw case (raw/NAME.trace) plus its entry for internal/trace's FuzzReader
  (${FUZZ_READER_DIR}/NAME); report.md gives the commands that replay and minimize it.
  exit status: 0 no regression, 1 the candidate regresses (or a reproducer could not be saved),
  2 usage error, 130 interrupted`;

export interface ReportArgs {
  baseline: string;
  candidate: string;
  corpus: string[];
  runs: number | null;
  seed: number;
  timeMs: number | null;
  out: string | null;
  name: string | null;
  timeoutMs: number;
  minimize: boolean;
  saveCorpus: string | null;
  jobs: number;
  stable: boolean;
}

const DEFAULT_RUNS = 200;

function parseReportArgs(values: Record<string, string | string[] | boolean | undefined>): ReportArgs {
  const v = values as Partial<Record<string, string>> & { corpus?: string[]; 'no-minimize'?: boolean; stable?: boolean };
  if (!v.baseline) throw new UsageError('--baseline SPEC is required');
  if (!v.candidate) throw new UsageError('--candidate SPEC is required');
  if (v.runs !== undefined && v.time !== undefined) throw new UsageError('give --runs or --time, not both');
  // A time budget ends after however many cases this machine ran: not reproducible.
  if (v.stable && v.time !== undefined) throw new UsageError('--stable needs --runs N, not --time');
  if (v.name !== undefined && !/^[\w.@+-]+$/.test(v.name)) throw new UsageError(`--name ${v.name}: use letters, digits and . _ - @ + only`);
  const timeMs = durationOption('--time', v.time) ?? null;
  const runs = runsOption(v.runs, 0);
  return {
    baseline: v.baseline,
    candidate: v.candidate,
    corpus: v.corpus ?? [],
    runs: runs !== undefined ? runs : timeMs === null ? DEFAULT_RUNS : null,
    seed: seedOption(v.seed, 1),
    timeMs,
    out: v.out ?? null,
    name: v.name ?? null,
    timeoutMs: durationOption('--timeout', v.timeout) ?? DEFAULT_CASE_TIMEOUT_MS,
    minimize: !v['no-minimize'],
    saveCorpus: v['save-corpus'] ?? null,
    jobs: jobsOption(v.jobs, defaultJobs()),
    stable: v.stable ?? false,
  };
}

/** A directory name from a reader spec: `go@1.22.12` stays, anything odd becomes `_`. */
function specSlug(spec: string): string {
  return spec.replace(/[^\w.@+-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 60) || 'reader';
}

export interface ReportIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WriteStream;
}

/** One worker's part of the cases: corpus case i and generated batch b go to worker i % count and b % count. */
interface Part {
  index: number;
  count: number;
}

type Start = { type: 'start'; args: ReportArgs; versions: Version[]; part: Part; hints: StyleHints; deadline?: number };
type FromWorker =
  | { type: 'case'; index: number; result: CaseResult }
  | { type: 'done'; reached: { baseline?: number[]; candidate?: number[] } }
  | { type: 'failed'; message: string };

/** Every case of the run, corpus first, each with its place in the whole sequence. */
function reportCases(args: ReportArgs, versions: readonly Version[], part: Part, deadline: number | undefined, stderr: NodeJS.WritableStream | null): { cases: AsyncIterable<ReportCase & { index: number }>; corpusCount: number } {
  const problems: { path: string; message: string }[] = [];
  const corpus = corpusReportCases(args.corpus.map((d) => resolve(d)), problems)
    .filter((c) => c.input.version === null || (versions as readonly number[]).includes(c.input.version));
  if (stderr) for (const p of problems) stderr.write(`tracefuzz report: skipping ${p.path}: ${p.message}\n`);
  const campaign = generatedReportCases({
    seed: args.seed, runs: args.runs, versions, deadline, part,
    onGeneratorError: (err, seed) => stderr?.write(`tracefuzz report: generator failed for batch seed ${seed}, skipped: ${err.message.split('\n')[0]}\n`),
  });
  async function* all(): AsyncGenerator<ReportCase & { index: number }> {
    for (const [i, c] of corpus.entries()) if (i % part.count === part.index) yield { ...c, index: i };
    for await (const c of campaign) yield { ...c, index: corpus.length + (c.index ?? 0) };
  }
  return { cases: all(), corpusCount: corpus.length };
}

/** `report --worker`: compares its part of the cases and sends each result (a group's possible first in full). */
async function runWorker(): Promise<number> {
  const ch = parentChannel<Start>();
  const { args, versions, part, hints, deadline } = await ch.started;
  const readers: TraceReader[] = [];
  const readDeadline = new ReadDeadline();
  try {
    const quiet = () => undefined;
    const baseline = await openUnderTestOption(args.baseline, args.timeoutMs, quiet, readDeadline);
    readers.push(baseline);
    const candidate = await openUnderTestOption(args.candidate, args.timeoutMs, quiet, readDeadline);
    readers.push(candidate);
    rememberSyncStyle(baseline, hints.baseline);
    rememberSyncStyle(candidate, hints.candidate);
    const { cases } = reportCases(args, versions, part, deadline, null);
    const seen = new Set<string>();
    for await (const { compared, index } of compareCases({ baseline, candidate, cases, hints, deadline, readDeadline, shouldStop: ch.stopped })) {
      // A group's first case overall is the first of its signature in some worker.
      const first = compared.signature !== null && !seen.has(compared.signature);
      if (compared.signature) seen.add(compared.signature);
      ch.send({ type: 'case', index: index!, result: first ? { record: compared.record, signature: compared.signature, full: compared } : { record: compared.record, signature: compared.signature } });
    }
    // What the cases reached in a coverage build: the parent adds it to its own reader's.
    const reached = (r: TraceReader) => (r instanceof CoverageReader ? [...r.reached()] : undefined);
    ch.send({ type: 'done', reached: { baseline: reached(baseline), candidate: reached(candidate) } });
    return 0;
  } catch (e) {
    ch.send({ type: 'failed', message: (e instanceof Error ? e.message : String(e)).split('\n')[0] });
    return 1;
  } finally {
    await Promise.all(readers.map((r) => r.close().catch(() => undefined)));
    ch.close();
  }
}

/**
 * Runs the cases over `jobs` workers and puts the results back in the order
 * of the whole sequence; a run cut short (time budget, Ctrl-C) keeps the
 * longest run of cases with no gap, so it is a prefix of what one process runs.
 */
async function runCasesInWorkers(args: ReportArgs, versions: Version[], hints: StyleHints, deadline: number | undefined, ctrlC: Interruption, progress: (p: ComparisonProgress) => void, total: number | null, readers: { baseline: TraceReader; candidate: TraceReader }): Promise<CaseResult[]> {
  const results = new Map<number, CaseResult>();
  const failures: string[] = [];
  const workers: WorkerProcess<FromWorker>[] = [];
  const signatures = new Set<string>();
  let regressions = 0;
  for (let j = 0; j < args.jobs; j++) {
    const w = forkWorker<FromWorker>('report', j, { type: 'start', args, versions, part: { index: j, count: args.jobs }, hints, deadline } satisfies Start);
    workers.push(w);
    let done = false;
    w.onMessage((m) => {
      if (m.type === 'case') {
        results.set(m.index, m.result);
        if (m.result.signature) signatures.add(m.result.signature);
        if (m.result.record.class === 'regression') regressions++;
        progress({ phase: 'cases', done: results.size, total, regressions, groups: signatures.size });
      } else if (m.type === 'done') {
        done = true;
        for (const side of ['baseline', 'candidate'] as const) {
          const r = readers[side];
          if (r instanceof CoverageReader && m.reached[side]) r.addReached(m.reached[side]);
        }
      }
      else failures.push(`job ${j + 1}: ${m.message}`);
    });
    void w.exited.then(({ code, signal }) => {
      if (!done && failures.length === 0) failures.push(`job ${j + 1} ended without finishing (${signal ?? `exit ${code}`})`);
    });
  }
  // Registered once every worker is forked: a Ctrl-C that came during start-up stops them too.
  ctrlC.onStop(() => { for (const w of workers) w.send({ type: 'stop' }); });
  await Promise.all(workers.map((w) => w.exited));
  if (failures.length) throw new Error(failures.join('; '));
  const ordered: CaseResult[] = [];
  for (let i = 0; results.has(i); i++) ordered.push(results.get(i)!);
  return ordered;
}

/** Runs `tracefuzz report`; resolves with the exit status (usage errors are thrown). */
async function runReportCommand(argv: string[], io: ReportIO = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    baseline: { type: 'string' },
    candidate: { type: 'string' },
    corpus: { type: 'string', multiple: true },
    runs: { type: 'string' },
    seed: { type: 'string' },
    time: { type: 'string' },
    out: { type: 'string' },
    name: { type: 'string' },
    timeout: { type: 'string' },
    'no-minimize': { type: 'boolean' },
    'save-corpus': { type: 'string' },
    jobs: { type: 'string', short: 'j' },
    stable: { type: 'boolean' },
    worker: { type: 'boolean' },
  }, 0);
  if (values.worker) return runWorker();
  const args = parseReportArgs(values);
  const name = args.name ?? `${specSlug(args.baseline)}-vs-${specSlug(args.candidate)}`;
  const outDir = outDirOption(args.out ?? undefined, join('reports', name));
  const readers: TraceReader[] = [];
  const readDeadline = new ReadDeadline();
  const open = async (spec: string) => {
    // A Go reader runs as its coverage build, so the report can say how much of its package the cases reached.
    const r = await openUnderTestOption(spec, args.timeoutMs, (s) => io.stderr.write(`tracefuzz report: ${s}\n`), readDeadline);
    readers.push(r);
    return r;
  };
  const bar = new ProgressBar(io.stderr);
  const ctrlC = new Interruption(() => {
    bar.clear();
    io.stderr.write('stopping: writing the report of the cases run so far, unminimized (Ctrl-C again to quit at once)\n');
  });
  try {
    const baseline = await open(args.baseline);
    const candidate = await open(args.candidate);
    const versions = commonVersions([baseline, candidate]);
    const hints = await probeSyncStyles(baseline, candidate, versions);
    rememberSyncStyle(baseline, hints.baseline);
    rememberSyncStyle(candidate, hints.candidate);
    // Says the comparison has started (a Ctrl-C from here on writes a report).
    io.stderr.write(`comparing ${candidate.name} with ${baseline.name}: ${versionsHeader(versions, [baseline, candidate])}, ${plural(args.jobs, 'job')}\n`);

    const deadline = args.timeMs !== null ? Date.now() + args.timeMs : undefined;
    const saveDirs = [join(outDir, 'reproducers'), ...(args.saveCorpus ? [resolve(args.saveCorpus)] : [])];
    const tools = reproducerTools({ baseline, candidate, baselineSpec: args.baseline, candidateSpec: args.candidate, candidateStyle: hints.candidate, minimize: args.minimize, saveDirs, stable: args.stable });
    const meta: Omit<ReportMeta, 'durationMs'> = {
      name,
      toolVersion: toolVersion(),
      baseline: { spec: args.baseline, name: baseline.name, versions: baseline.versions ? [...baseline.versions] : null },
      candidate: { spec: args.candidate, name: candidate.name, versions: candidate.versions ? [...candidate.versions] : null },
      config: { seed: args.seed, runs: args.runs, timeBudgetMs: args.timeMs, corpus: args.corpus, versions: [...versions], stable: args.stable },
    };
    const onProgress = (p: ComparisonProgress) => bar.update(p.phase === 'cases' ? 'cases' : 'minimizing', p.done, p.total, `${plural(p.regressions, 'regression')}, ${plural(p.groups, 'difference')}`);
    const shouldStop = () => ctrlC.interrupted;
    const started = performance.now();
    let report: Report;
    if (args.jobs === 1) {
      const { cases, corpusCount } = reportCases(args, versions, { index: 0, count: 1 }, deadline, io.stderr);
      const total = args.runs !== null ? corpusCount + args.runs : null;
      report = await runComparison({ baseline, candidate, cases, total, deadline, readDeadline, hints, tools, meta, onProgress, shouldStop });
    } else {
      // The corpus is loaded here too: its problems are told once, and its size sets the total.
      const { corpusCount } = reportCases(args, versions, { index: 0, count: 1 }, deadline, io.stderr);
      const total = args.runs !== null ? corpusCount + args.runs : null;
      const results = await runCasesInWorkers(args, versions, hints, deadline, ctrlC, onProgress, total, { baseline, candidate });
      report = await summarizeComparison(results, { tools, meta, started, onProgress, shouldStop });
    }
    bar.done();
    const files = writeReport(outDir, report);
    const counts = CASE_CLASSES.map((c) => `${c} ${report.counts[c]}`).join(', ');
    io.stdout.write(`${report.verdict === 'regression' ? 'REGRESSION' : 'no regression'}: ${args.candidate} vs ${args.baseline} over ${plural(report.cases.length, 'case')} (${counts}); ${plural(report.groups.length, 'distinct difference')}${ctrlC.interrupted ? ' (interrupted)' : ''}\n`);
    const saveErrors = report.groups.filter((g) => g.reproducer.saveError !== null);
    for (const dir of saveDirs) io.stdout.write(savedLine(report, dir));
    for (const g of saveErrors) io.stderr.write(`tracefuzz report: the reproducer of group ${g.id} (${g.properties.join('+')} ${g.cause}) was not saved: ${g.reproducer.saveError}\n`);
    for (const r of [baseline, candidate]) if (r instanceof CoverageReader) io.stdout.write(`${coverageLine(r)}\n`);
    io.stdout.write(`report: ${files.markdown}\n        ${files.html}\n        ${files.json}\n`);
    if (ctrlC.interrupted) return EXIT_INTERRUPTED;
    return report.verdict === 'regression' || saveErrors.length > 0 ? 1 : 0;
  } finally {
    ctrlC.remove();
    bar.done();
    await Promise.all(readers.map((r) => r.close().catch(() => undefined)));
  }
}

/** What was saved to one directory: `reproducers: 3 in DIR (2 Go test cases, 1 raw case with its FuzzReader entry)`. */
function savedLine(report: Report, dir: string): string {
  const files = report.groups.flatMap((g) => g.reproducer.files).filter((f) => resolve(f).startsWith(dir + '/'));
  if (report.counts.regression === 0) return '';
  const tests = files.filter((f) => f.endsWith('.test')).length;
  const raws = files.filter((f) => f.endsWith('.trace')).length;
  const fuzz = files.filter((f) => f.includes(`/${FUZZ_READER_DIR}/`)).length;
  return `reproducers: ${plural(tests + raws, 'case')} in ${dir}: ${plural(tests, 'Go test case')} (.test), ${plural(raws, 'raw case')} (raw/*.trace with a .txt sidecar) and ${plural(fuzz, 'FuzzReader entry')} (${FUZZ_READER_DIR}/)\n`;
}

export const command: Command = {
  usage,
  run: (argv) => runReportCommand(argv),
};
