// Findings are grouped by cause: how the reader's outcome differs from the
// reference's, not the operator that led there. One mutant's bug, reached
// through many operators and versions, is one finding; the sentence for people
// says what changed with the case's numbers.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeChange, messageCause, outcomeCause } from '../../src/fuzz/failureCause';
import { runCampaign } from '../../src/fuzz/campaign';
import { FindingSink } from '../../src/fuzz/findingSink';
import { CorpusStore } from '../../src/corpus/corpusStore';
import { openReader } from '../../src/readers/readerSpecs';
import { PROPERTIES } from '../../src/properties/propertySuite';
import { SMALL_KNOBS } from '../../arbitraries/trace';
import type { Outcome } from '../../src/readers/traceReader';
import { plural } from '../../src/properties/plural';

const sync = (n: number, t = n) => `M=-1 P=-1 G=-1 Sync Time=${t} N=${n}`;
const ev = (t: number) => `M=0 P=0 G=1 StateTransition Time=${t} GoID=1 Runnable->Running Reason=""`;
const err = (events: string[], error: string): Outcome => ({ kind: 'error', events, error, eventsBeforeError: events.length });
const ok = (events: string[]): Outcome => ({ kind: 'ok', events, error: null, eventsBeforeError: events.length });

test('plural: 1 event, 2 events, 0 failures, 1 property, 3 properties', () => {
  expect(plural(1, 'event')).toBe('1 event');
  expect(plural(2, 'event')).toBe('2 events');
  expect(plural(0, 'failure')).toBe('0 failures');
  expect(plural(1, 'property')).toBe('1 property');
  expect(plural(3, 'property')).toBe('3 properties');
  expect(plural(2, 'case')).toBe('2 cases');
  expect(plural(12345, 'run', (n) => `${(n / 1000).toFixed(1)}k`)).toBe('12.3k runs');
});

test('causes name the kind of difference, not the values of one case', () => {
  const ref = err([sync(1), ev(3), ev(4), sync(2, 5), ev(6)], 'failed to read full batch: read 3 but wanted 50');
  // Fewer events before the same error, or before another one: events lost.
  expect(outcomeCause(ref, err([sync(1)], 'failed to read full batch: read 9 but wanted 12'))).toBe('events lost before the error');
  expect(outcomeCause(ref, err([sync(1), ev(3)], 'invalid batch size 70000, maximum is 65536'))).toBe('events lost before the error');
  // A Sync in another place with fewer events after it is a lost generation too.
  expect(outcomeCause(ref, err([sync(1), ev(3), ev(4), sync(2, 9)], 'x'))).toBe('events lost before the error');
  expect(outcomeCause(ref, err([...ref.events, ev(7)], 'other'))).toBe("events past the reference's error");
  expect(outcomeCause(ref, err(ref.events, 'short batch: read 3 but wanted 50'))).toBe('another error in place of: failed to read full batch: read N but wanted N');
  expect(outcomeCause(ref, ok(ref.events))).toBe('no error where the reference reports one');
  expect(outcomeCause(ok([sync(1), ev(2), sync(2, 3)]), ok([sync(1), ev(2)]))).toBe('events lost at the end');
  expect(outcomeCause(ref, { kind: 'crash', events: [], error: 'panic: runtime error: index out of range [5] with length 3', eventsBeforeError: 0 })).toBe('crashes: panic: runtime error: index out of range [N] with length N');
  expect(outcomeCause(ref, { kind: 'timeout', events: [], error: null, eventsBeforeError: 0 })).toBe('hangs');
  expect(outcomeCause(ref, ref)).toBeNull();
  expect(messageCause('P5 failed\nreader: ts\ncase: x\nreading in chunks of 7 bytes differs: ok after 3 event(s) vs error')).toBe('reading in chunks of N bytes differs');
  expect(messageCause('P6 failed\nreader: m\ncase: valid trace\na clean stream must end with Sync; last event: M=1')).toBe('a clean stream must end with Sync');
});

test('the sentence says what changed, with this case\'s numbers', () => {
  const base = err([sync(1), ev(3)], 'error reading batch gen: EOF');
  expect(describeChange(base, err([sync(1)], 'error reading batch gen: EOF'))).toBe('generation 1 lost: 1 event instead of 2 before the error');
  expect(describeChange(err([sync(1), ev(3), sync(2, 5), ev(6), ev(7)], 'e'), err([sync(1), ev(3), sync(2, 5)], 'e'))).toBe('generation 2 lost: 3 events instead of 5 before the error');
  expect(describeChange(err([sync(1), ev(3), sync(2, 5), ev(6), ev(7)], 'e'), err([sync(1), ev(3), sync(2, 5), ev(6)], 'f')))
    .toBe('generation 2 cut short: 4 events instead of 5 before the error, and the error changed from "e" to "f"');
  expect(describeChange(base, err(base.events, 'unexpected EOF'))).toBe('error changed from "error reading batch gen: EOF" to "unexpected EOF"');
  expect(describeChange(base, { kind: 'crash', events: [], error: 'panic: runtime error: slice bounds out of range', eventsBeforeError: 0 }))
    .toBe('panics where the baseline returned an error ("error reading batch gen: EOF"): "panic: runtime error: slice bounds out of range"');
  expect(describeChange(ok([sync(1), ev(3), sync(2, 4)]), ok([sync(1), ev(3)]))).toBe('the last Sync lost: 2 events instead of 3');
  expect(describeChange(base, ok([sync(1), ev(3), sync(2, 4)]))).toBe('reads the trace cleanly (3 events) where the baseline reports "error reading batch gen: EOF" after 2 events');
  expect(describeChange(base, base)).toBeNull();
});

test("one mutant's bug is one finding: pre-fix-spill's P1 failures through several operators share a signature", async () => {
  const reader = await openReader('mutant:pre-fix-spill');
  const reference = await openReader('ts');
  try {
    const sink = new FindingSink(CorpusStore.open(mkdtempSync(join(tmpdir(), 'tracefuzz-cause-'))), { reference, minimize: false });
    const stats = await runCampaign({
      reader, reference, recorder: sink, mode: 'go-compatible', knobs: SMALL_KNOBS, seed: 7, shard: { index: 1, count: 1 },
      maxRuns: 100, runsPerRound: 10, properties: PROPERTIES.filter((p) => p.name === 'P1'),
    });
    expect(stats.failures).toBeGreaterThanOrEqual(2);
    const findings = sink.summaries();
    const operators = Object.keys(findings[0]?.operators ?? {});
    // Before causes, each operator (and version) was a finding of its own.
    expect(operators.length).toBeGreaterThanOrEqual(2);
    expect(findings.map((f) => `${f.property} ${f.cause}`)).toEqual(['P1 events lost before the error']);
    expect(findings[0].count).toBe(stats.failures);
  } finally {
    await reader.close();
    await reference.close();
  }
  // A hang guard, not a time limit: shrinking each failure is most of the work, and slow under load.
}, 600_000);
