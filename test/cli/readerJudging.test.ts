// Readers are judged on what they read and on what they must read: campaigns
// generate only the versions every reader announces (and say so), an empty
// intersection is a usage error naming both sets, a reader that rejects valid
// traces fails P3 in fuzz and regresses in report, and --time bounds a run
// even when the reader hangs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = join(__dirname, '..', 'support', 'tracefuzz.js');
const FIXTURE = join(__dirname, '..', 'fixtures', 'readers', 'protocolBreaker.js');
const cmd = (mode: string, versions?: number[]) =>
  `cmd:${JSON.stringify(process.execPath)} ${JSON.stringify(FIXTURE)} ${mode}${versions ? ` '${JSON.stringify(versions)}'` : ''}`;

function tracefuzz(args: string[]) {
  // Generous hang guard only: the runs below end on their own budget.
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('readers judged on what they read', () => {
  let dir: string;
  beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'tracefuzz-judging-')); });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('two readers with no version in common: a usage error naming both sets', () => {
    const r = tracefuzz(['report', '--baseline', cmd('reject', [22]), '--candidate', cmd('reject', [25, 26]), '--runs', '5', '--out', join(dir, 'none')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no trace version in common: cmd:.* reads go1\.22; cmd:.* reads go1\.25,go1\.26/);
  });

  test('a campaign generates only the versions its readers read, and says so', () => {
    const out = join(dir, 'versions');
    const r = tracefuzz(['fuzz', '--reader', cmd('reject', [22, 23]), '--reference', 'ts', '--runs', '30', '--seed', '3', '--properties', 'P3', '--no-minimize', '--out', out]);
    expect(r.stderr).toMatch(/^versions go1\.22,go1\.23 \(read by cmd:/m);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { versions: string[] };
    expect(summary.versions).toEqual(['go1.22', 'go1.23']);
    const inter = tracefuzz(['fuzz', '--reader', cmd('reject', [22, 23]), '--reference', 'ts', '--versions', 'go1.26', '--runs', '5', '--out', join(dir, 'v2')]);
    expect(inter.code).toBe(2);
    expect(inter.stderr).toMatch(/no trace version in common: .* reads go1\.22,go1\.23; ts reads go1\.22,go1\.23,go1\.25,go1\.26 \(--versions go1\.26\)/);
  });

  test('a reader that rejects every trace fails P3 in fuzz: valid traces are cases', () => {
    const r = tracefuzz(['fuzz', '--reader', cmd('reject'), '--reference', 'ts', '--runs', '40', '--seed', '5', '--properties', 'P3', '--no-minimize', '--out', join(dir, 'p3')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/P3: \d+ runs, [1-9]\d* failures/);
    // The valid traces are among the operators of the P3 finding.
    expect(readFileSync(join(dir, 'p3', 'findings.txt'), 'utf8')).toMatch(/^P3 [^\n]*\n(?: {2}[^\n]*\n)* {2}operators: [^\n]*\bvalid ×\d+/m);
  });

  test('report --baseline ts --candidate <a reader that rejects every trace> says REGRESSION', () => {
    const out = join(dir, 'reject');
    const r = tracefuzz(['report', '--baseline', 'ts', '--candidate', cmd('reject'), '--runs', '60', '--seed', '1', '--no-minimize', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^REGRESSION: cmd:.* vs ts over 60 cases/);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { groups: { class: string; properties: string[]; operator: string }[] };
    const regressed = report.groups.filter((g) => g.class === 'regression');
    // The valid traces (P3) and the valid generations before a fault (P1).
    expect(regressed.some((g) => g.properties.includes('P3') && g.operator === 'none (valid trace)')).toBe(true);
    expect(regressed.some((g) => g.properties.includes('P1'))).toBe(true);
  });

  test('--time holds when the reader hangs: reads time out per case, and the budget ends the run', () => {
    const out = join(dir, 'hang');
    const r = tracefuzz(['fuzz', '--reader', cmd('hang'), '--reference', 'ts', '--time', '4s', '--timeout', '1s', '--seed', '1', '--properties', 'P4', '--no-minimize', '--out', out, '--jobs', '1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^P4 /m);
    expect(r.stdout).toMatch(/\d+ reads? timed out \(per-case limit\)/);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { timeouts: number; perProperty: Record<string, { failures: number }> };
    expect(summary.timeouts).toBeGreaterThan(0);
    expect(summary.perProperty.P4.failures).toBeGreaterThan(0);
  });

  test('--time holds when the reader hangs longer than the per-case limit allows: the read is cut at the budget', () => {
    const out = join(dir, 'cut');
    const r = tracefuzz(['fuzz', '--reader', cmd('hang'), '--reference', 'ts', '--time', '3s', '--timeout', '10m', '--seed', '1', '--properties', 'P4', '--no-minimize', '--out', out, '--jobs', '1']);
    // The read in flight (and any retry of it while fast-check shrinks, cut at once).
    expect(r.stdout).toMatch(/\d+ reads? cut short by the time budget/);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { cutReads: number; failures: number };
    expect(summary.cutReads).toBeGreaterThanOrEqual(1);
    // A cut read says nothing about the case: no failure is recorded.
    expect(summary.failures).toBe(0);
    expect(r.code).toBe(0);
  });
});
