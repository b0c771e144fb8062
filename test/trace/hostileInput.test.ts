// Hostile input to the trace library's streaming and matching paths (issue
// 13): a FAILURE regexp that makes a backtracking engine spin forever is
// matched in linear time; the streaming decoder and the line-by-line text
// reader give exactly what the whole-buffer ones give, however the input is
// cut into chunks, for any bytes. Hang guards only; no time is asserted.
import { test, fc } from '@fast-check/jest';
import { goRegexp } from '../../src/trace/goRegexp';
import { expectationMet, parseTestFile, traceLinesOf, formatTestFile, TestFileError } from '../../src/trace/testFile';
import { RawReader, RawStreamReader } from '../../src/trace/rawReader';
import { rawEventString } from '../../src/trace/rawEvent';
import { parseTextTrace, TextReader, TextFormatError } from '../../src/trace/textReader';
import { TraceError } from '../../src/trace/traceError';
import { writeHeader } from '../../src/trace/version';
import { traceToText } from '../../src/corpus/traceText';
import { fixtureTrace } from '../support/corpusFixtures';

describe('regexps that backtrack exponentially elsewhere', () => {
  // Each of these takes longer than the age of the universe in a backtracking
  // engine on the inputs below; here each is one pass over the input.
  test.each([
    ['^(.|.?)+Q', 'x'],
    ['(a*)*b', 'a'],
    ['(a|aa)+$', 'a'],
    ['^(\\w+\\s?)*$', 'ab cd '],
    ['(x+x+)+y', 'x'],
  ])('%s on a long input', (pattern, unit) => {
    const text = unit.repeat(Math.ceil(200_000 / unit.length)) + '!';
    expect(goRegexp(pattern).test(text)).toBe(false);
    expect(expectationMet({ kind: 'failure', pattern }, text)).toBe(false);
  });

  test('a long hostile pattern compiles within its bounds or is refused', () => {
    expect(() => goRegexp('(((a{100}){100}){100})')).toThrow(/invalid repeat count/);
    expect(goRegexp('(a|b?)+'.repeat(200) + 'Q').test('ab'.repeat(5000))).toBe(false);
  });
});

/** Splits bytes at the given cut points (any, in any order) into chunks. */
function chunked(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const c of [...at, bytes.length]) {
    out.push(bytes.subarray(prev, c));
    prev = c;
  }
  return out;
}

// One buffer for every chunk, as `tracefuzz decode` reads a file: a chunk is
// overwritten (with junk first) once the reader asks for the next, so a
// reader that kept a view of it instead of a copy reads junk.
async function* source(chunks: Uint8Array[]): AsyncGenerator<Uint8Array> {
  const shared = new Uint8Array(Math.max(0, ...chunks.map((c) => c.length)));
  for (const c of chunks) {
    shared.set(c);
    yield shared.subarray(0, c.length);
    shared.fill(0xff);
  }
}

function whole(bytes: Uint8Array, strict: boolean): { lines: string[]; error?: string; offset?: number } {
  const lines: string[] = [];
  try {
    for (const ev of new RawReader(bytes, { strict })) lines.push(rawEventString(ev));
    return { lines };
  } catch (e) {
    if (!(e instanceof TraceError)) throw e;
    return { lines, error: e.message, offset: e.offset };
  }
}

async function streamed(chunks: Uint8Array[], strict: boolean, tiny = true): Promise<{ lines: string[]; error?: string; offset?: number }> {
  const lines: string[] = [];
  try {
    // Tiny windows: every event may cross a refill, as in a large file read in chunks.
    const r = await RawStreamReader.open(source(chunks), { strict }, tiny ? { headerPeek: 17, minRefill: 1 } : {});
    for await (const ev of r) lines.push(rawEventString(ev));
    return { lines };
  } catch (e) {
    if (!(e instanceof TraceError)) throw e;
    return { lines, error: e.message, offset: e.offset };
  }
}

const realTrace = fixtureTrace({ generations: 3, fillerStrings: 40, faultInGeneration: 3 });

describe('the streaming decoder is the whole-buffer decoder, chunk for chunk', () => {
  test.prop([
    fc.oneof(
      fc.uint8Array({ maxLength: 400 }).map((b) => Uint8Array.from([...writeHeader(22), ...b])),
      fc.tuple(fc.nat(realTrace.length), fc.uint8Array({ maxLength: 8 }), fc.nat()).map(([at, ins, cut]) => {
        const b = [...realTrace];
        b.splice(16 + (at % (b.length - 16)), 0, ...ins);
        return Uint8Array.from(b.slice(0, 16 + (cut % (b.length - 15))));
      }),
      fc.uint8Array({ maxLength: 40 }),
    ),
    fc.array(fc.nat(), { maxLength: 12 }),
    fc.boolean(),
  ], { seed: 1313, numRuns: 400 })('any bytes, any chunks: same events, same error, same offset', async (bytes, cuts, strict) => {
    expect(await streamed(chunked(bytes, cuts), strict)).toEqual(whole(bytes, strict));
  });

  test('an event split over many one-byte chunks, and a huge data length that the input never fills', async () => {
    expect(await streamed(chunked(realTrace, [...realTrace.keys()]), false)).toEqual(whole(realTrace, false));
    const big = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f];
    const b = Uint8Array.from([...writeHeader(22), 5, 1, ...big, ...new Array(300_000).fill(0x61)]);
    expect(await streamed(chunked(b, [20, 70_000, 140_000, 200_000]), false, false)).toEqual(whole(b, false));
  });
});

describe('the line-by-line text reader is the whole-text reader', () => {
  const text = traceToText(realTrace);
  function* linesOf(s: string): Generator<string> {
    const parts = s.split('\n');
    if (parts[parts.length - 1] === '') parts.pop();
    yield* parts;
  }
  function read(make: () => TextReader): { events: unknown[]; error?: string } {
    const events: unknown[] = [];
    try {
      for (const ev of make()) events.push(ev);
      return { events };
    } catch (e) {
      if (!(e instanceof TextFormatError) && !(e instanceof TestFileError)) throw e;
      return { events, error: e.message };
    }
  }

  test.prop([fc.nat(), fc.string({ maxLength: 30 })], { seed: 4747, numRuns: 300 })('an edit anywhere: same events and error', (at, insert) => {
    const t = text.slice(0, at % (text.length + 1)) + insert + text.slice(at % (text.length + 1));
    expect(read(() => new TextReader(linesOf(t)))).toEqual(read(() => new TextReader(t)));
  });

  test('a .test file streams its trace section with the checks of parseTestFile', () => {
    const tf = formatTestFile({ comment: 'note: x\n', expect: { kind: 'success' }, trace: text });
    const s = traceLinesOf(linesOf(tf));
    expect(s.isTestFile).toBe(true);
    expect(new TextReader(s.lines).version).toBe(22);
    expect([...new TextReader(traceLinesOf(linesOf(tf)).lines)]).toEqual(parseTextTrace(parseTestFile(tf).trace).events);
    expect(() => [...new TextReader(traceLinesOf(linesOf(tf + '-- third --\n')).lines)]).toThrow('malformed test: wrong number of files');
    expect(() => traceLinesOf(linesOf('-- trace --\n-- expect --\n'))).toThrow('malformed test: bad filename trace');
    expect(() => traceLinesOf(linesOf('-- expect --\nFAILURE "a**"\n-- trace --\n'))).toThrow(/not a valid regexp/);
  });
});
