// Entries of a Go fuzz corpus for internal/trace's FuzzReader (one []byte
// argument): `go test fuzz v1`, then the bytes as `[]byte("…")` quoted as Go's
// %q quotes them, in a file named by the first 16 hex digits of the file's
// sha256, as Go's fuzzer names what it writes. Go's fuzzer starts from such a
// directory (testdata/fuzz/FuzzReader, or its cache), and
// `go test -run=FuzzReader/NAME` replays one entry.
import { createHash } from 'node:crypto';
import { goQuoteBytes, goUnquoteAt } from '../trace/goQuote';

export const FUZZ_FILE_HEADER = 'go test fuzz v1';

/** The bytes as Go source: `[]byte("go 1.22 trace\x00…")`. */
export function goBytesLiteral(trace: Uint8Array): string {
  return `[]byte(${goQuoteBytes(trace)})`;
}

/** A `go test fuzz v1` corpus file holding the trace, and the name Go's fuzzer would give it. */
export function fuzzCorpusFile(trace: Uint8Array): { name: string; content: string } {
  const content = `${FUZZ_FILE_HEADER}\n${goBytesLiteral(trace)}\n`;
  return { name: createHash('sha256').update(content).digest('hex').slice(0, 16), content };
}

export function isFuzzCorpusFile(text: string): boolean {
  return text.startsWith(`${FUZZ_FILE_HEADER}\n`);
}

/**
 * The bytes of a one-argument `[]byte` corpus entry (what FuzzReader takes);
 * null when the file holds anything else (other types, several values, bad quoting).
 */
export function parseFuzzCorpusFile(text: string): Uint8Array | null {
  if (!isFuzzCorpusFile(text)) return null;
  const lines = text.slice(FUZZ_FILE_HEADER.length + 1).split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('//'));
  if (lines.length !== 1) return null;
  const m = /^\[\]byte\(/.exec(lines[0]);
  if (!m) return null;
  const q = goUnquoteAt(lines[0], m[0].length);
  if (!q || lines[0].slice(q.end) !== ')') return null;
  return q.bytes;
}
