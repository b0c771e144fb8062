// One corpus case: a Go-compatible `.test` file (txtar with exactly the files
// `expect` and `trace`, the trace in Go's text format) whose txtar comment
// carries tracefuzz's metadata. The same file drops into Go's own
// internal/trace/testdata/tests.
import { CaseMetadata, formatMetadata, parseMetadata } from './caseMetadata';
import { Expectation, formatExpectation, parseExpectation } from './expectation';
import { traceFromText, traceToText } from './traceText';

export interface CorpusCase {
  /** Where it was loaded from or saved to. */
  path: string | null;
  meta: CaseMetadata;
  expect: Expectation;
  /** The trace in Go's text format. */
  traceText: string;
}

export class CaseFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CaseFormatError';
  }
}

interface TxtarFile { name: string; lines: string[] }

/** Splits txtar text into its comment and files (golang.org/x/tools/txtar rules). */
function parseTxtar(text: string): { comment: string; files: { name: string; data: string }[] } {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const comment: string[] = [];
  const files: TxtarFile[] = [];
  for (const line of lines) {
    const m = /^-- (.*) --\r?$/.exec(line);
    if (m && m[1].trim() !== '') {
      files.push({ name: m[1].trim(), lines: [] });
      continue;
    }
    (files.length ? files[files.length - 1].lines : comment).push(line);
  }
  const join = (ls: string[]) => (ls.length ? ls.join('\n') + '\n' : '');
  return { comment: join(comment), files: files.map((f) => ({ name: f.name, data: join(f.lines) })) };
}

/** Parses a `.test` file as Go's testtrace.ParseFile requires it: two files, `expect` then `trace`. */
export function parseCase(text: string, path: string | null = null): CorpusCase {
  const { comment, files } = parseTxtar(text);
  if (files.length !== 2) throw new CaseFormatError('malformed test: wrong number of files');
  if (files[0].name !== 'expect') throw new CaseFormatError(`malformed test: bad filename ${files[0].name}`);
  if (files[1].name !== 'trace') throw new CaseFormatError(`malformed test: bad filename ${files[1].name}`);
  let expect: Expectation;
  try {
    expect = parseExpectation(files[0].data);
  } catch (err) {
    throw new CaseFormatError(`bad expectation: ${(err as Error).message}`);
  }
  return { path, meta: parseMetadata(comment), expect, traceText: files[1].data };
}

export function formatCase(c: CorpusCase): string {
  const trace = c.traceText.endsWith('\n') || c.traceText === '' ? c.traceText : c.traceText + '\n';
  return `${formatMetadata(c.meta)}-- expect --\n${formatExpectation(c.expect)}-- trace --\n${trace}`;
}

/** The case's trace as wire bytes. Throws CaseFormatError when the text format is bad. */
export function caseTrace(c: CorpusCase): Uint8Array {
  try {
    return traceFromText(c.traceText);
  } catch (err) {
    throw new CaseFormatError(`bad trace file: ${(err as Error).message}`);
  }
}

/** A case from wire bytes; throws CaseFormatError when the bytes have no text form. */
export function caseFromTrace(trace: Uint8Array, meta: CaseMetadata, expect: Expectation): CorpusCase {
  let traceText: string;
  try {
    traceText = traceToText(trace);
  } catch (err) {
    throw new CaseFormatError(`the trace has no text form: ${(err as Error).message}`);
  }
  return { path: null, meta, expect, traceText };
}

/** Size used to pick the smallest of duplicate cases: wire bytes, then text length. */
export function caseSize(c: CorpusCase): number {
  try {
    return caseTrace(c).length;
  } catch {
    return Number.MAX_SAFE_INTEGER;
  }
}
