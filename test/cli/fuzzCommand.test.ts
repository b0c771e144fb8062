// `tracefuzz fuzz` end to end: a campaign against a mutant finds, saves and
// minimizes its failure; the saved case replays (failing the mutant, passing
// the TS reader); a SIGKILL right after a finding leaves it whole on disk;
// Ctrl-C ends with the summary and exit 130; --jobs 2 finds what --jobs 1
// finds; bad arguments are one-line usage errors; a terminal gets a progress
// bar, a pipe plain lines, each within 80 columns; findings without a text
// form are raw cases that replay.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CorpusStore } from '../../src/corpus/corpusStore';
import { caseTrace } from '../../src/corpus/corpusCase';
import { findingLine, fuzzBarText } from '../../src/cli/fuzzCommand';
import type { CampaignStats } from '../../src/fuzz/campaign';

const bin = join(__dirname, '..', 'support', 'tracefuzz.js');
const tmp = () => mkdtempSync(join(tmpdir(), 'tracefuzz-fuzz-'));
const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 600_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

test('a campaign against a mutant finds, saves and minimizes its failure, and the case replays', () => {
  const out = tmp();
  const r = run('fuzz', '--reader', 'mutant:skip-final-sync', '--runs', '60', '--seed', '3', '--properties', 'P6', '--out', out, '--jobs', '1');
  expect(r.code).toBe(1);
  // One line per finding: the property, the cause, where it is.
  expect(r.err).toMatch(/^P6 events lost at the end → \S*-[0-9a-f]{12}\.test$/m);
  for (const line of r.err.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  expect(r.out).toMatch(/^mutant:skip-final-sync: \d+ runs in \d+ s \(\d+ runs\/s\), \d+ failures?, 1 finding \(1 new\)$/m);
  const corpus = join(out, 'corpus');
  const files = readdirSync(corpus).filter((f) => f.endsWith('.test'));
  // One per signature: every version and operator that lost the last Sync is the same finding.
  expect(files).toEqual([expect.stringMatching(/^p6-events-lost-at-the-end-[0-9a-f]{12}\.test$/)]);
  const findings = readFileSync(join(out, 'findings.txt'), 'utf8');
  expect(findings).toMatch(/^P6 events lost at the end\n {2}signature: [0-9a-f]{12}\n {2}failures: \d+\n {2}operators: .+\n {2}versions: go1\.\d\d ×\d+/);
  expect(findings).toMatch(/^ {2}replay: npx tracefuzz fuzz --reader mutant:skip-final-sync --properties P6 --seed=-?\d+ --path [\d:]+$/m);
  const c = CorpusStore.open(corpus).cases()[0];
  expect(c.meta).toMatchObject({ property: 'P6', reader: 'mutant:skip-final-sync' });
  expect(c.meta.operator).toMatch(/^(valid|noise:.*)$/);
  expect(caseTrace(c).length).toBeLessThan(80);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  expect(summary).toMatchObject({ reader: 'mutant:skip-final-sync', seed: 3, shard: '1/1' });
  expect(summary.failures).toBeGreaterThan(0);

  expect(run('replay', corpus, '--reader', 'mutant:skip-final-sync').code).toBe(1);
  expect(run('replay', corpus, '--reader', 'ts').code).toBe(0);
  // The same campaign again over the same corpus finds nothing new.
  const again = run('fuzz', '--reader', 'mutant:skip-final-sync', '--runs', '60', '--seed', '3', '--properties', 'P6', '--out', out);
  expect(again.out).toMatch(/\(0 new\)/);
});

test('--jobs 2 gives the same findings, corpus and counts as --jobs 1 for the same seed and --runs', () => {
  const args = ['--reader', 'mutant:pre-fix-spill', '--reference', 'ts', '--properties', 'P1,P2,P3', '--runs', '180', '--seed', '7'];
  const go = (jobs: string) => {
    const out = tmp();
    const r = run('fuzz', ...args, '--jobs', jobs, '--out', out);
    expect(r.code).toBe(1);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    const corpus = join(out, 'corpus');
    const files = [...readdirSync(corpus).filter((f) => f.endsWith('.test')), ...(existsSync(join(corpus, 'raw')) ? readdirSync(join(corpus, 'raw')).map((f) => `raw/${f}`) : [])].sort();
    // A case's date line is when it was saved.
    const contents = files.map((f) => readFileSync(join(corpus, f)).toString('latin1').replace(/^date: .*$/m, ''));
    return {
      jobs: summary.jobs,
      counts: { runs: summary.runs, planned: summary.planned, failures: summary.failures, perProperty: summary.perProperty },
      findings: summary.findings.map((f: Record<string, unknown>) => ({ ...f, path: String(f.path).slice(corpus.length) })),
      files,
      contents,
    };
  };
  const one = go('1');
  const two = go('2');
  expect([one.jobs, two.jobs]).toEqual([1, 2]);
  expect(one.findings.length).toBeGreaterThan(0);
  expect(two.counts).toEqual(one.counts);
  expect(two.findings).toEqual(one.findings);
  expect(two.files).toEqual(one.files);
  expect(two.contents).toEqual(one.contents);
});

test('a clean reader exits 0 with a summary', () => {
  const out = tmp();
  const r = run('fuzz', '--reader', 'ts', '--reference', 'ts', '--runs', '40', '--seed', '1', '--properties', 'P3,P6', '--out', out, '--shard', '2/3', '--versions', 'go1.22,go1.26');
  expect(r.code).toBe(0);
  expect(r.out).toMatch(/P3: \d+ runs, 0 failures/);
  expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'))).toMatchObject({ shard: '2/3', versions: ['go1.22', 'go1.26'], failures: 0 });
});

test('SIGKILL right after a finding leaves it complete on disk', async () => {
  for (const [delay, jobs] of [[0, '1'], [60, '2']] as const) {
    const out = tmp();
    const reported = await new Promise<string[]>((resolve, reject) => {
      const p = spawn(process.execPath, [bin, 'fuzz', '--reader', 'mutant:swallow-error', '--time', '60s', '--seed', '9', '--properties', 'P3', '--out', out, '--jobs', jobs]);
      let err = '';
      let killed = false;
      p.stderr.on('data', (d) => {
        err += d;
        if (!killed && / → /.test(err)) {
          killed = true;
          setTimeout(() => p.kill('SIGKILL'), delay);
        }
      });
      p.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(err.split('\n')) : reject(new Error(`fuzz ended without finding: ${err}`))));
    });
    const announced = reported.filter((l) => / → /.test(l));
    // One line per finding: a signature is announced once, even when an earlier unit's failure replaces its case.
    expect(new Set(announced.map((l) => l.split(' → ')[0])).size).toBe(announced.length);
    expect(announced.length).toBeGreaterThan(0);
    const store = CorpusStore.open(join(out, 'corpus'));
    expect(store.problems).toEqual([]);
    // Every finding announced is on disk, whole (a raw case counts only with its sidecar).
    expect(store.size).toBeGreaterThanOrEqual(announced.length);
    for (const line of announced) {
      // By the signature's id: the case may have moved since (a raw case replaced by a smaller one with a text form, or back).
      const id = /-([0-9a-f]{12})\.(?:test|trace)$/.exec(line)![1];
      const c = store.cases().find((x) => x.path!.includes(`-${id}.`));
      expect(c).toBeDefined();
      expect(() => caseTrace(c!)).not.toThrow();
    }
  }
});

test('Ctrl-C stops the campaign (and its workers) with the summary, exit 130', async () => {
  const out = tmp();
  const r = await new Promise<{ code: number | null; stdout: string; ms: number }>((resolve) => {
    const p = spawn(process.execPath, [bin, 'fuzz', '--reader', 'ts', '--reference', 'ts', '--time', '10m', '--seed', '5', '--properties', 'P3', '--out', out, '--jobs', '2']);
    let stdout = '';
    let sent = 0;
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', () => {
      // The first output is the banner: the campaign is running.
      if (!sent) { sent = Date.now(); setTimeout(() => p.kill('SIGINT'), 4000); }
    });
    p.on('exit', (code) => resolve({ code, stdout, ms: Date.now() - sent }));
  });
  expect(r.code).toBe(130);
  expect(r.ms).toBeLessThan(60_000);
  expect(r.stdout).toMatch(/^ts: \d+ runs in \d+ s .*\(interrupted\)$/m);
  expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'))).toMatchObject({ interrupted: true, failures: 0 });
});

test('bad arguments are one-line usage errors', () => {
  const cases: [string[], RegExp][] = [
    [['--time', 'soon'], /bad duration "soon"/],
    [['--time', '5s', '--runs', '3'], /give --time or --runs, not both/],
    [['--runs', '0'], /bad --runs "0"/],
    [['--shard', '3/2'], /bad --shard "3\/2"/],
    [['--versions', 'go1.24'], /bad version "go1.24"/],
    [['--reader', 'nope'], /unknown reader spec "nope"/],
    [['--properties', 'P9'], /unknown property "P9"/],
    [['--seed', 'x'], /bad --seed "x"/],
    [['--jobs', '0'], /bad --jobs "0"/],
  ];
  for (const [args, re] of cases) {
    const r = run('fuzz', ...args, '--out', tmp());
    expect(r.code).toBe(2);
    expect(r.err.split('\n')[0]).toMatch(re);
    expect(r.err).not.toMatch(/\n\s+at /);
  }
});

test('the replay line a failure prints runs that one case again: it fails the mutant and holds for ts', () => {
  const out = tmp();
  const r = run('fuzz', '--reader', 'mutant:later-error-wins', '--runs', '100', '--seed', '3', '--properties', 'P2', '--no-minimize', '--out', out);
  expect(r.code).toBe(1);
  const m = /replay: npx tracefuzz fuzz --reader (\S+) --properties (P\d) --seed=(-?\d+) --path ([\d:]+)/.exec(readFileSync(join(out, 'findings.txt'), 'utf8'));
  expect(m).not.toBeNull();
  const [, reader, prop, seed, path] = m!;
  const again = run('fuzz', '--reader', reader, '--properties', prop, `--seed=${seed}`, '--path', path);
  expect(again.code).toBe(1);
  expect(again.out).toMatch(new RegExp(`^${prop} fails \\(seed ${seed}, path ${path}\\):\\n${prop} failed`));
  expect(again.out).toContain('Trace Go1.');
  const ts = run('fuzz', '--reader', 'ts', '--properties', prop, `--seed=${seed}`, '--path', path);
  expect(ts.code).toBe(0);
  expect(ts.out).toBe(`${prop} holds for seed ${seed}, path ${path}\n`);
  expect(run('fuzz', '--properties', 'P2', '--path', path).err).toMatch(/^tracefuzz fuzz: --path needs the --seed printed with it\n/);
});

const stats = (over: Partial<CampaignStats>): CampaignStats => ({ runs: 0, planned: 0, rounds: 0, failures: 0, newFindings: 0, elapsedMs: 0, lastNewFindingMs: null, perProperty: {}, deviations: {}, notes: {}, timeouts: 0, cutReads: 0, ...over });

test('the fuzz status line keeps runs/s, failures, corpus size, elapsed time and the last new find within 80 columns', () => {
  expect(fuzzBarText(stats({ runs: 150, planned: 150, failures: 4, newFindings: 3, elapsedMs: 2000, lastNewFindingMs: 1000 }), { maxRuns: 300 }, 3, 120))
    .toBe('fuzz [###############...............] 50% 150 runs 75/s, 4 failures, corpus 3, 2s, last find 1s ago');
  expect(fuzzBarText(stats({ runs: 900, planned: 900, elapsedMs: 45_000 }), { maxMs: 60_000 }, 0, 120))
    .toBe('fuzz [#######################.......] 75% 900 runs 20/s, 0 failures, corpus 0, 45s/1m00s, no find yet');
  expect(fuzzBarText(stats({ runs: 1, planned: 1, elapsedMs: 1000 }), { maxRuns: 300 }, 0, 120)).toMatch(/ 1 run 1\/s, 0 failures,/);
  // Past the budget (the last round overshoots) the bar stays full.
  expect(fuzzBarText(stats({ runs: 330, planned: 330, elapsedMs: 1000 }), { maxRuns: 300 }, 0, 120)).toMatch(/^fuzz \[#+\] 100% 330 runs/);
  // Large numbers at 80 columns: every field is still there; the bar gives way.
  const wide = fuzzBarText(stats({ runs: 1_234_567, planned: 1_234_567, failures: 1, elapsedMs: 3_599_000, lastNewFindingMs: 1_000 }), { maxMs: 7_200_000 }, 1234, 80);
  expect(wide.length).toBeLessThanOrEqual(79);
  expect(wide).toMatch(/1\.2M runs \d+\/s, 1 failure, corpus 1234, 59m59s, last find 59m58s ago$/);
  // A narrow terminal cuts the line rather than wrap it.
  expect(fuzzBarText(stats({ runs: 1 }), { maxRuns: 300 }, 0, 41)).toHaveLength(40);
});

test('a finding line fits 80 columns and keeps the end of the file name', () => {
  const line = findingLine('P2', 'another error in place of: found invalid func string ID N for stack N', '/a/very/long/directory/name/that/goes/on/corpus/raw/p2-another-error-in-place-of-found-invalid-func-0123456789ab.trace', 80);
  expect(line.length).toBeLessThanOrEqual(79);
  expect(line).toMatch(/^P2 another error in place of: .* → .*0123456789ab\.trace$/);
});

// script(1) gives fuzz a terminal; without it the test shows as skipped, not as passed.
const haveScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).error === undefined;
(haveScript ? test : test.skip)('on a terminal fuzz draws the bar and clears it before log lines and the summary; a pipe gets no bar', () => {
  const out = tmp();
  const args = ['fuzz', '--reader', 'mutant:pre-fix-spill', '--properties', 'P1', '--runs', '150', '--seed', '7', '--reference', 'ts', '--jobs', '1'];
  const quote = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`;
  const cmd = [process.execPath, bin, ...args, '--out', out].map(quote).join(' ');
  const r = spawnSync('script', ['-q', '-e', '-c', cmd, '/dev/null'], { encoding: 'utf8', timeout: 120_000 });
  expect(r.error).toBeUndefined();
  // ESC[K (erase to the end of the line) is written <EL> here, so the patterns below read plainly.
  const screen = r.stdout.replace(/\r\n/g, '\n').replaceAll('\u001b[K', '<EL>');
  expect(r.status).toBe(1);
  const bars = screen.match(/\rfuzz \[[#.]+\] \d+% \d+ runs? \d+\/s, \d+ failures?, corpus \d+, \d+s, (no find yet|last find \d+s ago)<EL>/g) ?? [];
  expect(bars.length).toBeGreaterThan(0);
  // Every bar is wiped (\r ESC[K) before the next line of text, and the summary starts on a clean line.
  expect(screen).not.toMatch(/ (yet|ago)<EL>(?!\r)/);
  expect(screen).toMatch(/\r<EL>mutant:pre-fix-spill: \d+ runs in /);

  const piped = run(...args, '--out', tmp());
  expect(piped.code).toBe(1);
  expect(piped.err).not.toMatch(/\r|fuzz \[/);
  expect(piped.err).not.toContain('\u001b');
});

test('findings without a text form are raw cases: they replay, and a wrong expectation on one is a mismatch', () => {
  const out = tmp();
  const r = run('fuzz', '--reader', 'mutant:pre-fix-spill', '--properties', 'P1', '--runs', '150', '--seed', '7', '--reference', 'ts', '--out', out);
  expect(r.code).toBe(1);
  const corpus = join(out, 'corpus');
  const raw = readdirSync(join(corpus, 'raw')).filter((n) => n.endsWith('.trace')).sort();
  expect(raw.length).toBeGreaterThan(0);
  const ts = run('replay', corpus, '--reader', 'ts');
  expect(ts.code).toBe(0);
  for (const n of raw) expect(ts.out).toMatch(new RegExp(`raw/${n.slice(0, 40).replace(/[.]/g, '\\.')}\\S*\\s+pass`));
  expect(run('replay', corpus, '--reader', 'mutant:pre-fix-spill').code).toBe(1);
  const sidecar = join(corpus, 'raw', raw[0] + '.txt');
  writeFileSync(sidecar, readFileSync(sidecar, 'utf8').replace(/^expect: .*$/m, 'expect: SUCCESS'));
  const wrong = run('replay', corpus, '--reader', 'ts');
  expect(wrong.code).toBe(1);
  expect(wrong.out).toMatch(new RegExp(`raw/${raw[0].slice(0, 40).replace(/[.]/g, '\\.')}\\S*\\s+FAIL`));
  expect(wrong.out).toContain('unexpected error:');
});
