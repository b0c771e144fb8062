// The checked-in corpus replays: every case — raw ones (binary trace plus
// sidecar, under corpus/raw) included — meets its expectation with the TS
// reader and with Go's reader, Go's own test loader accepts every `.test`
// file, and every mutant fails at least one case (the corpus has teeth).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCases, LoadProblem } from '../../src/corpus/corpusStore';
import { replayCases } from '../../src/corpus/replay';
import { openReader } from '../../src/readers/readerSpecs';
import { MUTANTS } from '../../src/readers/mutants';
import { findGo } from '../../src/readers/goToolchain';
import { buildCorpusLoad } from '../support/goTools';
import { describeGo } from '../support/go';

const corpusDir = join(__dirname, '..', '..', 'corpus');

function corpus() {
  const problems: LoadProblem[] = [];
  const cases = loadCases(corpusDir, problems);
  expect(problems).toEqual([]);
  expect(cases.length).toBeGreaterThanOrEqual(8);
  expect(cases.filter((c) => c.raw).length).toBeGreaterThanOrEqual(1);
  return cases;
}

test('every corpus case meets its expectation with the TS reader', async () => {
  const reader = await openReader('ts');
  try {
    const rows = await replayCases(corpus(), reader);
    expect(rows.filter((r) => !r.ok)).toEqual([]);
  } finally {
    await reader.close();
  }
});

test('every mutant fails at least one corpus case', async () => {
  const cases = corpus();
  const survivors: string[] = [];
  // Replay reads each case whole, so a fault that needs chunked input is P5's to find (test/mutants.test.ts).
  for (const m of MUTANTS.filter((x) => !x.chunkedOnly)) {
    const reader = await openReader(`mutant:${m.name}`);
    try {
      const rows = await replayCases(cases, reader);
      if (rows.every((r) => r.ok)) survivors.push(m.name);
    } finally {
      await reader.close();
    }
  }
  expect(survivors).toEqual([]);
});

describeGo('the corpus and Go', () => {
  let loader = '';
  beforeAll(() => {
    loader = buildCorpusLoad(findGo()!);
  });

  test("Go's test loader (testtrace.ParseFile) accepts every case and Go's reader meets its expectation", () => {
    const r = spawnSync(loader, [corpusDir], { encoding: 'utf8' });
    // Go's loader reads the .test files only; raw cases have no text form to give it.
    expect(r.stdout).toMatch(new RegExp(`^${corpus().filter((c) => !c.raw).length} cases, 0 failed$`, 'm'));
    expect(r.status).toBe(0);
  });

  test('the Go loader fails a case whose expectation or event count is wrong', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tracefuzz-corpusload-bad-'));
    const names = readdirSync(corpusDir).filter((n) => n.endsWith('.test'));
    const spill = names.find((n) => n.startsWith('pre-fix-spill-'))!;
    const text = readFileSync(join(corpusDir, spill), 'utf8');
    writeFileSync(join(dir, 'wrong-count.test'), text.replace(/^events: \d+$/m, 'events: 99'));
    writeFileSync(join(dir, 'wrong-expect.test'), text.replace(/^FAILURE .*$/m, 'SUCCESS'));
    writeFileSync(join(dir, 'three-files.test'), text + '-- extra --\n');
    copyFileSync(join(corpusDir, spill), join(dir, 'good.test'));
    const r = spawnSync(loader, [dir], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('ok good.test');
    expect(r.stdout).toMatch(/FAIL wrong-count\.test: events: expected 99, got \d+/);
    expect(r.stdout).toMatch(/FAIL wrong-expect\.test: unexpected error while reading the trace/);
    expect(r.stdout).toMatch(/FAIL three-files\.test: malformed test .*wrong number of files/);
    expect(r.stdout).toMatch(/^4 cases, 3 failed$/m);
  });

  test("every corpus case meets its expectation with Go's reader (oracle)", async () => {
    const reader = await openReader('go');
    try {
      const rows = await replayCases(corpus(), reader);
      expect(rows.filter((r) => !r.ok)).toEqual([]);
    } finally {
      await reader.close();
    }
  });
});
