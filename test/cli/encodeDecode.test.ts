// The `tracefuzz` command itself, spawned as a user runs it: help, version,
// encode and decode, and the exit-code convention (usage 2, bad input 1, one
// line on stderr, never a stack trace).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeRawTrace } from '../../src/trace/rawWriter';
import { rawEvent } from '../../src/trace/rawEvent';
import { Ev } from '../../src/trace/spec';
import { writeHeader } from '../../src/trace/version';

const root = join(__dirname, '..', '..');
const bin = join(root, 'test', 'support', 'tracefuzz.js');

function run(args: string[], input?: Uint8Array | string) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, input: typeof input === 'string' ? Buffer.from(input) : input, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout.toString('utf8'), stdoutBytes: new Uint8Array(r.stdout), stderr: r.stderr.toString('utf8') };
}

const TEXT = [
  'Trace Go1.22',
  'EventBatch gen=1 m=18446744073709551615 time=1 size=5',
  'Frequency freq=15625000',
  'EventBatch gen=1 m=0 time=2 size=16',
  'Strings',
  'String id=1',
  '\tdata="main \\"go\\"\\x00"',
  '',
].join('\n');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tracefuzz-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function expectOneLineError(r: { stderr: string }) {
  expect(r.stderr).not.toMatch(/\n\s+at /); // no stack frames
  expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
}

describe('tracefuzz CLI', () => {
  test('--help lists the commands and --version prints package.json\'s version', () => {
    const h = run(['--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toMatch(/^usage: tracefuzz <command>/);
    expect(h.stdout).toMatch(/\n {2}encode +text trace or \.test file -> binary trace\n/);
    expect(h.stdout).toMatch(/\n {2}decode +binary trace -> text format on stdout\n/);
    const v = run(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout).toBe(`tracefuzz ${JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version}\n`);
    const ch = run(['decode', '--help']);
    expect(ch.code).toBe(0);
    expect(ch.stdout).toMatch(/^usage: tracefuzz decode/);
  });

  test('encode writes the binary of a text trace and decode prints the text back', () => {
    const txt = join(dir, 't.txt');
    const out = join(dir, 't.bin');
    writeFileSync(txt, TEXT);
    const e = run(['encode', txt, '-o', out]);
    expect(e).toMatchObject({ code: 0, stderr: '' });
    const want = encodeRawTrace(22, [
      rawEvent(22, Ev.EventBatch, [1, (1n << 64n) - 1n, 1, 5]),
      rawEvent(22, Ev.Frequency, [15625000]),
      rawEvent(22, Ev.EventBatch, [1, 0, 2, 16]),
      rawEvent(22, Ev.Strings, []),
      rawEvent(22, Ev.String, [1], new TextEncoder().encode('main "go"\x00')),
    ]);
    expect(new Uint8Array(readFileSync(out))).toEqual(want);
    const d = run(['decode', out]);
    expect(d).toMatchObject({ code: 0, stdout: TEXT, stderr: '' });
  });

  test('encode takes a .test file, and stdin/stdout as "-"', () => {
    const tf = join(dir, 'case.test');
    writeFileSync(tf, 'comment: x\n-- expect --\nSUCCESS\n-- trace --\n' + TEXT);
    const a = run(['encode', tf, '-o', '-']);
    const b = run(['encode', '-', '-o', '-'], TEXT);
    expect(a.code).toBe(0);
    expect(a.stdoutBytes).toEqual(b.stdoutBytes);
    expect(run(['decode', '-'], a.stdoutBytes).stdout).toBe(TEXT);
  });

  test('usage errors exit 2 with one line and a hint', () => {
    for (const args of [['frob'], ['encode', 'x'], ['decode'], ['decode', '--bogus', 'x'], ['encode', 'a', 'b', '-o', 'c']]) {
      const r = run(args);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stderr).toMatch(/^tracefuzz( \w+)?: .+\nrun 'tracefuzz .*--help' for usage\n$/);
    }
    expect(run([]).code).toBe(2);
  });

  test('bad input exits 1 with a one-line message and no stack trace', () => {
    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, 'Trace Go1.22\nGoStart dt=1 g=x g_seq=1\n');
    const r1 = run(['encode', bad, '-o', join(dir, 'o.bin')]);
    expect(r1.code).toBe(1);
    expect(r1.stderr).toBe(`tracefuzz encode: ${bad}:2: reading args for GoStart: failed to parse argument value "x" for arg "g"\n`);

    const tfile = join(dir, 'bad.test');
    writeFileSync(tfile, '-- expect --\nSUCCESS\n-- trace --\nTrace Go1.22\nNope\n');
    const r2 = run(['encode', tfile, '-o', join(dir, 'o.bin')]);
    expect(r2.stderr).toBe(`tracefuzz encode: ${tfile}:5: unidentified event: Nope\n`);

    const r3 = run(['decode', join(dir, 'missing.bin')]);
    expect(r3.code).toBe(1);
    expectOneLineError(r3);

    const notTrace = join(dir, 'png');
    writeFileSync(notTrace, '\x89PNG\r\n');
    const r4 = run(['decode', notTrace]);
    expect(r4).toMatchObject({ code: 1, stderr: 'tracefuzz decode: bad file format: not a Go execution trace?\n' });
  });

  test('decode prints the events before a fault, then the error', () => {
    const f = join(dir, 'cut.bin');
    writeFileSync(f, Uint8Array.from([...writeHeader(23), Ev.Frequency, 5, Ev.String, 0x81]));
    const r = run(['decode', f]);
    expect(r).toMatchObject({ code: 1, stdout: 'Trace Go1.23\nFrequency freq=5\n', stderr: 'tracefuzz decode: unexpected EOF\n' });
    const big = join(dir, 'big.bin');
    writeFileSync(big, Uint8Array.from([...writeHeader(22), 1, 1, 1, 1, 0x81, 0x80, 0x04]));
    expect(run(['decode', big]).code).toBe(0);
    expect(run(['decode', '--strict', big])).toMatchObject({ code: 1, stderr: 'tracefuzz decode: invalid batch size 65537, maximum is 65536\n' });
  });
});
