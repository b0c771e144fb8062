// How a property decides that two outcomes, or two stream prefixes, are the
// same. The TS reader and its mutants are held to exact text: every event
// field for field, Syncs where go1.25+ puts them, errors word for word.
// Readers built from Go's source (any release, x/exp, a working tree) and
// readers of unknown make (`cmd:`) print events differently from release to
// release, place Sync differently (go1.22/1.23 close each generation with one,
// early x/exp emits none) and order same-time ties by map order, so they are
// compared on the normalized form of ../normalize.ts — the one normalization
// the fuzz campaign and the report share.
import type { Outcome, TraceReader } from '../readers/traceReader';
import { diffOutcomes, normalizeOutcome, SyncStyle } from './normalize';
import { firstDifference, startsWith } from './stream';

/** What each reader's streams show of its Sync style, for outcomes too short to tell (normalize.ts). */
export interface StyleHints {
  a: SyncStyle | null;
  b: SyncStyle | null;
}

export interface OutcomeComparison {
  readonly name: 'exact' | 'cross-release';
  /** Events keep their exact times and Sync places, and errors their exact words. */
  readonly exact: boolean;
  /** Same kind, error and events. */
  sameOutcome(a: Outcome, b: Outcome): boolean;
  /**
   * Same kind and events, whatever the error says: how a reader is compared
   * with another release's (P7), whose errors are worded differently — the
   * report likewise calls a different error text a changed outcome, not a
   * failed property.
   */
  sameRead(a: Outcome, b: Outcome, styles?: StyleHints): boolean;
  /** Whether `events` starts with `prefix` (a stream of whole generations). */
  startsWithPrefix(events: readonly string[], prefix: readonly string[]): boolean;
}

export const EXACT_TEXT: OutcomeComparison = {
  name: 'exact',
  exact: true,
  sameOutcome: (a, b) => a.kind === b.kind && a.error === b.error && firstDifference(a.events, b.events) < 0,
  sameRead: (a, b) => EXACT_TEXT.sameOutcome(a, b),
  startsWithPrefix: (events, prefix) => startsWith(events, prefix),
};

const asClean = (events: readonly string[]): Outcome => ({ kind: 'ok', events: [...events], error: null, eventsBeforeError: events.length });

export const CROSS_RELEASE: OutcomeComparison = {
  name: 'cross-release',
  exact: false,
  sameOutcome: (a, b) => diffOutcomes(normalizeOutcome(a), normalizeOutcome(b)) === null,
  sameRead: (a, b, styles) => {
    const d = diffOutcomes(normalizeOutcome(a, styles?.a ?? null), normalizeOutcome(b, styles?.b ?? null));
    return d === null || d.what === 'error';
  },
  // Compared as two clean streams of the prefix's length, so that ties and Sync styles are aligned as for whole outcomes.
  startsWithPrefix: (events, prefix) => events.length >= prefix.length && CROSS_RELEASE.sameOutcome(asClean(prefix), asClean(events.slice(0, prefix.length))),
};

/** The comparison a reader is held to: exact text for the TS reader's lineage, normalized for any other. */
export function comparisonFor(reader: Pick<TraceReader, 'lineage'>): OutcomeComparison {
  return reader.lineage === 'ts' ? EXACT_TEXT : CROSS_RELEASE;
}
