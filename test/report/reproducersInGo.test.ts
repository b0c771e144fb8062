// Every regression group of a report has a reproducer on disk that Go's own
// tooling takes: a .test case loads with testtrace.ParseFile (and Go's reader
// meets its expectation), a raw case's FuzzReader entry replays with
// `go test -run=FuzzReader/NAME` in internal/trace, and the replay command the
// report prints fails on the candidate and passes on the baseline.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeGo } from '../support/go';
import { buildCorpusLoad, buildTraceTestBinary, replayFuzzReaderEntry } from '../support/goTools';
import type { Report } from '../../src/report/reportSchema';

const BIN = join(__dirname, '..', 'support', 'tracefuzz.js');
const tracefuzz = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 300_000 });

describeGo("report reproducers and Go's own tooling", (tc) => {
  const saved = mkdtempSync(join(tmpdir(), 'tracefuzz-saved-'));
  const reports: Report[] = [];
  let corpusload = '';
  let traceTest = '';

  beforeAll(() => {
    // One candidate whose reproducers have a text form (P3), one whose have none (P1/P2 spills). Which
    // case a group's reproducer is minimized from follows the seed: swallow-error's at seed 6 is a trace with
    // no frequency event, which the text form holds (at seeds 1 and 2, a fault it cannot hold; at 3 and 7,
    // errors Go words differently run to run or not at all).
    for (const [mutant, runs, seed] of [['swallow-error', '60', '6'], ['pre-fix-spill', '150', '1']]) {
      const out = mkdtempSync(join(tmpdir(), 'tracefuzz-report-'));
      const r = tracefuzz(['report', '--baseline', 'ts', '--candidate', `mutant:${mutant}`, '--runs', runs, '--seed', seed, '--out', out, '--save-corpus', saved, '--jobs', '1']);
      expect(r.stderr).toMatch(/^comparing [^\n]*\n$/);
      expect(r.status).toBe(1);
      // It says what it wrote.
      expect(r.stdout).toMatch(new RegExp(`^reproducers: \\d+ cases? in ${saved.replace(/[/.]/g, '\\$&')}: `, 'm'));
      reports.push(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report);
    }
    corpusload = buildCorpusLoad(tc());
    traceTest = buildTraceTestBinary(tc());
  }, 900_000);

  const regressionGroups = () => reports.flatMap((r) => r.groups.filter((g) => g.class === 'regression'));

  test('every regression group has a reproducer on disk, in both the report directory and --save-corpus', () => {
    const groups = regressionGroups();
    expect(groups.some((g) => g.reproducer.testFile !== null)).toBe(true);
    expect(groups.some((g) => g.reproducer.testFile === null)).toBe(true);
    for (const g of groups) {
      expect(g.reproducer.saveError).toBeNull();
      expect(g.reproducer.corpusFile!.startsWith(saved + '/')).toBe(true);
      for (const f of g.reproducer.files) expect(existsSync(f)).toBe(true);
      expect(g.reproducer.files.some((f) => f.includes('/reproducers/'))).toBe(true);
      if (g.reproducer.testFile !== null) {
        expect(g.reproducer.corpusFile).toMatch(/\.test$/);
        expect(readFileSync(g.reproducer.corpusFile!, 'utf8').replace(/^date: .*\n/m, '')).toBe(g.reproducer.testFile);
      } else {
        // A raw case (bytes + sidecar) and its FuzzReader entry, named as Go's fuzzer names entries.
        expect(g.reproducer.corpusFile).toMatch(/\/raw\/[^/]+\.trace$/);
        const entry = join(saved, 'testdata', 'fuzz', 'FuzzReader', g.reproducer.fuzzCorpus.name);
        const content = readFileSync(entry, 'utf8');
        expect(content).toBe(g.reproducer.fuzzCorpus.content);
        expect(createHash('sha256').update(content).digest('hex').slice(0, 16)).toBe(g.reproducer.fuzzCorpus.name);
        expect(content).toBe(`go test fuzz v1\n${g.reproducer.goLiteral}\n`);
      }
    }
  });

  test(".test reproducers load with Go's testtrace.ParseFile, and Go's reader meets their expectation", () => {
    const n = readdirSync(saved).filter((f) => f.endsWith('.test')).length;
    expect(n).toBeGreaterThan(0);
    const r = spawnSync(corpusload, [saved], { encoding: 'utf8' });
    expect(r.stdout).toMatch(new RegExp(`^${n} cases?, 0 failed$`, 'm'));
    expect(r.status).toBe(0);
  });

  test('FuzzReader entries replay with go test -run=FuzzReader/NAME in internal/trace; a malformed entry fails', () => {
    const dir = join(saved, 'testdata', 'fuzz', 'FuzzReader');
    const entries = readdirSync(dir);
    expect(entries.length).toBe(regressionGroups().filter((g) => g.reproducer.testFile === null).length);
    for (const e of entries) {
      const r = replayFuzzReaderEntry(traceTest, join(dir, e));
      expect(r.stdout).toContain(`--- PASS: FuzzReader/${e}`);
      expect(r.status).toBe(0);
    }
    const bad = join(mkdtempSync(join(tmpdir(), 'tracefuzz-bad-entry-')), '0123456789abcdef');
    writeFileSync(bad, 'go test fuzz v1\n[]byte("unterminated)\n');
    const r = replayFuzzReaderEntry(traceTest, bad);
    expect(r.status).not.toBe(0);
    expect(r.stdout).not.toContain('--- PASS: FuzzReader/');
  });

  test("the printed replay command fails on the candidate and the same case passes on the baseline", () => {
    for (const g of regressionGroups()) {
      const cmd = g.reproducer.replay!;
      expect(cmd).toMatch(/^npx tracefuzz replay \S+ --reader mutant:[a-z-]+$/);
      const args = cmd.split(' ').slice(2);
      expect(tracefuzz(args).status).toBe(1);
      expect(tracefuzz([...args.slice(0, -1), 'ts']).status).toBe(0);
    }
  });
});
