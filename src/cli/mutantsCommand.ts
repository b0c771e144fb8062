// `tracefuzz mutants --reader go-exp@VER [--files order,reader,generation,batch]
//   [--time-per-mutant 60s] [--max N] [--seed S] [--corpus DIR]… [--only ID]… [--jobs N] [--results FILE]`
// Mutation testing of the harness on a Go reader's source: lists the mutants
// (oracle/go/mutate), builds each, reads real runtime traces with it and the
// unmutated reader, runs a bounded campaign with report's machinery, and
// prints killed / survived / not built, each survivor with its file:line and
// diff, the mutants no real trace tells apart (possibly equivalent), and the
// score: killed / mutants that change behaviour on real traces.
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import seedrandom from 'seedrandom';
import { Command, parseCommandArgs } from './command';
import { InputError, UsageError } from './usageError';
import { durationOption, jobsOption, seedOption } from './options';
import { coverageSource, CoverageSource } from '../readers/goCoverageBuild';
import { applyMutant, buildMutant, GoMutant, listMutants } from '../readers/goMutants';
import { ExternalReader } from '../readers/cmdReader';
import { FORMAT_TOOLCHAINS, GO_PROGRAM_NAMES, programTrace } from '../readers/goPrograms';
import { ReaderSpecError } from '../readers/readerSpecError';
import { VERSIONS } from '../trace/version';
import { corpusReportCases } from '../report/corpusCases';
import { MutantCampaign, MutantRun, realBaselines, runMutant } from '../report/mutationScore';
import { appendResult, MutantResult, MutantResultsError, readResults } from '../report/mutantResults';
import { packagePath } from '../readers/packageFiles';

const usage = `usage: tracefuzz mutants --reader go-exp@VERSION|goroot:DIR|go [--files order,reader,generation,batch] [--time-per-mutant 60s] [--max N] [--seed S] [--corpus DIR]... [--only ID]...
  Mutants of the reader's source (negated comparisons, an operand of || or && dropped, a loop bound shifted,
  an early return forced, an error return made nil), each built and run against the unmutated reader:
  real runtime traces first (a mutant none of them tells apart is listed as possibly equivalent), then the
  corpus and generated cases until the first difference (killed) or the budget (survived).
  --max N: a random sample of N mutants (seeded by --seed; they run in a random order, so a run stopped early
    is a random sample too); --only ID: just these mutants
  --timeout DURATION: per-case limit (default 120s; a timeout is read again before it counts)
  --real go,1.25.5,...: the toolchains whose program traces are the real traces (default one per trace version)
  --jobs N: mutants run at once (default: half the cores; each job runs two reader processes)
  --results FILE: append each mutant's result to FILE (JSON lines) and skip the mutants FILE already holds,
    so a run of hours can be stopped and resumed; the summary counts them all
  exit status: 0 when every mutant that changes real behaviour is killed, 1 otherwise, 2 usage error`;

/** Builds one mutant and runs it against the unmutated reader `base`. */
async function runOne(name: string, source: CoverageSource, m: GoMutant, base: ExternalReader, campaign: MutantCampaign, timeoutMs: number): Promise<MutantResult> {
  const applied = await applyMutant(source, m);
  const work = mkdtempSync(join(tmpdir(), 'tracefuzz-mutant-bin-'));
  try {
    let binary: string;
    try {
      binary = await buildMutant(`${name} mutant ${m.id}`, applied.source, join(work, 'server'));
    } catch (e) {
      const run: MutantRun = { status: 'not-built', changesReal: false, cases: 0, ms: 0, buildError: (e as Error).message.split('\n').slice(-3).join(' ') };
      return { reader: name, m, run, diff: applied.diff };
    }
    const mutant = await new ExternalReader(`mutant ${m.id}`, { command: binary }, { timeoutMs, lineage: 'go' }).start();
    try {
      return { reader: name, m, run: await runMutant(base, mutant, campaign), diff: applied.diff };
    } finally {
      await mutant.close();
    }
  } finally {
    applied.dispose();
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The mutants in a seeded random order: the first N are a random sample of
 * all, and so is whatever part of a long run finished before it was stopped
 * (the summary lists them in the order of the list again).
 */
function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const rng = seedrandom(`mutants:${seed}`);
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

export const command: Command = {
  usage,
  async run(argv) {
    const { values } = parseCommandArgs(argv, {
      reader: { type: 'string' },
      files: { type: 'string' },
      'time-per-mutant': { type: 'string' },
      max: { type: 'string' },
      seed: { type: 'string' },
      corpus: { type: 'string', multiple: true },
      only: { type: 'string', multiple: true },
      real: { type: 'string' },
      timeout: { type: 'string' },
      jobs: { type: 'string' },
      results: { type: 'string' },
    }, 0);
    const spec = values.reader;
    if (!spec) throw new UsageError('--reader SPEC is required');
    if (!spec.startsWith('go-exp@') && !spec.startsWith('goroot:') && spec !== 'go') throw new UsageError(`--reader ${spec}: mutants are made of a Go reader's source (go-exp@VERSION, goroot:DIR, go)`);
    const files = (values.files ?? 'order,reader,generation,batch').split(',').map((f) => f.trim().replace(/\.go$/, '')).filter(Boolean);
    const budgetMs = durationOption('--time-per-mutant', values['time-per-mutant']) ?? 60_000;
    const max = values.max === undefined ? undefined : Number(values.max);
    if (max !== undefined && !(Number.isInteger(max) && max > 0)) throw new UsageError(`--max ${values.max}: a positive integer`);
    const seed = seedOption(values.seed, 1);
    // Generous: real traces are large, and a mutant's run shares the machine with its build.
    const timeoutMs = durationOption('--timeout', values.timeout) ?? 120_000;
    const log = (s: string) => process.stdout.write(`${s}\n`);
    // Each job builds its mutant and runs two reader processes: half the cores each.
    const jobs = jobsOption(values.jobs, Math.max(1, Math.floor(availableParallelism() / 2)));
    const resultsFile = values.results === undefined ? undefined : resolve(values.results);

    let resolved;
    try {
      resolved = await coverageSource(spec);
    } catch (e) {
      if (e instanceof ReaderSpecError) throw new UsageError(e.message);
      throw new InputError(`${spec}: ${(e as Error).message}`);
    }
    const { name, source } = resolved;
    let mutants: GoMutant[];
    try {
      mutants = await listMutants(source, files);
    } catch (e) {
      if (e instanceof ReaderSpecError) throw new UsageError(e.message);
      throw e;
    }
    const listed = mutants;
    const all = mutants.length;
    if (values.only?.length) mutants = mutants.filter((m) => values.only!.includes(m.id));
    mutants = shuffled(mutants, seed);
    if (max !== undefined) mutants = mutants.slice(0, max);
    log(`${name}: ${all} mutants of ${files.map((f) => `${f}.go`).join(', ')}; running ${mutants.length}, ${budgetMs / 1000} s each at most`);

    const realTraces: { name: string; trace: Uint8Array }[] = [];
    const realToolchains = values.real?.split(',').map((t) => t.trim());
    for (const { toolchain, version } of FORMAT_TOOLCHAINS.filter((t) => !realToolchains || realToolchains.includes(t.toolchain))) {
      for (const program of GO_PROGRAM_NAMES) {
        try {
          realTraces.push({ name: `${program} (go1.${version})`, trace: await programTrace(program, { toolchain }) });
        } catch (e) {
          process.stderr.write(`tracefuzz mutants: no ${program} trace from ${toolchain}: ${(e as Error).message.split('\n')[0]}\n`);
        }
      }
    }
    const corpus = corpusReportCases((values.corpus ?? [packagePath('corpus')]).map((d) => resolve(d)));
    const results: MutantResult[] = [];
    // Runs of earlier invocations with the same --results file are taken as they are:
    // a run of hours survives an interruption.
    let done = new Map<string, MutantResult>();
    try {
      if (resultsFile) done = readResults(resultsFile, name);
    } catch (e) {
      if (e instanceof MutantResultsError) throw new InputError(e.message);
      throw e;
    }
    const todo: { i: number; m: GoMutant }[] = [];
    for (const [i, m] of mutants.entries()) {
      const r = done.get(m.id);
      if (r) results.push(r);
      else todo.push({ i, m });
    }
    if (done.size > 0) log(`${results.length} of them already run (${resultsFile}); running the other ${todo.length}, ${jobs} at a time`);
    else if (jobs > 1) log(`${jobs} at a time`);
    const baseBinary = await buildMutant(name, source);
    const openBase = () => new ExternalReader(name, { command: baseBinary }, { timeoutMs, lineage: 'go' }).start();
    const first = await openBase();
    const versions = VERSIONS.filter((v) => (first.versions ?? VERSIONS).includes(v));
    const real = await realBaselines(first, realTraces);
    // Each job has its own unmutated reader: cases of one mutant do not wait for another's.
    const bases = [first];
    try {
      for (let j = 1; j < Math.min(jobs, todo.length); j++) bases.push(await openBase());
      let next = 0;
      let finished = results.length;
      const worker = async (base: ExternalReader) => {
        while (next < todo.length) {
          const { m } = todo[next++];
          const r = await runOne(name, source, m, base, { realTraces: real, corpus, seed, versions, budgetMs }, timeoutMs);
          results.push(r);
          if (resultsFile) appendResult(resultsFile, r);
          finished++;
          const how = r.run.killedBy ? ` by ${r.run.killedBy.label.slice(0, 80)} (${r.run.killedBy.class})` : '';
          log(`[${finished}/${mutants.length}] ${m.id} ${r.run.status === 'not-built' ? 'not built' : `${r.run.status}${how} after ${r.run.cases} case(s), ${(r.run.ms / 1000).toFixed(1)} s`}`);
        }
      };
      await Promise.all(bases.map(worker));
    } finally {
      await Promise.all(bases.map((b) => b.close()));
    }
    // The summary lists mutants in the order of the list, however they ran.
    const order = new Map(listed.map((m, i) => [m.id, i]));
    results.sort((a, b) => (order.get(a.m.id) ?? 0) - (order.get(b.m.id) ?? 0));
    const count = (s: string) => results.filter((r) => r.run.status === s).length;
    const killed = count('killed');
    const survivors = results.filter((r) => r.run.status === 'survived');
    const equivalent = results.filter((r) => r.run.status === 'equivalent-on-real');
    log('');
    for (const s of survivors) log(`survived: ${s.m.file}:${s.m.line} (${s.m.op})\n${s.diff.trimEnd()}\n`);
    if (equivalent.length > 0) {
      log(`possibly equivalent (no real trace reads differently), not in the score:`);
      for (const e of equivalent) log(`  ${e.m.file}:${e.m.line} ${e.m.op}: ${e.m.original.replace(/\s+/g, ' ').slice(0, 60)} -> ${e.m.replacement.replace(/\s+/g, ' ').slice(0, 60)}`);
    }
    const scored = killed + survivors.length;
    log(`${results.length} mutants: killed ${killed}, survived ${survivors.length}, not built ${count('not-built')}, possibly equivalent ${equivalent.length}`);
    log(`score: ${killed}/${scored} = ${scored === 0 ? 'n/a' : `${((100 * killed) / scored).toFixed(1)} %`} of the mutants that change behaviour on real traces`);
    return survivors.length > 0 ? 1 : 0;
  },
};
