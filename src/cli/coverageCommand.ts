// `tracefuzz coverage --reader go | go@REL | go-exp@VER | goroot:DIR
//   [--runs N | --time T] [--seed S] [--corpus DIR]… [--input DIR]…
//   [--versions …] [--no-guided] [--out DIR] [--timeout D]`
// Builds the reader with -cover, reads the campaign's cases and every corpus
// or directory of traces given, prints statement coverage per file of the
// reader package and a total over the reader's own files, what each other
// input set reaches that the campaign does not, and writes
// OUT/coverage.html (go tool cover -html), OUT/coverage.out and OUT/coverage.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command, parseCommandArgs } from './command';
import { UsageError } from './usageError';
import { durationOption, openCoverageReaderOption, outDirOption, runsOption, seedOption, versionsOption } from './options';
import { isCoverageSpec } from '../readers/goCoverageBuild';
import { VERSIONS } from '../trace/version';
import { SMALL_KNOBS } from '../../arbitraries/trace';
import { loadCases, LoadProblem } from '../corpus/corpusStore';
import { caseTrace } from '../corpus/corpusCase';
import { loadTraceInputs } from '../corpus/traceInputs';
import { InputSet, runCoverageSets } from '../fuzz/coverageRun';
import { blockName, coverProfile, formatCoverage, formatPercent, isReaderFile, summarizeCoverage, writeCoverageHtml } from '../fuzz/coverageTally';

const usage = `usage: tracefuzz coverage --reader SPEC [--runs N | --time T] [--seed S] [--corpus DIR]... [--input DIR]... [--versions go1.22,...] [--no-guided] [--out DIR] [--timeout DURATION]
  SPEC: go, go@VERSION (1.23 or later), go-exp@VERSION, goroot:DIR
  --runs N: generated cases (default 300; 0 for none); --time T: draw cases for this long instead
  --corpus DIR: a tracefuzz corpus (.test and raw/ cases); --input DIR: any traces (raw files, .test files,
    Go fuzz corpus entries such as testdata/fuzz/FuzzReader or Go's fuzz cache), read recursively
  --no-guided: draw cases without coverage guidance
  --out DIR: where coverage.html, coverage.out and coverage.json go (default tracefuzz-coverage)
  --timeout DURATION: per-case limit (default 60s)`;

const DEFAULT_RUNS = 300;

export const command: Command = {
  usage,
  async run(argv) {
    const { values } = parseCommandArgs(argv, {
      reader: { type: 'string' },
      runs: { type: 'string' },
      time: { type: 'string' },
      seed: { type: 'string' },
      corpus: { type: 'string', multiple: true },
      input: { type: 'string', multiple: true },
      versions: { type: 'string' },
      'no-guided': { type: 'boolean' },
      out: { type: 'string' },
      timeout: { type: 'string' },
    }, 0);
    const spec = values.reader;
    if (!spec) throw new UsageError('--reader SPEC is required');
    if (!isCoverageSpec(spec)) throw new UsageError(`--reader ${spec}: coverage reads Go readers only (go, go@VERSION, go-exp@VERSION, goroot:DIR)`);
    if (values.runs !== undefined && values.time !== undefined) throw new UsageError('give --runs or --time, not both');
    const maxMs = durationOption('--time', values.time);
    const runs = runsOption(values.runs, 0) ?? (maxMs === undefined ? DEFAULT_RUNS : undefined);
    const seed = seedOption(values.seed, 1);
    const outDir = outDirOption(values.out, 'tracefuzz-coverage');
    const timeoutMs = durationOption('--timeout', values.timeout) ?? 60_000;
    const problems: LoadProblem[] = [];
    const sets: InputSet[] = [];
    for (const d of values.corpus ?? []) {
      const traces: Uint8Array[] = [];
      for (const c of loadCases(resolve(d), problems)) {
        try {
          traces.push(caseTrace(c));
        } catch (err) {
          problems.push({ path: c.path ?? d, message: (err as Error).message });
        }
      }
      sets.push({ name: `corpus ${d}`, traces });
    }
    for (const d of values.input ?? []) sets.push({ name: `input ${d}`, traces: loadTraceInputs(resolve(d), problems).map((t) => t.trace) });
    for (const p of problems) process.stderr.write(`tracefuzz coverage: skipping ${p.path}: ${p.message}\n`);

    process.stderr.write(`building ${spec} with -cover (cached after the first time)...\n`);
    const reader = await openCoverageReaderOption(spec, timeoutMs);
    let stop = false;
    const onSigint = () => { stop = true; };
    process.on('SIGINT', onSigint);
    try {
      const readable = reader.versions ?? VERSIONS;
      const versions = values.versions !== undefined ? versionsOption(values.versions) : VERSIONS.filter((v) => readable.includes(v));
      const guided = !values['no-guided'];
      if (runs !== 0) sets.unshift({ name: 'campaign', traces: 'campaign' });
      process.stdout.write(`coverage of ${reader.name} (${reader.build.readerPackage}, ${String(reader.build.source.toolchain.version)}): every event's accessors and String(), as Go's validator and FuzzReader getters call them\n`);
      const results = await runCoverageSets(reader, sets, {
        seed, runs, maxMs, guided, knobs: { ...SMALL_KNOBS, versions },
        shouldStop: () => stop,
        onProgress: (n, stmts) => { if (process.stderr.isTTY) process.stderr.write(`\r${n} cases, ${stmts} statements reached`); },
      });
      if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
      const union = new Set<number>();
      for (const r of results) for (const id of r.reached) union.add(id);
      const campaign = results.find((r) => r.name === 'campaign');
      for (const r of results) {
        const s = summarizeCoverage(reader.blocks, r.reached);
        const extra = r.name === 'campaign'
          ? ` (seed ${seed}, versions ${versions.map((v) => `go1.${v}`).join(',')}${guided ? `, guided: ${r.kept ?? 0} kept` : ', unguided'})`
          : '';
        process.stdout.write(`${r.name}: ${r.cases} case(s)${extra}: ${formatPercent(s.total.percent)} (${s.total.covered}/${s.total.stmts})\n`);
        if (r.validNotOk) process.stdout.write(`  warning: ${r.validNotOk} valid generated trace(s) did not read cleanly\n`);
        if (campaign && r !== campaign) {
          const missed = [...r.reached].filter((id) => !campaign.reached.has(id) && isReaderFile(reader.blocks[id].file)).map((id) => blockName(reader.blocks[id]));
          if (missed.length > 0) process.stdout.write(`  reached here but not by the campaign: ${missed.join(' ')}\n`);
        }
      }
      const summary = summarizeCoverage(reader.blocks, union);
      process.stdout.write(`${results.length > 1 ? 'all together' : 'per file'}:\n${formatCoverage(summary)}\n`);
      mkdirSync(outDir, { recursive: true });
      const profile = join(outDir, 'coverage.out');
      const html = join(outDir, 'coverage.html');
      await writeCoverageHtml(reader.build.source.toolchain, coverProfile(reader.blocks, union, reader.build.readerDir), profile, html);
      const unreached = reader.blocks.map((b, id) => ({ b, id })).filter(({ b, id }) => !union.has(id) && isReaderFile(b.file)).map(({ b }) => `${blockName(b)}.${b.col0} ${b.func}`);
      writeFileSync(join(outDir, 'coverage.json'), `${JSON.stringify({
        reader: reader.name, readerPackage: reader.build.readerPackage, seed, runs, timeMs: maxMs ?? null, guided, versions,
        sets: results.map((r) => ({ name: r.name, cases: r.cases, kept: r.kept, total: summarizeCoverage(reader.blocks, r.reached).total })),
        files: summary.files, total: summary.total, unreachedReaderBlocks: unreached,
      }, null, 2)}\n`);
      process.stdout.write(`html: ${html}\nprofile: ${profile}\ndata: ${join(outDir, 'coverage.json')}\n`);
      return stop ? 130 : 0;
    } finally {
      process.off('SIGINT', onSigint);
      await reader.close();
    }
  },
};
