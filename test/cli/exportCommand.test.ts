// `tracefuzz export`: generated traces as a corpus of Go's FuzzReader, which
// Go's own test binary replays entry by entry (go test -run=FuzzReader/NAME),
// and as raw files that read back as the same bytes. Go's test binary of
// internal/trace runs in a scratch directory holding testdata/fuzz/FuzzReader,
// so nothing is written into GOROOT.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeGo } from '../support/go';
import { goEnv, tracefuzzCacheDir } from '../../src/readers/goToolchain';
import { cachedFile } from '../../src/readers/goPrograms';
import { fuzzCorpusFile, parseFuzzCorpusFile } from '../../src/corpus/goFuzzCorpus';
import { caseStream } from '../../src/fuzz/caseDraw';
import { SMALL_KNOBS } from '../../arbitraries/trace';

const bin = join(__dirname, '..', 'support', 'tracefuzz.js');
const tmp = () => mkdtempSync(join(tmpdir(), 'tracefuzz-export-'));
const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

/** The first cases of the campaign's stream, as export draws them. */
function firstCases(seed: number, n: number) {
  const out = [];
  for (const c of caseStream({ seed, knobs: SMALL_KNOBS })) {
    if (out.length === n) break;
    out.push(c);
  }
  return out;
}

test('raw export writes the campaign cases, named by hash, byte for byte', () => {
  const out = tmp();
  const r = run('export', '--format', 'raw', '--runs', '12', '--seed', '5', out);
  expect(r.code).toBe(0);
  expect(r.out).toMatch(/^12 file\(s\) in .* \(\d+ valid, \d+ with one fault, \d+ with two; seed 5\)/);
  const files = readdirSync(out).sort();
  expect(files).toHaveLength(12);
  const want = firstCases(5, 12).map((c) => Buffer.from(c.bytes).toString('hex')).sort();
  expect(files.map((f) => readFileSync(join(out, f)).toString('hex')).sort()).toEqual(want);
});

test('a go-fuzz entry decodes back to its bytes; usage errors exit 2', () => {
  for (const c of firstCases(9, 30)) expect(parseFuzzCorpusFile(fuzzCorpusFile(c.bytes).content)).toEqual(c.bytes);
  expect(parseFuzzCorpusFile('go test fuzz v1\nstring("x")\n')).toBeNull();
  expect(run('export', '--format', 'zip', tmp()).code).toBe(2);
  expect(run('export', '--format', 'raw').code).toBe(2);
});

describeGo("export for Go's fuzzer", (tc) => {
  test("Go's FuzzReader replays every exported entry (and rejects a damaged one)", async () => {
    const go = tc();
    // Go's test binary of internal/trace, built once per toolchain.
    const testBinary = join(tracefuzzCacheDir(), 'go-tests', go.version, 'internal-trace.test');
    await cachedFile(testBinary, async (t) => {
      const r = spawnSync(go.go, ['test', '-c', '-o', t, 'internal/trace'], { env: goEnv(go), cwd: tmpdir(), encoding: 'utf8', timeout: 600_000 });
      if (r.status !== 0) throw new Error(r.stderr);
    });
    const out = tmp();
    const r = run('export', '--format', 'go-fuzz', '--runs', '8', '--seed', '2', out);
    expect(r.code).toBe(0);
    const names = readdirSync(out).sort();
    expect(names).toHaveLength(8);
    for (const n of names) {
      const content = readFileSync(join(out, n), 'utf8');
      expect(content.startsWith('go test fuzz v1\n[]byte("')).toBe(true);
      // Named as Go's fuzzer names entries: the first 16 hex digits of the file's sha256.
      expect(fuzzCorpusFile(parseFuzzCorpusFile(content)!).name).toBe(n);
    }
    // Go loads the whole directory whatever entry runs: a damaged entry gets its own.
    const corpusDir = (files: Record<string, string>) => {
      const work = tmp();
      const corpus = join(work, 'testdata', 'fuzz', 'FuzzReader');
      mkdirSync(corpus, { recursive: true });
      for (const [n, text] of Object.entries(files)) writeFileSync(join(corpus, n), text);
      return work;
    };
    const good = corpusDir(Object.fromEntries(names.map((n) => [n, readFileSync(join(out, n), 'utf8')])));
    const damaged = corpusDir({ damaged: readFileSync(join(out, names[0]), 'utf8').replace('[]byte("', '[]byte("\\q') });
    const replay = (work: string, name: string) => spawnSync(testBinary, ['-test.run', `^FuzzReader$/^${name}$`, '-test.v'], { cwd: work, encoding: 'utf8', timeout: 120_000 });
    for (const n of names) {
      const g = replay(good, n);
      expect(g.stdout).toContain(`--- PASS: FuzzReader/${n}`);
      expect(g.status).toBe(0);
    }
    const bad = replay(damaged, 'damaged');
    expect(bad.status).not.toBe(0);
    expect(bad.stdout + bad.stderr).toMatch(/malformed|invalid/);
  }, 600_000);
});
