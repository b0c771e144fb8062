// .test files: txtar structure, expectations with Go regexps, metadata in the
// comment; and Go string quoting, which both the expectations and the text
// format's data lines rely on.
import { test, fc } from '@fast-check/jest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeGo } from '../support/go';
import { goTraceTestdataDir } from '../../src/readers/goToolchain';
import {
  expectationMet, formatMetadata, formatTestFile, formatTxtar, parseExpectation, parseMetadata, parseTestFile, parseTxtar,
  TestFileError,
} from '../../src/trace/testFile';
import { goRegexp, GoRegexpError } from '../../src/trace/goRegexp';
import { goIsPrint, goQuote, goUnquote } from '../../src/trace/goQuote';

describe('txtar', () => {
  test('comment, files, markers only at line starts, missing final newlines added', () => {
    const ar = parseTxtar('note\n-- a --\nx -- b --\n-- b --\ny');
    expect(ar).toEqual({ comment: 'note\n', files: [{ name: 'a', data: 'x -- b --\n' }, { name: 'b', data: 'y\n' }] });
    expect(formatTxtar(ar.comment, ar.files)).toBe('note\n-- a --\nx -- b --\n-- b --\ny\n');
    expect(parseTxtar('-- a --').files).toEqual([{ name: 'a', data: '' }]);
  });
});

describe('expectations', () => {
  test('SUCCESS, FAILURE with a quoted regexp, and Go\'s errors for bad lines', () => {
    expect(parseExpectation('SUCCESS\n')).toEqual({ kind: 'success' });
    expect(parseExpectation('')).toEqual({ kind: 'success' });
    expect(parseExpectation('FAILURE "a\\\\.b"\nignored\n')).toEqual({ kind: 'failure', pattern: 'a\\.b' });
    expect(() => parseExpectation('FAILURE\n')).toThrow(new TestFileError('bad header line for FAILURE: "FAILURE"'));
    expect(() => parseExpectation('MAYBE\n')).toThrow(new TestFileError('bad header line: "MAYBE"'));
    expect(() => parseExpectation('FAILURE abc\n')).toThrow(/not correctly quoted/);
    expect(() => parseExpectation('FAILURE "a("\n')).toThrow(/not a valid regexp/);
  });

  test('matching is an unanchored search with Go regexp semantics', () => {
    const exp = parseExpectation('FAILURE "expected a proc.*"\n');
    expect(expectationMet(exp, "generation 2: expected a proc but didn't have one")).toBe(true);
    expect(expectationMet(exp, 'something else')).toBe(false);
    expect(expectationMet(exp, undefined)).toBe(false);
    expect(expectationMet({ kind: 'success' }, undefined)).toBe(true);
    expect(expectationMet({ kind: 'success' }, 'boom')).toBe(false);
  });

  test('Go regexp constructs translate to the same matches', () => {
    const m = (p: string, s: string) => goRegexp(p).test(s);
    expect(m('a.c', 'a\rc')).toBe(true); // Go's . excludes only \n
    expect(m('a.c', 'a\nc')).toBe(false);
    expect(m('(?s)a.c', 'a\nc')).toBe(true);
    expect(m('(?i)ABC', 'xabcx')).toBe(true);
    expect(m('\\Qa.b\\E', 'axb')).toBe(false);
    expect(m('\\Qa.b\\E', 'a.b')).toBe(true);
    expect(m('[[:digit:]]+x', 'a12x')).toBe(true);
    expect(m('\\s', '\v')).toBe(false); // Go's \s has no \v
    expect(m('\\s', '\u00a0')).toBe(false);
    expect(m('x{,2}', 'x{,2}')).toBe(true); // not a repetition in Go
    expect(m('(?P<n>a)b', 'ab')).toBe(true);
    expect(m('\\Aab\\z', 'ab')).toBe(true);
    expect(m('\\Aab\\z', 'ab\n')).toBe(false);
    expect(m('(?m)^b$', 'a\nb\nc')).toBe(true);
    expect(m('(?m)^b$', 'a\rb\rc')).toBe(false);
    expect(m('\\pL\\p{Greek}', 'xα')).toBe(true);
    expect(m('a\\-\\#b', 'a-#b')).toBe(true);
    expect(m('[]a]', ']')).toBe(true);
    // Flags anywhere, as in Go; what Go refuses is refused with its kind of message.
    expect(m('(?U)a+', 'aa')).toBe(true);
    expect(m('a(?i)b', 'aB')).toBe(true);
    expect(m('a(?i)b', 'AB')).toBe(false);
    expect(() => goRegexp('a**')).toThrow(new GoRegexpError('invalid nested repetition operator', '**'));
    expect(() => goRegexp('(a')).toThrow(GoRegexpError);
  });
});

describe('metadata in the comment', () => {
  test('round trip and free text', () => {
    const c = formatMetadata([['property', 'P1'], ['seed', '42'], ['signature', 'go:abc def']], 'more words\n');
    expect(c).toBe('property: P1\nseed: 42\nsignature: go:abc def\nmore words\n');
    expect([...parseMetadata(c)]).toEqual([['property', 'P1'], ['seed', '42'], ['signature', 'go:abc def']]);
    const tf = { comment: c, expect: { kind: 'failure' as const, pattern: 'x"y' }, trace: 'Trace Go1.22\n' };
    const text = formatTestFile(tf);
    expect(text).toBe(c + '-- expect --\nFAILURE "x\\"y"\n-- trace --\nTrace Go1.22\n');
    expect(parseTestFile(text)).toEqual(tf);
    expect(() => formatMetadata([['a b', 'x']])).toThrow(RangeError);
    expect(() => formatMetadata([['a', 'x\ny']])).toThrow(RangeError);
  });

  test('files with the wrong sections are refused', () => {
    expect(() => parseTestFile('-- expect --\nSUCCESS\n')).toThrow('malformed test: wrong number of files');
    expect(() => parseTestFile('-- trace --\n-- expect --\n')).toThrow('malformed test: bad filename trace');
  });
});

describeGo("Go's own .test files", (tc) => {
  test('parse, reformat identically, and their FAILURE patterns match the errors Go expects', () => {
    const dir = goTraceTestdataDir(tc());
    let failures = 0;
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.test'))) {
      const text = readFileSync(join(dir, f), 'utf8');
      const tf = parseTestFile(text);
      expect(formatTestFile(tf)).toBe(text);
      if (tf.expect.kind === 'failure') {
        failures++;
        expect(expectationMet(tf.expect, "expected a proc but didn't have one")).toBe(true);
      }
    }
    expect(failures).toBeGreaterThan(0);
  });
});

describe('Go string quoting', () => {
  test('escapes as strconv.Quote', () => {
    expect(goQuote('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(goQuote('\x07\b\f\n\r\t\v\x00\x7f')).toBe('"\\a\\b\\f\\n\\r\\t\\v\\x00\\x7f"');
    expect(goQuote('é😀\u00a0\u200b\u2028\ufeff')).toBe('"é😀\\u00a0\\u200b\\u2028\\ufeff"');
    expect(goQuote('\u{e0001}\u{10ffff}')).toBe('"\\U000e0001\\U0010ffff"');
    expect(goQuote(Uint8Array.from([0xff, 0x41, 0xe2, 0x82, 0xed, 0xa0, 0x80, 0xc0, 0xaf]))).toBe('"\\xffA\\xe2\\x82\\xed\\xa0\\x80\\xc0\\xaf"');
    expect(goQuote(new TextEncoder().encode('ok é'))).toBe('"ok é"');
  });

  test('Go\'s printable set, not the host\'s', () => {
    expect(goIsPrint(0x20)).toBe(true);
    expect(goIsPrint(0xa0)).toBe(false);
    expect(goIsPrint(0x4e00)).toBe(true);
    expect(goIsPrint(0xe000)).toBe(false); // private use
    expect(goIsPrint(0x2ebf0)).toBe(false); // CJK Ext. I is Unicode 15.1, newer than Go's tables
  });

  test.prop([fc.uint8Array({ maxLength: 64 })], { seed: 77, numRuns: 2000 })('unquote(quote(bytes)) is the bytes', (b) => {
    expect(goUnquote(goQuote(b))).toEqual(b);
  });

  test.prop([fc.string({ unit: 'grapheme', maxLength: 30 })], { seed: 78, numRuns: 1000 })('strings quote like their UTF-8 bytes', (s) => {
    expect(goQuote(s)).toBe(goQuote(new TextEncoder().encode(s)));
  });

  test('unquote refuses what Go refuses', () => {
    for (const bad of ['"', '"a', 'a"', '"\\q"', '"\\400"', '"\\ud800"', '"\\U00110000"', "'ab'", '"a"b"', '"\'"'.replace("'", "\\'"), "'\\\"'", '"a\nb"']) {
      expect({ bad, v: goUnquote(bad) }).toEqual({ bad, v: undefined });
    }
    expect(goUnquote("''")).toEqual(new Uint8Array(0));
    expect(goUnquote('`a\rb`')).toEqual(new TextEncoder().encode('ab'));
  });
});
