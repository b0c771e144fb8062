// Malformed wire and text input: each fault gives its expected typed error
// with Go's text, nothing else escapes, and (where Go has a wire-level mode)
// the outcome on mangled bytes is the one `go tool trace -d=wire` reports
// (Go's raw reader, asked once for all traces through test/go/wiredump).
import { test, fc } from '@fast-check/jest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeGo } from '../support/go';
import { goTestProgram, runGoTestProgram } from '../support/goTestProgram';
import { goToolTraceDump, GoToolchain, goTraceTestdataDir } from '../../src/readers/goToolchain';
import { RawReader, readRawEvents } from '../../src/trace/rawReader';
import { rawEventString } from '../../src/trace/rawEvent';
import { encodeRawTrace } from '../../src/trace/rawWriter';
import { parseTextTrace, TextFormatError } from '../../src/trace/textReader';
import { parseTestFile } from '../../src/trace/testFile';
import { TraceError } from '../../src/trace/traceError';
import { readHeader, writeHeader } from '../../src/trace/version';
import { ByteCursor, ByteWriter, WireReadError } from '../../src/trace/uvarint';
import { TEXT_FAULTS } from '../support/textFaultCases';

const enc = (s: string) => new TextEncoder().encode(s);
const cat = (...parts: (Uint8Array | number[])[]) => Uint8Array.from(parts.flatMap((p) => [...p]));

function outcome(bin: Uint8Array, strict = false): { lines: string[]; error?: string } {
  const lines: string[] = [];
  try {
    const r = new RawReader(bin, { strict });
    for (const ev of r) lines.push(rawEventString(ev));
    return { lines };
  } catch (e) {
    if (!(e instanceof TraceError)) throw e;
    return { lines, error: e.message };
  }
}

// Headers Go's fmt.Fscanf-based parser accepts or rejects, with what we expect.
const HEADERS: [string, number | string][] = [
  ['go 1.22 trace\0\0\0', 22],
  ['go 1.23 trace\0\0\0', 23],
  ['go 1.25 trace\0\0\0', 25],
  ['go 1.26 trace\0\0\0', 26],
  ['go 1.022 trace\0\0\0', 22],
  ['go  1.26\ttrace\0\0\0', 26],
  ['go 1. 25 trace\0\0\0', 25],
  ['go 1.24 trace\0\0\0', 'unknown or unsupported trace version go 1.24'],
  ['go 1.4294967295 trace\0\0\0', 'unknown or unsupported trace version go 1.4294967295'],
  ['go 1.4294967318 trace\0\0\0', 'bad file format: not a Go execution trace?'],
  ['go 1.22 trace\0\0', 'bad file format: not a Go execution trace?'],
  ['go 1.22', 'bad file format: not a Go execution trace?'],
  ['', 'bad file format: not a Go execution trace?'],
  ['go1.22 trace\0\0\0', 'bad file format: not a Go execution trace?'],
  ['go 1.22trace\0\0\0', 'bad file format: not a Go execution trace?'],
  ['go 1.+22 trace\0\0\0', 'bad file format: not a Go execution trace?'],
  ['go 1.\n22 trace\0\0\0', 'bad file format: not a Go execution trace?'],
  [' go 1.22 trace\0\0\0', 'bad file format: not a Go execution trace?'],
  ['GO 1.22 trace\0\0\0', 'bad file format: not a Go execution trace?'],
  ['\x89PNG\r\n\x1a\n', 'bad file format: not a Go execution trace?'],
];

describe('trace header', () => {
  test.each(HEADERS)('%j', (h, want) => {
    if (typeof want === 'number') {
      const r = readHeader(enc(h));
      expect(r.version).toBe(want);
      expect(r.length).toBe(enc(h).length);
    } else {
      expect(() => readHeader(enc(h))).toThrow(new TraceError(want));
    }
  });

  test('go 1.11/1.19/1.21 (pre-go1.22 format) are refused with their own message', () => {
    for (const v of [11, 19, 21]) {
      expect(() => readHeader(writeHeader(v))).toThrow(/unsupported trace version go 1\.\d+: a pre-go1\.22 trace/);
    }
  });

  test('bytes after the header are not part of it', () => {
    expect(readHeader(enc('go 1.26 trace\0\0\0\0\x01'))).toEqual({ version: 26, length: 16 });
  });
});

describe('uvarint faults', () => {
  const cases: [string, number[], string][] = [
    ['empty', [], 'EOF'],
    ['cut inside', [0x80, 0x80], 'unexpected EOF'],
    ['10th byte above 1', [...Array(9).fill(0xff), 0x02], 'binary: varint overflows a 64-bit integer'],
    ['11 bytes', Array(11).fill(0x80), 'binary: varint overflows a 64-bit integer'],
  ];
  test.each(cases)('%s', (_n, bytes, msg) => {
    let err: unknown;
    try {
      new ByteCursor(Uint8Array.from(bytes)).uvarint();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(WireReadError);
    expect((err as Error).message).toBe(msg);
  });

  test('the largest uint64 and non-minimal encodings decode', () => {
    expect(new ByteCursor(Uint8Array.from([...Array(9).fill(0xff), 0x01])).uvarint()).toBe((1n << 64n) - 1n);
    expect(new ByteCursor(Uint8Array.from([0x85, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00])).uvarint()).toBe(5);
  });

  test.prop([fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.integer({ min: 1, max: 10 })], { seed: 99, numRuns: 500 })(
    'padded encodings decode to the value',
    (v, width) => {
      fc.pre(v >> BigInt(7 * width) === 0n);
      const b = new ByteWriter().uvarintPadded(v, width).bytes();
      expect(b.length).toBe(width);
      expect(BigInt(new ByteCursor(b).uvarint())).toBe(v);
    },
  );
});

describe('binary raw events', () => {
  const h22 = writeHeader(22);
  test('overlong varint in an event is an error', () => {
    expect(outcome(cat(h22, [5], [...Array(10).fill(0xff), 0x01]))).toEqual({ lines: [], error: 'binary: varint overflows a 64-bit integer' });
  });
  test('unknown event type bytes', () => {
    expect(outcome(cat(h22, [0]))).toEqual({ lines: [], error: 'invalid event type: 0' });
    expect(outcome(cat(h22, [8, 1, 45]))).toEqual({ lines: ['Frequency freq=1'], error: 'invalid event type: 45' });
    expect(outcome(cat(writeHeader(26), [200]))).toEqual({ lines: [], error: 'invalid event type: 200' });
  });
  test("truncation: Go's reader stops quietly at an argument or data boundary, fails inside a varint", () => {
    expect(outcome(cat(h22, [5]))).toEqual({ lines: [] });
    expect(outcome(cat(h22, [5, 1, 3, 0x61]))).toEqual({ lines: [] });
    expect(outcome(cat(h22, [5, 0x81]))).toEqual({ lines: [], error: 'unexpected EOF' });
    expect(outcome(cat(h22, [3, 1, 5, 1, 2]))).toEqual({ lines: [] });
  });
  test('strict mode: every truncation is an error', () => {
    expect(outcome(cat(h22, [5]), true)).toEqual({ lines: [], error: 'unexpected EOF' });
    expect(outcome(cat(h22, [5, 1, 3, 0x61]), true)).toEqual({ lines: [], error: 'unexpected EOF' });
  });
  test('a huge data length or frame count allocates nothing and ends at the input', () => {
    const big = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]; // 2^56-1
    expect(outcome(cat(h22, [5, 1], big, [0x61]))).toEqual({ lines: [] });
    expect(outcome(cat(h22, [3, 1], big, [1, 2, 3]))).toEqual({ lines: [] });
    // 2^63 and above are negative to Go: no data, no frames.
    const neg = [...Array(8).fill(0x80), 0x80, 0x01]; // 2^63
    expect(outcome(cat(h22, [5, 1], neg))).toEqual({ lines: ['String id=1'] });
    expect(outcome(cat(h22, [3, 1], neg))).toEqual({ lines: ['Stack id=1 nframes=9223372036854775808'] });
  });
  test('batch over 64 KiB: strict mode reports it with the text of Go\'s reader', () => {
    const bin = cat(h22, [1, 1, 1, 1], [0x81, 0x80, 0x04]); // size 65537
    expect(outcome(bin).error).toBeUndefined();
    expect(outcome(bin, true)).toEqual({ lines: [], error: 'invalid batch size 65537, maximum is 65536' });
    expect(outcome(cat(h22, [1, 1, 1, 1], [0x80, 0x80, 0x04]), true).error).toBeUndefined(); // exactly 65536
  });

  test.prop([fc.constantFrom(22, 23, 25, 26), fc.uint8Array({ maxLength: 300 }), fc.boolean()], { seed: 4242, numRuns: 1000 })(
    'any bytes after a header give events and at most a TraceError',
    (v, body, strict) => {
      const bin = cat(writeHeader(v), body);
      const r = outcome(bin, strict);
      expect(r.lines.length).toBeLessThanOrEqual(body.length);
    },
  );
});

describe('text format faults', () => {
  const cases = TEXT_FAULTS;
  test.each(cases)('%s', (_n, text, line, msg) => {
    let err: unknown;
    try {
      parseTextTrace(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TextFormatError);
    expect({ line: (err as TextFormatError).line, msg: (err as TextFormatError).goMessage }).toEqual({ line, msg });
    expect((err as Error).message).toBe(`line ${line}: ${msg}`);
  });

  test('comments, blank lines, CRLF and any Unicode white space are accepted', () => {
    const t = '# a comment\r\nTrace\u00a0Go1.22 \r\n\n  # another\nGoStart\tdt=1\u3000g=2 g_seq=3\r\nString id=1\n\n\tdata = "x"  \n';
    expect(parseTextTrace(t).events).toEqual([
      { version: 22, type: 16, args: [1, 2, 3] },
      { version: 22, type: 5, args: [1], data: enc('x') },
    ]);
  });

  test("data accepts every form of Go string literal", () => {
    const data = (lit: string) => parseTextTrace(`Trace Go1.22\nString id=1\ndata=${lit}\n`).events[0].data;
    expect(data('"\\x00\\377\\u00e9\\U0001F600"')).toEqual(cat([0, 255, 0xc3, 0xa9], enc('\u{1F600}')));
    expect(data('`raw\\n`')).toEqual(enc('raw\\n'));
    expect(data("'x'")).toEqual(enc('x'));
  });

  test('over-long lines are refused as by Go\'s line scanner', () => {
    const long = 'Trace Go1.22\nString id=1\ndata="' + 'a'.repeat(70000) + '"\n';
    expect(() => parseTextTrace(long)).toThrow('bufio.Scanner: token too long');
  });

  test.prop([fc.string({ maxLength: 200 })], { seed: 5150, numRuns: 1000 })('any text gives events or a TextFormatError', (body) => {
    for (const t of [body, 'Trace Go1.26\n' + body]) {
      try {
        parseTextTrace(t);
      } catch (e) {
        expect(e).toBeInstanceOf(TextFormatError);
      }
    }
  });
});

/**
 * Go's wire dump (what `go tool trace -d=wire` prints) of many traces, from
 * one Go process for the whole batch: a process per trace is minutes on a
 * loaded machine.
 */
function goWireDumps(tc: GoToolchain, traces: readonly Uint8Array[]): { lines: string[]; error: string | null }[] {
  const dir = mkdtempSync(join(tmpdir(), 'tracefuzz-wire-'));
  try {
    const files = traces.map((t, i) => {
      const f = join(dir, `${i}.trace`);
      writeFileSync(f, t);
      return f;
    });
    return runGoTestProgram(goTestProgram(tc, 'wiredump'), files);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describeGo('mangled binaries against go tool trace -d=wire', (tc) => {
  test('headers: Go accepts exactly the headers we accept, with the same error text', () => {
    const results = goWireDumps(tc(), HEADERS.map(([h]) => enc(h)));
    HEADERS.forEach(([h, want], i) => {
      const go = results[i];
      if (typeof want === 'number') expect({ h, error: go.error }).toEqual({ h, error: null });
      else expect({ h, err: go.error }).toEqual({ h, err: want });
    });
  });

  test('flipped, inserted and truncated bytes: same events and same error as Go', () => {
    const dir = goTraceTestdataDir(tc());
    const files = readdirSync(dir).filter((f) => f.endsWith('.test')).sort().slice(0, 6);
    const bins = files.map((f) => {
      const { version, events } = parseTextTrace(parseTestFile(readFileSync(join(dir, f), 'utf8')).trace);
      return encodeRawTrace(version, events);
    });
    const mutation = fc.tuple(
      fc.nat(bins.length - 1),
      fc.array(fc.tuple(fc.nat(), fc.nat(255), fc.constantFrom('flip', 'insert', 'delete')), { minLength: 1, maxLength: 3 }),
      fc.option(fc.nat(), { nil: undefined }),
    );
    let withError = 0;
    const mangled = fc.sample(mutation, { seed: 31337, numRuns: 40 }).map(([i, edits, cut]) => {
      const b = [...bins[i]];
      for (const [pos, val, op] of edits) {
        const p = 16 + (pos % Math.max(1, b.length - 16));
        if (op === 'flip') b[p] = val;
        else if (op === 'insert') b.splice(p, 0, val);
        else b.splice(p, 1);
      }
      return Uint8Array.from(cut === undefined ? b : b.slice(0, 16 + (cut % (b.length - 15))));
    });
    const goResults = goWireDumps(tc(), mangled);
    for (const [k, bin] of mangled.entries()) {
      const ours = outcome(bin);
      const go = goResults[k];
      if (ours.error !== undefined) withError++;
      expect({ lines: ours.lines.join('\n'), error: ours.error }).toEqual({
        lines: go.lines.join('\n'),
        error: go.error ?? undefined,
      });
    }
    // The sample must exercise error paths, not only clean ends.
    expect(withError).toBeGreaterThanOrEqual(5);
  });

  test("a batch over 64 KiB: strict decode's text is the text of Go's reader", async () => {
    const bin = cat(writeHeader(22), [1, 1, 1, 1], [0x81, 0x80, 0x04]);
    const go = await goToolTraceDump(tc(), bin, 'parsed');
    expect(go.exitCode).toBe(1);
    expect(go.stderr).toContain(outcome(bin, true).error);
  });
});

test('readRawEvents reads a whole trace', () => {
  expect(readRawEvents(cat(writeHeader(23), [8, 5])).events).toEqual([{ version: 23, type: 8, args: [5] }]);
});
