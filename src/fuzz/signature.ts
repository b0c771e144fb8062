// A failure signature says what failed, not how it was found: the property that
// failed, the class of the error, the corruption operator that led there and
// the trace version. Findings with equal signatures are duplicates.
import { errorClass } from './errorClass';
import { RecordedSignature, signatureIdOfKey } from '../corpus/caseMetadata';

export interface Signature {
  property: string;
  errorClass: string;
  operator: string;
  version: string;
}

export function makeSignature(property: string, errorText: string | null, operator: string, version: string): Signature {
  return { property, errorClass: errorClass(errorText), operator: operator || 'none', version };
}

/** The canonical one-line form, e.g. `P1|truncate-batch|go1.22|failed to read full batch: read N but wanted N`. */
export function signatureKey(sig: Signature): string {
  return [sig.property, sig.operator, sig.version, sig.errorClass].map((p) => p.replace(/[|\n]/g, ' ')).join('|');
}

/** A short stable id of the signature, used in file names and the `signature:` metadata line. */
export function signatureId(sig: Signature | string): string {
  return signatureIdOfKey(typeof sig === 'string' ? sig : signatureKey(sig));
}

/** The signature as a corpus case records it. */
export function recordedSignature(sig: Signature): RecordedSignature {
  return { id: signatureId(sig), key: signatureKey(sig), property: sig.property, operator: sig.operator, version: sig.version };
}

/** Parses the canonical form back; null when it does not have four parts. */
export function parseSignatureKey(key: string): Signature | null {
  const parts = key.split('|');
  if (parts.length < 4) return null;
  const [property, operator, version, ...rest] = parts;
  return { property, operator, version, errorClass: rest.join('|') };
}
