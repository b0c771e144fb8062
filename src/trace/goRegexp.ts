// Go (RE2) regular expressions, matched in time linear in the input. The
// FAILURE lines of .test files hold Go regexps and Go's matcher is the
// reference; a corpus case is data, so its pattern may be hostile: a
// backtracking engine spins forever on `^(.|.?)+Q`, RE2 semantics never do.
//
// The pattern is parsed with Go's syntax and rules (Perl flags, as
// regexp.Compile: (?imsU) flags anywhere and in groups, named groups,
// \pN/\p{Greek}, POSIX [[:alpha:]], \Q…\E, Go's ASCII \d\s\w\b, `.` that
// excludes only \n, ^/$ at the ends of the text unless (?m), repeats up to
// 1000, a `{` that is no repeat is a literal, a** is an error) into a tree,
// compiled into a Thompson NFA, and run as a Pike VM: one pass over the
// input holding a set of program states, so time is O(input × program) and
// nothing backtracks. Only "does it match anywhere" is asked (Go's
// MatchString), so greediness (?U) changes nothing here and captures are not
// tracked. Case folding follows Unicode simple folding, as Go's does.

export class GoRegexpError extends Error {
  override readonly name = 'GoRegexpError';
  constructor(code: string, expr: string) {
    super(`error parsing regexp: ${code}: \`${expr}\``);
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

// ---------------------------------------------------------------- character sets

/** A set of code points: ranges, Unicode property tests, and sets built from them. */
type CharSet = (cp: number) => boolean;

const MAX_RUNE = 0x10ffff;

function rangeSet(ranges: readonly number[]): CharSet {
  return (cp) => {
    for (let i = 0; i < ranges.length; i += 2) if (cp >= ranges[i] && cp <= ranges[i + 1]) return true;
    return false;
  };
}

const PERL: Record<string, readonly number[]> = {
  d: [0x30, 0x39],
  s: [0x09, 0x0a, 0x0c, 0x0d, 0x20, 0x20],
  w: [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a],
};

const POSIX: Record<string, readonly number[]> = {
  alnum: [0x30, 0x39, 0x41, 0x5a, 0x61, 0x7a],
  alpha: [0x41, 0x5a, 0x61, 0x7a],
  ascii: [0x00, 0x7f],
  blank: [0x09, 0x09, 0x20, 0x20],
  cntrl: [0x00, 0x1f, 0x7f, 0x7f],
  digit: [0x30, 0x39],
  graph: [0x21, 0x7e],
  lower: [0x61, 0x7a],
  print: [0x20, 0x7e],
  punct: [0x21, 0x2f, 0x3a, 0x40, 0x5b, 0x60, 0x7b, 0x7e],
  space: [0x09, 0x0d, 0x20, 0x20],
  upper: [0x41, 0x5a],
  word: [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a],
  xdigit: [0x30, 0x39, 0x41, 0x46, 0x61, 0x66],
};

const propertyCache = new Map<string, CharSet | null>();

/** A Unicode class by Go's name (a general category, a script, Any, Assigned, ASCII); null when unknown. */
function unicodeClass(name: string): CharSet | null {
  const hit = propertyCache.get(name);
  if (hit !== undefined) return hit;
  let set: CharSet | null = null;
  if (name === 'Any') set = () => true;
  else if (name === 'ASCII' || name === 'Ascii') set = (cp) => cp <= 0x7f;
  else {
    const source = name === 'Assigned' ? '\\P{gc=Cn}' : /^[A-Z][a-z&]?$/.test(name) ? `\\p{gc=${name}}` : /^[A-Z][A-Za-z_]*$/.test(name) ? `\\p{sc=${name}}` : null;
    if (source !== null) {
      try {
        const re = new RegExp(`^${source}$`, 'u');
        set = (cp) => re.test(String.fromCodePoint(cp));
      } catch {
        set = null;
      }
    }
  }
  propertyCache.set(name, set);
  return set;
}

// Simple case folding: the orbit of every code point that folds, found once
// (on the first case-insensitive pattern) by letting the JS engine, which
// folds with the same Unicode table under the `ui` flags, confirm each pair
// that upper- and lower-casing suggest.
let orbits: Map<number, readonly number[]> | null = null;

function foldOrbits(): Map<number, readonly number[]> {
  if (orbits) return orbits;
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let r = x;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r)!;
    return r;
  };
  const single = (s: string): number | null => {
    const cp = s.codePointAt(0)!;
    return s.length === (cp > 0xffff ? 2 : 1) ? cp : null;
  };
  for (let cp = 0; cp <= 0x1ffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const ch = String.fromCodePoint(cp);
    for (const other of [single(ch.toLowerCase()), single(ch.toUpperCase())]) {
      if (other === null || other === cp) continue;
      if (!new RegExp(`^${escapeForJs(ch)}$`, 'ui').test(String.fromCodePoint(other))) continue;
      const a = find(cp);
      const b = find(other);
      if (!parent.has(a)) parent.set(a, a);
      if (!parent.has(b)) parent.set(b, b);
      if (a !== b) parent.set(a, b);
    }
  }
  const groups = new Map<number, number[]>();
  for (const cp of parent.keys()) {
    const r = find(cp);
    let g = groups.get(r);
    if (!g) groups.set(r, (g = []));
    g.push(cp);
  }
  orbits = new Map();
  for (const g of groups.values()) for (const cp of g) orbits.set(cp, g);
  return orbits;
}

function escapeForJs(ch: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(ch) ? '\\' + ch : ch;
}

/** The code points that fold to the same as cp (cp itself included). */
function orbit(cp: number): readonly number[] {
  return foldOrbits().get(cp) ?? [cp];
}

/** fold(set): the code points equal under simple folding to a member. */
function folded(set: CharSet): CharSet {
  return (cp) => {
    for (const o of orbit(cp)) if (set(o)) return true;
    return false;
  };
}

// ---------------------------------------------------------------- syntax tree

type Assertion = 'beginText' | 'endText' | 'beginLine' | 'endLine' | 'wordBoundary' | 'noWordBoundary';

type Node =
  | { op: 'empty' }
  | { op: 'char'; set: CharSet }
  | { op: 'assert'; kind: Assertion }
  | { op: 'concat'; subs: Node[] }
  | { op: 'alt'; subs: Node[] }
  | { op: 'star' | 'plus' | 'quest'; sub: Node }
  | { op: 'repeat'; sub: Node; min: number; max: number }
  | { op: 'group'; sub: Node };

interface Flags {
  i: boolean;
  m: boolean;
  s: boolean;
}

const MAX_HEIGHT = 1000;

const isAlnum = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

/** Go's parser over a pattern (indexes are UTF-16 offsets; code points are read whole). */
class Parser {
  private pos = 0;
  private flags: Flags = { i: false, m: false, s: false };
  private depth = 0;

  constructor(private readonly p: string) {}

  parse(): Node {
    const node = this.alternation();
    if (this.pos < this.p.length) throw new GoRegexpError('unexpected )', this.p);
    return node;
  }

  private err(code: string, from: number, to = this.pos): never {
    throw new GoRegexpError(code, this.p.slice(from, to));
  }

  private cp(at = this.pos): number {
    const c = this.p.codePointAt(at)!;
    if (c >= 0xd800 && c <= 0xdfff) throw new GoRegexpError('invalid UTF-8', this.p.slice(at));
    return c;
  }

  private width(c: number): number {
    return c > 0xffff ? 2 : 1;
  }

  /** a|b|…, up to a `)` or the end; flags set inside end with it. */
  private alternation(): Node {
    const saved = { ...this.flags };
    const subs: Node[] = [this.concatenation()];
    while (this.p[this.pos] === '|') {
      this.pos++;
      subs.push(this.concatenation());
    }
    this.flags = saved;
    return subs.length === 1 ? subs[0] : { op: 'alt', subs };
  }

  private concatenation(): Node {
    const items: Node[] = [];
    // Where the last repetition operator began: two in a row are an error.
    let lastRepeat = -1;
    while (this.pos < this.p.length && this.p[this.pos] !== '|' && this.p[this.pos] !== ')') {
      const start = this.pos;
      const c = this.p[this.pos];
      if (c === '*' || c === '+' || c === '?') {
        this.pos++;
        const lazy = this.p[this.pos] === '?';
        if (lazy) this.pos++;
        if (lastRepeat >= 0) this.err('invalid nested repetition operator', lastRepeat);
        if (items.length === 0) this.err('missing argument to repetition operator', start);
        const sub = items.pop()!;
        items.push({ op: c === '*' ? 'star' : c === '+' ? 'plus' : 'quest', sub });
        lastRepeat = start;
        continue;
      }
      if (c === '{') {
        const rep = this.repeatCounts();
        if (rep) {
          if (rep.min < 0 || rep.min > 1000 || rep.max > 1000 || (rep.max >= 0 && rep.min > rep.max)) this.err('invalid repeat count', start);
          if (this.p[this.pos] === '?') this.pos++;
          if (lastRepeat >= 0) this.err('invalid nested repetition operator', lastRepeat);
          if (items.length === 0) this.err('missing argument to repetition operator', start);
          const node: Node = { op: 'repeat', sub: items.pop()!, min: rep.min, max: rep.max };
          if ((rep.min >= 2 || rep.max >= 2) && !repeatIsValid(node, 1000)) this.err('invalid repeat count', start);
          items.push(node);
          lastRepeat = start;
          continue;
        }
        // Not a repetition: `{` is a literal.
      }
      lastRepeat = -1;
      const atom = this.atom();
      if (atom !== null) items.push(atom);
    }
    if (items.length === 0) return { op: 'empty' };
    return items.length === 1 ? items[0] : { op: 'concat', subs: items };
  }

  /** `{n}`, `{n,}` or `{n,m}` at pos (consumed), or null (nothing consumed) when it is none. */
  private repeatCounts(): { min: number; max: number } | null {
    const m = /^\{(0|[1-9]\d*)(?:(,)(0|[1-9]\d*)?)?\}/.exec(this.p.slice(this.pos, this.pos + 32));
    if (!m) return null;
    this.pos += m[0].length;
    const num = (s: string) => (s.length > 8 ? -1 : Number(s));
    const min = num(m[1]);
    const max = m[2] === undefined ? min : m[3] === undefined ? -1 : num(m[3]);
    if (m[3] !== undefined && max < 0) return { min: -1, max };
    return { min, max };
  }

  /** One atom, or null for a flag group, which only changes flags. */
  private atom(): Node | null {
    const start = this.pos;
    const c = this.p[this.pos];
    switch (c) {
      case '(':
        return this.group();
      case '^':
        this.pos++;
        return { op: 'assert', kind: this.flags.m ? 'beginLine' : 'beginText' };
      case '$':
        this.pos++;
        return { op: 'assert', kind: this.flags.m ? 'endLine' : 'endText' };
      case '.': {
        this.pos++;
        const dotNL = this.flags.s;
        return { op: 'char', set: dotNL ? () => true : (cp) => cp !== 0x0a };
      }
      case '[':
        return { op: 'char', set: this.charClass() };
      case '\\':
        return this.escapeAtom(start);
      default: {
        const cp = this.cp();
        this.pos += this.width(cp);
        return this.literal(cp);
      }
    }
  }

  private literal(cp: number): Node {
    if (this.flags.i) {
      const o = orbit(cp);
      if (o.length > 1) return { op: 'char', set: (x) => o.includes(x) };
    }
    return { op: 'char', set: (x) => x === cp };
  }

  private group(): Node | null {
    const start = this.pos;
    if (this.p[this.pos + 1] === '?') {
      const named = /^\(\?P?<([^>]*)>/.exec(this.p.slice(this.pos));
      if (named) {
        const name = named[1];
        if (!/^\w+$/.test(name)) {
          this.err('invalid named capture', start, start + named[0].length);
        }
        this.pos += named[0].length;
        return this.groupBody(start);
      }
      if (this.p.startsWith('(?P', this.pos) || this.p.startsWith('(?<', this.pos)) {
        if (this.p.startsWith('(?P<', this.pos) || this.p.startsWith('(?<', this.pos)) this.err('invalid named capture', start, this.p.length);
        this.err('invalid or unsupported Perl syntax', start, start + 3);
      }
      // Flags: (?flags) or (?flags:re).
      let i = this.pos + 2;
      const next = { ...this.flags };
      let negate = false;
      let sawFlag = false;
      for (;;) {
        const f = this.p[i];
        if (f === undefined) this.err('missing closing )', 0, this.p.length);
        if (f === 'i' || f === 'm' || f === 's' || f === 'U') {
          if (f !== 'U') next[f] = !negate;
          sawFlag = true;
          i++;
          continue;
        }
        if (f === '-') {
          if (negate) this.err('invalid or unsupported Perl syntax', start, i + 1);
          negate = true;
          sawFlag = false;
          i++;
          continue;
        }
        if (f === ':' || f === ')') {
          // A sign must be followed by a flag.
          if (negate && !sawFlag) this.err('invalid or unsupported Perl syntax', start, i + 1);
          this.pos = i + 1;
          if (f === ')') {
            this.flags = next;
            return null;
          }
          const outer = this.flags;
          this.flags = next;
          const node = this.groupBody(start);
          this.flags = outer;
          return node;
        }
        this.err('invalid or unsupported Perl syntax', start, i + (f ? 1 : 0));
      }
    }
    this.pos++;
    return this.groupBody(start);
  }

  private groupBody(start: number): Node {
    if (++this.depth > MAX_HEIGHT) throw new GoRegexpError('expression nests too deeply', this.p);
    const sub = this.alternation();
    this.depth--;
    if (this.p[this.pos] !== ')') this.err('missing closing )', start, this.p.length);
    this.pos++;
    return { op: 'group', sub };
  }

  private escapeAtom(start: number): Node {
    const e = this.p[this.pos + 1];
    if (e === undefined) this.err('trailing backslash at end of expression', start, start);
    switch (e) {
      case 'A':
        this.pos += 2;
        return { op: 'assert', kind: 'beginText' };
      case 'z':
        this.pos += 2;
        return { op: 'assert', kind: 'endText' };
      case 'b':
        this.pos += 2;
        return { op: 'assert', kind: 'wordBoundary' };
      case 'B':
        this.pos += 2;
        return { op: 'assert', kind: 'noWordBoundary' };
      case 'C':
        this.err('invalid escape sequence', start, start + 2);
        break;
      case 'Q': {
        const end = this.p.indexOf('\\E', this.pos + 2);
        const lit = end < 0 ? this.p.slice(this.pos + 2) : this.p.slice(this.pos + 2, end);
        this.pos = end < 0 ? this.p.length : end + 2;
        const subs: Node[] = [];
        for (const ch of lit) subs.push(this.literal(ch.codePointAt(0)!));
        return subs.length === 0 ? { op: 'empty' } : subs.length === 1 ? subs[0] : { op: 'concat', subs };
      }
    }
    const group = this.groupEscape();
    if (group) return { op: 'char', set: group };
    return this.literal(this.escapedChar());
  }

  /** \d \s \w (and negations) or \p… at pos, consumed, with the current folding; null when none. */
  private groupEscape(): CharSet | null {
    const start = this.pos;
    const e = this.p[this.pos + 1];
    if (e === 'p' || e === 'P') {
      let negate = e === 'P';
      let name: string;
      let end: number;
      if (this.p[this.pos + 2] === '{') {
        const close = this.p.indexOf('}', this.pos + 3);
        if (close < 0) this.err('invalid character class range', start, this.p.length);
        name = this.p.slice(this.pos + 3, close);
        end = close + 1;
        if (name.startsWith('^')) {
          negate = !negate;
          name = name.slice(1);
        }
      } else {
        if (this.pos + 2 >= this.p.length) this.err('invalid character class range', start, this.p.length);
        const cp = this.cp(this.pos + 2);
        name = String.fromCodePoint(cp);
        end = this.pos + 2 + this.width(cp);
      }
      const set = unicodeClass(name);
      if (!set) this.err('invalid character class range', start, end);
      this.pos = end;
      return this.signed(set, negate);
    }
    const lower = e?.toLowerCase();
    if (e !== undefined && lower !== undefined && PERL[lower] !== undefined) {
      this.pos += 2;
      return this.signed(rangeSet(PERL[lower]), e !== lower);
    }
    return null;
  }

  /** A group under the current flags: folded first, then negated (as Go builds it). */
  private signed(set: CharSet, negate: boolean): CharSet {
    const s = this.flags.i ? folded(set) : set;
    return negate ? (cp) => !s(cp) : s;
  }

  /** One ordinary escaped character at pos (Go's parseEscape), consumed. */
  private escapedChar(): number {
    const start = this.pos;
    this.pos++;
    const c = this.cp();
    this.pos += this.width(c);
    if (c < 0x80 && !isAlnum(c)) return c;
    const ch = String.fromCodePoint(c);
    if (ch >= '1' && ch <= '7') {
      // A lone non-zero digit is a backreference, which Go does not support.
      const n = this.p[this.pos];
      if (n === undefined || n < '0' || n > '7') this.err('invalid escape sequence', start);
    }
    if (ch >= '0' && ch <= '7') {
      let v = c - 0x30;
      for (let k = 1; k < 3 && this.p[this.pos] >= '0' && this.p[this.pos] <= '7'; k++) v = v * 8 + (this.p.charCodeAt(this.pos++) - 0x30);
      return v;
    }
    switch (ch) {
      case 'x': {
        if (this.p[this.pos] === '{') {
          const re = /\{([0-9A-Fa-f]+)\}/y;
          re.lastIndex = this.pos;
          const m = re.exec(this.p);
          const digits = m ? m[1].replace(/^0+(?=.)/, '') : '';
          const v = m && digits.length <= 6 ? parseInt(digits, 16) : NaN;
          if (!m || !(v <= MAX_RUNE)) this.err('invalid escape sequence', start, m ? this.pos + m[0].length : Math.min(this.p.length, this.pos + 1));
          this.pos += m[0].length;
          return v;
        }
        const h = this.p.slice(this.pos, this.pos + 2);
        if (!/^[0-9A-Fa-f]{2}$/.test(h)) this.err('invalid escape sequence', start, Math.min(this.p.length, this.pos + 2));
        this.pos += 2;
        return parseInt(h, 16);
      }
      case 'a': return 7;
      case 'f': return 12;
      case 'n': return 10;
      case 'r': return 13;
      case 't': return 9;
      case 'v': return 11;
    }
    this.err('invalid escape sequence', start);
  }

  /** A bracketed class at pos === '['. */
  private charClass(): CharSet {
    const start = this.pos;
    this.pos++;
    let negate = false;
    if (this.p[this.pos] === '^') {
      negate = true;
      this.pos++;
    }
    const ranges: number[] = [];
    const groups: CharSet[] = [];
    let first = true;
    while (this.pos >= this.p.length || this.p[this.pos] !== ']' || first) {
      if (this.pos >= this.p.length) this.err('missing closing ]', start, this.p.length);
      first = false;
      if (this.p.startsWith('[:', this.pos)) {
        const end = this.p.indexOf(':]', this.pos + 2);
        if (end >= 0) {
          let name = this.p.slice(this.pos + 2, end);
          const neg = name.startsWith('^');
          if (neg) name = name.slice(1);
          const r = POSIX[name];
          if (!r) this.err('invalid character class range', this.pos, end + 2);
          this.pos = end + 2;
          groups.push(this.signed(rangeSet(r), neg));
          continue;
        }
      }
      if (this.p[this.pos] === '\\') {
        const g = this.groupEscape();
        if (g) {
          groups.push(g);
          continue;
        }
      }
      const from = this.pos;
      const lo = this.classChar(start);
      let hi = lo;
      if (this.p[this.pos] === '-' && this.pos + 1 < this.p.length && this.p[this.pos + 1] !== ']') {
        this.pos++;
        hi = this.classChar(start);
        if (hi < lo) this.err('invalid character class range', from);
      }
      ranges.push(lo, hi);
    }
    this.pos++;
    const plain = rangeSet(ranges);
    const items: CharSet[] = [this.flags.i ? folded(plain) : plain, ...groups];
    const union: CharSet = (cp) => items.some((s) => s(cp));
    return negate ? (cp) => !union(cp) : union;
  }

  private classChar(classStart: number): number {
    if (this.pos >= this.p.length) this.err('missing closing ]', classStart, this.p.length);
    if (this.p[this.pos] === '\\') return this.escapedChar();
    const cp = this.cp();
    this.pos += this.width(cp);
    return cp;
  }
}

/** Whether nested counted repeats stay within n copies of the innermost thing (Go's rule). */
function repeatIsValid(node: Node, n: number): boolean {
  if (node.op === 'repeat') {
    let m = node.max;
    if (m === 0) return true;
    if (m < 0) m = node.min;
    if (m > n) return false;
    if (m > 0) n = Math.floor(n / m);
  }
  switch (node.op) {
    case 'concat':
    case 'alt':
      return node.subs.every((s) => repeatIsValid(s, n));
    case 'star':
    case 'plus':
    case 'quest':
    case 'repeat':
    case 'group':
      return repeatIsValid(node.sub, n);
    default:
      return true;
  }
}

// ---------------------------------------------------------------- program

const CHAR = 0;
const SPLIT = 1;
const JMP = 2;
const ASSERT = 3;
const MATCH = 4;
const NOP = 5;

interface Inst {
  op: number;
  out: number;
  out1: number;
  set?: CharSet;
  kind?: Assertion;
}

/** More instructions than this is "expression too large" (Go's own bound is of the same order). */
const MAX_PROGRAM = 1_000_000;

class Compiler {
  readonly prog: Inst[] = [];

  constructor(private readonly pattern: string) {}

  private emit(i: Inst): number {
    if (this.prog.length >= MAX_PROGRAM) throw new GoRegexpError('expression too large', this.pattern);
    this.prog.push(i);
    return this.prog.length - 1;
  }

  /** Compiles node so that it continues at `next`; returns its entry. (Built back to front.) */
  compile(node: Node, next: number): number {
    switch (node.op) {
      case 'empty':
        return next;
      case 'char':
        return this.emit({ op: CHAR, out: next, out1: -1, set: node.set });
      case 'assert':
        return this.emit({ op: ASSERT, out: next, out1: -1, kind: node.kind });
      case 'group':
        return this.compile(node.sub, next);
      case 'concat': {
        let at = next;
        for (let k = node.subs.length - 1; k >= 0; k--) at = this.compile(node.subs[k], at);
        return at;
      }
      case 'alt': {
        let at = this.compile(node.subs[node.subs.length - 1], next);
        for (let k = node.subs.length - 2; k >= 0; k--) {
          const entry = this.compile(node.subs[k], next);
          at = this.emit({ op: SPLIT, out: entry, out1: at });
        }
        return at;
      }
      case 'quest': {
        const body = this.compile(node.sub, next);
        return this.emit({ op: SPLIT, out: body, out1: next });
      }
      case 'star': {
        // loop: split(body → loop, next)
        const loop = this.emit({ op: SPLIT, out: -1, out1: next });
        this.prog[loop].out = this.compile(node.sub, loop);
        return loop;
      }
      case 'plus': {
        const loop = this.emit({ op: SPLIT, out: -1, out1: next });
        const body = this.compile(node.sub, loop);
        this.prog[loop].out = body;
        return body;
      }
      case 'repeat': {
        const { min, max, sub } = node;
        let at = next;
        if (max < 0) at = this.compile({ op: 'star', sub }, next);
        else for (let k = 0; k < max - min; k++) at = this.compile({ op: 'quest', sub: { op: 'concat', subs: [sub] } }, at);
        for (let k = 0; k < min; k++) at = this.compile(sub, at);
        return at;
      }
    }
  }
}

// ---------------------------------------------------------------- matching

const isWord = (cp: number) => cp === 0x5f || isAlnum(cp);

/** A compiled Go regexp; test() is Go's MatchString: a match anywhere in the text. */
export class GoRegexp {
  private readonly prog: Inst[];
  private readonly start: number;

  constructor(readonly source: string) {
    const tree = new Parser(source).parse();
    const c = new Compiler(source);
    const match = c.prog.length;
    c.prog.push({ op: MATCH, out: -1, out1: -1 });
    this.start = c.compile(tree, match);
    this.prog = c.prog;
  }

  test(text: string): boolean {
    const prog = this.prog;
    const n = prog.length;
    // Two sparse sets of program counters, swapped each step.
    let cur = new Int32Array(n);
    let nxt = new Int32Array(n);
    let curLen = 0;
    let nxtLen = 0;
    const mark = new Int32Array(n).fill(-1);
    const stack = new Int32Array(n + 1);
    let gen = 0;

    // Follows empty-width steps from pc at this position; CHAR states go to `into`.
    const addThread = (pc0: number, prev: number, next: number, into: Int32Array, len: number): number => {
      let sp = 0;
      stack[sp++] = pc0;
      while (sp > 0) {
        const pc = stack[--sp];
        if (mark[pc] === gen) continue;
        mark[pc] = gen;
        const ins = prog[pc];
        switch (ins.op) {
          case MATCH:
            return -1;
          case CHAR:
            into[len++] = pc;
            break;
          case JMP:
          case NOP:
            stack[sp++] = ins.out;
            break;
          case SPLIT:
            stack[sp++] = ins.out1;
            stack[sp++] = ins.out;
            break;
          case ASSERT:
            if (assertionHolds(ins.kind!, prev, next)) stack[sp++] = ins.out;
            break;
        }
      }
      return len;
    };

    let prev = -1; // -1: before the text
    let i = 0;
    let c = i < text.length ? codePointAt(text, i) : -1;
    gen++;
    for (;;) {
      // cur holds the threads at position i (marked with gen); unanchored, a
      // thread also starts here.
      const l = addThread(this.start, prev, c, cur, curLen);
      if (l < 0) return true;
      curLen = l;
      if (c < 0) return false;
      const j = i + (c > 0xffff ? 2 : 1);
      const after = j < text.length ? codePointAt(text, j) : -1;
      gen++;
      nxtLen = 0;
      for (let k = 0; k < curLen; k++) {
        const ins = prog[cur[k]];
        if (ins.set!(c)) {
          const l2 = addThread(ins.out, c, after, nxt, nxtLen);
          if (l2 < 0) return true;
          nxtLen = l2;
        }
      }
      const t = cur;
      cur = nxt;
      nxt = t;
      curLen = nxtLen;
      prev = c;
      c = after;
      i = j;
    }
  }
}

/** The code point at i; a lone surrogate is what invalid UTF-8 is to Go: U+FFFD (of width 1). */
function codePointAt(text: string, i: number): number {
  const c = text.codePointAt(i)!;
  return c >= 0xd800 && c <= 0xdfff ? 0xfffd : c;
}

function assertionHolds(kind: Assertion, prev: number, next: number): boolean {
  switch (kind) {
    case 'beginText':
      return prev === -1;
    case 'endText':
      return next === -1;
    case 'beginLine':
      return prev === -1 || prev === 0x0a;
    case 'endLine':
      return next === -1 || next === 0x0a;
    case 'wordBoundary':
      return (prev >= 0 && isWord(prev)) !== (next >= 0 && isWord(next));
    case 'noWordBoundary':
      return (prev >= 0 && isWord(prev)) === (next >= 0 && isWord(next));
  }
}

const compiled = new Map<string, GoRegexp>();

/** Compiles a Go regexp (cached); throws GoRegexpError with Go's kind of message when it is not valid. */
export function goRegexp(pattern: string): GoRegexp {
  let re = compiled.get(pattern);
  if (!re) {
    re = new GoRegexp(pattern);
    if (compiled.size > 1000) compiled.clear();
    compiled.set(pattern, re);
  }
  return re;
}
