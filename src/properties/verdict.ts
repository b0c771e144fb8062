// What a property check returns: pass, fail with a message that explains the
// failure, pass-with-finding when a reader shows a documented deviation, or
// pass-skipped when the property does not apply to this reader on this case.
import type { Deviation } from '../../arbitraries/corruption/operator';

export type PropertyName = 'P1' | 'P2' | 'P3' | 'P4' | 'P5' | 'P6' | 'P7';

export type Verdict =
  | { pass: true; finding?: Deviation; note?: string; skipped?: string }
  | { pass: false; property: PropertyName; message: string };

export const PASS: Verdict = { pass: true };

export function skipped(reason: string): Verdict {
  return { pass: true, skipped: reason };
}

export function fail(property: PropertyName, message: string): Verdict {
  return { pass: false, property, message };
}

/** Thrown by `expectPass` so fast-check reports the message with the seed and path. */
export class PropertyFailure extends Error {
  constructor(
    readonly property: PropertyName,
    message: string,
  ) {
    super(`${property} failed\n${message}`);
    this.name = 'PropertyFailure';
  }
}

export function expectPass(v: Verdict): void {
  if (!v.pass) throw new PropertyFailure(v.property, v.message);
}
