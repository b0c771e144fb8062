// Go's trace test files (testdata/tests/*.test): a txtar archive with an
// optional comment and exactly two files, `expect` and `trace`.
//
//   <comment: free text; tracefuzz keeps `key: value` metadata lines here>
//   -- expect --
//   SUCCESS                        or   FAILURE "<Go-quoted Go regexp>"
//   -- trace --
//   Trace Go1.NN
//   …events in the text format…
//
// Parsing follows Go's txtar (a marker is a line `-- name --`; each section
// ends with a newline, one is added if missing) and Go's expectation rules
// (only the first line counts; "SUCCESS" is its first space-separated word; an
// empty expect section means success). FAILURE patterns are Go regexps,
// matched by goRegexp's engine (RE2 semantics, linear time).
import { goQuote, goUnquote } from './goQuote';
import { goRegexp, GoRegexpError } from './goRegexp';

export type Expectation = { kind: 'success' } | { kind: 'failure'; pattern: string };

export interface TestFile {
  /** Text before the first marker (each line ends in a newline), '' if none. */
  comment: string;
  expect: Expectation;
  /** The trace section in the text format. */
  trace: string;
}

export class TestFileError extends Error {
  override readonly name = 'TestFileError';
  constructor(message: string) {
    super(message);
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

interface TxtarFile {
  name: string;
  data: string;
}

function fixNL(s: string): string {
  return s.length === 0 || s.endsWith('\n') ? s : s + '\n';
}

// A marker line `-- name --` at data[i..]; returns the name and where the next line starts.
function markerAt(data: string, i: number): { name: string; after: number } | undefined {
  if (!data.startsWith('-- ', i)) return undefined;
  const nl = data.indexOf('\n', i);
  const line = nl < 0 ? data.slice(i) : data.slice(i, nl);
  if (!(line.endsWith(' --') && line.length >= 6)) return undefined;
  const name = line.slice(3, line.length - 3).trim();
  if (name === '') return undefined;
  return { name, after: nl < 0 ? data.length : nl + 1 };
}

// Splits at the next marker: [text before it, marker or undefined].
function findMarker(data: string, from: number): [string, { name: string; after: number } | undefined] {
  let i = from;
  for (;;) {
    const m = markerAt(data, i);
    if (m) return [data.slice(from, i), m];
    const j = data.indexOf('\n-- ', i);
    if (j < 0) return [fixNL(data.slice(from)), undefined];
    i = j + 1;
  }
}

/** Go's txtar.Parse. */
export function parseTxtar(data: string): { comment: string; files: TxtarFile[] } {
  const files: TxtarFile[] = [];
  const [comment, first] = findMarker(data, 0);
  let m = first;
  while (m) {
    const name = m.name;
    const [body, next] = findMarker(data, m.after);
    files.push({ name, data: body });
    m = next;
  }
  return { comment, files };
}

/** Go's txtar.Format. */
export function formatTxtar(comment: string, files: readonly TxtarFile[]): string {
  let s = fixNL(comment);
  for (const f of files) s += `-- ${f.name} --\n` + fixNL(f.data);
  return s;
}

/** Go's ParseExpectation (errors carry Go's texts). */
export function parseExpectation(data: string): Expectation {
  const nl = data.indexOf('\n');
  let first = nl < 0 ? data : data.slice(0, nl);
  if (first.endsWith('\r')) first = first.slice(0, -1);
  if (data.length === 0) return { kind: 'success' };
  const sp = first.indexOf(' ');
  const word = sp < 0 ? first : first.slice(0, sp);
  if (word === 'SUCCESS') return { kind: 'success' };
  if (word !== 'FAILURE') throw new TestFileError(`bad header line: ${goQuote(first)}`);
  if (sp < 0) throw new TestFileError(`bad header line for FAILURE: ${goQuote(first)}`);
  const quoted = first.slice(sp + 1);
  const bytes = goUnquote(quoted);
  if (bytes === undefined) throw new TestFileError(`malformed pattern: not correctly quoted: ${quoted}: invalid syntax`);
  let pattern: string;
  try {
    pattern = new TextDecoder('utf-8', { ignoreBOM: true, fatal: true }).decode(bytes);
  } catch {
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    throw new TestFileError(`malformed pattern: not a valid regexp: ${text}: error parsing regexp: invalid UTF-8: \`${text}\``);
  }
  try {
    goRegexp(pattern);
  } catch (e) {
    if (e instanceof GoRegexpError) throw new TestFileError(`malformed pattern: not a valid regexp: ${pattern}: ${e.message}`);
    throw e;
  }
  return { kind: 'failure', pattern };
}

export function formatExpectation(e: Expectation): string {
  return e.kind === 'success' ? 'SUCCESS\n' : `FAILURE ${goQuote(e.pattern)}\n`;
}

/** Does an outcome (undefined: success; else the error text) meet the expectation? As Go's Expectation.Check. */
export function expectationMet(e: Expectation, errorText: string | undefined): boolean {
  if (e.kind === 'success') return errorText === undefined;
  return errorText !== undefined && goRegexp(e.pattern).test(errorText);
}

/** Parses a .test file with the checks of Go's testtrace.ParseFile (the trace text itself is not parsed here). */
export function parseTestFile(text: string): TestFile {
  const ar = parseTxtar(text);
  if (ar.files.length !== 2) throw new TestFileError('malformed test: wrong number of files');
  if (ar.files[0].name !== 'expect') throw new TestFileError(`malformed test: bad filename ${ar.files[0].name}`);
  if (ar.files[1].name !== 'trace') throw new TestFileError(`malformed test: bad filename ${ar.files[1].name}`);
  return { comment: ar.comment, expect: parseExpectation(ar.files[0].data), trace: ar.files[1].data };
}

export function formatTestFile(tf: TestFile): string {
  return formatTxtar(tf.comment, [
    { name: 'expect', data: formatExpectation(tf.expect) },
    { name: 'trace', data: tf.trace },
  ]);
}

/** Does the text look like a .test file (a txtar with an expect section) rather than a bare text trace? */
export function looksLikeTestFile(text: string): boolean {
  return parseTxtar(text).files.some((f) => f.name === 'expect');
}

// Metadata: `key: value` lines in the comment (keys are words, dots and dashes).
const META_LINE = /^([A-Za-z][\w.-]*): ?(.*)$/;

/** The `key: value` lines of a comment, in order (later duplicates win). */
export function parseMetadata(comment: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of comment.split('\n')) {
    const r = META_LINE.exec(line);
    if (r) m.set(r[1], r[2]);
  }
  return m;
}

/** A comment made of metadata lines (values must be single-line) and optional free text after them. */
export function formatMetadata(entries: Iterable<readonly [string, string]>, freeText = ''): string {
  let s = '';
  for (const [k, v] of entries) {
    if (!/^[A-Za-z][\w.-]*$/.test(k)) throw new RangeError(`bad metadata key ${JSON.stringify(k)}`);
    if (/[\r\n]/.test(v)) throw new RangeError(`metadata value for ${k} has a line break`);
    s += `${k}: ${v}\n`;
  }
  return s + fixNL(freeText);
}

// A txtar marker line (without its newline): `-- name --`.
function markerName(line: string): string | undefined {
  const m = markerAt(line + '\n', 0);
  return m?.name;
}

/** How far a stream is read to tell a .test file from a bare text trace. */
const SNIFF_LINES = 10_000;

/**
 * The trace lines of a text trace or .test file given line by line (lines
 * without their newlines), so a large file is never held whole. A .test
 * file (its first txtar marker comes before any `Trace` header line) is
 * checked as parseTestFile does — `expect` then `trace`, the expectation
 * valid, no third file — as its lines go by; `lineOffset` is the number of
 * the file's lines before the trace's first, for error messages.
 */
export function traceLinesOf(lines: Iterator<string>): { lines: Iterator<string>; isTestFile: boolean; lineOffset: number } {
  const seen: string[] = [];
  let marker: string | undefined;
  for (let r = lines.next(); !r.done; r = lines.next()) {
    seen.push(r.value);
    marker = markerName(r.value);
    if (marker !== undefined || /^\s*Trace\s/.test(r.value) || seen.length >= SNIFF_LINES) break;
  }
  if (marker === undefined) {
    // A bare text trace: the lines looked at, then the rest.
    let i = 0;
    return { isTestFile: false, lineOffset: 0, lines: { next: () => (i < seen.length ? { done: false, value: seen[i++] } : lines.next()) } };
  }
  if (marker !== 'expect') throw new TestFileError(`malformed test: bad filename ${marker}`);
  let lineOffset = seen.length;
  let expect = '';
  for (;;) {
    const r = lines.next();
    if (r.done) throw new TestFileError('malformed test: wrong number of files');
    lineOffset++;
    const name = markerName(r.value);
    if (name === undefined) { expect += r.value + '\n'; continue; }
    if (name !== 'trace') throw new TestFileError(`malformed test: bad filename ${name}`);
    break;
  }
  parseExpectation(expect);
  const trace: Iterator<string> = {
    next: () => {
      const r = lines.next();
      if (!r.done && markerName(r.value) !== undefined) throw new TestFileError('malformed test: wrong number of files');
      return r;
    },
  };
  return { isTestFile: true, lineOffset, lines: trace };
}
