// Named, expected deviations from the strict invariants. A reader showing one
// of these is reported as a finding of that reader, not as a property failure;
// a reader expected to show it and no longer doing so is a failure (the
// behaviour changed and the documentation must follow).
import { FAIL_FAST_DEVIATION, Deviation } from '../../arbitraries/corruption/operator';

export interface KnownDeviation {
  name: Deviation;
  properties: readonly ('P1' | 'P2')[];
  description: string;
  /** Readers known to show it (Go-compatible ones). */
  shownBy: readonly string[];
}

export const KNOWN_DEVIATIONS: readonly KnownDeviation[] = [
  {
    name: FAIL_FAST_DEVIATION,
    properties: ['P1', 'P2'],
    description:
      'Before go1.26, when the batch right after a complete generation has generation number 0 or an out-of-order number, ' +
      "Go's reader fails at once: the complete generation is never emitted (P1) and an error in it is hidden (P2). " +
      'Errors reading that batch are deferred (the #55160 fix); bad generation numbers are not.',
    shownBy: ['go', 'ts'],
  },
];

export { FAIL_FAST_DEVIATION };
export type { Deviation };
