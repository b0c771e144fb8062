// `tracefuzz report` end to end, as CI runs it: the exit status gates on
// regressions, the report directory holds the three files and the
// reproducers, the pre-#55160 spill mutant is found as a P1 regression with
// a small reproducer, --jobs 2 writes the report --jobs 1 writes, and Ctrl-C
// writes the report of the cases run so far and exits 130.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeGo } from '../support/go';
import { goTraceTestdataDir } from '../../src/readers/goToolchain';
import type { Report } from '../../src/report/reportSchema';

const BIN = join(__dirname, '..', 'support', 'tracefuzz.js');

function tracefuzz(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 240_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('tracefuzz report', () => {
  let dir: string;
  beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'tracefuzz-report-cli-')); });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('finds the pre-fix spill mutant as a P1 regression with a reproducer of at most 2 generations, exit 1', () => {
    const out = join(dir, 'spill');
    const saved = join(dir, 'saved-corpus');
    const r = tracefuzz(['report', '--baseline', 'ts', '--candidate', 'mutant:pre-fix-spill', '--runs', '120', '--seed', '1', '--out', out, '--save-corpus', saved, '--jobs', '1']);
    expect(r.stderr).toMatch(/^comparing mutant:pre-fix-spill with ts: versions \S+ \(read by ts and mutant:pre-fix-spill\), 1 job\n$/);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^REGRESSION: mutant:pre-fix-spill vs ts over 120 cases/);
    expect(readdirSync(out).sort()).toEqual(['report.html', 'report.json', 'report.md', 'reproducers']);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
    expect(report.schema).toBe(3);
    expect(report.verdict).toBe('regression');
    expect(report.cases).toHaveLength(120);
    expect(report.config).toEqual({ seed: 1, runs: 120, timeBudgetMs: null, corpus: [], versions: [22, 23, 25, 26], stable: false });
    const p1 = report.groups.filter((g) => g.class === 'regression' && g.properties.includes('P1'));
    expect(p1.length).toBeGreaterThan(0);
    const smallest = Math.min(...p1.map((g) => g.reproducer.generations ?? Infinity));
    expect(smallest).toBeLessThanOrEqual(2);
    for (const g of p1) {
      expect(g.reproducer.minimized).toBe(true);
      // Go's text format, or a hex dump when the bytes have none (garbage after the last batch).
      expect(g.reproducer.text).toMatch(/^(Trace Go1\.\d\d\n|# no text form)/);
      expect(g.reproducer.candidate.eventCount).toBeLessThan(g.reproducer.baseline.eventCount);
      // One group for the cause, whatever operators and versions led there.
      expect(g.cause).toBe('events lost before the error');
      expect(g.summary).toMatch(/lost: \d+ events? instead of \d+ before the error/);
    }
    expect(p1).toHaveLength(1);
    expect(Object.keys(p1[0].operators).length).toBeGreaterThan(1);
    // Every case of a group is in the report and points back to it.
    for (const g of report.groups) {
      expect(g.caseIds).toHaveLength(g.count);
      for (const id of g.caseIds) expect(report.cases.find((c) => c.id === id)?.group).toBe(g.id);
    }
    // Every regression's reproducer is saved (raw ones as raw cases): they replay as cases that the baseline passes and the candidate fails.
    const regressions = report.groups.filter((g) => g.class === 'regression');
    const files = regressions.map((g) => g.reproducer.corpusFile);
    expect(files.every((f) => f !== null && f.startsWith(saved + '/'))).toBe(true);
    const savedCases = [...readdirSync(saved).filter((f) => f.endsWith('.test')), ...readdirSync(join(saved, 'raw')).filter((f) => f.endsWith('.trace')).map((f) => `raw/${f}`)];
    expect(savedCases.sort()).toEqual(files.map((f) => f!.slice(saved.length + 1)).sort());
    expect(r.stdout).toMatch(new RegExp(`^reproducers: ${regressions.length} cases? in ${saved.replace(/[/.]/g, '\\$&')}: \\d+ Go test cases? \\(\\.test\\), \\d+ raw cases? .* and \\d+ FuzzReader entr(y|ies)`, 'm'));
    expect(tracefuzz(['replay', saved, '--reader', 'ts']).code).toBe(0);
    expect(tracefuzz(['replay', saved, '--reader', 'mutant:pre-fix-spill']).code).toBe(1);
    expect(tracefuzz(['replay', join(out, 'reproducers'), '--reader', 'mutant:pre-fix-spill']).code).toBe(1);
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).toContain('**Verdict: REGRESSION**');
    expect(md).toMatch(/^### 1\. P\d: .+ \(\d+ cases?\)$/m);
    expect(md).toMatch(/^- replay: `npx tracefuzz replay \S+ --reader mutant:pre-fix-spill`$/m);
  });

  test('the same reader on both sides: no regression, exit 0, deterministic for a seed', () => {
    const run = (name: string) => {
      const out = join(dir, name);
      const r = tracefuzz(['report', '--baseline', 'ts', '--candidate', 'ts', '--runs', '40', '--seed', '7', '--out', out, '--jobs', '1']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^no regression: ts vs ts over 40 cases/);
      return JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
    };
    const a = run('same-a');
    const b = run('same-b');
    expect(a.counts.regression + a.counts.fix + a.counts.changed).toBe(0);
    expect(a.cases.map((c) => [c.operator, c.baseline.outcome])).toEqual(b.cases.map((c) => [c.operator, c.baseline.outcome]));
  });

  test('--stable needs --runs: a time budget is a usage error (exit 2)', () => {
    const r = tracefuzz(['report', '--baseline', 'ts', '--candidate', 'ts', '--time', '5s', '--stable', '--out', join(dir, 'stable-time')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--stable needs --runs N, not --time/);
    expect(existsSync(join(dir, 'stable-time'))).toBe(false);
  });

  test('a reproducer that cannot be saved is said, with why, and the run exits 1; the report is still written', () => {
    const notADir = join(dir, 'a-file');
    writeFileSync(notADir, 'not a directory\n');
    const out = join(dir, 'unsaved');
    // Seed 4: its 100 cases hold batches whose size field the mutant trusts (seed 1's no longer do since the model draws tasks differently).
    const r = tracefuzz(['report', '--baseline', 'ts', '--candidate', 'mutant:unchecked-batch-size', '--runs', '100', '--seed', '4', '--out', out, '--save-corpus', notADir, '--jobs', '1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^tracefuzz report: the reproducer of group [0-9a-f]{10} \(P4 crashes: .*\) was not saved: not a directory: /m);
    const rep = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
    expect(rep.groups.filter((g) => g.class === 'regression').every((g) => /not a directory/.test(g.reproducer.saveError ?? ''))).toBe(true);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toMatch(/^- not saved: not a directory: /m);
  });

  test('--jobs 2 writes the report --jobs 1 writes (cases, classes, groups, reproducers)', () => {
    const run = (jobs: string) => {
      const out = join(dir, `jobs-${jobs}`);
      const r = tracefuzz(['report', '--baseline', 'ts', '--candidate', 'mutant:pre-fix-spill', '--runs', '110', '--seed', '3', '--out', out, '--jobs', jobs]);
      expect(r.stderr).toMatch(/^comparing mutant:pre-fix-spill with ts: [^\n]*\n$/);
      expect(r.code).toBe(1);
      const rep = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
      const strip = (c: Report['cases'][number]) => ({ ...c, baseline: { ...c.baseline, ms: 0 }, candidate: { ...c.candidate, ms: 0 } });
      return {
        cases: rep.cases.map(strip),
        counts: rep.counts,
        properties: rep.properties,
        groups: rep.groups.map((g) => ({ ...g, reproducer: { ...g.reproducer, files: g.reproducer.files.map((f) => f.slice(out.length)), corpusFile: g.reproducer.corpusFile?.slice(out.length), replay: null, minimize: null } })),
      };
    };
    const one = run('1');
    const two = run('2');
    expect(one.cases).toHaveLength(110);
    expect(one.groups.length).toBeGreaterThan(0);
    expect(two).toEqual(one);
  });

  test('Ctrl-C writes the report of the cases run so far and exits 130', async () => {
    const out = join(dir, 'interrupted');
    const r = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const p = spawn(process.execPath, [BIN, 'report', '--baseline', 'ts', '--candidate', 'mutant:pre-fix-spill', '--time', '10m', '--seed', '1', '--out', out, '--jobs', '2']);
      let stdout = '';
      let stderr = '';
      p.stdout.on('data', (d) => { stdout += d; });
      // Ctrl-C a few seconds after the comparison has started (start-up is slow on a loaded machine).
      p.stderr.on('data', (d) => {
        const started = /^comparing /m.test(stderr);
        stderr += d;
        if (!started && /^comparing /m.test(stderr)) setTimeout(() => p.kill('SIGINT'), 3000);
      });
      p.on('exit', (code) => resolve({ code, stdout }));
    });
    expect(r.code).toBe(130);
    expect(r.stdout).toMatch(/^(REGRESSION|no regression): mutant:pre-fix-spill vs ts over \d+ cases? .*\(interrupted\)$/m);
    const rep = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
    // The cases kept are the first ones of the sequence, with no gap.
    expect(rep.cases.map((c) => c.id)).toEqual(rep.cases.map((_, i) => `gen:1:${i}`));
  }, 600_000);

  test.each([
    [['report', '--baseline', 'ts', '--candidate', 'ts', '--jobs', 'many'], /bad --jobs "many"/],
    [['report', '--baseline', 'ts'], /--candidate SPEC is required/],
    [['report', '--baseline', 'ts', '--candidate', 'ts', '--runs', '5', '--time', '5s'], /give --runs or --time, not both/],
    [['report', '--baseline', 'ts', '--candidate', 'ts', '--time', 'soon'], /bad duration "soon" for --time/],
    [['report', '--baseline', 'nonsense', '--candidate', 'ts'], /cannot open reader nonsense: unknown reader spec/],
  ])('usage errors exit 2 with one line: %j', (args, message) => {
    const r = tracefuzz(args as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describeGo('tracefuzz report over a corpus', (tc) => {
  test("Go's own conformance cases as a corpus: ts agrees with itself on each, exit 0", () => {
    const out = mkdtempSync(join(tmpdir(), 'tracefuzz-report-corpus-'));
    try {
      const corpus = goTraceTestdataDir(tc());
      const n = readdirSync(corpus).filter((f) => f.endsWith('.test')).length;
      const r = tracefuzz(['report', '--baseline', 'ts', '--candidate', 'ts:strict', '--corpus', corpus, '--runs', '0', '--out', out, '--name', 'corpus-only']);
      expect(r.code).toBe(0);
      const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
      expect(report.cases.length).toBe(n);
      expect(report.cases.every((c) => c.source === 'corpus')).toBe(true);
      expect(report.counts.regression).toBe(0);
      expect(existsSync(join(out, 'report.html'))).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
