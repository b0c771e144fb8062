// The metadata of a corpus case lives in the txtar comment of its `.test`
// file as `key: value` lines, so the file stays a valid Go test case (Go's
// loader ignores the comment) while tracefuzz can tell what the case shows.
import { createHash } from 'node:crypto';

/**
 * A failure signature as a case records it (fuzz/signature.ts makes them):
 * its short id (the `signature:` line, the corpus's index, part of file
 * names), its canonical key, and the fields it names.
 */
export interface RecordedSignature {
  id: string;
  key: string;
  property: string;
  operator: string;
  version: string;
}

/** The short id of a signature key. */
export function signatureIdOfKey(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 12);
}

export interface CaseMetadata {
  /** Short id of the failure signature (see signature.ts). */
  signature: string;
  /** The full signature, `property|operator|version|error class`. */
  signatureKey?: string;
  property?: string;
  operator?: string;
  seed?: string;
  /** The reader the failure was found with. */
  reader?: string;
  /** Trace version, e.g. `go1.22`. */
  version?: string;
  /** ISO date of the finding. */
  date?: string;
  /**
   * Events the reference reader emits before its error (or in all, when the
   * trace reads cleanly). Go's loader ignores it; replay checks it when present,
   * which is what makes a spill case (P1) fail against a reader that loses a
   * valid generation but still reports the right error.
   */
  events?: number;
  /** Anything else found in the comment, kept as it was. */
  extra: Record<string, string>;
  /** `note:` lines and free text lines of the comment (written back as `note:` lines). */
  notes: string[];
}

const KNOWN = ['signature', 'signature-key', 'property', 'operator', 'seed', 'reader', 'version', 'date', 'events', 'note'] as const;
// A key, a colon, then a space or the end of the line: `reader: mutant:x` is a
// key line, `mutant:x disagrees…` is not.
const KEY_LINE = /^([A-Za-z][\w.-]*):(?: (.*))?$/;

export function parseMetadata(comment: string): CaseMetadata {
  const meta: CaseMetadata = { signature: '', extra: {}, notes: [] };
  for (const raw of comment.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') continue;
    const m = KEY_LINE.exec(line);
    if (!m) { meta.notes.push(line); continue; }
    const key = m[1].toLowerCase();
    const value = (m[2] ?? '').trim();
    switch (key) {
      case 'note': meta.notes.push(value); break;
      case 'signature': meta.signature = value; break;
      case 'signature-key': meta.signatureKey = value; break;
      case 'property': meta.property = value; break;
      case 'operator': meta.operator = value; break;
      case 'seed': meta.seed = value; break;
      case 'reader': meta.reader = value; break;
      case 'version': meta.version = value; break;
      case 'date': meta.date = value; break;
      case 'events': {
        const n = Number(value);
        if (Number.isSafeInteger(n) && n >= 0) meta.events = n;
        else meta.extra[key] = value;
        break;
      }
      default: meta.extra[key] = value;
    }
  }
  return meta;
}

export function formatMetadata(meta: CaseMetadata): string {
  const lines: string[] = [];
  const put = (k: string, v: string | number | undefined) => {
    if (v === undefined || v === '') return;
    lines.push(`${k}: ${String(v).replace(/\n/g, ' ')}`);
  };
  put('signature', meta.signature);
  put('signature-key', meta.signatureKey);
  put('property', meta.property);
  put('operator', meta.operator);
  put('seed', meta.seed);
  put('reader', meta.reader);
  put('version', meta.version);
  put('date', meta.date);
  put('events', meta.events);
  for (const [k, v] of Object.entries(meta.extra)) {
    if (!(KNOWN as readonly string[]).includes(k)) put(k, v);
  }
  for (const n of meta.notes) put('note', n);
  return lines.length ? lines.join('\n') + '\n' : '';
}
