// The minimizer reduces traces while a predicate holds: structurally
// (generations, batches, events, values), with batch sizes re-encoded, and as
// bytes for input it cannot parse.
import { test, fc } from '@fast-check/jest';
import { MinimizeError, minimizeTrace } from '../../src/minimize/minimizer';
import { Skeleton, parseSkeleton } from '../../src/minimize/traceSkeleton';
import { hasTextForm } from '../../src/corpus/traceText';
import { Ev } from '../../src/trace/spec';
import { findGo, goToolTraceDump } from '../../src/readers/goToolchain';
import { describeGo } from '../support/go';
import { openReader } from '../../src/readers/readerSpecs';
import { buildTrace, fixtureText, fixtureTrace } from '../support/corpusFixtures';

function events(s: Skeleton) {
  return s.batches.flatMap((b) => b.events);
}

function hasEvent(trace: Uint8Array, type: number, argIndex: number, value: number): boolean {
  const s = parseSkeleton(trace);
  return s !== null && events(s).some((e) => e.type === type && e.args[argIndex] === value);
}

describe('minimizeTrace', () => {
  test('shrinks a multi-generation trace to the one batch and event the predicate needs', async () => {
    const input = fixtureTrace({ generations: 4, fillerStrings: 40, fillerRuns: 30, faultInGeneration: 3 });
    const r = await minimizeTrace(input, async (t) => hasEvent(t, Ev.GoCreate, 1, 99));
    const s = parseSkeleton(r.bytes)!;
    expect(r.structured).toBe(true);
    expect(r.representable).toBe(true);
    expect(s.batches).toHaveLength(1);
    expect(events(s)).toHaveLength(1);
    // header (16) + batch header (5) + GoCreate with all other values zero (5)
    expect(r.bytes.length).toBeLessThanOrEqual(26);
    expect(r.originalSize).toBe(input.length);
    expect(r.stages.map((p) => p.stage)).toEqual(expect.arrayContaining(['generations', 'batches', 'events', 'values']));
  });

  test('every result satisfies the predicate and is never larger', async () => {
    const input = fixtureTrace({ generations: 3, fillerStrings: 5, fillerRuns: 3, faultInGeneration: 2 });
    const s = parseSkeleton(input)!;
    const all = events(s).map((e) => ({ type: e.type, args: e.args }));
    await fc.assert(
      fc.asyncProperty(fc.subarray(all, { minLength: 1, maxLength: 4 }), fc.boolean(), async (needed, countBytes) => {
        const pred = async (t: Uint8Array) => {
          const sk = parseSkeleton(t);
          if (!sk) return false;
          const evs = events(sk);
          // Each needed event must still be there with its first argument (a
          // timestamp delta or an id) no larger than it was.
          const ok = needed.every((n) => evs.some((e) => e.type === n.type && (n.args.length === 0 || Number(e.args[0]) <= Number(n.args[0]))));
          return ok && (!countBytes || t.length % 2 === input.length % 2);
        };
        const r = await minimizeTrace(input, pred, { maxTests: 3000 });
        expect(await pred(r.bytes)).toBe(true);
        expect(r.bytes.length).toBeLessThanOrEqual(input.length);
      }),
      { seed: 4242, numRuns: 15 },
    );
  });

  test('keeps a wrong batch size wrong by the same amount while removing events', async () => {
    const text = fixtureText({ generations: 2, fillerRuns: 10 });
    const base = parseSkeleton(buildTrace(text))!;
    const target = base.batches.length - 1;
    base.batches[target].sizeDelta = 7; // the declared size runs 7 bytes past the batch
    const { encodeSkeleton } = await import('../../src/minimize/traceSkeleton');
    const input = encodeSkeleton(base);
    const declaredTooLarge = (t: Uint8Array) => {
      const s = parseSkeleton(t);
      return s !== null && s.batches.some((b) => b.header?.type === Ev.EventBatch && b.sizeDelta === 7);
    };
    const r = await minimizeTrace(input, async (t) => declaredTooLarge(t));
    const s = parseSkeleton(r.bytes)!;
    expect(s.batches).toHaveLength(1);
    expect(s.batches[0].events).toHaveLength(0);
    expect(s.batches[0].sizeDelta).toBe(7);
  });

  test('reduces input that is not a trace as plain bytes', async () => {
    const input = new Uint8Array(3000).map((_, i) => (i * 7) & 0xff);
    input.set([0xde, 0xad, 0xbe, 0xef], 1777);
    const needle = (t: Uint8Array) => t.some((b, i) => b === 0xde && t[i + 1] === 0xad);
    const r = await minimizeTrace(input, async (t) => needle(t), { bytePassLimit: 4096 });
    expect(r.structured).toBe(false);
    expect(Array.from(r.bytes)).toEqual([0xde, 0xad]);
  });

  test('keeps bytes that do not frame as events and reduces around them', async () => {
    const trace = fixtureTrace({ generations: 2, fillerRuns: 5 });
    const input = new Uint8Array(trace.length + 3);
    input.set(trace);
    input.set([0xff, 0x01, 0x02], trace.length); // 0xff is no event type
    const r = await minimizeTrace(input, async (t) => t[t.length - 3] === 0xff && t.length > 16);
    expect(r.representable).toBe(false);
    expect(r.bytes.length).toBeLessThan(30);
    expect(r.bytes[r.bytes.length - 3]).toBe(0xff);
  });

  test('stops when the budget runs out and still returns a passing case', async () => {
    const input = fixtureTrace({ generations: 3, fillerStrings: 30, fillerRuns: 30 });
    const pred = async (t: Uint8Array) => hasEvent(t, Ev.Frequency, 0, 15625000);
    const r = await minimizeTrace(input, pred, { maxTests: 5 });
    expect(r.tests).toBeLessThanOrEqual(5);
    expect(r.truncated).toBe(true);
    expect(await pred(r.bytes)).toBe(true);
  });

  test('refuses input on which the failure does not reproduce', async () => {
    await expect(minimizeTrace(fixtureTrace(), async () => false)).rejects.toBeInstanceOf(MinimizeError);
  });

  test('produces results with a text form when the input has one', async () => {
    const input = fixtureTrace({ generations: 2, fillerStrings: 10 });
    const r = await minimizeTrace(input, async (t) => hasEvent(t, Ev.String, 0, 5));
    expect(hasTextForm(r.bytes)).toBe(true);
    const s = parseSkeleton(r.bytes)!;
    // The string's data is cut down but not to nothing (that has no text form).
    expect(events(s).find((e) => e.type === Ev.String)!.data!.length).toBe(1);
  });
});

describeGo('minimizeTrace against Go\'s reader', () => {
  test('keeps Go\'s error while shrinking a faulty multi-generation trace', async () => {
    const go = await openReader('go');
    try {
      const firstLine = async (t: Uint8Array) => {
        const o = await go.read(t);
        return o.kind === 'error' ? o.error!.split('\n')[0] : o.kind;
      };
      const input = fixtureTrace({ generations: 3, fillerStrings: 20, fillerRuns: 20, faultInGeneration: 3 });
      const want = await firstLine(input);
      expect(want).toMatch(/expected a proc but didn't have one/);
      const r = await minimizeTrace(input, async (t) => (await firstLine(t)) === want);
      expect(await firstLine(r.bytes)).toBe(want);
      // The same error from \`go tool trace\`, Go's command-line reader.
      const dump = await goToolTraceDump(findGo()!, r.bytes, 'parsed');
      expect(dump.stderr.trim().split('\n')[0]).toBe(want);
      expect(r.bytes.length).toBeLessThan(60);
      expect(r.bytes.length * 10).toBeLessThan(input.length);
    } finally {
      await go.close();
    }
  });
});
