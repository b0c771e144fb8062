// `tracefuzz mutants --reader go-exp@VER [--files order,reader,generation,batch]
//   [--time-per-mutant 60s] [--max N] [--seed S] [--corpus DIR]… [--only ID]…`
// Mutation testing of the harness on a Go reader's source: lists the mutants
// (oracle/go/mutate), builds each, reads real runtime traces with it and the
// unmutated reader, runs a bounded campaign with report's machinery, and
// prints killed / survived / not built, each survivor with its file:line and
// diff, the mutants no real trace tells apart (possibly equivalent), and the
// score: killed / mutants that change behaviour on real traces.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Command, parseCommandArgs } from './command';
import { InputError, UsageError } from './usageError';
import { durationOption, seedOption } from './options';
import { coverageSource } from '../readers/goCoverageBuild';
import { applyMutant, buildMutant, GoMutant, listMutants } from '../readers/goMutants';
import { ExternalReader } from '../readers/cmdReader';
import { FORMAT_TOOLCHAINS, GO_PROGRAM_NAMES, programTrace } from '../readers/goPrograms';
import { ReaderSpecError } from '../readers/readerSpecError';
import { VERSIONS } from '../trace/version';
import { corpusReportCases } from '../report/corpusCases';
import { MutantRun, realBaselines, runMutant } from '../report/mutationScore';
import { packagePath } from '../readers/packageFiles';

const usage = `usage: tracefuzz mutants --reader go-exp@VERSION|goroot:DIR|go [--files order,reader,generation,batch] [--time-per-mutant 60s] [--max N] [--seed S] [--corpus DIR]... [--only ID]...
  Mutants of the reader's source (negated comparisons, an operand of || or && dropped, a loop bound shifted,
  an early return forced, an error return made nil), each built and run against the unmutated reader:
  real runtime traces first (a mutant none of them tells apart is listed as possibly equivalent), then the
  corpus and generated cases until the first difference (killed) or the budget (survived).
  --max N: at most N mutants, spread evenly over the list (seeded by --seed); --only ID: just these mutants
  --timeout DURATION: per-case limit (default 120s; a timeout is read again before it counts)
  --real go,1.25.5,...: the toolchains whose program traces are the real traces (default one per trace version)
  exit status: 0 when every mutant that changes real behaviour is killed, 1 otherwise, 2 usage error`;

/** N mutants spread over the list: every k-th from a seeded offset, so files and kinds stay mixed. */
function spread<T>(xs: readonly T[], n: number, seed: number): T[] {
  if (n >= xs.length) return [...xs];
  const step = xs.length / n;
  const offset = (Math.abs(seed) % 1000) / 1000;
  return Array.from({ length: n }, (_, i) => xs[Math.floor((i + offset) * step)]);
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
    const all = mutants.length;
    if (values.only?.length) mutants = mutants.filter((m) => values.only!.includes(m.id));
    if (max !== undefined) mutants = spread(mutants, max, seed);
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
    const base = await new ExternalReader(name, { command: await buildMutant(name, source) }, { timeoutMs, lineage: 'go' }).start();
    const versions = VERSIONS.filter((v) => (base.versions ?? VERSIONS).includes(v));
    const real = await realBaselines(base, realTraces);
    const results: { m: GoMutant; run: MutantRun; diff: string }[] = [];
    try {
      for (const [i, m] of mutants.entries()) {
        const applied = await applyMutant(source, m);
        const work = mkdtempSync(join(tmpdir(), 'tracefuzz-mutant-bin-'));
        let run: MutantRun;
        try {
          let binary: string;
          try {
            binary = await buildMutant(`${name} mutant ${m.id}`, applied.source, join(work, 'server'));
          } catch (e) {
            run = { status: 'not-built', changesReal: false, cases: 0, ms: 0, buildError: (e as Error).message.split('\n').slice(-3).join(' ') };
            results.push({ m, run, diff: applied.diff });
            log(`[${i + 1}/${mutants.length}] ${m.id} not built`);
            continue;
          }
          const mutant = await new ExternalReader(`mutant ${m.id}`, { command: binary }, { timeoutMs, lineage: 'go' }).start();
          try {
            run = await runMutant(base, mutant, { realTraces: real, corpus, seed, versions, budgetMs });
          } finally {
            await mutant.close();
          }
        } finally {
          applied.dispose();
          rmSync(work, { recursive: true, force: true });
        }
        results.push({ m, run, diff: applied.diff });
        const how = run.killedBy ? ` by ${run.killedBy.label.slice(0, 80)} (${run.killedBy.class})` : '';
        log(`[${i + 1}/${mutants.length}] ${m.id} ${run.status}${how} after ${run.cases} case(s), ${(run.ms / 1000).toFixed(1)} s`);
      }
    } finally {
      await base.close();
    }
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
