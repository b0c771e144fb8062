// `npm run examples`: regenerates the committed examples in reports/examples/.
// Each is `npx tracefuzz report … --runs N --seed 1 --stable` (fixed runs and
// seed; --stable leaves out times and dates and minimizes by test count only,
// so running this twice gives byte-identical files), run from the repository
// root so the reproducers' paths in report.md work from a fresh clone. The
// full report.json (megabytes of per-case records) is cut to
// report.sample.json: the settings, the counts, the first groups and cases.
// Old releases come through the module proxy (TRACEFUZZ_FETCH_GO=1).
//
// Options: --only NAME (repeatable) --into DIR (default reports/examples)
//          --runs N (fewer runs, for a quick check) --jobs N (default 1; any N writes the same files)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Report } from '../src/report/reportSchema';

export interface Example {
  name: string;
  baseline: string;
  candidate: string;
  runs: number;
  corpus: string[];
}

/** The x/exp/trace pseudo-versions just after and just before the #55160 fix. */
const EXP_AFTER_FIX = 'go-exp@v0.0.0-20240529005216-23cca8864a10';
const EXP_BEFORE_FIX = 'go-exp@v0.0.0-20240314144324-c7f7c6466f7f';

export const EXAMPLES: readonly Example[] = [
  { name: 'go1.22.12-to-go1.23.12', baseline: 'go@1.22.12', candidate: 'go@1.23.12', runs: 3000, corpus: ['corpus'] },
  { name: 'go1.23.12-to-go1.22.12', baseline: 'go@1.23.12', candidate: 'go@1.22.12', runs: 3000, corpus: ['corpus'] },
  { name: 'go-exp-after-to-before-55160', baseline: EXP_AFTER_FIX, candidate: EXP_BEFORE_FIX, runs: 3000, corpus: [] },
  { name: 'ts-to-mutant-pre-fix-spill', baseline: 'ts', candidate: 'mutant:pre-fix-spill', runs: 300, corpus: [] },
  // `go` is the installed toolchain's reader: the conformance claim of the TS reader.
  { name: 'go-to-ts', baseline: 'go', candidate: 'ts', runs: 2000, corpus: ['corpus'] },
];

export const SEED = 1;
/** What report.sample.json keeps of report.json. */
export const SAMPLE = { groups: 3, cases: 5, caseIdsPerGroup: 5, maxString: 1500 };

const ROOT = resolve(__dirname, '..');
const BIN = join(ROOT, 'bin', 'tracefuzz.js');

/**
 * The report command of an example, its output directory as given (relative
 * to the repository root when inside it). --jobs is left to the caller: any
 * number of jobs writes the same files.
 */
export function reportArgs(e: Example, out: string, runs = e.runs): string[] {
  return [
    'report', '--baseline', e.baseline, '--candidate', e.candidate,
    ...e.corpus.flatMap((c) => ['--corpus', c]),
    '--runs', String(runs), '--seed', String(SEED), '--stable', '--out', out,
  ];
}

/**
 * report.json cut to a sample: everything but the groups and cases, then the
 * first few of each, with an unminimized reproducer's long texts cut too.
 */
export function reportSample(r: Report, command: string): object {
  return {
    sample: {
      command,
      note: `the first ${Math.min(SAMPLE.groups, r.groups.length)} of ${r.groups.length} groups (at most ${SAMPLE.caseIdsPerGroup} case ids each, texts over ${SAMPLE.maxString} characters cut) and ${Math.min(SAMPLE.cases, r.cases.length)} of ${r.cases.length} cases of the report.json the command writes; src/report/SCHEMA.md describes its fields`,
    },
    ...r,
    groups: r.groups.slice(0, SAMPLE.groups).map((g) => cutStrings({ ...g, caseIds: g.caseIds.slice(0, SAMPLE.caseIdsPerGroup) })),
    cases: r.cases.slice(0, SAMPLE.cases),
  };
}

function cutStrings<T>(v: T): T {
  if (typeof v === 'string') return (v.length <= SAMPLE.maxString ? v : `${v.slice(0, SAMPLE.maxString)}… [cut: ${v.length} characters in all]`) as T;
  if (Array.isArray(v)) return v.map(cutStrings) as T;
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, cutStrings(x)])) as T;
  return v;
}

/** Regenerates one example into dir (removed first, so nothing of an older run stays). */
export function regenerate(e: Example, dir: string, opts: { runs?: number; jobs?: number } = {}): void {
  rmSync(dir, { recursive: true, force: true });
  const rel = relative(ROOT, dir);
  const out = rel && !rel.startsWith('..') ? rel : dir;
  const args = reportArgs(e, out, opts.runs);
  const command = `npx tracefuzz ${args.map(quoteArg).join(' ')}`;
  const jobs = ['--jobs', String(opts.jobs ?? 1)];
  console.error(`${e.name}: ${command} ${jobs.join(' ')}`);
  const r = spawnSync(process.execPath, [BIN, ...args, ...jobs], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, TRACEFUZZ_FETCH_GO: process.env.TRACEFUZZ_FETCH_GO ?? '1' },
  });
  const json = join(dir, 'report.json');
  if (r.status !== 0 && r.status !== 1) throw new Error(`${e.name}: tracefuzz report exited ${r.status ?? r.signal}`);
  if (!existsSync(json)) throw new Error(`${e.name}: tracefuzz report wrote no report.json`);
  const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
  // Exit 1 is the verdict; a reproducer that could not be saved is a failure of this run.
  const unsaved = report.groups.find((g) => g.reproducer.saveError !== null);
  if (unsaved) throw new Error(`${e.name}: the reproducer of group ${unsaved.id} was not saved: ${unsaved.reproducer.saveError}`);
  writeFileSync(join(dir, 'report.sample.json'), JSON.stringify(reportSample(report, command), null, 2) + '\n');
  rmSync(json);
}

function quoteArg(a: string): string {
  return /^[\w.@:/+=-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}

function treeBytes(path: string): number {
  const s = statSync(path);
  return s.isDirectory() ? readdirSync(path).reduce((n, f) => n + treeBytes(join(path, f)), 0) : s.size;
}

function main(): void {
  const { values } = parseArgs({ options: { only: { type: 'string', multiple: true }, into: { type: 'string' }, runs: { type: 'string' }, jobs: { type: 'string' } } });
  const only = values.only ?? [];
  const unknown = only.filter((n) => !EXAMPLES.some((e) => e.name === n));
  if (unknown.length) throw new Error(`no example named ${unknown.join(', ')} (examples: ${EXAMPLES.map((e) => e.name).join(', ')})`);
  const into = resolve(values.into ?? join(ROOT, 'reports', 'examples'));
  const runs = values.runs !== undefined ? Number(values.runs) : undefined;
  const jobs = values.jobs !== undefined ? Number(values.jobs) : undefined;
  const chosen = EXAMPLES.filter((e) => only.length === 0 || only.includes(e.name));
  for (const e of chosen) regenerate(e, join(into, e.name), { runs, jobs });
  for (const e of chosen) {
    const dir = join(into, e.name);
    const size = (f: string) => `${f} ${(statSync(join(dir, f)).size / 1024).toFixed(1)} KB`;
    const repro = existsSync(join(dir, 'reproducers')) ? `, reproducers ${(treeBytes(join(dir, 'reproducers')) / 1024).toFixed(1)} KB` : '';
    console.log(`${e.name}: ${size('report.md')}, ${size('report.html')}, ${size('report.sample.json')}${repro}`);
  }
}

if (require.main === module) {
  try {
    main();
  } catch (err) {
    console.error(`npm run examples: ${(err as Error).message}`);
    process.exit(1);
  }
}
