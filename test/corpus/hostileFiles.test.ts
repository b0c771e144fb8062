// What tracefuzz promises about the files it writes (issue 13), tried as a
// careless or malicious user would: names made from data never leave their
// folder; a write that fails (a full disk, injected through the writer's
// seam) leaves the old file and no temporary one; `corpus merge` trusts no
// metadata and changes no byte; what a `kill -9` left is cleaned or finished
// when a corpus is opened, and nothing reported as saved is lost.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { AtomicFile, FileWriteError, isTempFileName, setFileOpsForTest, writeFileAtomic } from '../../src/corpus/atomicWrite';
import { caseTrace } from '../../src/corpus/corpusCase';
import { CorpusStore } from '../../src/corpus/corpusStore';
import { mergeCorpora } from '../../src/corpus/corpusMerge';
import { pathInside, safeFileName, UnsafePathError } from '../../src/corpus/safeFileName';
import { makeSignature, recordedSignature } from '../../src/fuzz/signature';
import { openReader } from '../../src/readers/readerSpecs';
import type { TraceReader } from '../../src/readers/traceReader';
import { formatTestFile } from '../../src/trace/testFile';
import { traceToText } from '../../src/corpus/traceText';
import { fixtureText, fixtureTrace } from '../support/corpusFixtures';
import { runAndKill } from '../support/killWriter';

const root = join(__dirname, '..', '..');
const bin = join(root, 'test', 'support', 'tracefuzz.js');
jest.setTimeout(300_000);

let base: string;
const tmp = () => mkdtempSync(join(base, 'd-'));
let ts: TraceReader;
beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'tracefuzz-hostile-files-'));
  ts = await openReader('ts');
});
afterAll(async () => {
  await ts.close();
  rmSync(base, { recursive: true, force: true });
});
afterEach(() => setFileOpsForTest());

/** Every file under dir, recursively, relative to it. */
function tree(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) out.push(...tree(join(dir, e.name)).map((n) => `${e.name}/${n}`));
    else out.push(e.name);
  }
  return out.sort();
}

const FAULT = traceToText(fixtureTrace({ generations: 2, faultInGeneration: 2 }));
const PROC_ERROR = { kind: 'failure' as const, pattern: "^expected a proc but didn't have one" };

describe('names from data stay inside their folder', () => {
  test('the sanitizer and the inside check', () => {
    for (const bad of ['x/../../../../tmp/pwned', '../x', '..', '.', '', '/etc/passwd', 'a\\b', '.hidden', 'a\0b']) {
      const name = safeFileName(bad);
      expect(name).toMatch(/^[a-z0-9][a-z0-9.-]*$/);
      expect(name).not.toContain('..');
      expect(pathInside(base, name)).toBe(join(base, name));
    }
    for (const bad of ['../x', '/etc/passwd', 'a/b', '', '..', '.']) expect(() => pathInside(base, bad)).toThrow(UnsafePathError);
  });

  test('corpus merge: a signature line with ../ writes inside -o only (.test and raw cases)', async () => {
    const shard = tmp();
    const outside = join(base, 'pwned');
    const evil = `x/../../../../${basename(base)}/pwned`;
    writeFileSync(join(shard, 'evil.test'), formatTestFile({ comment: `signature: ${evil}\n`, expect: PROC_ERROR, trace: FAULT }));
    mkdirSync(join(shard, 'raw'));
    const rawStore = CorpusStore.open(tmp());
    const raw = rawStore.addFinding({
      trace: Uint8Array.from([...fixtureTrace({ generations: 1 }), 0xff]),
      expect: { kind: 'failure', pattern: '^expected batch event' },
      signature: { ...recordedSignature(makeSignature('P4', 'x', 'op', 'go1.22')), id: `${evil}-raw` },
    });
    for (const n of readdirSync(join(rawStore.dir, 'raw'))) writeFileSync(join(shard, 'raw', n), readFileSync(join(rawStore.dir, 'raw', n)));
    const out = join(tmp(), 'out');
    const s = await mergeCorpora([shard], out, ts);
    expect(s).toMatchObject({ read: 2, added: 2, rejected: [], problems: [] });
    expect(existsSync(outside)).toBe(false);
    expect(existsSync(outside + '-raw.trace')).toBe(false);
    const files = tree(out);
    expect(files).toHaveLength(3);
    for (const f of files) expect(f).toMatch(/^(raw\/)?[a-z0-9][a-z0-9.-]*\.(test|trace|trace\.txt)$/);
    expect(raw.path.startsWith(rawStore.dir)).toBe(true);
  });

  test('a finding (fuzz sink, report --save-corpus) with a hostile name and signature is saved inside the corpus', () => {
    const dir = tmp();
    const store = CorpusStore.open(dir);
    const r = store.addFinding({
      trace: fixtureTrace({ generations: 2, faultInGeneration: 2 }),
      expect: PROC_ERROR,
      signature: { ...recordedSignature(makeSignature('P1', 'e', '../../op', 'go1.22')), id: '../../../sig' },
      name: 'report-../../../../etc/x',
    });
    expect(r.path.startsWith(dir + '/')).toBe(true);
    expect(tree(dir)).toEqual([basename(r.path)]);
  });
});

describe('a write that fails leaves the old file and nothing else', () => {
  const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' });

  test.each([
    ['write', { writeSync: () => { throw enospc(); } }],
    ['fsync', { fsyncSync: () => { throw Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO', syscall: 'fsync' }); } }],
    ['rename', { renameSync: () => { throw Object.assign(new Error('EXDEV: cross-device link'), { code: 'EXDEV', syscall: 'rename' }); } }],
  ])('%s fails', (_what, ops) => {
    const dir = tmp();
    const target = join(dir, 'f.bin');
    writeFileSync(target, 'old');
    setFileOpsForTest(ops);
    let err: unknown;
    try {
      writeFileAtomic(target, new Uint8Array(1 << 20));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FileWriteError);
    expect((err as Error).message).toMatch(/^cannot write .*f\.bin: /);
    setFileOpsForTest();
    expect(readFileSync(target, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['f.bin']);
  });

  test('a disk that fills after some bytes: a streamed file is dropped whole', () => {
    const dir = tmp();
    let left = 100_000;
    setFileOpsForTest({
      writeSync: (fd, d, o, l) => {
        if (left <= 0) throw enospc();
        const n = Math.min(l, left);
        left -= n;
        return writeSync(fd, d, o, n);
      },
    });
    const f = new AtomicFile(join(dir, 'stream.bin'));
    expect(() => { for (let i = 0; i < 10; i++) f.write(new Uint8Array(64 * 1024)); }).toThrow(/ENOSPC/);
    expect(readdirSync(dir)).toEqual([]);
  });

  test('a corpus finding on a full disk is not saved, and the corpus still opens whole', () => {
    const dir = tmp();
    const store = CorpusStore.open(dir);
    const first = store.addFinding({
      trace: fixtureTrace({ generations: 2, faultInGeneration: 2 }), expect: PROC_ERROR,
      signature: recordedSignature(makeSignature('P1', 'e', 'a', 'go1.22')),
    });
    setFileOpsForTest({ writeSync: () => { throw enospc(); } });
    // Another cause: another finding (the operator is no part of a signature).
    expect(() => store.addFinding({
      trace: fixtureTrace({ generations: 3, faultInGeneration: 3 }), expect: PROC_ERROR,
      signature: recordedSignature(makeSignature('P1', 'f', 'b', 'go1.22')),
    })).toThrow(FileWriteError);
    setFileOpsForTest();
    const again = CorpusStore.open(dir);
    expect(again.problems).toEqual([]);
    expect(again.cases().map((c) => c.path)).toEqual([first.path]);
    expect(readdirSync(dir).filter(isTempFileName)).toEqual([]);
  });
});

describe('corpus merge trusts no metadata and changes no byte', () => {
  test('a smaller case with the same signature and a wrong expectation does not replace the reproducer', () => {
    const [target, shard] = [tmp(), tmp()];
    const sig = recordedSignature(makeSignature('P1', "expected a proc but didn't have one", 'no-proc', 'go1.22'));
    const real = CorpusStore.open(target).addFinding({ trace: fixtureTrace({ generations: 2, faultInGeneration: 2 }), expect: PROC_ERROR, signature: sig });
    const before = readFileSync(real.path);
    // One line of trace, the same signature, an expectation that no reader meets.
    writeFileSync(join(shard, 'liar.test'), formatTestFile({ comment: `signature: ${sig.id}\n`, expect: { kind: 'failure', pattern: 'anything' }, trace: 'Trace Go1.22\n' }));
    const r = spawnSync(process.execPath, [bin, 'corpus', 'merge', shard, '-o', target], { encoding: 'utf8', timeout: 100_000 });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/0 added, 0 replaced by smaller, 0 duplicates, 1 rejected/);
    expect(r.stderr).toMatch(/^rejected case .*liar\.test: .*\(on ts\): not merged\n$/);
    expect(tree(target)).toEqual([basename(real.path)]);
    expect(readFileSync(real.path).equals(before)).toBe(true);
  });

  test('bytes that are not UTF-8 come out exactly as they went in', async () => {
    const [shard, out] = [tmp(), tmp()];
    const text = Buffer.from(formatTestFile({ comment: 'signature: abcdef012345\nnote: X\n', expect: { kind: 'success' }, trace: traceToText(fixtureTrace({ generations: 1 })) }), 'latin1');
    // Raw bytes 0xff 0xfe in the comment, where a re-encoding would turn them into U+FFFD.
    const bytes = Buffer.from(text.toString('latin1').replace('note: X', 'note: \xff\xfe'), 'latin1');
    writeFileSync(join(shard, 'bytes.test'), bytes);
    const s = await mergeCorpora([shard], out, ts);
    expect(s).toMatchObject({ added: 1, rejected: [], problems: [] });
    const [name] = readdirSync(out);
    expect(readFileSync(join(out, name)).equals(bytes)).toBe(true);
  });
});

describe('what a kill -9 leaves is finished or cleaned when a corpus is opened', () => {
  const deadPid = () => Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);

  async function rawCase(dir: string, tail: number) {
    const trace = Uint8Array.from([...fixtureTrace({ generations: 1 }), ...new Array(tail).fill(0xff)]);
    return CorpusStore.open(dir).addFinding({
      trace, expect: { kind: 'failure', pattern: '^expected batch event' },
      signature: recordedSignature(makeSignature('P4', 'invalid event type', 'junk', 'go1.22')),
    });
  }

  test('a .trace.new that holds the only copy of the committed bytes is recovered, not deleted', async () => {
    const dir = tmp();
    const r = await rawCase(dir, 1);
    const bytes = readFileSync(r.path);
    // Killed after the sidecar was written, before the rename: the bytes are only in `.new-PID`.
    renameSync(r.path, `${r.path}.new-${deadPid()}`);
    const store = CorpusStore.open(dir);
    expect(store.problems).toEqual([]);
    expect(readdirSync(join(dir, 'raw')).sort()).toEqual([basename(r.path), basename(r.path) + '.txt']);
    expect(readFileSync(r.path).equals(bytes)).toBe(true);
    expect(Buffer.from(caseTrace(store.get(r.signature)!)).equals(bytes)).toBe(true);
    // The name older writers used is recovered too.
    renameSync(r.path, `${r.path}.new`);
    CorpusStore.open(dir);
    expect(readFileSync(r.path).equals(bytes)).toBe(true);
  });

  test('a .trace.new no sidecar claims (killed before its commit) goes; a running writer\'s stays', async () => {
    const dir = tmp();
    const r = await rawCase(dir, 1);
    writeFileSync(`${r.path}.new-${deadPid()}`, 'uncommitted');
    writeFileSync(`${r.path}.new-${process.pid}`, 'being written');
    writeFileSync(join(dir, 'raw', `.x.trace.tmp-${deadPid()}-0`), 'half');
    CorpusStore.open(dir);
    expect(readdirSync(join(dir, 'raw')).sort()).toEqual([basename(r.path), `${basename(r.path)}.new-${process.pid}`, basename(r.path) + '.txt'].sort());
  });

  test('SIGKILL at several moments while raw cases are replaced: every reported case whole, no leftover after opening', async () => {
    for (const [lines, delay] of [[2, 0], [5, 5], [8, 17], [12, 31]]) {
      const dir = tmp();
      const reported = await runAndKill('raw-findings', dir, lines, delay);
      const store = CorpusStore.open(dir);
      expect(store.problems).toEqual([]);
      for (const line of reported) {
        const [, sig, , size] = line.split(' ');
        expect(caseTrace(store.get(sig)!).length).toBeLessThanOrEqual(Number(size));
      }
      const leftovers = tree(dir).filter((n) => isTempFileName(basename(n)) || /\.new(-\d+)?$/.test(n));
      expect(leftovers).toEqual([]);
    }
  });

  test('SIGKILL of encode -o at several moments: the output is absent or whole, and the next run leaves no temporary file', async () => {
    const dir = tmp();
    const input = join(dir, 'in.txt');
    writeFileSync(input, fixtureText({ generations: 6, fillerStrings: 20_000 }));
    expect(spawnSync(process.execPath, [bin, 'encode', input, '-o', join(dir, 'want')], { timeout: 100_000 }).status).toBe(0);
    const want = readFileSync(join(dir, 'want'));
    rmSync(join(dir, 'want'));
    expect(want.length).toBeGreaterThan(1 << 20);
    const out = join(dir, 'out.trace');
    for (const delayMs of [0, 150, 400, 900]) {
      rmSync(out, { force: true });
      await new Promise<void>((resolve) => {
        const p = spawn(process.execPath, [bin, 'encode', input, '-o', out], { stdio: 'ignore' });
        setTimeout(() => p.kill('SIGKILL'), delayMs);
        p.on('exit', () => resolve());
      });
      if (existsSync(out)) expect(readFileSync(out).equals(want)).toBe(true);
    }
    expect(spawnSync(process.execPath, [bin, 'encode', input, '-o', out], { timeout: 100_000 }).status).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['in.txt', 'out.trace']);
    expect(readFileSync(out).equals(want)).toBe(true);
  });
});
