// Replay reads every corpus case with a reader and checks its expectation and
// recorded event count; the table says which cases pass.
import { expectedEventCount, recordedEventCount } from '../../src/corpus/eventCount';
import { checkExpectation, expectationFor } from '../../src/corpus/expectation';
import type { Outcome } from '../../src/readers/traceReader';
import { formatReplayTable, replayCases, ReplayReader } from '../../src/corpus/replay';
import { CorpusCase, caseFromTrace } from '../../src/corpus/corpusCase';
import { openReader } from '../../src/readers/readerSpecs';
import { fixtureTrace } from '../support/corpusFixtures';

// Streams of a reader that opens every generation with a Sync: the style `events:` counts are recorded in.
const stream = (n: number) => Array.from({ length: n }, (_, i) => (i === 0 ? 'M=-1 P=-1 G=-1 Sync Time=1 N=1' : 'ev'));
const ok = (n: number): Outcome => ({ kind: 'ok', events: stream(n), error: null, eventsBeforeError: n });
const err = (text: string, before: number): Outcome => ({ kind: 'error', events: stream(before), error: text, eventsBeforeError: before });

describe('checkExpectation', () => {
  test('success, failure patterns, crashes and event counts', () => {
    expect(checkExpectation({ kind: 'success' }, ok(3))).toBeNull();
    expect(checkExpectation({ kind: 'success' }, err('boom', 1))).toBe('unexpected error: boom');
    expect(checkExpectation({ kind: 'failure', pattern: 'bo+m' }, err('a boom\nmore', 1))).toBeNull();
    expect(checkExpectation({ kind: 'failure', pattern: '^boom' }, err('a boom', 1))).toMatch(/does not match/);
    expect(checkExpectation({ kind: 'failure', pattern: 'boom' }, ok(2))).toMatch(/got none/);
    expect(checkExpectation({ kind: 'success' }, { kind: 'crash', events: [], error: 'TypeError: x', eventsBeforeError: 0 })).toBe('reader crashed: TypeError: x');
    expect(checkExpectation({ kind: 'failure', pattern: 'x' }, { kind: 'timeout', events: [], error: null, eventsBeforeError: 0 })).toBe('reader timed out');
    expect(checkExpectation({ kind: 'failure', pattern: 'boom' }, err('boom', 4), 4)).toBeNull();
    expect(checkExpectation({ kind: 'failure', pattern: 'boom' }, err('boom', 1), 4)).toBe('events before the error: expected 4, got 1');
    expect(checkExpectation({ kind: 'success' }, ok(5), 4)).toBe('events: expected 4, got 5');
  });

  test('a reference outcome sets an expectation it meets, matching its error exactly from the start', () => {
    const o = err('invalid batch size 70000, maximum is 65536 (a.b*c)\nsecond line', 2);
    const e = expectationFor(o);
    expect(e).toEqual({ kind: 'failure', pattern: '^invalid batch size 70000, maximum is 65536 \\(a\\.b\\*c\\)' });
    expect(checkExpectation(e, o)).toBeNull();
    expect(checkExpectation(e, err('x invalid batch size 70000, maximum is 65536 (a.b*c)', 2))).not.toBeNull();
    expect(expectationFor(ok(1))).toEqual({ kind: 'success' });
  });
});

describe('replayCases', () => {
  const mk = (name: string, expectOk: boolean, events?: number): CorpusCase => ({
    ...caseFromTrace(fixtureTrace({ generations: 1 }), { signature: name, extra: {}, notes: [], events }, expectOk ? { kind: 'success' } : { kind: 'failure', pattern: 'boom' }),
    path: `/corpus/${name}.test`,
  });

  test('the table marks each case and counts the failures', async () => {
    const reader: ReplayReader = { name: 'fake', read: async () => ok(7) };
    const rows = await replayCases([mk('good', true, 7), mk('wrong-kind', false), mk('wrong-count', true, 3)], reader);
    expect(rows.map((r) => [r.file, r.ok])).toEqual([['good.test', true], ['wrong-kind.test', false], ['wrong-count.test', false]]);
    const table = formatReplayTable(rows, 'fake');
    expect(table).toMatch(/^case\s+result\s+ms\s+outcome \(fake\)\n/);
    expect(table).toMatch(/good\.test\s+pass\s+\d+\s+ok \(7 events\)/);
    expect(table).toContain('expected an error matching "boom", got none');
    expect(table).toContain('events: expected 3, got 7');
    expect(table.trimEnd().split('\n').pop()).toBe('3 cases, 1 passed, 2 failed');
  });

  test('recorded counts are those of readers that open each generation with a Sync: a go1.22/1.23-style reader is held to one fewer', async () => {
    // A Sync without N= closes generation 1: the legacy style.
    const legacy = ['M=0 P=0 G=1 GoCreate Time=1 ID=2', 'M=-1 P=-1 G=-1 Sync Time=2', 'M=0 P=0 G=1 GoCreate Time=3 ID=3'];
    const reader: ReplayReader = { name: 'legacy', read: async () => ({ kind: 'error', events: legacy, error: 'boom', eventsBeforeError: 3 }) };
    const rows = await replayCases([mk('counted-four', false, 4), mk('counted-three', false, 3)], reader);
    expect(rows.map((r) => [r.file, r.ok])).toEqual([['counted-four.test', true], ['counted-three.test', false]]);
    expect(rows[1].detail).toBe('events before the error: expected 2, got 3');
  });

  test('a case whose trace text is broken fails without stopping the replay', async () => {
    const bad: CorpusCase = { ...mk('bad', true), traceText: 'Trace Go1.22\nNoSuchEvent x=1\n' };
    const rows = await replayCases([bad, mk('good', true)], { name: 'fake', read: async () => ok(1) });
    expect(rows[0]).toMatchObject({ ok: false, actual: 'bad case' });
    expect(rows[0].detail).toMatch(/bad trace file/);
    expect(rows[1].ok).toBe(true);
  });

  test('with the TS reader, a clean trace passes SUCCESS and a faulty one its FAILURE', async () => {
    const reader = await openReader('ts');
    try {
      const clean = { ...caseFromTrace(fixtureTrace({ generations: 2 }), { signature: 'a', extra: {}, notes: [] }, { kind: 'success' as const }), path: 'clean.test' };
      const faulty = { ...caseFromTrace(fixtureTrace({ generations: 2, faultInGeneration: 2 }), { signature: 'b', extra: {}, notes: [] }, { kind: 'failure' as const, pattern: "expected a proc but didn't have one" }), path: 'faulty.test' };
      const swapped = { ...faulty, expect: { kind: 'success' as const }, path: 'swapped.test' };
      const rows = await replayCases([clean, faulty, swapped], reader);
      expect(rows.map((r) => r.ok)).toEqual([true, true, false]);
    } finally {
      await reader.close();
    }
  });
});

test('a count is recorded in counted terms: a legacy count gains the opening Sync; a legacy stream with no event records none', () => {
  expect(recordedEventCount(3, 'counted')).toBe(3);
  expect(recordedEventCount(2, 'legacy')).toBe(3);
  expect(recordedEventCount(0, 'legacy')).toBeUndefined();
  expect(recordedEventCount(4, null)).toBeUndefined();
  expect(expectedEventCount(3, 'legacy')).toBe(2);
  expect(expectedEventCount(3, 'counted')).toBe(3);
});
