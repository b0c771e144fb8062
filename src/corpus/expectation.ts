// The `expect` file of a corpus case, as Go's test loader reads it: `SUCCESS`,
// or `FAILURE "<Go-quoted regexp>"` matched (unanchored, like Go's
// MatchString) against the reader's error text. Corpus cases written by
// tracefuzz expect the reference outcome: the first line of the reference
// reader's error, matched exactly from the start. Parsing, formatting and
// Go-regexp matching are testFile.ts's; this file adds what the corpus needs.
import { goQuote } from '../trace/goQuote';
import { goRegexp } from '../trace/goRegexp';
import { Expectation } from '../trace/testFile';
import type { Outcome } from '../readers/traceReader';

export type { Expectation } from '../trace/testFile';
export { formatExpectation, parseExpectation } from '../trace/testFile';


/** Go's regexp.QuoteMeta. */
function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, (c) => '\\' + c);
}

/** The expectation a reference outcome sets: success, or its error's first line from the start. */
export function expectationFor(outcome: Outcome): Expectation {
  if (outcome.kind === 'ok') return { kind: 'success' };
  // A reference that crashed or hung has no outcome a case could expect.
  if (outcome.kind !== 'error') throw new Error(`a reader ${outcome.kind === 'crash' ? 'crash' : 'timeout'} sets no expectation`);
  const first = (outcome.error ?? '').split('\n')[0];
  return { kind: 'failure', pattern: '^' + quoteMeta(first) };
}

/**
 * Checks an outcome against an expectation (and, when the case records it, the
 * number of events before the error or in all). Returns null when it holds,
 * else a one-line description of the mismatch.
 */
export function checkExpectation(e: Expectation, outcome: Outcome, events?: number): string | null {
  if (outcome.kind === 'crash' || outcome.kind === 'timeout') {
    return `reader ${outcome.kind === 'crash' ? 'crashed' : 'timed out'}${outcome.error ? `: ${firstLine(outcome.error)}` : ''}`;
  }
  if (e.kind === 'success' && outcome.kind === 'error') return `unexpected error: ${firstLine(outcome.error ?? '')}`;
  if (e.kind === 'failure') {
    if (outcome.kind === 'ok') return `expected an error matching ${goQuote(e.pattern)}, got none`;
    const text = outcome.error ?? '';
    if (!goRegexp(e.pattern).test(text)) return `error ${goQuote(firstLine(text))} does not match ${goQuote(e.pattern)}`;
  }
  if (events !== undefined) {
    const got = outcome.kind === 'ok' ? outcome.events.length : outcome.eventsBeforeError;
    if (got !== events) return `${outcome.kind === 'ok' ? 'events' : 'events before the error'}: expected ${events}, got ${got}`;
  }
  return null;
}

function firstLine(s: string): string {
  return s.split('\n')[0];
}
