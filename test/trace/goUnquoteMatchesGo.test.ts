// goUnquote is strconv.Unquote: the one unquoter of the project (text format
// data lines, .test expectations, and normalized event fields all use it).
// Checked against Go's own strconv.Unquote where the two easiest to get wrong
// meet: escapes that name surrogates (invalid runes to Go), the edges around
// them, and the other escapes, in double and single quotes; a literal that
// starts inside a longer text ends where Go's would.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describeGo } from '../support/go';
import { goUnquote, goUnquoteAt } from '../../src/trace/goQuote';

const PROGRAM = `package main

import (
	"bufio"
	"encoding/hex"
	"fmt"
	"os"
	"strconv"
)

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	for in.Scan() {
		lit, err := hex.DecodeString(in.Text())
		if err != nil {
			panic(err)
		}
		s, err := strconv.Unquote(string(lit))
		if err != nil {
			fmt.Println("error")
			continue
		}
		fmt.Println(hex.EncodeToString([]byte(s)))
	}
}
`;

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const EDGES = [0x0, 0x7f, 0xd7ff, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xe000, 0xfffd, 0xffff, 0x10000, 0x10ffff, 0x110000];

function literals(): string[] {
  const out: string[] = [];
  for (const v of EDGES) {
    const u4 = `\\u${(v & 0xffff).toString(16).padStart(4, '0')}`;
    const u8 = `\\U${v.toString(16).padStart(8, '0')}`;
    out.push(`"${u4}"`, `"${u8}"`, `'${u4}'`, `'${u8}'`, `"a${u4}b${u8}c"`);
  }
  // A surrogate pair written as two escapes is two invalid runes to Go, not one character.
  out.push('"\\ud83d\\ude00"', '"\\U0001f600"', '"\\xff\\x00\\377\\400"', '"\\a\\b\\f\\n\\r\\t\\v\\\\\\""', "'\\''", '"\\\'"', "'ab'", '`a\\u0041`', '"é€😀"');
  const rand = fc.sample(fc.integer({ min: 0xd000, max: 0xe100 }), { seed: 55160, numRuns: 200 });
  for (const v of rand) out.push(`"\\u${v.toString(16).padStart(4, '0')}"`, `'\\U${v.toString(16).padStart(8, '0')}'`);
  return out;
}

describeGo("goUnquote agrees with Go's strconv.Unquote", (tc) => {
  test('on surrogate escapes, their edges and every other escape', () => {
    const lits = literals();
    const dir = mkdtempSync(join(tmpdir(), 'tracefuzz-unquote-'));
    let out: string;
    try {
      writeFileSync(join(dir, 'main.go'), PROGRAM);
      writeFileSync(join(dir, 'go.mod'), 'module unquote\n\ngo 1.21\n');
      const input = lits.map((l) => hex(new TextEncoder().encode(l))).join('\n') + '\n';
      out = execFileSync(tc().go, ['run', '.'], { cwd: dir, input, encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '' } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const want = out.trim().split('\n');
    expect(want).toHaveLength(lits.length);
    const got = lits.map((l) => {
      const b = goUnquote(l);
      return b === undefined ? 'error' : hex(b);
    });
    // Go rejects '' (an empty rune literal); goUnquote accepts it for the text format's sake: not among these.
    expect(lits.map((l, i) => [l, got[i]])).toEqual(lits.map((l, i) => [l, want[i]]));
    expect(want.filter((w) => w === 'error').length).toBeGreaterThan(20);
  });
});

test('a literal inside a longer text ends just past its closing quote', () => {
  const s = 'Name="a\\"b" Next=1';
  const q = goUnquoteAt(s, 5)!;
  expect(new TextDecoder().decode(q.bytes)).toBe('a"b');
  expect(s.slice(q.end)).toBe(' Next=1');
  expect(goUnquoteAt('x="\\ud800"', 2)).toBeUndefined();
  expect(goUnquoteAt('x="open', 2)).toBeUndefined();
});
