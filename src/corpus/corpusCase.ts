// One corpus case: a Go-compatible `.test` file (txtar with exactly the files
// `expect` and `trace`, the trace in Go's text format) whose txtar comment
// carries tracefuzz's metadata. The same file drops into Go's own
// internal/trace/testdata/tests.
import { CaseMetadata, formatMetadata, parseMetadata } from './caseMetadata';
import { Expectation } from './expectation';
import { formatTestFile, parseTestFile } from '../trace/testFile';
import { traceFromText, traceToText } from './traceText';

export interface CorpusCase {
  /** Where it was loaded from or saved to. */
  path: string | null;
  meta: CaseMetadata;
  expect: Expectation;
  /** The trace in Go's text format ('' for a raw case). */
  traceText: string;
  /** The trace bytes of a raw case: one whose trace has no text form (see rawCase.ts). */
  raw?: Uint8Array;
  /** The `.test` file's bytes as read from disk, kept so that copying the case changes none of them. */
  source?: Uint8Array;
}

export class CaseFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CaseFormatError';
  }
}

/** Parses a `.test` file as Go's testtrace.ParseFile requires it: two files, `expect` then `trace`. */
export function parseCase(text: string, path: string | null = null): CorpusCase {
  let tf;
  try {
    tf = parseTestFile(text);
  } catch (err) {
    throw new CaseFormatError((err as Error).message);
  }
  return { path, meta: parseMetadata(tf.comment), expect: tf.expect, traceText: tf.trace };
}

export function formatCase(c: CorpusCase): string {
  return formatTestFile({ comment: formatMetadata(c.meta), expect: c.expect, trace: c.traceText });
}

/** The case's trace as wire bytes. Throws CaseFormatError when the text format is bad. */
export function caseTrace(c: CorpusCase): Uint8Array {
  if (c.raw) return c.raw;
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
