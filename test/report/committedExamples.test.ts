// The committed examples (reports/examples/, written by `npm run examples`)
// stay small and hold nothing of the run that wrote them: report.md within a
// pull request's 10 KB, report.html and a JSON sample of bounded size, no
// report.json, no times, dates, temp paths or host names. And regenerating
// one (`report --stable` behind it) twice gives the same bytes, with
// --jobs 1 and --jobs 2.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { EXAMPLES } from '../../bench/examples';
import { MARKDOWN_MAX_BYTES } from '../../src/report/markdownReport';
import type { Report } from '../../src/report/reportSchema';

const ROOT = join(__dirname, '..', '..');
const EXAMPLES_DIR = join(ROOT, 'reports', 'examples');
const HTML_MAX_BYTES = 256 * 1024;
const SAMPLE_MAX_BYTES = 48 * 1024;

/** Every file under dir, relative to it, sorted. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

/** What a run would leave in a file if the report printed it: the lines that hold one. */
function perRunValues(text: string): string[] {
  const patterns = [
    /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/, // a date as toISOString writes it (trace data has nanoseconds)
    /\btook \d/, // the run's duration
    /\d+\.\d\d (ms|s)\b/, // read times
    /^date: /, // a saved case's date
    new RegExp(`${tmpdir().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/`),
    new RegExp(ROOT.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
    ...(hostname().length >= 4 ? [new RegExp(`\\b${hostname().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`)] : []),
  ];
  return text.split('\n').filter((line) => patterns.some((p) => p.test(line)));
}

describe('committed examples', () => {
  test('each is report.md, report.html and report.sample.json (plus its reproducers), small, with no per-run values', () => {
    expect(readdirSync(EXAMPLES_DIR).sort()).toEqual(EXAMPLES.map((e) => e.name).sort());
    for (const e of EXAMPLES) {
      const dir = join(EXAMPLES_DIR, e.name);
      const top = readdirSync(dir).sort();
      expect(top.filter((f) => f !== 'reproducers')).toEqual(['report.html', 'report.md', 'report.sample.json']);
      expect(statSync(join(dir, 'report.md')).size).toBeLessThanOrEqual(MARKDOWN_MAX_BYTES);
      expect(statSync(join(dir, 'report.html')).size).toBeLessThanOrEqual(HTML_MAX_BYTES);
      expect(statSync(join(dir, 'report.sample.json')).size).toBeLessThanOrEqual(SAMPLE_MAX_BYTES);
      for (const f of filesUnder(dir)) {
        expect({ file: `${e.name}/${f}`, lines: perRunValues(readFileSync(join(dir, f), 'latin1')) }).toEqual({ file: `${e.name}/${f}`, lines: [] });
      }
      const sample = JSON.parse(readFileSync(join(dir, 'report.sample.json'), 'utf8')) as Report & { sample: { command: string } };
      expect(sample.config).toMatchObject({ seed: 1, runs: e.runs, corpus: e.corpus, stable: true });
      expect([sample.createdAt, sample.durationMs, sample.timing]).toEqual([null, null, null]);
      expect(sample.cases.every((c) => c.baseline.ms === null && c.candidate.ms === null)).toBe(true);
      expect(sample.sample.command).toBe(`npx tracefuzz report --baseline ${e.baseline} --candidate ${e.candidate}${e.corpus.map((c) => ` --corpus ${c}`).join('')} --runs ${e.runs} --seed 1 --stable --out reports/examples/${e.name}`);
      // The reproducers report.md names are committed with it, so its replay commands work from a clone.
      for (const g of sample.groups) {
        if (g.reproducer.corpusFile) expect(existsSync(join(ROOT, g.reproducer.corpusFile))).toBe(true);
      }
    }
  });

  test('regenerating one twice gives the same bytes, with --jobs 1 and with --jobs 2', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'tracefuzz-examples-'));
    try {
      const example = 'ts-to-mutant-pre-fix-spill';
      const regenerate = (jobs: number) => {
        const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', join(ROOT, 'bench', 'examples.ts'), '--only', example, '--runs', '80', '--jobs', String(jobs), '--into', join(tmp, 'out')], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
        expect({ status: r.status, stderr: r.status === 0 ? '' : r.stderr }).toEqual({ status: 0, stderr: '' });
        return join(tmp, 'out', example);
      };
      renameSync(regenerate(1), join(tmp, 'first'));
      const second = regenerate(2);
      const files = filesUnder(second);
      expect(files).toEqual(filesUnder(join(tmp, 'first')));
      expect(files).toEqual(expect.arrayContaining(['report.md', 'report.html', 'report.sample.json']));
      expect(files).not.toContain('report.json');
      expect(files.some((f) => f.startsWith('reproducers/'))).toBe(true);
      for (const f of files) {
        expect({ file: f, same: readFileSync(join(second, f)).equals(readFileSync(join(tmp, 'first', f))) }).toEqual({ file: f, same: true });
      }
      expect(readFileSync(join(second, 'report.md'), 'utf8')).toContain('**Verdict: REGRESSION**');
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }, 600_000);
});
