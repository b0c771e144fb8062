// The Go-regexp engine of .test expectations against Go's regexp package:
// the same patterns compile (or fail to), and each matches the same inputs.
// Go's answers come from test/go/regexpcheck, one process for all questions.
// Patterns are a fixed list of RE2 corners plus random ones drawn by
// fast-check from a grammar of Go's syntax (a seed makes the draw replayable).
import fc from 'fast-check';
import { describeGo } from '../support/go';
import { goTestProgram, runGoTestProgram } from '../support/goTestProgram';
import { goRegexp } from '../../src/trace/goRegexp';

interface Answer { error: string | null; matches: boolean[] }

const ALPHABET = ['a', 'b', 'c', 'A', 'B', 'k', 'K', '\u212a', 's', '\u017f', 'S', '_', '1', ' ', '\n', '-', '.', 'α', '{', '}', ']'];

const FIXED: string[] = [
  'a.c', '(?s)a.c', '(?i)ABC', '\\Qa.b\\E', '\\Qab', '[[:digit:]]+x', '[[:^alpha:]]', '\\s', '\\S+', '\\d\\D', '\\w\\W', 'x{,2}', 'x{2,}', 'x{0}',
  'x{1001}', 'x{2,1}', 'x{01}', '(?P<n>a)b', '(?<n>a)b', '(?P<n>a)(?P<n>b)', '(?P<>a)', '(?P=n)', '\\Aab\\z', '(?m)^b$', '^b$', '\\pL\\p{Greek}',
  '\\p{^L}', '\\PL', '\\p{Foo}', '\\pZ', 'a\\-\\#b', '[]a]', '[^]a]', '[]', '[a-]', '[-a]', '[a-c-e]', '[z-a]', '[a-\\d]', '[\\d-z]', '\\b', '\\B',
  '\\bk\\b', '(?i)\\bk', '(?i)k', '(?i)[k]', '(?i)[^k]', '(?i)\\W', '(?i)[\\W]', '(?i)\\w', '(?i)[[:upper:]]', '(?i)[[:^lower:]]', '(?i)\\p{Lu}', '(?i)s', '(?i:a)b',
  'a(?i)b', '(?i)a(?-i)b', '(?U)a+', 'a**', 'a*?', 'a*??', 'a+*', '*a', '(*)', 'a|*', '^*', '$+', '(?i)*', 'a(?i)*', '()', '(|a)', 'a|', '|',
  '(?)', '(?:)', '(?i-)', '(?-)', '(?--i)', '(?x)', '(a', 'a)', '\\', '\\1', '\\12', '\\0', '\\08', '\\8', '\\x41', '\\x4', '\\x{41}', '\\x{}',
  '\\x{110000}', '\\x{0000000041}', '\\C', '\\Z', '\\_', '\\é', '\\a\\f\\t\\n\\r\\v', '[\\b]', '[\\Q]', '.*', '(a|ab)(c|bcd)(d*)', '(a*)*', '(a*)+$',
  '(a|b)*c', '^(.|.?)+Q', '(a{2}){3}', '(a{500}){3}', '((a{10}){10}){10}', '((a{10}){10}){11}', 'k{2}K{1,2}', '[[:foo:]]', '[[:alpha:]', '[[:alpha:]]]',
  '\\p', '\\p{', '\\pN', '(?i)\u212a', '\u017f', '(?i)\u017f', '[\u212a]', '(?s).', '(?m)$', '(?m)^', '^', '$', '^$', 'a$', '^a',
];

/** Random patterns from a grammar of Go's syntax, with a few malformed pieces mixed in. */
const patternArb: fc.Arbitrary<string> = fc.letrec((tie) => ({
  atom: fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...ALPHABET.filter((c) => !'.{}]'.includes(c))) },
    { weight: 2, arbitrary: fc.constantFrom('.', '\\.', '\\{', '\\]', '\\d', '\\w', '\\s', '\\D', '\\W', '\\S', '\\pL', '\\p{Greek}', '\\PL') },
    { weight: 2, arbitrary: fc.constantFrom('^', '$', '\\b', '\\B', '\\A', '\\z') },
    { weight: 2, arbitrary: fc.constantFrom('[a-c]', '[^a]', '[k]', '[^\\n]', '[[:upper:]]', '[\\d_]', '[^\\W]', '[]k]', '[a-]', '[\\pLs]') },
    { weight: 1, arbitrary: fc.constantFrom('(', ')', '[', '{', '{1', '\\', '**', '{2}{2}') },
    { weight: 3, arbitrary: fc.tuple(fc.constantFrom('(', '(?:', '(?i:', '(?s:', '(?m:', '(?P<g>'), tie('alt')).map(([o, r]) => `${o}${r})`) },
  ),
  piece: fc.tuple(
    tie('atom') as fc.Arbitrary<string>,
    fc.constantFrom('', '', '', '*', '+', '?', '*?', '+?', '{2}', '{0,1}', '{1,3}', '{2,}', '{,2}'),
  ).map(([a, r]) => a + r),
  concat: fc.array(tie('piece') as fc.Arbitrary<string>, { minLength: 0, maxLength: 5 }).map((xs) => xs.join('')),
  alt: fc.array(tie('concat') as fc.Arbitrary<string>, { minLength: 1, maxLength: 3 }).map((xs) => xs.join('|')),
  pattern: fc.tuple(fc.constantFrom('', '', '(?i)', '(?m)', '(?s)', '(?U)'), tie('alt') as fc.Arbitrary<string>).map(([f, r]) => f + r),
})).pattern;

const inputArb = fc.array(fc.constantFrom(...ALPHABET), { maxLength: 12 }).map((xs) => xs.join(''));

const RANDOM_SEED = 20240613;

describeGo('Go regexps: tracefuzz engine vs Go regexp', (tc) => {
  test(`fixed corners and random patterns (fast-check seed ${RANDOM_SEED}) compile and match as in Go`, () => {
    const inputs = fc.sample(inputArb, { seed: RANDOM_SEED, numRuns: 40 });
    inputs.push('', 'abc', 'xabcx', 'a\nb\nc', 'a\rb', 'a.b', 'Kelvin \u212a', 'ſ', 'αβγ', 'a-#b', 'ab\n', 'x{,2}', ']', '\n', 'aaaaaaaaaa', 'ababc');
    const random = fc.sample(patternArb, { seed: RANDOM_SEED, numRuns: 1500 });
    const patterns = [...new Set([...FIXED, ...random])];
    const go = runGoTestProgram<Answer[]>(goTestProgram(tc(), 'regexpcheck'), [], patterns.map((pattern) => ({ pattern, inputs })));
    let compiled = 0;
    let rejected = 0;
    const mismatches: string[] = [];
    patterns.forEach((p, i) => {
      let re;
      try {
        re = goRegexp(p);
      } catch (e) {
        rejected++;
        if (go[i].error === null) mismatches.push(`${JSON.stringify(p)}: Go compiles it, we say ${(e as Error).message}`);
        return;
      }
      compiled++;
      if (go[i].error !== null) return void mismatches.push(`${JSON.stringify(p)}: Go says ${go[i].error}, we compile it`);
      inputs.forEach((s, j) => {
        if (re.test(s) !== go[i].matches[j]) mismatches.push(`${JSON.stringify(p)} on ${JSON.stringify(s)}: Go ${go[i].matches[j]}, we ${!go[i].matches[j]}`);
      });
    });
    expect(mismatches.slice(0, 20)).toEqual([]);
    // The sample must exercise both sides.
    expect(compiled).toBeGreaterThan(1000);
    expect(rejected).toBeGreaterThan(50);
  });
});
