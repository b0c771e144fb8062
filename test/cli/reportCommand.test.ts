// `tracefuzz report` end to end, as CI runs it: the exit status gates on
// regressions, the report directory holds the three files, and the
// pre-#55160 spill mutant is found as a P1 regression with a small
// reproducer.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeGo } from '../support/go';
import { goTraceTestdataDir } from '../../src/readers/goToolchain';
import type { Report } from '../../src/report/reportSchema';

const BIN = join(__dirname, '..', '..', 'bin', 'tracefuzz.js');

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
    const r = tracefuzz(['report', '--baseline', 'ts', '--candidate', 'mutant:pre-fix-spill', '--runs', '120', '--seed', '1', '--out', out, '--save-corpus', saved]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^REGRESSION: mutant:pre-fix-spill vs ts over 120 cases/);
    expect(readdirSync(out).sort()).toEqual(['report.html', 'report.json', 'report.md']);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
    expect(report.schema).toBe(1);
    expect(report.verdict).toBe('regression');
    expect(report.cases).toHaveLength(120);
    expect(report.config).toEqual({ seed: 1, runs: 120, timeBudgetMs: null, corpus: [], versions: [22, 23, 25, 26] });
    const p1 = report.groups.filter((g) => g.class === 'regression' && g.properties.includes('P1'));
    expect(p1.length).toBeGreaterThan(0);
    const smallest = Math.min(...p1.map((g) => g.reproducer.generations ?? Infinity));
    expect(smallest).toBeLessThanOrEqual(2);
    for (const g of p1) {
      expect(g.reproducer.minimized).toBe(true);
      // Go's text format, or a hex dump when the bytes have none (garbage after the last batch).
      expect(g.reproducer.text).toMatch(/^(Trace Go1\.\d\d\n|# no text form)/);
      expect(g.reproducer.candidate.eventCount).toBeLessThan(g.reproducer.baseline.eventCount);
    }
    expect(p1.some((g) => g.reproducer.text.startsWith('Trace Go1.'))).toBe(true);
    // Every case of a group is in the report and points back to it.
    for (const g of report.groups) {
      expect(g.caseIds).toHaveLength(g.count);
      for (const id of g.caseIds) expect(report.cases.find((c) => c.id === id)?.group).toBe(g.id);
    }
    // Saved reproducers replay as cases that the baseline passes and the candidate fails.
    const files = report.groups.map((g) => g.reproducer.corpusFile).filter((f): f is string => f !== null);
    expect(files.length).toBeGreaterThan(0);
    expect(readdirSync(saved).filter((f) => f.endsWith('.test')).sort()).toEqual(files.map((f) => f.slice(saved.length + 1)).sort());
    expect(tracefuzz(['replay', saved, '--reader', 'ts']).code).toBe(0);
    expect(tracefuzz(['replay', saved, '--reader', 'mutant:pre-fix-spill']).code).toBe(1);
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).toContain('**Verdict: REGRESSION**');
    expect(md).toMatch(/### regression P1 — `[^`]+`, go1\.\d\d/);
    expect(md).toMatch(/```\nTrace Go1\.\d\d\n/);
  });

  test('the same reader on both sides: no regression, exit 0, deterministic for a seed', () => {
    const run = (name: string) => {
      const out = join(dir, name);
      const r = tracefuzz(['report', '--baseline', 'ts', '--candidate', 'ts', '--runs', '40', '--seed', '7', '--out', out]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^no regression: ts vs ts over 40 cases/);
      return JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
    };
    const a = run('same-a');
    const b = run('same-b');
    expect(a.counts.regression + a.counts.fix + a.counts.changed).toBe(0);
    expect(a.cases.map((c) => [c.operator, c.baseline.outcome])).toEqual(b.cases.map((c) => [c.operator, c.baseline.outcome]));
  });

  test.each([
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
