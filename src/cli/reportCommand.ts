// `tracefuzz report --baseline SPEC --candidate SPEC [--corpus DIR]…
//   [--runs N --seed S | --time T] [--out DIR] [--name NAME] [--timeout MS]
//   [--no-minimize]`
// Runs the corpus and a generated campaign on both readers, writes
// reports/<name>/{report.json,report.md,report.html}, prints the verdict, and
// exits 1 when the candidate regresses (so CI can gate on it), 2 on usage errors.
import { join, resolve } from 'node:path';
import { Command, parseCommandArgs, toolVersion } from './command';
import { UsageError } from './usageError';
import { coverageLine, durationOption, openUnderTestOption, outDirOption, runsOption, seedOption } from './options';
import { CoverageReader } from '../readers/coverageReader';
import type { TraceReader } from '../readers/traceReader';
import { DEFAULT_CASE_TIMEOUT_MS } from '../readers/cmdReader';
import { VERSIONS } from '../trace/version';
import { generatedReportCases } from '../report/generatedCases';
import { corpusReportCases } from '../report/corpusCases';
import { ProgressBar } from './progressBar';
import type { ReportCase } from '../report/reportCase';
import { reproducerTools } from '../report/reproducerTools';
import { runComparison } from '../report/runComparison';
import { CASE_CLASSES } from '../report/reportSchema';
import { writeReport } from '../report/writeReport';

const usage = `usage: tracefuzz report --baseline SPEC --candidate SPEC [--corpus DIR]... [--runs N --seed S | --time T] [--out DIR] [--name NAME] [--timeout DURATION] [--no-minimize] [--save-corpus DIR]
  SPEC: ts, ts:strict, ts@REV, mutant:NAME, go, go@VERSION, go-exp@VERSION, cmd:COMMAND
  --time T: campaign time budget (e.g. 60s, 5m); --runs N: number of generated cases (default 200)
  --timeout DURATION: per-case limit of readers that run as a process (default 10s)
  --save-corpus DIR: save each regression's minimized reproducer there as a .test case (expecting the baseline's outcome)
  exit status: 0 no regression, 1 the candidate regresses, 2 usage error`;

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
}

const DEFAULT_RUNS = 200;

function parseReportArgs(argv: string[]): ReportArgs {
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
  }, 0);
  if (!values.baseline) throw new UsageError('--baseline SPEC is required');
  if (!values.candidate) throw new UsageError('--candidate SPEC is required');
  if (values.runs !== undefined && values.time !== undefined) throw new UsageError('give --runs or --time, not both');
  if (values.name !== undefined && !/^[\w.@+-]+$/.test(values.name)) throw new UsageError(`--name ${values.name}: use letters, digits and . _ - @ + only`);
  const timeMs = durationOption('--time', values.time) ?? null;
  const runs = runsOption(values.runs, 0);
  return {
    baseline: values.baseline,
    candidate: values.candidate,
    corpus: values.corpus ?? [],
    runs: runs !== undefined ? runs : timeMs === null ? DEFAULT_RUNS : null,
    seed: seedOption(values.seed, 1),
    timeMs,
    out: values.out ?? null,
    name: values.name ?? null,
    timeoutMs: durationOption('--timeout', values.timeout) ?? DEFAULT_CASE_TIMEOUT_MS,
    minimize: !values['no-minimize'],
    saveCorpus: values['save-corpus'] ?? null,
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

/** Runs `tracefuzz report`; resolves with the exit status (usage errors are thrown). */
async function runReportCommand(argv: string[], io: ReportIO = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const args = parseReportArgs(argv);
  const name = args.name ?? `${specSlug(args.baseline)}-vs-${specSlug(args.candidate)}`;
  const outDir = outDirOption(args.out ?? undefined, join('reports', name));
  const readers: TraceReader[] = [];
  const open = async (spec: string) => {
    // A Go reader runs as its coverage build, so the report can say how much of its package the cases reached.
    const r = await openUnderTestOption(spec, args.timeoutMs, (s) => io.stderr.write(`tracefuzz report: ${s}\n`));
    readers.push(r);
    return r;
  };
  const bar = new ProgressBar(io.stderr);
  try {
    const baseline = await open(args.baseline);
    const candidate = await open(args.candidate);
    const supported = (r: TraceReader) => r.versions ?? VERSIONS;
    const versions = VERSIONS.filter((v) => supported(baseline).includes(v) && supported(candidate).includes(v));
    if (versions.length === 0) throw new UsageError(`${args.baseline} and ${args.candidate} have no trace version in common`);

    const problems: { path: string; message: string }[] = [];
    const corpus = corpusReportCases(args.corpus.map((d) => resolve(d)), problems)
      .filter((c) => c.input.version === null || (versions as readonly number[]).includes(c.input.version));
    for (const p of problems) io.stderr.write(`tracefuzz report: skipping ${p.path}: ${p.message}\n`);
    const deadline = args.timeMs !== null ? Date.now() + args.timeMs : undefined;
    const campaign = generatedReportCases({
      seed: args.seed, runs: args.runs, versions, deadline,
      onGeneratorError: (err, seed) => io.stderr.write(`tracefuzz report: generator failed for batch seed ${seed}, skipped: ${err.message.split('\n')[0]}\n`),
    });
    async function* all(): AsyncGenerator<ReportCase> {
      yield* corpus;
      yield* campaign;
    }
    const total = args.runs !== null ? corpus.length + args.runs : null;
    const report = await runComparison({
      baseline, candidate, cases: all(), total,
      tools: reproducerTools({ baseline, candidate, minimize: args.minimize, saveCorpusDir: args.saveCorpus ? resolve(args.saveCorpus) : undefined }),
      meta: {
        name,
        toolVersion: toolVersion(),
        baseline: { spec: args.baseline, name: baseline.name, versions: baseline.versions ? [...baseline.versions] : null },
        candidate: { spec: args.candidate, name: candidate.name, versions: candidate.versions ? [...candidate.versions] : null },
        config: { seed: args.seed, runs: args.runs, timeBudgetMs: args.timeMs, corpus: args.corpus, versions: [...versions] },
      },
      onProgress: (p) => bar.update(p.phase === 'cases' ? 'cases' : 'minimizing', p.done, p.total, `regressions ${p.regressions}, differences ${p.groups}`),
    });
    bar.done();
    const files = writeReport(outDir, report);
    const counts = CASE_CLASSES.map((c) => `${c} ${report.counts[c]}`).join(', ');
    io.stdout.write(`${report.verdict === 'regression' ? 'REGRESSION' : 'no regression'}: ${args.candidate} vs ${args.baseline} over ${report.cases.length} cases (${counts}); ${report.groups.length} distinct difference(s)\n`);
    for (const r of [baseline, candidate]) if (r instanceof CoverageReader) io.stdout.write(`${coverageLine(r)}\n`);
    io.stdout.write(`report: ${files.markdown}\n        ${files.html}\n        ${files.json}\n`);
    return report.verdict === 'regression' ? 1 : 0;
  } finally {
    bar.done();
    await Promise.all(readers.map((r) => r.close().catch(() => undefined)));
  }
}

export const command: Command = {
  name: 'report',
  summary: 'compare a baseline and a candidate reader; write reports/<name>/ (exit 1 on regression)',
  usage,
  run: (argv) => runReportCommand(argv),
};
