// Coverage of Go's reader: the coverage build reports blocks each case reaches
// first (a known block is among them: MakeEvent, which only the driver's
// rebuild of each event reaches), the tally and HTML view come out of it, the
// CLI prints the per-file table, and guidance keeps a case that adds coverage
// (and only once), drawing cases around it that Go reads as their kind says.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeGo } from '../support/go';
import { CoverageReader, openCoverageReader } from '../../src/readers/coverageReader';
import { caseStream } from '../../src/fuzz/caseDraw';
import { Guidance } from '../../src/fuzz/guidance';
import { coverProfile, summarizeCoverage, writeCoverageHtml } from '../../src/fuzz/coverageTally';
import { runCoverageSets } from '../../src/fuzz/coverageRun';
import { SMALL_KNOBS } from '../../arbitraries/trace';
import type { TraceCase } from '../../arbitraries/traceCase';

const bin = join(__dirname, '..', 'support', 'tracefuzz.js');

function cases(seed: number, n: number): TraceCase[] {
  const out: TraceCase[] = [];
  for (const c of caseStream({ seed, knobs: SMALL_KNOBS })) {
    if (out.length === n) break;
    out.push(c);
  }
  return out;
}

describeGo("coverage of Go's reader", (tc) => {
  let reader: CoverageReader;
  beforeAll(async () => {
    reader = await openCoverageReader('go', { timeoutMs: 120_000 });
  }, 600_000);
  afterAll(() => reader?.close());

  test('a short run reaches statements, MakeEvent among them, and writes the HTML view', async () => {
    await reader.reset();
    const [r] = await runCoverageSets(reader, [{ name: 'campaign', traces: 'campaign' }], { seed: 4, runs: 30, guided: false, knobs: SMALL_KNOBS });
    expect(r.cases).toBe(30);
    expect(r.validNotOk).toBe(0);
    const s = summarizeCoverage(reader.blocks, r.reached);
    expect(s.total.covered).toBeGreaterThan(0);
    expect(s.files.find((f) => f.file === 'order.go')!.covered).toBeGreaterThan(0);
    const makeEvent = reader.blocks.findIndex((b) => b.file.endsWith('/event.go') && b.func === 'MakeEvent');
    expect(makeEvent).toBeGreaterThanOrEqual(0);
    expect(r.reached.has(makeEvent)).toBe(true);
    // Analyses on top of the reader are listed apart from the total.
    expect(s.files.find((f) => f.file === 'gc.go')?.readerFile).toBe(false);
    const dir = mkdtempSync(join(tmpdir(), 'tracefuzz-cov-'));
    await writeCoverageHtml(tc(), coverProfile(reader.blocks, r.reached, reader.build.readerDir), join(dir, 'c.out'), join(dir, 'c.html'));
    expect(readFileSync(join(dir, 'c.html'), 'utf8')).toContain('order.go');
  }, 600_000);

  test('reset forgets, and the same cases reach the same blocks again', async () => {
    const some = cases(6, 10);
    await reader.reset();
    for (const c of some) await reader.read(c.bytes);
    const first = new Set(reader.reached());
    await reader.reset();
    expect(reader.reached().size).toBe(0);
    for (const c of some) await reader.read(c.bytes);
    expect(new Set(reader.reached())).toEqual(first);
  }, 600_000);

  test('guidance keeps a case that adds coverage, once, and draws valid neighbours', async () => {
    await reader.reset();
    const g = new Guidance(SMALL_KNOBS);
    reader.onFresh = g.onFresh;
    try {
      const valid = cases(8, 40).filter((c) => c.kind === 'valid');
      expect(valid.length).toBeGreaterThan(0);
      await reader.read(g.observe(valid[0]).bytes);
      expect(g.kept).toBe(1);
      expect(g.seeds[0].case).toBe(valid[0]);
      await reader.read(valid[0].bytes);
      expect(g.kept).toBe(1);
      // Cases around a valid seed are valid traces, read cleanly by Go.
      for (let n = 1; n <= 12; n++) {
        const near = g.neighbour(n * 7919);
        expect(near?.kind).toBe('valid');
        expect((await reader.read(near!.bytes)).kind).toBe('ok');
      }
    } finally {
      reader.onFresh = undefined;
    }
  }, 600_000);

  test("x/exp's reader has a coverage build too", async () => {
    const exp = await openCoverageReader('go-exp@v0.0.0-20261113113407-e3970619a1a4', { timeoutMs: 120_000 });
    try {
      expect(exp.build.readerPackage).toBe('golang.org/x/exp/trace');
      for (const c of cases(3, 5)) await exp.read(c.bytes);
      const s = summarizeCoverage(exp.blocks, exp.reached());
      expect(s.files.find((f) => f.file === 'order.go')!.covered).toBeGreaterThan(0);
      // The server's own package is not part of the table.
      expect(exp.blocks.every((b) => b.file.startsWith('golang.org/x/exp/trace/'))).toBe(true);
    } finally {
      await exp.close();
    }
  }, 600_000);

  test('tracefuzz coverage prints the per-file table and writes its files', () => {
    const out = mkdtempSync(join(tmpdir(), 'tracefuzz-covcli-'));
    const r = spawnSync(process.execPath, [bin, 'coverage', '--reader', 'go', '--runs', '20', '--seed', '2', '--out', out], { encoding: 'utf8', timeout: 600_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^campaign: 20 case\(s\) \(seed 2, versions go1\.22,go1\.23,go1\.25,go1\.26, guided: \d+ kept\): \d+\.\d % \(\d+\/\d+\)$/m);
    expect(r.stdout).toMatch(/^ {2}order\.go +\d+\.\d % +\d+\/\d+$/m);
    expect(r.stdout).toMatch(/^ {2}total +\d+\.\d % +\d+\/\d+ +\(reader, order, generation, batch, batchcursor, event, resources, base, value\)$/m);
    for (const f of ['coverage.html', 'coverage.out', 'coverage.json']) expect(existsSync(join(out, f))).toBe(true);
    expect(spawnSync(process.execPath, [bin, 'coverage', '--reader', 'ts'], { encoding: 'utf8' }).status).toBe(2);
  }, 600_000);
});
