// The CLI used as a careless or malicious user would (issue 13): output that
// cannot be written (a full disk, /dev/full, a file size limit), a closed
// pipe, input that is no trace and never ends, hostile regexps in a corpus,
// and the small misuses — each gets its documented exit code and one line,
// and nothing half-written is left. A full disk for files is a file size
// limit (`ulimit -f`, with SIGXFSZ ignored so the write fails with EFBIG):
// no root and no tmpfs needed. Hang guards only; no time is asserted.
import { spawnSync, SpawnSyncOptions } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixtureText, fixtureTrace } from '../support/corpusFixtures';
import { formatTestFile } from '../../src/trace/testFile';
import { readAll } from '../../src/trace/reader';

const root = join(__dirname, '..', '..');
const bin = join(root, 'test', 'support', 'tracefuzz.js');
// A hang guard sized for a loaded machine; no test asserts how long anything takes.
const GUARD_MS = 100_000;
jest.setTimeout(300_000);

interface Ran { code: number | null; signal: NodeJS.Signals | null; out: string; err: string }

function run(args: string[], opts: SpawnSyncOptions = {}): Ran {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, timeout: GUARD_MS, ...opts });
  return { code: r.status, signal: r.signal, out: String(r.stdout ?? ''), err: String(r.stderr ?? '') };
}

/** Runs a shell line with `$TF` standing for the tracefuzz command. */
function sh(line: string, extraEnv: NodeJS.ProcessEnv = {}): Ran {
  const r = spawnSync('bash', ['-c', line], {
    cwd: root, timeout: GUARD_MS, env: { ...process.env, TF: `${process.execPath} ${bin}`, ...extraEnv },
  });
  return { code: r.status, signal: r.signal, out: String(r.stdout ?? ''), err: String(r.stderr ?? '') };
}

/** stdout is /dev/full: every write fails with ENOSPC. */
function toDevFull(args: string[]): Ran {
  const fd = openSync('/dev/full', 'w');
  try {
    return run(args, { stdio: ['ignore', fd, 'pipe'] });
  } finally {
    closeSync(fd);
  }
}

function expectOneLine(r: Ran, code: number, re: RegExp): void {
  expect({ code: r.code, signal: r.signal }).toEqual({ code, signal: null });
  const lines = r.err.trim().split('\n');
  expect(lines[0]).toMatch(re);
  expect(r.err).not.toMatch(/\n\s+at /);
  expect(lines.length).toBeLessThanOrEqual(code === 2 ? 2 : 1);
}

/** Names in dir, temporary files included. */
const entries = (dir: string) => readdirSync(dir).sort();

let dir: string;
let big: string; // a binary trace of a few hundred KB
let bigText: string; // its text form
let failing: string; // a small trace the TS reader rejects
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tracefuzz-hostile-cli-'));
  bigText = join(dir, 'big.txt');
  writeFileSync(bigText, fixtureText({ generations: 4, fillerStrings: 3000 }));
  big = join(dir, 'big.trace');
  writeFileSync(big, fixtureTrace({ generations: 4, fillerStrings: 3000 }));
  failing = join(dir, 'failing.trace');
  writeFileSync(failing, fixtureTrace({ generations: 2, faultInGeneration: 2 }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('output that cannot be written', () => {
  test('stdout on a full device: dump, decode, encode -o -, replay, --help exit 1 with one line', () => {
    const corpus = join(dir, 'c1');
    mkdirSync(corpus);
    const text = fixtureText({ generations: 1 });
    writeFileSync(join(corpus, 'ok.test'), formatTestFile({ comment: '', expect: { kind: 'success' }, trace: text }));
    for (const args of [['dump', big], ['decode', big], ['encode', bigText, '-o', '-'], ['replay', corpus], ['--help']]) {
      const r = toDevFull(args);
      expectOneLine(r, 1, /cannot write standard output: ENOSPC/);
    }
  });

  test('a closed pipe is a quiet exit 0, as today', () => {
    for (const cmd of ['decode', 'dump']) {
      const r = sh(`$TF ${cmd} ${big} | head -c 100 > /dev/null; echo "status \${PIPESTATUS[0]}"`);
      expect({ cmd, out: r.out, err: r.err }).toEqual({ cmd, out: 'status 0\n', err: '' });
    }
  });

  test('encode -o on a full disk: exit 1, one line, the old file intact, no temporary file left', () => {
    const out = join(dir, 'full', 'out.trace');
    mkdirSync(join(dir, 'full'));
    writeFileSync(out, 'previous content');
    const r = sh(`trap "" XFSZ; ulimit -f 8; $TF encode ${bigText} -o ${out}`);
    expectOneLine(r, 1, /cannot write .*out\.trace: EFBIG/);
    expect(readFileSync(out, 'utf8')).toBe('previous content');
    expect(entries(join(dir, 'full'))).toEqual(['out.trace']);
  });

  test('minimize -o on a full disk: exit 1, no partial file', () => {
    const outDir = join(dir, 'full-min');
    mkdirSync(outDir);
    const input = join(dir, 'big-failing.trace');
    writeFileSync(input, fixtureTrace({ generations: 3, fillerStrings: 3000, faultInGeneration: 3 }));
    const r = sh(`trap "" XFSZ; ulimit -f 8; $TF minimize ${input} --max-runs 1 -q -o ${join(outDir, 'min.trace')}`);
    expectOneLine(r, 1, /cannot write .*min\.trace: EFBIG/);
    expect(entries(outDir)).toEqual([]);
  });

  test('a temporary file that a killed encode left is removed by the next write of that file', () => {
    const d = join(dir, 'stale');
    mkdirSync(d);
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(join(d, `.out.trace.tmp-${gone.stdout}-0`), 'half');
    expect(run(['encode', bigText, '-o', join(d, 'out.trace')]).code).toBe(0);
    expect(entries(d)).toEqual(['out.trace']);
  });
});

describe('input that is no trace', () => {
  test('decode, dump, encode and minimize judge an endless stream by its head and stop', () => {
    for (const cmd of ['decode -', 'dump -', 'minimize - -o /dev/null']) {
      const r = sh(`yes 'not a trace' | $TF ${cmd}`);
      expect({ cmd, code: r.code, signal: r.signal }).toEqual({ cmd, code: 1, signal: null });
      expect(r.err).toMatch(/bad file format: not a Go execution trace\?|not a Go execution trace, text trace or \.test file/);
    }
    const e = sh(`yes 'not a trace' | $TF encode - -o ${join(dir, 'never.trace')}`);
    expectOneLine(e, 1, /^tracefuzz encode: -:1: failed to parse header/);
    expect(existsSync(join(dir, 'never.trace'))).toBe(false);
  });
});

describe('hostile corpus cases', () => {
  test('replay of a case whose FAILURE regexp backtracks exponentially finishes (linear matching)', () => {
    const corpus = join(dir, 'redos');
    mkdirSync(corpus);
    const trace = fixtureTrace({ generations: 2, faultInGeneration: 2 });
    const err = readAll(trace).error!.message;
    expect(err.length).toBeGreaterThan(30);
    const text = fixtureText({ generations: 2, faultInGeneration: 2 });
    writeFileSync(join(corpus, 'redos.test'), formatTestFile({ comment: '', expect: { kind: 'failure', pattern: '^(.|.?)+Q' }, trace: text }));
    const r = run(['replay', corpus]);
    expect({ code: r.code, signal: r.signal }).toEqual({ code: 1, signal: null });
    expect(r.out).toMatch(/redos\.test\s+FAIL/);
    expect(r.out).toContain('does not match "^(.|.?)+Q"');
  });
});

describe('small misuses', () => {
  test('seeds are 32-bit integers: 1e30, 4294967296 and "" are usage errors', () => {
    for (const seed of ['1e30', '4294967296', '', '1.5', '-2147483649']) {
      expectOneLine(run(['fuzz', '--seed', seed, '--runs', '1']), 2, /bad --seed/);
      expectOneLine(run(['report', '--baseline', 'ts', '--candidate', 'ts', '--seed', seed]), 2, /bad --seed/);
    }
    // The negative seeds fuzz prints are accepted, with or without `=`.
    expectOneLine(run(['fuzz', '--seed', '-812077863', '--properties', 'P1', '--path', 'x']), 2, /bad --path "x"/);
  });

  test('fuzz --path abc is a usage error; --runs -1 says what is wrong', () => {
    expectOneLine(run(['fuzz', '--properties', 'P1', '--seed', '1', '--path', 'abc']), 2, /bad --path "abc"/);
    expectOneLine(run(['fuzz', '--runs', '-1']), 2, /bad --runs "-1" \(expected a positive whole number\)/);
  });

  test('corpus merge of a missing input does not create the output', () => {
    const out = join(dir, 'never-made');
    expectOneLine(run(['corpus', 'merge', join(dir, 'nope'), '-o', out]), 1, /not a corpus directory/);
    expect(existsSync(out)).toBe(false);
  });

  test('minimize -o DIR fails before any work', () => {
    const r = run(['minimize', big, '-o', dir, '--signature', 'anything']);
    expectOneLine(r, 1, /is a directory/);
    expect(r.err).not.toMatch(/minimizing/);
  });

  test('replay of an empty folder exits 1 with a clear line', () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    expectOneLine(run(['replay', empty]), 1, /no corpus cases in .*empty/);
  });

  test('minimize says whether it removes trailing junk or keeps what the failure needs', () => {
    const junk = new Uint8Array(5000).fill(0xff);
    // The failure is in the events: the junk goes.
    const a = join(dir, 'junk-a.trace');
    writeFileSync(a, Buffer.concat([fixtureTrace({ generations: 2, faultInGeneration: 2 }), junk]));
    const ra = run(['minimize', a, '-o', join(dir, 'junk-a.min')]);
    expect(ra.code).toBe(0);
    expect(ra.err).toMatch(/note: removed 4\.9 KiB \(5000 bytes\) of trailing bytes that do not frame as events/);
    // The failure is the junk (the TS reader stops at its first byte): a byte of it stays.
    const b = join(dir, 'junk-b.trace');
    writeFileSync(b, Buffer.concat([fixtureTrace({ generations: 1 }), junk]));
    const rb = run(['minimize', b, '-o', join(dir, 'junk-b.min')]);
    expect(rb.code).toBe(0);
    expect(rb.err).toMatch(/note: kept 1 bytes of the 4\.9 KiB \(5000 bytes\) of trailing bytes that do not frame as events: the failure needs them/);
  });
});
