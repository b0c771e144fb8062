// A reproducer in the forms Go's own tooling takes, so a maintainer can drop
// it into Go's tree as it is:
// - a test case for internal/trace/testdata/tests (txtar: `expect`, `trace`
//   in the text format), when the trace has a text form;
// - a corpus entry of the reader's fuzz test, testdata/fuzz/FuzzReader/NAME:
//   `go test fuzz v1` and the bytes as `[]byte("…")` (Go's %q quoting), NAME
//   being the first 16 hex digits of the file's sha256, as Go's fuzzer names
//   the entries it writes; `go test -run=FuzzReader/NAME` replays it;
// - the bytes as a Go []byte literal, for a unit test.
import { createHash } from 'node:crypto';
import { goQuoteBytes } from '../trace/goQuote';
import { formatCase } from '../corpus/corpusCase';
import { caseFromTrace, CaseFormatError } from '../corpus/corpusCase';
import { CaseMetadata } from '../corpus/caseMetadata';
import type { Expectation } from '../corpus/expectation';

/** Where Go keeps the corpus of internal/trace's FuzzReader, relative to the package. */
export const FUZZ_READER_DIR = 'testdata/fuzz/FuzzReader';

/** The bytes as Go source: `[]byte("go 1.22 trace\x00…")`. */
export function goBytesLiteral(trace: Uint8Array): string {
  return `[]byte(${goQuoteBytes(trace)})`;
}

/** A `go test fuzz v1` corpus file holding the trace, and the name Go's fuzzer would give it. */
export function fuzzCorpusFile(trace: Uint8Array): { name: string; content: string } {
  const content = `go test fuzz v1\n${goBytesLiteral(trace)}\n`;
  return { name: createHash('sha256').update(content).digest('hex').slice(0, 16), content };
}

/** The Go test case (with tracefuzz's metadata in its comment), or null when the trace has no text form. */
export function goTestFile(trace: Uint8Array, expect: Expectation, meta: CaseMetadata): string | null {
  try {
    return formatCase(caseFromTrace(trace, meta, expect));
  } catch (e) {
    if (e instanceof CaseFormatError) return null;
    throw e;
  }
}
