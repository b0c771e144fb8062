// The "error class" of a failure: its error text with the parts that vary
// from case to case (numbers, IDs, sizes, offsets) replaced, so that two cases
// failing for the same reason deduplicate to one signature.
import type { Outcome } from '../readers/traceReader';

const MAX_CLASS_LENGTH = 240;

export function errorClass(text: string | null | undefined): string {
  if (text === null || text === undefined || text.trim() === '') return 'no error';
  let s = text.split('\n')[0];
  s = s.replace(/0x[0-9a-fA-F]+/g, 'N');
  s = s.replace(/-?\d+(\.\d+)?/g, 'N');
  s = s.replace(/\s+/g, ' ').trim();
  return s.length > MAX_CLASS_LENGTH ? s.slice(0, MAX_CLASS_LENGTH) : s;
}

/** An outcome's kind with its error class: `ok`, `timeout`, `error: CLASS` or `crash: CLASS`. */
export function outcomeClass(o: Pick<Outcome, 'kind' | 'error'>): string {
  return o.kind === 'ok' || o.kind === 'timeout' ? o.kind : `${o.kind}: ${errorClass(o.error)}`;
}
