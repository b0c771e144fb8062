// The `expect` file of a corpus case, as Go's test loader reads it: `SUCCESS`,
// or `FAILURE "<Go-quoted regexp>"` matched (unanchored, like Go's
// MatchString) against the reader's error text. Corpus cases written by
// tracefuzz expect the reference outcome: the first line of the reference
// reader's error, matched exactly from the start.
import { goQuote, goUnquote } from '../trace/goQuote';

export type Expectation = { kind: 'success' } | { kind: 'failure'; pattern: string };

/** What a reader did, as far as an expectation cares (a subset of the harness's Outcome). */
export interface OutcomeLike {
  kind: 'ok' | 'error' | 'crash' | 'timeout';
  error: string | null;
  events: readonly string[];
  eventsBeforeError: number;
}

export class ExpectationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExpectationError';
  }
}

export function formatExpectation(e: Expectation): string {
  return e.kind === 'success' ? 'SUCCESS\n' : `FAILURE ${goQuote(e.pattern)}\n`;
}

/** Parses the first line of an `expect` file the way Go's testtrace.ParseExpectation does. */
export function parseExpectation(text: string): Expectation {
  const line = text.split('\n')[0].replace(/\r$/, '');
  const sp = line.indexOf(' ');
  const head = sp < 0 ? line : line.slice(0, sp);
  if (head === 'SUCCESS') return { kind: 'success' };
  if (head !== 'FAILURE') throw new ExpectationError(`bad header line: ${goQuote(line)}`);
  if (sp < 0) throw new ExpectationError(`bad header line for FAILURE: ${goQuote(line)}`);
  const quoted = line.slice(sp + 1);
  const bytes = goUnquote(quoted);
  if (!bytes) throw new ExpectationError(`malformed pattern: not correctly quoted: ${quoted}`);
  const pattern = new TextDecoder().decode(bytes);
  compileGoRegexp(pattern); // reject what cannot be matched, now rather than at replay
  return { kind: 'failure', pattern };
}

/** Go's regexp.QuoteMeta. */
export function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, (c) => '\\' + c);
}

/** The expectation a reference outcome sets: success, or its error's first line from the start. */
export function expectationFor(outcome: OutcomeLike): Expectation {
  if (outcome.kind === 'ok') return { kind: 'success' };
  const first = (outcome.error ?? '').split('\n')[0];
  return { kind: 'failure', pattern: '^' + quoteMeta(first) };
}

/**
 * Go's RE2 syntax and JavaScript's agree on what tracefuzz and Go's own cases
 * use (literals, classes, anchors, repetition). Go's leading flag groups
 * `(?i)`, `(?s)`, `(?m)`, `(?U)` are turned into JS flags (U has none and is
 * refused); `\z` becomes `$` without the m flag; `\A` becomes `^`.
 */
export function compileGoRegexp(pattern: string): RegExp {
  let p = pattern;
  let flags = '';
  for (;;) {
    const m = /^\(\?([imsU]+)\)/.exec(p);
    if (!m) break;
    for (const f of m[1]) {
      if (f === 'U') throw new ExpectationError(`malformed pattern: the (?U) flag has no JavaScript equivalent: ${pattern}`);
      if (!flags.includes(f)) flags += f;
    }
    p = p.slice(m[0].length);
  }
  p = p.replace(/\\A/g, '^');
  if (!flags.includes('m')) p = p.replace(/\\z/g, '$');
  try {
    return new RegExp(p, flags + 'u');
  } catch {
    try {
      return new RegExp(p, flags);
    } catch (err) {
      throw new ExpectationError(`malformed pattern: not a valid regexp: ${pattern}: ${(err as Error).message}`);
    }
  }
}

/**
 * Checks an outcome against an expectation (and, when the case records it, the
 * number of events before the error or in all). Returns null when it holds,
 * else a one-line description of the mismatch.
 */
export function checkExpectation(e: Expectation, outcome: OutcomeLike, events?: number): string | null {
  if (outcome.kind === 'crash' || outcome.kind === 'timeout') {
    return `reader ${outcome.kind === 'crash' ? 'crashed' : 'timed out'}${outcome.error ? `: ${firstLine(outcome.error)}` : ''}`;
  }
  if (e.kind === 'success' && outcome.kind === 'error') return `unexpected error: ${firstLine(outcome.error ?? '')}`;
  if (e.kind === 'failure') {
    if (outcome.kind === 'ok') return `expected an error matching ${goQuote(e.pattern)}, got none`;
    const text = outcome.error ?? '';
    if (!compileGoRegexp(e.pattern).test(text)) return `error ${goQuote(firstLine(text))} does not match ${goQuote(e.pattern)}`;
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
