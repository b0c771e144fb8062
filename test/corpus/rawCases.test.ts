// Raw cases — findings whose trace has no text form — are first-class corpus
// cases: their expectation and metadata live in a `.trace.txt` sidecar written
// after the bytes, replay checks them like `.test` cases, merge keeps the
// smallest per signature, and a kill -9 never leaves half a pair taken for a case.
import { spawnSync } from 'node:child_process';
import { runAndKill } from '../support/killWriter';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CorpusStore, Finding, loadCases, LoadProblem } from '../../src/corpus/corpusStore';
import { caseTrace } from '../../src/corpus/corpusCase';
import { mergeCorpora } from '../../src/corpus/corpusMerge';
import { replayCases } from '../../src/corpus/replay';
import { expectationFor } from '../../src/corpus/expectation';
import { makeSignature, recordedSignature } from '../../src/fuzz/signature';
import { openReader } from '../../src/readers/readerSpecs';
import { fixtureTrace } from '../support/corpusFixtures';

const tmp = () => mkdtempSync(join(tmpdir(), 'tracefuzz-raw-'));
const bin = join(__dirname, '..', 'support', 'tracefuzz.js');

/** A go1.22 trace cut inside its last event: no text form, and the TS reader fails on it. */
function cutTrace(fillerRuns = 5): Uint8Array {
  const t = fixtureTrace({ generations: 2, fillerRuns });
  return t.slice(0, t.length - 1);
}

async function rawFinding(trace: Uint8Array, operator = 'cut'): Promise<Finding> {
  const ts = await openReader('ts');
  try {
    const o = await ts.read(trace);
    return {
      trace,
      expect: expectationFor(o),
      // The cause names the finding: another operator here stands for another cause.
      signature: recordedSignature(makeSignature('P3', `${operator}: ${o.error}`, operator, 'go1.22')),
      events: o.eventsBeforeError,
      reader: 'ts',
      seed: '1',
    };
  } finally {
    await ts.close();
  }
}

test('a raw finding replays: it passes the TS reader, and a wrong expectation is a mismatch with exit 1', async () => {
  const dir = tmp();
  const r = CorpusStore.open(dir).addFinding(await rawFinding(cutTrace()));
  expect(readdirSync(join(dir, 'raw')).sort()).toEqual([r.path.split('/').pop(), r.path.split('/').pop() + '.txt']);
  const sidecar = readFileSync(r.path + '.txt', 'utf8');
  expect(sidecar).toMatch(/^expect: FAILURE "\^.+"\ntrace-size: \d+\ntrace-sha256: [0-9a-f]{64}\nsignature: [0-9a-f]{12}\n/);

  const ok = spawnSync(process.execPath, [bin, 'replay', dir, '--reader', 'ts'], { encoding: 'utf8' });
  expect(ok.stdout).toMatch(/raw\/cut-[0-9a-f]{12}\.trace\s+pass\s+\d+\s+error after \d+ events?/);
  expect(ok.stdout.trimEnd().split('\n').pop()).toBe('1 case, 1 passed, 0 failed');
  expect(ok.status).toBe(0);
  // One raw case named on the command line, by its trace or its sidecar.
  expect(spawnSync(process.execPath, [bin, 'replay', r.path], { encoding: 'utf8' }).status).toBe(0);
  expect(spawnSync(process.execPath, [bin, 'replay', r.path + '.txt'], { encoding: 'utf8' }).status).toBe(0);

  writeFileSync(r.path + '.txt', sidecar.replace(/^expect: .*$/m, 'expect: SUCCESS'));
  const bad = spawnSync(process.execPath, [bin, 'replay', dir, '--reader', 'ts'], { encoding: 'utf8' });
  expect(bad.stdout).toMatch(/raw\/cut-[0-9a-f]{12}\.trace\s+FAIL/);
  expect(bad.stdout).toContain('unexpected error:');
  expect(bad.stdout.trimEnd().split('\n').pop()).toBe('1 case, 0 passed, 1 failed');
  expect(bad.status).toBe(1);

  writeFileSync(r.path + '.txt', sidecar.replace(/^events: \d+$/m, 'events: 99'));
  const count = spawnSync(process.execPath, [bin, 'replay', dir], { encoding: 'utf8' });
  expect(count.stdout).toContain('events before the error: expected 99');
  expect(count.status).toBe(1);
});

test('the recorded event count of a raw case catches a reader that loses events', async () => {
  const dir = tmp();
  CorpusStore.open(dir).addFinding(await rawFinding(cutTrace()));
  const cases = loadCases(dir, []);
  const mutant = await openReader('mutant:drop-event-before-error');
  try {
    expect((await replayCases(cases, mutant)).map((r) => r.ok)).toEqual([false]);
  } finally {
    await mutant.close();
  }
});

test('half a pair is not a case: an orphan .trace is ignored, a sidecar without matching bytes is a problem', async () => {
  const dir = tmp();
  const r = CorpusStore.open(dir).addFinding(await rawFinding(cutTrace()));
  writeFileSync(join(dir, 'raw', 'orphan-000000000000.trace'), new Uint8Array([1, 2, 3]));
  writeFileSync(join(dir, 'raw', '.x.trace.txt.tmp-1-0'), 'expect: SUC');
  let problems: LoadProblem[] = [];
  expect(loadCases(dir, problems).map((c) => c.path)).toEqual([r.path]);
  expect(problems).toEqual([]);

  // A replacement killed after its sidecar but before its rename: the bytes are in `.new`.
  const bytes = readFileSync(r.path);
  renameSync(r.path, r.path + '.new');
  problems = [];
  const [recovered] = loadCases(dir, problems);
  expect(problems).toEqual([]);
  expect(Buffer.from(caseTrace(recovered)).equals(bytes)).toBe(true);

  writeFileSync(r.path, bytes.subarray(1));
  renameSync(r.path + '.new', join(tmp(), 'gone'));
  problems = [];
  expect(loadCases(dir, problems)).toEqual([]);
  expect(problems).toEqual([{ path: r.path + '.txt', message: expect.stringMatching(/^no trace file matches the sidecar/) }]);
  expect(spawnSync(process.execPath, [bin, 'replay', dir], { encoding: 'utf8' }).status).toBe(1);
});

test('a smaller case of the same signature replaces a raw one; one with a text form moves it to a .test file', async () => {
  const dir = tmp();
  const store = CorpusStore.open(dir);
  const big = await rawFinding(cutTrace(20));
  const first = store.addFinding(big);
  const smaller = store.addFinding(await rawFinding(cutTrace(2)));
  expect(smaller).toMatchObject({ status: 'replaced', path: first.path });
  expect(caseTrace(CorpusStore.open(dir).get(first.signature)!).length).toBe(cutTrace(2).length);
  expect(readdirSync(join(dir, 'raw'))).toHaveLength(2);

  const text = fixtureTrace({ generations: 1 });
  const moved = store.addFinding({ ...big, trace: text, expect: { kind: 'success' } });
  expect(moved.status).toBe('replaced');
  expect(moved.path).toMatch(/\.test$/);
  expect(readdirSync(join(dir, 'raw'))).toEqual([]);
  expect(CorpusStore.open(dir).cases().map((c) => c.path)).toEqual([moved.path]);
});

test('merge takes raw cases from every input and keeps the smallest per signature', async () => {
  const [a, b, out] = [tmp(), tmp(), join(tmp(), 'merged')];
  const f = await rawFinding(cutTrace(20));
  CorpusStore.open(a).addFinding(f);
  CorpusStore.open(b).addFinding(await rawFinding(cutTrace(3)));
  CorpusStore.open(b).addFinding(await rawFinding(cutTrace(1), 'other-cut'));
  const ts = await openReader('ts');
  const s = await mergeCorpora([a, b], out, ts);
  await ts.close();
  expect(s).toMatchObject({ read: 3, added: 2, replaced: 1, total: 2, problems: [] });
  const merged = CorpusStore.open(out);
  expect(merged.cases().map((c) => caseTrace(c).length).sort((x, y) => x - y)).toEqual([cutTrace(1).length, cutTrace(3).length]);
  expect(merged.cases().every((c) => c.raw && /\/raw\/(cut|other-cut)-[0-9a-f]{12}\.trace$/.test(c.path!))).toBe(true);
  expect(spawnSync(process.execPath, [bin, 'replay', out], { encoding: 'utf8' }).status).toBe(0);
});

test('a raw case checked into a corpus replays from the corpus directory (and is skipped by a .test glob)', async () => {
  const dir = tmp();
  CorpusStore.open(dir).addFinding(await rawFinding(cutTrace()));
  const copy = tmp();
  mkdirSync(join(copy, 'raw'));
  for (const n of readdirSync(join(dir, 'raw'))) copyFileSync(join(dir, 'raw', n), join(copy, 'raw', n));
  expect(readdirSync(copy).filter((n) => n.endsWith('.test'))).toEqual([]);
  expect(loadCases(copy, []).length).toBe(1);
});


test('SIGKILL while raw cases are added, replaced and moved leaves every reported finding whole', async () => {
  for (const [lines, delay] of [[1, 0], [4, 3], [9, 11], [6, 29], [14, 47]]) {
    const dir = tmp();
    const reported = await runAndKill('raw-findings', dir, lines, delay);
    const store = CorpusStore.open(dir);
    expect(store.problems).toEqual([]);
    for (const line of reported) {
      const [, sig, , size] = line.split(' ');
      const c = store.get(sig);
      expect(c).toBeDefined();
      // A later (smaller) replacement may have landed before the kill.
      expect(caseTrace(c!).length).toBeLessThanOrEqual(Number(size));
    }
    // Every sidecar on disk is a whole case.
    const raw = join(dir, 'raw');
    if (existsSync(raw)) {
      const sidecars = readdirSync(raw).filter((n) => n.endsWith('.trace.txt'));
      expect(store.cases().filter((c) => c.raw).length).toBe(sidecars.length);
    }
  }
});
