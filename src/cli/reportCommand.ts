// `tracefuzz report --baseline SPEC --candidate SPEC [--corpus DIR]…
//   [--runs N --seed S | --time T] [--out DIR] [--name NAME] [--timeout MS]
//   [--no-minimize]`
// Runs the corpus and a generated campaign on both readers, writes
// reports/<name>/{report.json,report.md,report.html}, prints the verdict, and
// exits 1 when the candidate regresses (so CI can gate on it), 2 on usage errors.
import { join, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { openAnyReader } from '../harness/externalReaderSpecs';
import type { TraceReader } from '../harness/traceReader';
import { VERSIONS } from '../trace/version';
import { campaignReportCases } from '../report/campaignCases';
import { corpusReportCases } from '../report/corpusCases';
import { ProgressBar } from '../report/progressBar';
import type { ReportCase } from '../report/reportCase';
import { reproducerTools } from '../report/reproducerTools';
import { runComparison } from '../report/runComparison';
import { CASE_CLASSES } from '../report/reportSchema';
import { writeReport } from '../report/writeReport';

export const REPORT_USAGE = `usage: tracefuzz report --baseline SPEC --candidate SPEC [--corpus DIR]... [--runs N --seed S | --time T] [--out DIR] [--name NAME] [--timeout MS] [--no-minimize]
  SPEC: ts, ts:strict, ts@REV, mutant:NAME, go, go@VERSION, go-exp@VERSION, cmd:COMMAND
  --time T: campaign time budget (e.g. 60s, 5m); --runs N: number of generated cases (default 200)
  exit status: 0 no regression, 1 the candidate regresses, 2 usage error`;

export class ReportUsageError extends Error {}

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
}

export function parseReportArgs(argv: readonly string[]): ReportArgs {
  const a: ReportArgs = { baseline: '', candidate: '', corpus: [], runs: null, seed: 1, timeMs: null, out: null, name: null, timeoutMs: 10_000, minimize: true };
  let seedGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (eq > 0) return arg.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) throw new ReportUsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--baseline': a.baseline = value(); break;
      case '--candidate': a.candidate = value(); break;
      case '--corpus': a.corpus.push(value()); break;
      case '--runs': a.runs = positiveInt(flag, value(), true); break;
      case '--seed': a.seed = positiveInt(flag, value(), true); seedGiven = true; break;
      case '--time': a.timeMs = duration(value()); break;
      case '--out': a.out = value(); break;
      case '--name': a.name = value(); break;
      case '--timeout': a.timeoutMs = positiveInt(flag, value(), false); break;
      case '--no-minimize': a.minimize = false; break;
      default: throw new ReportUsageError(arg.startsWith('-') ? `unknown option ${arg}` : `unexpected argument ${arg}`);
    }
  }
  if (!a.baseline) throw new ReportUsageError('--baseline SPEC is required');
  if (!a.candidate) throw new ReportUsageError('--candidate SPEC is required');
  if (a.runs !== null && a.timeMs !== null) throw new ReportUsageError('give --runs or --time, not both');
  if (a.timeMs !== null && seedGiven) { /* a seed with a time budget is fine: same cases, as many as fit */ }
  if (a.runs === null && a.timeMs === null) a.runs = 200;
  if (a.name !== null && !/^[\w.@:+-]+$/.test(a.name)) throw new ReportUsageError(`--name ${a.name}: use letters, digits and . _ - @ + only`);
  return a;
}

function positiveInt(flag: string, v: string, zeroOk: boolean): number {
  if (!/^\d+$/.test(v) || (!zeroOk && Number(v) === 0) || !Number.isSafeInteger(Number(v))) throw new ReportUsageError(`${flag} ${v}: expected a ${zeroOk ? 'non-negative' : 'positive'} integer`);
  return Number(v);
}

function duration(v: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(v);
  if (!m) throw new ReportUsageError(`--time ${v}: expected a duration such as 90s, 5m or 1h`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  return Math.round(Number(m[1]) * unit);
}

/** A directory name from a reader spec: `go@1.22.12` stays, anything odd becomes `_`. */
export function specSlug(spec: string): string {
  return spec.replace(/[^\w.@+-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 60) || 'reader';
}

function toolVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export interface ReportIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WriteStream;
}

/** Runs `tracefuzz report`; resolves with the exit status. */
export async function runReportCommand(argv: readonly string[], io: ReportIO = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  let args: ReportArgs;
  try {
    args = parseReportArgs(argv);
  } catch (err) {
    if (!(err instanceof ReportUsageError)) throw err;
    io.stderr.write(`tracefuzz report: ${err.message}\n${REPORT_USAGE}\n`);
    return 2;
  }
  const name = args.name ?? `${specSlug(args.baseline)}-vs-${specSlug(args.candidate)}`;
  const outDir = resolve(args.out ?? join('reports', name));
  const readers: TraceReader[] = [];
  const open = async (spec: string) => {
    try {
      const r = await openAnyReader(spec, { timeoutMs: args.timeoutMs });
      readers.push(r);
      return r;
    } catch (err) {
      throw new ReportUsageError(`cannot open reader ${spec}: ${(err as Error).message}`);
    }
  };
  const bar = new ProgressBar(io.stderr);
  try {
    const baseline = await open(args.baseline);
    const candidate = await open(args.candidate);
    const supported = (r: TraceReader) => r.versions ?? VERSIONS;
    const versions = VERSIONS.filter((v) => supported(baseline).includes(v) && supported(candidate).includes(v));
    if (versions.length === 0) throw new ReportUsageError(`${args.baseline} and ${args.candidate} have no trace version in common`);

    const problems: { path: string; message: string }[] = [];
    const corpus = corpusReportCases(args.corpus.map((d) => resolve(d)), problems)
      .filter((c) => c.input.version === null || (versions as readonly number[]).includes(c.input.version));
    for (const p of problems) io.stderr.write(`tracefuzz report: skipping ${p.path}: ${p.message}\n`);
    const deadline = args.timeMs !== null ? Date.now() + args.timeMs : undefined;
    const campaign = campaignReportCases({ seed: args.seed, runs: args.runs, versions, deadline });
    async function* all(): AsyncGenerator<ReportCase> {
      yield* corpus;
      yield* campaign;
    }
    const total = args.runs !== null ? corpus.length + args.runs : null;
    const report = await runComparison({
      baseline, candidate, cases: all(), total,
      tools: reproducerTools({ baseline, candidate, minimize: args.minimize }),
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
    io.stdout.write(`report: ${files.markdown}\n        ${files.html}\n        ${files.json}\n`);
    return report.verdict === 'regression' ? 1 : 0;
  } catch (err) {
    bar.done();
    if (err instanceof ReportUsageError) {
      io.stderr.write(`tracefuzz report: ${err.message}\n`);
      return 2;
    }
    throw err;
  } finally {
    await Promise.all(readers.map((r) => r.close().catch(() => undefined)));
  }
}
