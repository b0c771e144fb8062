// `tracefuzz fuzz`: runs the properties on generated and corrupted traces
// against a reader; every new failure is saved at once (atomically), deduped
// by signature and minimized into the corpus; a summary at the end; exit 1
// when something failed. Ctrl-C stops after the current round with the
// summary (a second Ctrl-C exits at once; saved findings are complete).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Command, parseCommandArgs } from './command';
import { ProgressBar, renderProgressBar } from './progressBar';
import { EXIT_BAD_INPUT, EXIT_OK, UsageError } from './usageError';
import { coverageLine, durationOption, openReaderOption, openUnderTestOption, outDirOption, runsOption, seedOption, versionsOption } from './options';
import { CoverageReader } from '../readers/coverageReader';
import { isCoverageSpec } from '../readers/goCoverageBuild';
import { Guidance } from '../fuzz/guidance';
import { summarizeCoverage } from '../fuzz/coverageTally';
import { CorpusStore } from '../corpus/corpusStore';
import { FindingSink } from '../fuzz/findingSink';
import { CampaignStats, runCampaign } from '../fuzz/campaign';
import { parseShard } from '../fuzz/shard';
import { writeFileAtomic } from '../corpus/atomicWrite';
import { findGo } from '../readers/goToolchain';
import type { TraceReader } from '../readers/traceReader';
import { PROPERTIES, PropertyDef, runProperty } from '../properties/propertySuite';
import { SMALL_KNOBS, TraceKnobs } from '../../arbitraries/trace';
import { caseOperator } from '../../arbitraries/traceCase';

const usage = `usage: tracefuzz fuzz [--reader SPEC] [--time DURATION | --runs N] [--seed S]
                      [--versions go1.22,...] [--shard I/N] [--corpus DIR] [--out DIR]
                      [--reference SPEC] [--properties P1,P3,...] [--no-minimize] [--timeout DURATION]
                      [--no-guided]
       tracefuzz fuzz --properties PN --seed S --path P [--reader SPEC] [--versions ...]

Runs the properties P1-P7 (P7 when Go is installed) on generated and corrupted
traces against the reader SPEC (default ts). Every new failure is written to
the corpus at once, deduplicated by signature (property, error class,
operator, version), then minimized while the reader still fails the case
built from the --reference reader's outcome (default: go for ts/ts:strict
when Go is installed, else ts). Stops after --time (default 60s) or --runs;
--shard I/N runs the I-th of N disjoint parts of the seed's case space.
The corpus goes to --corpus (default OUT/corpus), a summary to OUT/summary.json
(--out, default fuzz-out). Exits 1 when a property failed.

A Go reader (go, go@VERSION, go-exp@VERSION, goroot:DIR) is fuzzed in its
coverage build: cases that reach new blocks of its package are kept as seeds
and half the cases are drawn around them (--no-guided turns that off); the
summary gives the statement coverage of its reader files.

Every failure prints the seed and path that replay it: with --path, fuzz runs
just that one case of the one property named by --properties (give the same
--reader and --versions as the campaign) and prints its failure message, the
trace in text form included; exit 1 when it still fails.`;

function progressLine(s: CampaignStats): string {
  const secs = s.elapsedMs / 1000;
  return `${s.runs} runs, ${(s.runs / Math.max(secs, 0.001)).toFixed(0)} runs/s, ${s.failures} failures (${s.newFindings} new), ${secs.toFixed(0)} s`;
}

/** The fuzz progress bar's text: the budget used (runs or time), cases, runs/s, failures, corpus size, elapsed. */
export function fuzzBarText(s: CampaignStats, budget: { maxRuns?: number; maxMs?: number }, corpusCases: number, cols: number, tick = s.rounds): string {
  const secs = s.elapsedMs / 1000;
  const frac = budget.maxRuns !== undefined ? s.runs / budget.maxRuns : budget.maxMs !== undefined ? s.elapsedMs / budget.maxMs : null;
  const pct = frac === null ? '' : `${Math.min(100, Math.floor(frac * 100))}%`;
  const elapsed = budget.maxMs !== undefined ? `${secs.toFixed(0)}s/${(budget.maxMs / 1000).toFixed(0)}s` : `${secs.toFixed(0)}s`;
  const extra = `${s.runs} cases, ${(s.runs / Math.max(secs, 0.001)).toFixed(0)} runs/s, ${s.failures} failures (${s.newFindings} new), corpus ${corpusCases}, ${elapsed}`;
  return renderProgressBar('fuzz', frac, tick, pct, extra, cols);
}

export const command: Command = {
  name: 'fuzz',
  summary: 'fuzz a reader with the properties; keep minimized findings',
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
      guided: { type: 'boolean' },
      'no-guided': { type: 'boolean' },
    }, 0);
    if (values.guided && values['no-guided']) throw new UsageError('give --guided or --no-guided, not both');
    if (values.time !== undefined && values.runs !== undefined) throw new UsageError('give --time or --runs, not both');
    const maxMs = values.runs === undefined ? durationOption('--time', values.time ?? '60s') : undefined;
    const maxRuns = runsOption(values.runs);
    const seed = seedOption(values.seed, Date.now() % 2 ** 31);
    const timeoutMs = durationOption('--timeout', values.timeout);
    const shard = values.shard === undefined ? { index: 1, count: 1 } : parseShard(values.shard);
    if (!shard) throw new UsageError(`bad --shard ${JSON.stringify(values.shard)} (e.g. 1/4)`);
    const versions = versionsOption(values.versions);
    let props = PROPERTIES;
    if (values.properties !== undefined) {
      const names = values.properties.split(',').map((s) => s.trim().toUpperCase());
      for (const n of names) if (!PROPERTIES.some((p) => p.name === n)) throw new UsageError(`unknown property ${JSON.stringify(n)} (known: P1-P7)`);
      props = PROPERTIES.filter((p) => names.includes(p.name));
    }
    const spec = values.reader ?? 'ts';
    if (values.path !== undefined) {
      if (props.length !== 1 || values.properties === undefined) throw new UsageError('--path replays one case: name its property with --properties PN');
      if (values.seed === undefined) throw new UsageError('--path needs the --seed printed with it');
      if (!/^\d+(:\d+)*$/.test(values.path)) throw new UsageError(`bad --path ${JSON.stringify(values.path)} (expected the path a failure printed, e.g. 3:88:0)`);
      return replayOne(props[0], spec, seed, values.path, { ...SMALL_KNOBS, versions }, timeoutMs);
    }
    const outDir = outDirOption(values.out, 'fuzz-out');
    const corpusDir = outDirOption(values.corpus, join(outDir, 'corpus'));
    const refSpec = values.reference ?? ((spec === 'ts' || spec === 'ts:strict') && findGo() ? 'go' : 'ts');

    // A Go reader under test is its coverage build: it reports what each case
    // reached, which guides the campaign (unless --no-guided) and gives the total.
    const coverage = isCoverageSpec(spec);
    if (values.guided && !coverage) throw new UsageError(`--guided needs a Go reader (go, go@VERSION, go-exp@VERSION, goroot:DIR), not ${spec}`);
    const opened: TraceReader[] = [];
    const open = async (s: string) => { const r = await openReaderOption(s, timeoutMs); opened.push(r); return r; };
    const openUnderTest = async () => {
      const r = await openUnderTestOption(spec, timeoutMs, log);
      opened.push(r);
      return r;
    };
    const log = (s: string) => { if (!values.quiet) process.stderr.write(s + '\n'); };
    // A bar on a terminal; plain periodic lines (below) when stderr is a file or pipe.
    const bar = new ProgressBar(process.stderr, Boolean(process.stderr.isTTY) && !values.quiet);
    let interrupted = 0;
    const onSigint = () => {
      interrupted++;
      if (interrupted > 1) process.exit(130);
      bar.clear();
      log('\nstopping after the current round (Ctrl-C again to quit at once; saved findings are complete)');
    };
    process.on('SIGINT', onSigint);
    try {
      const reader = await openUnderTest();
      const guidance = reader instanceof CoverageReader && !values['no-guided'] ? new Guidance({ ...SMALL_KNOBS, versions }) : undefined;
      if (reader instanceof CoverageReader) reader.onFresh = guidance?.onFresh;
      const reference = refSpec === spec ? reader : await open(refSpec);
      const go = props.some((p) => p.needsGo) && findGo() ? (refSpec === 'go' ? reference : await open('go')) : undefined;
      mkdirSync(outDir, { recursive: true });
      const store = CorpusStore.open(corpusDir);
      const sink = new FindingSink(store, { reference, minimize: values['no-minimize'] ? false : { timeLimitMs: 60_000 } });
      let lastLine = 0;
      log(`fuzzing ${reader.name} (reference ${reference.name}${go ? ', P7 against go' : ', no Go: P7 skipped'}) seed ${seed} shard ${shard.index}/${shard.count}, versions ${versions.map((v) => `go1.${v}`).join(',')}; corpus ${corpusDir}`);
      const stats = await runCampaign({
        reader, reference, sink, go, seed, shard, maxMs, maxRuns,
        mode: spec.endsWith(':strict') ? 'strict' : 'go-compatible',
        knobs: { ...SMALL_KNOBS, versions },
        properties: props,
        guidance,
        shouldStop: () => interrupted > 0,
        onProgress: (s) => {
          if (bar.enabled) bar.show((cols) => fuzzBarText(s, { maxRuns, maxMs }, store.size, cols));
          else if (!values.quiet && Date.now() - lastLine >= 10_000) { lastLine = Date.now(); log(progressLine(s)); }
        },
        onFinding: (f) => {
          const where = f.record.path ?? '(not saved)';
          const size = f.record.minimizedSize !== undefined ? `, minimized ${f.record.originalSize} -> ${f.record.minimizedSize} bytes` : '';
          bar.clear();
          log(`${f.property} failed (${caseOperator(f.case)}, seed ${f.seed}${f.path ? ` path ${f.path}` : ''}): ${f.record.status}${f.record.status === 'new' ? ` ${where}${size}` : ''}`);
          if (f.record.status === 'new' && guidance && f.record.path) {
            // A guided case depends on what the campaign kept: the saved case is its replay.
            log(`  replay: tracefuzz replay ${f.record.path} --reader ${spec}`);
          } else if (f.record.status === 'new' && f.path) {
            const vs = values.versions !== undefined ? ` --versions ${values.versions}` : '';
            log(`  replay: tracefuzz fuzz --reader ${spec} --properties ${f.property} --seed=${f.seed} --path ${f.path}${vs}`);
          }
        },
      });
      bar.done();
      const summary = {
        reader: reader.name, reference: reference.name, seed, shard: `${shard.index}/${shard.count}`,
        versions: versions.map((v) => `go1.${v}`), interrupted: interrupted > 0, ...stats,
        ...(reader instanceof CoverageReader ? { coverage: summarizeCoverage(reader.blocks, reader.reached()).total, guided: guidance !== undefined, kept: guidance?.kept ?? 0 } : {}),
        signatures: Object.fromEntries(sink.counts()),
      };
      writeFileAtomic(join(outDir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
      const lines = [
        `${reader.name}: ${progressLine(stats)}${interrupted ? ' (interrupted)' : ''}`,
        ...Object.entries(stats.perProperty).map(([p, s]) => `  ${p}: ${s.runs} runs, ${s.failures} failures`),
        ...Object.entries(stats.deviations).map(([d, n]) => `  documented deviation ${d}: seen in ${n} checks (shrinking steps included)`),
        ...(reader instanceof CoverageReader ? [`  ${coverageLine(reader)}${guidance ? `; guided: ${guidance.kept} case(s) kept` : ''}`] : []),
        `  ${sink.counts().size} distinct signatures; corpus ${corpusDir} holds ${store.size} cases; summary ${join(outDir, 'summary.json')}`,
      ];
      process.stdout.write(lines.join('\n') + '\n');
      return stats.failures > 0 ? EXIT_BAD_INPUT : EXIT_OK;
    } finally {
      process.off('SIGINT', onSigint);
      for (const r of opened) await r.close();
    }
  },
};

/** Runs one property case again from the seed and path a failure printed. */
async function replayOne(def: PropertyDef, spec: string, seed: number, path: string, knobs: TraceKnobs, timeoutMs: number | undefined): Promise<number> {
  const reader = await openReaderOption(spec, timeoutMs);
  const go = def.needsGo && findGo() ? await openReaderOption('go', timeoutMs) : undefined;
  try {
    const mode = spec.endsWith(':strict') ? 'strict' : 'go-compatible';
    const r = await runProperty(def, { reader, go, mode, knobs }, { seed, numRuns: 1, path });
    process.stdout.write(r.failed ? `${def.name} fails (seed ${seed}, path ${path}):\n${r.message ?? ''}\n` : `${def.name} holds for seed ${seed}, path ${path}\n`);
    return r.failed ? EXIT_BAD_INPUT : EXIT_OK;
  } finally {
    await go?.close();
    await reader.close();
  }
}
