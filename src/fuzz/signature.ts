// A failure signature says what failed and why, not how it was found: the
// property that failed and the cause of the failure (failureCause.ts — how
// the reader's outcome differs from the reference's, or the class of the
// property's explanation). The operators and trace versions that led there
// are listed inside a finding, not part of its signature, so one bug reached
// through many operators is one finding. Findings with equal signatures are
// duplicates.
import { errorClass } from './errorClass';
import { RecordedSignature, signatureIdOfKey } from '../corpus/caseMetadata';

export interface Signature {
  property: string;
  /** The cause class: `events lost before the error`, `crashes: CLASS`, `error changed: A → B`, … */
  cause: string;
  /** The operator of the case recorded with it (not part of the key). */
  operator: string;
  /** The trace version of the case recorded with it (not part of the key). */
  version: string;
}

export function makeSignature(property: string, cause: string | null, operator: string, version: string): Signature {
  return { property, cause: errorClass(cause), operator: operator || 'none', version };
}

/** The canonical one-line form, e.g. `P1|events lost before the error`. */
export function signatureKey(sig: Pick<Signature, 'property' | 'cause'>): string {
  return [sig.property, sig.cause].map((p) => p.replace(/[|\n]/g, ' ')).join('|');
}

/** A short stable id of the signature, used in file names and the `signature:` metadata line. */
export function signatureId(sig: Pick<Signature, 'property' | 'cause'> | string): string {
  return signatureIdOfKey(typeof sig === 'string' ? sig : signatureKey(sig));
}

/** The signature as a corpus case records it. */
export function recordedSignature(sig: Signature): RecordedSignature {
  return { id: signatureId(sig), key: signatureKey(sig), property: sig.property, operator: sig.operator, version: sig.version };
}

/**
 * Parses a key back to its property and cause: `PROPERTY|CAUSE`, or the
 * older `PROPERTY|OPERATOR|VERSION|ERROR CLASS` of cases saved before causes
 * (its error class is the cause). Null without a `|`.
 */
export function parseSignatureKey(key: string): Pick<Signature, 'property' | 'cause'> | null {
  const parts = key.split('|');
  if (parts.length < 2) return null;
  if (parts.length >= 4 && /^(go1\.\d+|none|unknown|any)$/.test(parts[2])) return { property: parts[0], cause: parts.slice(3).join('|') };
  return { property: parts[0], cause: parts.slice(1).join('|') };
}
