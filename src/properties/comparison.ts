// How a property decides that two outcomes, or two stream prefixes, are the
// same. The TS reader and its mutants are held to exact text: every event
// field for field, Syncs where go1.25+ puts them. Readers of other Go releases
// print events differently, place Sync differently (go1.22/1.23 close each
// generation with one) and order same-time ties by map order, so they are
// compared on the normalized form of ../normalize.ts.
import type { Outcome } from '../readers/traceReader';
import { detectSyncStyle, diffOutcomes, normalizeEvent, normalizeOutcome } from './normalize';
import { firstDifference, generationPrefixLength, startsWith } from './stream';

export interface OutcomeComparison {
  readonly name: 'exact' | 'cross-release';
  /** Events keep their exact times and Sync places, so the valid stream up to a fault's instant is known. */
  readonly knowsInstants: boolean;
  /** Same kind, error and events. */
  sameOutcome(a: Outcome, b: Outcome): boolean;
  /** Number of leading events of the (clean) stream on a valid trace that make up generations 1..k-1. */
  generationPrefixLength(valid: readonly string[], k: number): number;
  /** Whether `events` starts with the first `n` events of `valid`. */
  startsWithPrefix(events: readonly string[], valid: readonly string[], n: number): boolean;
}

export const EXACT_TEXT: OutcomeComparison = {
  name: 'exact',
  knowsInstants: true,
  sameOutcome: (a, b) => a.kind === b.kind && a.error === b.error && firstDifference(a.events, b.events) < 0,
  generationPrefixLength: (valid, k) => generationPrefixLength(valid, k, 'counted'),
  startsWithPrefix: (events, valid, n) => startsWith(events, valid.slice(0, n)),
};

const asClean = (events: string[]): Outcome => ({ kind: 'ok', events, error: null, eventsBeforeError: events.length });

export const CROSS_RELEASE: OutcomeComparison = {
  name: 'cross-release',
  knowsInstants: false,
  sameOutcome: (a, b) => diffOutcomes(normalizeOutcome(a), normalizeOutcome(b)) === null,
  generationPrefixLength: (valid, k) => generationPrefixLength(valid, k, detectSyncStyle(valid.slice(0, 1).map(normalizeEvent)) ?? 'counted'),
  // Compared as two clean streams of n events, so that ties and Sync styles are aligned as for whole outcomes.
  startsWithPrefix: (events, valid, n) => events.length >= n && CROSS_RELEASE.sameOutcome(asClean(valid.slice(0, n)), asClean(events.slice(0, n))),
};
