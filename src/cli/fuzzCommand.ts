// `tracefuzz fuzz`: runs the properties on generated and corrupted traces
// against a reader; every new failure is saved at once (atomically), deduped
// by signature (property and cause) and minimized into the corpus; one line
// per finding, a summary at the end, the full detail in OUT/findings.txt;
// exit 1 when something failed. `--jobs N` splits the campaign over N worker
// processes (the same results as one process for the same seed and --runs).
// Ctrl-C stops after the current unit with the summary and exits 130 (a
// second Ctrl-C exits at once; saved findings are complete).
import { mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Command, parseCommandArgs } from './command';
import { ProgressBar, renderProgressBar, shortCount, shortDuration } from './progressBar';
import { EXIT_BAD_INPUT, EXIT_OK, UsageError } from './usageError';
import { commonVersions, coverageLine, durationOption, jobsOption, openReaderOption, openUnderTestOption, outDirOption, runsOption, seedOption, versionsHeader, versionsOption } from './options';
import { ReadDeadline } from '../readers/readDeadline';
import { defaultJobs, forkWorker, parentChannel, Requests, WorkerProcess } from './workers';
import { EXIT_INTERRUPTED, Interruption } from './interruption';
import { CoverageReader } from '../readers/coverageReader';
import { isCoverageSpec } from '../readers/goCoverageBuild';
import { Guidance } from '../fuzz/guidance';
import { summarizeCoverage } from '../fuzz/coverageTally';
import { CorpusStore } from '../corpus/corpusStore';
import { Claim, Failure, FindingSink, FindingSummary, RecordResult } from '../fuzz/findingSink';
import { CampaignStats, campaignProperties, emptyStats, FindingRecorder, Job, runCampaign } from '../fuzz/campaign';
import { parseShard, Shard } from '../fuzz/shard';
import { tracefuzzCommand } from '../fuzz/commandLine';
import { writeFileAtomic } from '../corpus/atomicWrite';
import { findGo } from '../readers/goToolchain';
import type { TraceReader } from '../readers/traceReader';
import { PROPERTIES, PropertyDef, runProperty } from '../properties/propertySuite';
import { plural } from '../properties/plural';
import { SMALL_KNOBS, TraceKnobs } from '../../arbitraries/trace';
import { Version, VERSIONS } from '../trace/version';
import type { MinimizeOptions } from '../minimize/minimizer';
import { LEGACY_NOT_READ } from '../properties/p7Conformance';


const usage = `usage: tracefuzz fuzz [--reader SPEC] [--time DURATION | --runs N] [--seed S] [--jobs N]
                      [--versions go1.22,...] [--shard I/N] [--corpus DIR] [--out DIR]
                      [--reference SPEC] [--properties P1,P3,...] [--no-minimize] [--timeout DURATION]
                      [--no-guided]
       tracefuzz fuzz --properties PN --seed S --path P [--reader SPEC] [--versions ...]

Runs the properties P1-P7 (P7 when Go is installed) on generated and corrupted
traces against the reader SPEC (default ts), in the trace versions it reads
(and the reference reads; within --versions). Every new failure is written to
the corpus at once, deduplicated by signature (the property and the cause:
how the reader's outcome differs from the --reference reader's; the operators
and versions that led there are listed inside the finding), then minimized
while the reader still fails the case built from the reference's outcome
(default reference: go for ts/ts:strict when Go is installed, else ts).
Stops after --time (default 60s) or --runs; --shard I/N runs the I-th of N
disjoint parts of the seed's case space; --jobs N (default: the machine's
cores) splits the work over N processes, with the same findings as --jobs 1
for the same seed and --runs.
The corpus goes to --corpus (default OUT/corpus), a summary to OUT/summary.json
and every finding's detail and replay command to OUT/findings.txt (--out,
default fuzz-out). Exits 1 when a property failed, 130 on Ctrl-C. --timeout is
the per-case limit of readers that run as a process (default 10s, plus 2s per
MiB of trace); --time bounds the run even when the reader hangs.

A Go reader (go, go@VERSION, go-exp@VERSION, goroot:DIR) is fuzzed in its
coverage build: cases that reach new blocks of its package are kept as seeds
and half the cases are drawn around them (--no-guided turns that off); the
summary gives the statement coverage of its reader files. A guided campaign
runs in one process (--jobs defaults to 1 for it).

Every failure's replay command (in findings.txt) runs that one case again:
with --path, fuzz runs just that case of the one property named by
--properties and prints its failure message, the trace in text form
included; exit 1 when it still fails.`;

/** What a campaign runs: the same in the parent and in every worker. */
interface FuzzPlan {
  spec: string;
  refSpec: string;
  useGo: boolean;
  seed: number;
  shard: Shard;
  maxRuns?: number;
  maxMs?: number;
  versions: Version[];
  /** The --versions flag as given, for replay commands. */
  versionsFlag?: string;
  properties: string[];
  timeoutMs?: number;
  minimize: MinimizeOptions | false;
  /** For workers: the time (ms since the epoch) the --time budget ends. */
  deadline?: number;
}

type Start = { type: 'start'; plan: FuzzPlan; job: Job };
type ToWorker =
  | { type: 'claimed'; id: number; claim: Claim }
  | { type: 'completed'; id: number; result: RecordResult };

type FromWorker =
  | { type: 'claim'; id: number; failure: Failure }
  | { type: 'complete'; id: number; failure: Failure; bytes: Uint8Array; tests: number }
  | { type: 'progress'; stats: CampaignStats }
  | { type: 'done'; stats: CampaignStats }
  | { type: 'failed'; message: string };

/** The fuzz status line: budget used, runs, runs/s, failures, corpus size, elapsed, last new find; fits cols. */
export function fuzzBarText(s: CampaignStats, budget: { maxRuns?: number; maxMs?: number }, corpusCases: number, cols: number, tick = s.rounds, bar = true): string {
  const frac = budget.maxRuns !== undefined ? s.planned / budget.maxRuns : budget.maxMs !== undefined ? s.elapsedMs / budget.maxMs : null;
  const pct = frac === null ? '' : `${Math.min(100, Math.floor(frac * 100))}%`;
  const rate = (s.runs / Math.max(s.elapsedMs / 1000, 0.001)).toFixed(0);
  const last = s.lastNewFindingMs === null ? 'no find yet' : `last find ${shortDuration(s.elapsedMs - s.lastNewFindingMs)} ago`;
  const text = (elapsed: string) => `${plural(s.runs, 'run', shortCount)} ${rate}/s, ${plural(s.failures, 'failure', shortCount)}, corpus ${corpusCases}, ${elapsed}, ${last}`;
  // The time budget goes first when the line is short of room: the percentage says how much of it is used.
  let extra = text(budget.maxMs !== undefined ? `${shortDuration(s.elapsedMs)}/${shortDuration(budget.maxMs)}` : shortDuration(s.elapsedMs));
  if ('fuzz'.length + pct.length + extra.length + 2 > cols - 1) extra = text(shortDuration(s.elapsedMs));
  return bar ? renderProgressBar('fuzz', frac, tick, pct, extra, cols) : renderProgressBar('fuzz', null, 0, pct, extra, Math.min(cols, 'fuzz'.length + pct.length + extra.length + 3));
}

/** Cuts the middle out of a long path, keeping more of its end (the file name). */
function clipMiddle(s: string, n: number): string {
  if (s.length <= n) return s;
  const keep = Math.max(2, n - 1);
  const head = Math.floor(keep / 3);
  return s.slice(0, head) + '…' + s.slice(s.length - (keep - head));
}

function clipLine(s: string, n: number): string {
  return s.length <= n ? s : s.slice(0, n - 1) + '…';
}

/** A path as short as it can be told: relative to the working directory when it is inside it. */
function shortPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

/** One line per finding: `P1 events lost before the error → fz/corpus/p1-….test`, at most cols - 1 characters. */
export function findingLine(property: string, cause: string, path: string | null, cols = 80): string {
  const width = cols - 1;
  const where = path === null ? '(not saved)' : shortPath(path);
  let left = `${property} ${cause}`;
  // The cause first; the path gets what is left, but at least 30 characters (its file name's end says the most).
  const right = clipMiddle(where, Math.max(30, width - left.length - 3));
  if (left.length + 3 + right.length > width) left = left.slice(0, Math.max(4, width - 3 - right.length - 1)) + '…';
  return `${left} → ${right}`;
}

function sumStats(parts: readonly CampaignStats[], props: readonly { name: string }[], elapsedMs: number, lastNewFindingMs: number | null): CampaignStats {
  const s = emptyStats(props);
  for (const p of parts) {
    s.runs += p.runs;
    s.planned += p.planned;
    s.rounds += p.rounds;
    s.failures += p.failures;
    for (const [k, v] of Object.entries(p.perProperty)) {
      const row = (s.perProperty[k] ??= { runs: 0, failures: 0 });
      row.runs += v.runs;
      row.failures += v.failures;
    }
    for (const [k, v] of Object.entries(p.deviations)) s.deviations[k] = (s.deviations[k] ?? 0) + v;
    for (const [k, v] of Object.entries(p.notes ?? {})) s.notes[k] = (s.notes[k] ?? 0) + v;
    s.timeouts += p.timeouts ?? 0;
    s.cutReads += p.cutReads ?? 0;
  }
  return { ...s, elapsedMs, lastNewFindingMs };
}

/** Every finding of the run in full: what a person needs to act on it. */
function findingsText(findings: readonly FindingSummary[], reader: string, spec: string): string {
  if (findings.length === 0) return `no findings for ${reader}\n`;
  const counts = (m: Record<string, number>) => Object.entries(m).sort(([, a], [, b]) => b - a).map(([k, n]) => `${k} ×${n}`).join(', ');
  return findings.map((f) => [
    `${f.property} ${f.cause}${f.known ? ' (already in the corpus)' : ''}`,
    `  signature: ${f.signature}`,
    `  failures: ${f.count}`,
    `  operators: ${counts(f.operators)}`,
    `  versions: ${counts(f.versions)}`,
    `  case: ${f.path ?? '(not saved)'}${f.minimizedSize !== undefined ? ` (minimized ${f.originalSize} -> ${f.minimizedSize} bytes)` : ''}`,
    ...(f.seed ? [`  found at: ${f.seed}`] : []),
    // Without a seed and path (a guided case), the saved case is the replay.
    ...(f.replay ? [`  replay: ${f.replay}`] : f.path ? [`  replay: ${tracefuzzCommand(['replay', f.path, '--reader', spec])}`] : []),
    ...(f.message ? ['  message:', ...f.message.split('\n').slice(0, 40).map((l) => `    ${l}`)] : []),
    '',
  ].join('\n')).join('\n');
}

function replayCommandFor(plan: FuzzPlan) {
  return (property: string, seed: number, path: string) =>
    tracefuzzCommand(['fuzz', '--reader', plan.spec, '--properties', property, `--seed=${seed}`, '--path', path, ...(plan.versionsFlag ? ['--versions', plan.versionsFlag] : [])]);
}

/**
 * Opens the plan's readers; `deadline` is the shared one the time budget cuts
 * reads with. With `coverageNote`, a Go reader under test is opened as its
 * coverage build (told through it when it has none).
 */
async function openReaders(plan: FuzzPlan, opened: TraceReader[], deadline: ReadDeadline, coverageNote?: (s: string) => void) {
  const open = async (s: string) => { const r = await openReaderOption(s, plan.timeoutMs, deadline); opened.push(r); return r; };
  const reader = coverageNote ? await openUnderTestOption(plan.spec, plan.timeoutMs, coverageNote, deadline) : await open(plan.spec);
  if (coverageNote) opened.push(reader);
  const reference = plan.refSpec === plan.spec ? reader : await open(plan.refSpec);
  const go = plan.useGo ? (plan.refSpec === 'go' ? reference : plan.spec === 'go' ? reader : await open('go')) : undefined;
  return { reader, reference, go, deadline };
}

function planProperties(plan: FuzzPlan): PropertyDef[] {
  return campaignProperties(PROPERTIES.filter((p) => plan.properties.includes(p.name)), plan.useGo);
}

/** Runs one job of the plan in this process. */
async function runJob(plan: FuzzPlan, job: Job, readers: Awaited<ReturnType<typeof openReaders>>, recorder: FindingRecorder, hooks: { shouldStop: () => boolean; onProgress: (s: CampaignStats) => void; maxMs?: number; guidance?: Guidance }) {
  return runCampaign({
    ...readers, recorder, seed: plan.seed, shard: plan.shard, job, maxMs: hooks.maxMs ?? plan.maxMs, maxRuns: plan.maxRuns,
    mode: plan.spec.endsWith(':strict') ? 'strict' : 'go-compatible',
    knobs: { ...SMALL_KNOBS, versions: plan.versions },
    properties: planProperties(plan),
    shouldStop: hooks.shouldStop,
    onProgress: hooks.onProgress,
    guidance: hooks.guidance,
    // A guided case depends on what the campaign kept: its saved case is its replay (findingsText).
    replayCommand: hooks.guidance ? undefined : replayCommandFor(plan),
  });
}

/** `fuzz --worker`: runs the job the parent sends; failures are claimed from (and saved by) the parent. */
async function runWorker(): Promise<number> {
  const ch = parentChannel<Start, ToWorker>();
  const claims = new Requests<Claim>();
  const completions = new Requests<RecordResult>();
  ch.onMessage((m) => {
    if (m.type === 'claimed') claims.settle(m.id, m.claim);
    else completions.settle(m.id, m.result);
  });
  const { plan, job } = await ch.started;
  const opened: TraceReader[] = [];
  try {
    const readers = await openReaders(plan, opened, new ReadDeadline());
    const recorder: FindingRecorder = {
      minimizeOptions: plan.minimize,
      claim: (failure) => claims.request((id) => ch.send({ type: 'claim', id, failure })),
      complete: (failure, bytes, tests) => completions.request((id) => ch.send({ type: 'complete', id, failure, bytes, tests })),
    };
    let last = 0;
    const stats = await runJob(plan, job, readers, recorder, {
      maxMs: plan.deadline !== undefined ? Math.max(1, plan.deadline - Date.now()) : undefined,
      shouldStop: ch.stopped,
      onProgress: (s) => {
        if (Date.now() - last < 200) return;
        last = Date.now();
        ch.send({ type: 'progress', stats: s });
      },
    });
    ch.send({ type: 'done', stats });
    return EXIT_OK;
  } catch (e) {
    ch.send({ type: 'failed', message: (e instanceof Error ? e.message : String(e)).split('\n')[0] });
    return EXIT_BAD_INPUT;
  } finally {
    for (const r of opened) await r.close();
    ch.close();
  }
}

export const command: Command = {
  usage,
  async run(argv) {
    const { values } = parseCommandArgs(argv, {
      reader: { type: 'string', short: 'r' },
      reference: { type: 'string' },
      time: { type: 'string' },
      runs: { type: 'string' },
      seed: { type: 'string' },
      versions: { type: 'string' },
      shard: { type: 'string' },
      corpus: { type: 'string' },
      out: { type: 'string' },
      properties: { type: 'string' },
      'no-minimize': { type: 'boolean' },
      path: { type: 'string' },
      quiet: { type: 'boolean', short: 'q' },
      timeout: { type: 'string' },
      jobs: { type: 'string', short: 'j' },
      worker: { type: 'boolean' },
      guided: { type: 'boolean' },
      'no-guided': { type: 'boolean' },
    }, 0);
    if (values.worker) return runWorker();
    if (values.guided && values['no-guided']) throw new UsageError('give --guided or --no-guided, not both');
    if (values.time !== undefined && values.runs !== undefined) throw new UsageError('give --time or --runs, not both');
    const maxMs = values.runs === undefined ? durationOption('--time', values.time ?? '60s') : undefined;
    const maxRuns = runsOption(values.runs);
    const seed = seedOption(values.seed, Date.now() % 2 ** 31);
    const timeoutMs = durationOption('--timeout', values.timeout);
    const spec = values.reader ?? 'ts';
    const coverage = isCoverageSpec(spec);
    if (values.guided && !coverage) throw new UsageError(`--guided needs a Go reader (go, go@VERSION, go-exp@VERSION, goroot:DIR), not ${spec}`);
    // Guidance keeps its seeds in one process: a guided campaign is one job unless told otherwise (then unguided).
    const jobs = values.jobs === undefined && coverage && !values['no-guided'] ? 1 : jobsOption(values.jobs, defaultJobs());
    if (values.guided && jobs > 1) throw new UsageError('--guided runs in one process: give --jobs 1 (or leave --jobs out)');
    const guidedRun = coverage && jobs === 1;
    const shard = values.shard === undefined ? { index: 1, count: 1 } : parseShard(values.shard);
    if (!shard) throw new UsageError(`bad --shard ${JSON.stringify(values.shard)} (e.g. 1/4)`);
    const wanted = versionsOption(values.versions);
    let props = PROPERTIES;
    if (values.properties !== undefined) {
      const names = values.properties.split(',').map((s) => s.trim().toUpperCase());
      for (const n of names) if (!PROPERTIES.some((p) => p.name === n)) throw new UsageError(`unknown property ${JSON.stringify(n)} (known: P1-P7)`);
      props = PROPERTIES.filter((p) => names.includes(p.name));
    }
    if (values.path !== undefined) {
      if (props.length !== 1 || values.properties === undefined) throw new UsageError('--path replays one case: name its property with --properties PN');
      if (values.seed === undefined) throw new UsageError('--path needs the --seed printed with it');
      if (!/^\d+(:\d+)*$/.test(values.path)) throw new UsageError(`bad --path ${JSON.stringify(values.path)} (expected the path a failure printed, e.g. 3:88:0)`);
      return replayOne(props[0], spec, seed, values.path, wanted, timeoutMs);
    }
    const outDir = outDirOption(values.out, 'fuzz-out');
    const corpusDir = outDirOption(values.corpus, join(outDir, 'corpus'));
    const refSpec = values.reference ?? ((spec === 'ts' || spec === 'ts:strict') && findGo() ? 'go' : 'ts');
    const plan: FuzzPlan = {
      spec, refSpec, useGo: props.some((p) => p.needsGo) && findGo() !== null, seed, shard, maxRuns, maxMs, versions: wanted,
      versionsFlag: values.versions, properties: props.map((p) => p.name), timeoutMs,
      minimize: values['no-minimize'] ? false : { timeLimitMs: 60_000 },
    };

    const opened: TraceReader[] = [];
    const log = (s: string) => { if (!values.quiet) process.stderr.write(s + '\n'); };
    // A bar on a terminal; plain periodic lines (below) when stderr is a file or pipe.
    const bar = new ProgressBar(process.stderr, Boolean(process.stderr.isTTY) && !values.quiet);
    const cols = () => (process.stderr.isTTY && process.stderr.columns) || 80;
    const ctrlC = new Interruption(() => {
      bar.clear();
      log('stopping after the current round (Ctrl-C again to quit at once; saved findings are complete)');
    });
    try {
      // A Go reader under test is its coverage build (in one process): it
      // reports what each case reached, which guides the campaign (unless
      // --no-guided) and gives the total.
      const readers = await openReaders(plan, opened, new ReadDeadline(), guidedRun ? log : undefined);
      const { reader, reference, go } = readers;
      // Only what every reader involved reads: a reader is judged on its own versions.
      const versions = commonVersions([reader, reference], wanted);
      plan.versions = versions;
      if (values.versions !== undefined || versions.length < VERSIONS.length) plan.versionsFlag = versions.map((v) => `go1.${v}`).join(',');
      const guidance = reader instanceof CoverageReader && !values['no-guided'] ? new Guidance({ ...SMALL_KNOBS, versions }) : undefined;
      if (reader instanceof CoverageReader) reader.onFresh = guidance?.onFresh;
      mkdirSync(outDir, { recursive: true });
      const store = CorpusStore.open(corpusDir);
      const sink = new FindingSink(store, { reference, minimize: plan.minimize });
      const findingsFile = join(outDir, 'findings.txt');
      const writeFindings = () => writeFileAtomic(findingsFile, findingsText(sink.summaries(), reader.name, spec));
      const started = Date.now();
      let lastNew: number | null = null;
      let lastLine = 0;
      const props2 = planProperties(plan);
      const progress = (s: CampaignStats) => {
        if (bar.enabled) bar.show((c) => fuzzBarText(s, { maxRuns, maxMs }, store.size, c));
        else if (!values.quiet && Date.now() - lastLine >= 10_000) { lastLine = Date.now(); log(fuzzBarText(s, { maxRuns, maxMs }, store.size, 80, 0, false)); }
      };
      const announced = new Set<string>();
      const announce = (property: string, cause: string, r: RecordResult) => {
        if (r.status !== 'new') return;
        lastNew = Date.now() - started;
        // An earlier unit's failure that replaces a signature's case is no new finding to a person.
        if (announced.has(r.signature)) return;
        announced.add(r.signature);
        writeFindings();
        bar.clear();
        log(findingLine(property, cause, r.path, cols()));
      };
      log(clipLine(`fuzzing ${reader.name} (reference ${reference.name}, ${go ? 'P7 vs go' : 'no Go: no P7'}), seed ${seed}${shard.count > 1 ? `, shard ${shard.index}/${shard.count}` : ''}, ${plural(jobs, 'job')}`, cols() - 1));
      log(clipLine(versionsHeader(versions, [reader, reference]), cols() - 1));
      log(`corpus ${clipMiddle(shortPath(corpusDir), Math.max(20, cols() - 8))}`);
      let stats: CampaignStats;
      let failedJobs: string[] = [];
      if (jobs === 1) {
        // The sink itself records; a new finding is announced once minimized.
        const recorder: FindingRecorder = {
          minimizeOptions: sink.minimizeOptions,
          claim: async (f) => {
            const c = await sink.claim(f);
            if (c.status === 'new' && !c.minimize) announce(f.property, f.cause, c);
            return c;
          },
          complete: async (f, bytes, tests) => {
            const r = await sink.complete(f, bytes, tests);
            announce(f.property, f.cause, r);
            return r;
          },
        };
        stats = await runJob(plan, { index: 0, count: 1 }, readers, recorder, {
          guidance,
          shouldStop: () => ctrlC.interrupted,
          onProgress: (s) => progress({ ...s, lastNewFindingMs: lastNew }),
        });
        stats.lastNewFindingMs = lastNew;
      } else {
        ({ stats, failedJobs } = await runParallel(plan, jobs, sink, {
          announce,
          progress: (parts) => progress(sumStats(parts, props2, Date.now() - started, lastNew)),
          ctrlC,
          summarize: (parts) => sumStats(parts, props2, Date.now() - started, lastNew),
        }));
      }
      bar.done();
      writeFindings();
      const findings = sink.summaries();
      const summary = {
        reader: reader.name, reference: reference.name, seed, shard: `${shard.index}/${shard.count}`, jobs,
        versions: versions.map((v) => `go1.${v}`), interrupted: ctrlC.interrupted, ...stats,
        ...(reader instanceof CoverageReader ? { coverage: summarizeCoverage(reader.blocks, reader.reached()).total, guided: guidance !== undefined, kept: guidance?.kept ?? 0 } : {}),
        signatures: Object.fromEntries(sink.counts()),
        findings,
      };
      writeFileAtomic(join(outDir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
      const secs = stats.elapsedMs / 1000;
      const fresh = findings.filter((f) => !f.known).length;
      const lines = [
        `${reader.name}: ${plural(stats.runs, 'run')} in ${secs.toFixed(0)} s (${(stats.runs / Math.max(secs, 0.001)).toFixed(0)} runs/s), ${plural(stats.failures, 'failure')}, ${plural(findings.length, 'finding')} (${fresh} new)${ctrlC.interrupted ? ' (interrupted)' : ''}`,
        ...Object.entries(stats.perProperty).map(([p, s]) => `  ${p}: ${plural(s.runs, 'run')}, ${plural(s.failures, 'failure')}`),
        ...Object.entries(stats.deviations).map(([d, n]) => `  documented deviation ${d}: seen in ${plural(n, 'check')} (shrinking steps included)`),
        ...Object.entries(stats.notes).map(([d, n]) =>
          d === LEGACY_NOT_READ
            ? `  ${d}: ${plural(n, 'check')} of P7 skipped (pre-go1.22 traces, which this reader or the reference does not read)`
            : `  known issue of Go's reader ${d}: ${plural(n, 'check')} skipped (P4 reports it)`),
        ...(stats.timeouts ? [`  ${plural(stats.timeouts, 'read')} timed out (per-case limit)`] : []),
        ...(stats.cutReads ? [`  ${plural(stats.cutReads, 'read')} cut short by the time budget (never taken as a case's outcome)`] : []),
        ...findings.map((f) => clipLine(`  ${f.property} ${f.cause}: ${plural(f.count, 'failure')}, ${plural(Object.keys(f.operators).length, 'operator')}, ${Object.keys(f.versions).sort().join(' ')}`, 79)),
        ...(reader instanceof CoverageReader ? [`  ${coverageLine(reader)}${guidance ? `; guided: ${plural(guidance.kept, 'case')} kept` : ''}`] : []),
        ...failedJobs.map((m) => `  ${m}`),
        `  corpus: ${corpusDir} (${plural(store.size, 'case')})`,
        `  every finding's detail and replay command: ${findingsFile}`,
      ];
      process.stdout.write(lines.join('\n') + '\n');
      if (ctrlC.interrupted) return EXIT_INTERRUPTED;
      return stats.failures > 0 || failedJobs.length > 0 ? EXIT_BAD_INPUT : EXIT_OK;
    } finally {
      ctrlC.remove();
      for (const r of opened) await r.close();
    }
  },
};

interface ParallelHooks {
  announce(property: string, cause: string, r: RecordResult): void;
  progress(parts: readonly CampaignStats[]): void;
  summarize(parts: readonly CampaignStats[]): CampaignStats;
  ctrlC: Interruption;
}

/**
 * Runs the plan over `jobs` worker processes: job j takes every jobs-th round
 * of the shard; the sink here claims and saves what they find, and keeps per
 * signature the failure of the earliest unit, so the corpus ends as one
 * process would leave it.
 */
async function runParallel(plan: FuzzPlan, jobs: number, sink: FindingSink, hooks: ParallelHooks): Promise<{ stats: CampaignStats; failedJobs: string[] }> {
  const deadline = plan.maxMs !== undefined ? Date.now() + plan.maxMs : undefined;
  const parts: CampaignStats[] = [];
  const failedJobs: string[] = [];
  const workers: WorkerProcess<FromWorker>[] = [];
  // The sink is one writer: requests from the workers are handled one at a time.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(f: () => Promise<T>) => { const p = queue.then(f); queue = p.catch(() => undefined); return p; };
  for (let j = 0; j < jobs; j++) {
    const w = forkWorker<FromWorker>('fuzz', j, { type: 'start', plan: { ...plan, deadline }, job: { index: j, count: jobs } } satisfies Start);
    workers.push(w);
    parts.push(emptyStats([]));
    let done = false;
    w.onMessage((m) => {
      switch (m.type) {
        case 'claim':
          void serial(async () => {
            const c = await sink.claim(m.failure);
            if (c.status === 'new' && !c.minimize) hooks.announce(m.failure.property, m.failure.cause, c);
            w.send({ type: 'claimed', id: m.id, claim: c });
          });
          break;
        case 'complete':
          void serial(async () => {
            const r = await sink.complete(m.failure, m.bytes, m.tests);
            hooks.announce(m.failure.property, m.failure.cause, r);
            w.send({ type: 'completed', id: m.id, result: r });
          });
          break;
        case 'progress':
          parts[j] = m.stats;
          hooks.progress(parts);
          break;
        case 'done':
          parts[j] = m.stats;
          done = true;
          w.send({ type: 'stop' });
          break;
        case 'failed':
          failedJobs.push(`job ${j + 1} of ${jobs} failed: ${m.message}`);
          break;
      }
    });
    void w.exited.then(({ code, signal }) => {
      if (!done && !failedJobs.some((f) => f.startsWith(`job ${j + 1} `))) failedJobs.push(`job ${j + 1} of ${jobs} ended without finishing (${signal ?? `exit ${code}`})`);
    });
  }
  // Registered once every worker is forked: a Ctrl-C that came during start-up stops them too.
  hooks.ctrlC.onStop(() => { for (const w of workers) w.send({ type: 'stop' }); });
  await Promise.all(workers.map((w) => w.exited));
  await queue;
  return { stats: hooks.summarize(parts), failedJobs };
}

/** Runs one property case again from the seed and path a failure printed. */
async function replayOne(def: PropertyDef, spec: string, seed: number, path: string, wanted: Version[], timeoutMs: number | undefined): Promise<number> {
  const reader = await openReaderOption(spec, timeoutMs);
  const go = def.needsGo && findGo() ? await openReaderOption('go', timeoutMs) : undefined;
  try {
    // The campaign's versions, found the same way, so the seed and path name the same case.
    const knobs: TraceKnobs = { ...SMALL_KNOBS, versions: commonVersions([reader], wanted) };
    const mode = spec.endsWith(':strict') ? 'strict' : 'go-compatible';
    const r = await runProperty(def, { reader, go, mode, knobs }, { seed, numRuns: 1, path });
    process.stdout.write(r.failed ? `${def.name} fails (seed ${seed}, path ${path}):\n${r.message ?? ''}\n` : `${def.name} holds for seed ${seed}, path ${path}\n`);
    return r.failed ? EXIT_BAD_INPUT : EXIT_OK;
  } finally {
    await go?.close();
    await reader.close();
  }
}
