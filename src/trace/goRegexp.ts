// Go (RE2) regular expressions evaluated with JavaScript's engine. The .test
// files' FAILURE lines hold Go regexps, and Go's matcher is the reference: this
// translates RE2 syntax into an equivalent JS RegExp (with the `u` flag) and
// refuses, with an error, the little it cannot translate faithfully.
//
// Handled: leading flag groups (?i) (?s) (?m) (?U refused); (?P<name>…);
// \A and \z; \Q…\E; POSIX classes [[:alpha:]] etc.; \pL / \p{Greek};
// Go's ASCII-only \s (no \v) and its `.` that only excludes \n (JS also
// excludes \r, U+2028, U+2029); multi-line ^ and $ that only know \n; escaped
// punctuation JS would reject; a `{` or `}` that is not a repetition is a
// literal as in Go. Refused: inline flags elsewhere, \C, \S inside a class.
// Matching is unanchored (Go's MatchString) and only yes/no matters, so RE2's
// leftmost-first semantics coincide with JS's backtracking here.

export class GoRegexpError extends Error {
  override readonly name = 'GoRegexpError';
}

const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7f',
  blank: '\\t ',
  cntrl: '\\x00-\\x1f\\x7f',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

const JS_SYNTAX = new Set('^$\\.*+?()[]{}|/'.split(''));

function escapeLiteral(ch: string): string {
  if (JS_SYNTAX.has(ch) || ch === '-') return '\\' + ch;
  return ch;
}

function unicodeClass(name: string, negate: boolean): string {
  // One- and two-letter names are general categories; others are scripts.
  const prop = /^[A-Z][a-z]?$/.test(name) ? name : name === 'Any' ? '' : `Script=${name}`;
  if (prop === '') return negate ? '[^\\s\\S]' : '[\\s\\S]';
  return (negate ? '\\P{' : '\\p{') + prop + '}';
}

/** Translates a Go regexp into a JS RegExp with the same matches. Throws GoRegexpError. */
export function goRegexp(pattern: string): RegExp {
  let i = 0;
  let flags = 'u';
  let dotAll = false;
  let multiline = false;
  // Leading flag group.
  const lead = /^\(\?([imsU]+)\)/.exec(pattern);
  if (lead) {
    for (const f of lead[1]) {
      if (f === 'U') throw new GoRegexpError('the (?U) flag is not supported');
      if (f === 'i') flags += 'i';
      if (f === 's') dotAll = true;
      if (f === 'm') multiline = true;
    }
    i = lead[0].length;
  }
  let out = '';
  const n = pattern.length;
  while (i < n) {
    const c = pattern[i];
    if (c === '\\') {
      const [text, next] = translateEscape(pattern, i, false);
      out += text;
      i = next;
      continue;
    }
    if (c === '[') {
      const [text, next] = translateClass(pattern, i);
      out += text;
      i = next;
      continue;
    }
    if (c === '(') {
      if (pattern.startsWith('(?P<', i)) {
        out += '(?<';
        i += 4;
        continue;
      }
      if (pattern.startsWith('(?:', i) || pattern.startsWith('(?<', i)) {
        out += pattern.slice(i, i + 3);
        i += 3;
        continue;
      }
      if (pattern.startsWith('(?', i)) throw new GoRegexpError(`unsupported group at offset ${i} in ${pattern}`);
      out += '(';
      i++;
      continue;
    }
    if (c === '.') {
      out += dotAll ? '[\\s\\S]' : '[^\\n]';
      i++;
      continue;
    }
    if (c === '^') {
      out += multiline ? '(?<![^\\n])' : '^';
      i++;
      continue;
    }
    if (c === '$') {
      out += multiline ? '(?![^\\n])' : '$';
      i++;
      continue;
    }
    if (c === '{') {
      const rep = /^\{\d+(,\d*)?\}/.exec(pattern.slice(i));
      if (rep) {
        out += rep[0];
        i += rep[0].length;
      } else {
        out += '\\{';
        i++;
      }
      continue;
    }
    if (c === '}' || c === ']' || c === '/') {
      out += '\\' + c;
      i++;
      continue;
    }
    const cp = pattern.codePointAt(i)!;
    out += String.fromCodePoint(cp);
    i += cp > 0xffff ? 2 : 1;
  }
  try {
    return new RegExp(out, flags);
  } catch (e) {
    throw new GoRegexpError(`cannot translate ${pattern}: ${(e as Error).message}`);
  }
}

// One escape at pattern[i] === '\\'; returns [JS text, next index].
function translateEscape(p: string, i: number, inClass: boolean): [string, number] {
  const e = p[i + 1];
  if (e === undefined) throw new GoRegexpError('trailing backslash');
  switch (e) {
    case 'A':
      if (inClass) break;
      return ['(?<![\\s\\S])', i + 2];
    case 'z':
      if (inClass) break;
      return ['(?![\\s\\S])', i + 2];
    case 'b':
    case 'B':
      if (inClass) break;
      return ['\\' + e, i + 2];
    case 'Q': {
      if (inClass) break;
      const end = p.indexOf('\\E', i + 2);
      const lit = end < 0 ? p.slice(i + 2) : p.slice(i + 2, end);
      let s = '';
      for (const ch of lit) s += escapeLiteral(ch);
      return [s, end < 0 ? p.length : end + 2];
    }
    case 'd':
    case 'D':
    case 'w':
    case 'W':
      return ['\\' + e, i + 2];
    case 's':
      return [inClass ? '\\t\\n\\f\\r ' : '[\\t\\n\\f\\r ]', i + 2];
    case 'S':
      if (inClass) throw new GoRegexpError('\\S inside a character class is not supported');
      return ['[^\\t\\n\\f\\r ]', i + 2];
    case 'p':
    case 'P': {
      const neg = e === 'P';
      if (p[i + 2] === '{') {
        const end = p.indexOf('}', i + 3);
        if (end < 0) throw new GoRegexpError('unterminated \\p{');
        let name = p.slice(i + 3, end);
        let negate = neg;
        if (name.startsWith('^')) {
          negate = !negate;
          name = name.slice(1);
        }
        return [unicodeClass(name, negate), end + 1];
      }
      return [unicodeClass(p[i + 2], neg), i + 3];
    }
    case 'x': {
      if (p[i + 2] === '{') {
        const end = p.indexOf('}', i + 3);
        return [`\\u{${p.slice(i + 3, end)}}`, end + 1];
      }
      return ['\\x' + p.slice(i + 2, i + 4), i + 4];
    }
    case 'a':
      return ['\\x07', i + 2];
    case 'f':
    case 'n':
    case 'r':
    case 't':
    case 'v':
      return ['\\' + e, i + 2];
    case 'C':
      throw new GoRegexpError('\\C is not supported');
  }
  if (/[0-7]/.test(e)) {
    // Octal escapes \0, \01, \012 (Go allows up to three digits).
    const m = /^[0-7]{1,3}/.exec(p.slice(i + 1))!;
    return [`\\x${parseInt(m[0], 8).toString(16).padStart(2, '0')}`, i + 1 + m[0].length];
  }
  if (/[!-/:-@[-`{-~]/.test(e)) {
    // Escaped punctuation is a literal.
    return ['\\x' + e.charCodeAt(0).toString(16).padStart(2, '0'), i + 2];
  }
  throw new GoRegexpError(`invalid escape \\${e}`);
}

// A bracketed class starting at p[i] === '['.
function translateClass(p: string, i: number): [string, number] {
  let out = '[';
  let j = i + 1;
  if (p[j] === '^') {
    out += '^';
    j++;
  }
  let first = true;
  while (j < p.length) {
    const c = p[j];
    if (c === ']' && !first) return [out + ']', j + 1];
    first = false;
    if (c === '[' && p[j + 1] === ':') {
      const end = p.indexOf(':]', j + 2);
      if (end > 0) {
        let name = p.slice(j + 2, end);
        const neg = name.startsWith('^');
        if (neg) name = name.slice(1);
        const set = POSIX[name];
        if (!set) throw new GoRegexpError(`unknown POSIX class ${name}`);
        if (neg) throw new GoRegexpError('negated POSIX classes are not supported');
        out += set;
        j = end + 2;
        continue;
      }
    }
    if (c === '\\') {
      const [text, next] = translateEscape(p, j, true);
      out += text;
      j = next;
      continue;
    }
    if (c === '[' || c === ']' || c === '/') {
      out += '\\' + c;
      j++;
      continue;
    }
    const cp = p.codePointAt(j)!;
    out += String.fromCodePoint(cp);
    j += cp > 0xffff ? 2 : 1;
  }
  throw new GoRegexpError(`missing closing ] in ${p}`);
}
