// `tracefuzz mutants` on a tiny set: two mutants of x/exp's reader.go (pinned
// version) with a short budget — CPU samples placed after the events they
// precede (a negated comparison), which real traces and the campaign kill, and a nil error on a path no trace takes
// (the empty frontier), which no real trace tells apart: listed as possibly
// equivalent and left out of the score. Run two at a time into a results
// file, then resumed from it: nothing runs twice.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeGo } from '../support/go';
import { coverageSource } from '../../src/readers/goCoverageBuild';
import { listMutants } from '../../src/readers/goMutants';

const bin = join(__dirname, '..', 'support', 'tracefuzz.js');
const SPEC = 'go-exp@v0.0.0-20261113113407-e3970619a1a4';

describeGo('tracefuzz mutants', () => {
  test('a tiny mutant set: one killed, one possibly equivalent, and the score', async () => {
    const { source } = await coverageSource(SPEC);
    const ms = await listMutants(source, ['reader']);
    expect(ms.length).toBeGreaterThan(20);
    const samples = ms.find((m) => m.op === 'negate' && m.original === 'r.cpuSamples[0].time < r.frontier[0].ev.time');
    const unreachable = ms.find((m) => m.op === 'swap-error' && m.original.includes('frontier is empty'));
    expect(samples && unreachable).toBeTruthy();
    const results = join(mkdtempSync(join(tmpdir(), 'tracefuzz-mutants-')), 'results.jsonl');
    const args = [bin, 'mutants', '--reader', SPEC, '--files', 'reader', '--only', samples!.id, '--only', unreachable!.id, '--time-per-mutant', '20s', '--real', 'go', '--jobs', '2', '--results', results];
    const r = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 900_000 });
    expect(r.stdout).toMatch(new RegExp(`\\] ${samples!.id.replace(/[.]/g, '\\.')} killed by .* after \\d+ case\\(s\\)`));
    expect(r.stdout).toContain(`reader.go:${unreachable!.line} swap-error`);
    const summary = /^2 mutants: killed 1, survived 0, not built 0, possibly equivalent 1\nscore: 1\/1 = 100\.0 % of the mutants that change behaviour on real traces$/m;
    expect(r.stdout).toMatch(summary);
    expect(r.status).toBe(0);
    expect(readFileSync(results, 'utf8').trim().split('\n')).toHaveLength(2);
    // Resumed with the same results file: nothing runs again, the summary is the same.
    const again = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 900_000 });
    expect(again.stdout).toContain('2 of them already run');
    expect(again.stdout).not.toMatch(/^\[\d+\/2\]/m);
    expect(again.stdout).toMatch(summary);
    expect(again.status).toBe(0);
  }, 900_000);

  test('usage errors exit 2', () => {
    expect(spawnSync(process.execPath, [bin, 'mutants', '--reader', 'ts'], { encoding: 'utf8' }).status).toBe(2);
    expect(spawnSync(process.execPath, [bin, 'mutants'], { encoding: 'utf8' }).status).toBe(2);
  });
});
