// Per-thread clocks (arbitraries/clocks.ts) and where a fault sits in the
// reader's order (arbitraries/timing.ts): one perfect clock stamps the
// model's true time; skewed clocks let an event that waits for another
// thread's event carry an earlier timestamp, but never one that the reader
// would apply unchecked; a clean cut is found exactly where every earlier
// event has an earlier timestamp than every later one.
import fc from 'fast-check';
import { Stamper, PERFECT_CLOCKS } from '../../arbitraries/clocks';
import { GenTiming } from '../../arbitraries/timing';
import { buildPlan, generateTrace, describeScript, traceScriptArb, SMALL_KNOBS, TraceScript } from '../../arbitraries/trace';
import { readAll } from '../../src/trace/reader';

const untimed = (e: string) => e.replace(/ Time=-?\d+/, '');

/** The state transitions of each goroutine and proc, in stream order, without times. */
function transitions(events: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const e of events) {
    const r = / StateTransition Time=-?\d+ (GoID|ProcID)=(-?\d+)/.exec(e.split('\n')[0]);
    if (!r) continue;
    const k = `${r[1]}=${r[2]}`;
    out.set(k, [...(out.get(k) ?? []), untimed(e.split('\n')[0])]);
  }
  return out;
}

describe('Stamper', () => {
  it('with one perfect clock stamps the true time', () => {
    const s = new Stamper(PERFECT_CLOCKS);
    expect([s.stamp(0, 4, [], 0).time, s.stamp(1, 8, [], 1).time, s.stamp(0, 12, [], 2).time]).toEqual([4, 8, 12]);
  });

  it('keeps each thread strictly increasing, as the runtime does, even on a coarse clock', () => {
    const s = new Stamper({ spread: 0, jitter: 0, coarse: 32, seed: 1 });
    const times = [4, 8, 12, 16].map((t, i) => s.stamp(0, t, [], i).time);
    expect(times).toEqual([32, 33, 34, 35]);
  });

  it('lets an event that waits for another thread be stamped before it, but not one that merely needs it', () => {
    // Thread 1's clock is 100 ticks behind thread 0's.
    const cfg = { spread: 100, jitter: 0, coarse: 1, seed: 0 };
    const probe = new Stamper(cfg);
    const [fast, slow] = probe.skew(0) > probe.skew(1) ? [0, 1] : [1, 0];
    const lag = probe.skew(fast) - probe.skew(slow);
    expect(lag).toBeGreaterThan(8);
    const s = new Stamper(cfg);
    const unblock = s.stamp(fast, 4, [{ key: 'g1', state: true }], 0);
    const start = s.stamp(slow, 8, [{ key: 'g1', guarded: true, state: true }], 1);
    expect(start.time).toBeLessThan(unblock.time);
    expect(start.early).toBe(true);
    expect(start.waits).toEqual([0]);
    // A guarded event whose resource's last event sets nothing it checks (an active range) is read without waiting for it.
    const s1 = new Stamper(cfg);
    const active = s1.stamp(fast, 4, [{ key: 'p0', state: false }], 0);
    const procStart = s1.stamp(slow, 8, [{ key: 'p0', guarded: true, state: true }], 1);
    expect(procStart.time).toBeGreaterThan(active.time);
    expect(procStart.needs).toEqual([0]);
    const s2 = new Stamper(cfg);
    const begin = s2.stamp(fast, 4, [{ key: 't1' }], 0);
    const end = s2.stamp(slow, 8, [{ key: 't1' }], 1);
    expect(end.time).toBeGreaterThan(begin.time);
    expect(end.needs).toEqual([0]);
  });

  it('stamps an unguarded event after its whole causal past, through other threads', () => {
    const s = new Stamper({ spread: 200, jitter: 5, coarse: 1, seed: 7 });
    const a = s.stamp(0, 4, [{ key: 'p0' }], 0);
    s.stamp(1, 8, [{ key: 'p0', guarded: true }, { key: 'g2' }], 1); // may be early: it waits for a
    const c = s.stamp(2, 12, [{ key: 'g2' }], 2); // needs b, so also comes after a
    expect(c.time).toBeGreaterThan(a.time);
  });

  it('after a barrier stamps every event and sample after everything before it', () => {
    const s = new Stamper({ spread: 300, jitter: 0, coarse: 1, seed: 3 });
    const before = [0, 1, 2].map((m, i) => s.stamp(m, 4 + 4 * i, [], i).time);
    s.barrier();
    const after = [0, 1, 2].map((m, i) => s.stamp(m, 20 + 4 * i, [], 3 + i).time);
    expect(Math.min(...after)).toBeGreaterThan(Math.max(...before));
    expect(s.sample(1, 20, 64)).toBeGreaterThan(Math.max(...before));
  });
});

describe('GenTiming', () => {
  // Serial order with times 10, 30, 20, 40: a cut after 1 event is not clean (30 > 20), after 3 it is.
  const t = new GenTiming(
    [
      { time: 10, stream: 1 },
      { time: 30, stream: 3 },
      { time: 20, stream: 1 },
      { time: 40, stream: 1 },
    ],
    [0, 1, 2, 3, 4],
    [{ time: 35, serial: 3 }],
  );

  it('finds clean cuts and counts the stream events before them', () => {
    expect(t.insertedAt(1)).toEqual({ events: 1, ordered: true });
    expect(t.insertedAt(2)).toBeNull();
    expect(t.insertedAt(3)).toEqual({ events: 5, ordered: true });
    expect(t.eventAt(3)).toEqual({ events: 5, ordered: true });
    expect(t.eventAt(1)).toBeNull();
  });

  it('refuses a cut a later CPU sample falls before, and a sample time on an event', () => {
    const late = new GenTiming([{ time: 10, stream: 1 }, { time: 20, stream: 1 }], [0, 1, 2], [{ time: 5, serial: 1 }]);
    expect(late.insertedAt(1)).toBeNull();
    expect(t.sampleAt(3, 35)).toEqual({ events: 5, ordered: true });
    expect(t.sampleAt(3, 40)).toBeNull();
  });

  it('says whether the events before a cut have distinct timestamps', () => {
    const tied = new GenTiming([{ time: 8, stream: 1 }, { time: 8, stream: 1 }, { time: 9, stream: 1 }], [0, 3]);
    expect(tied.insertedAt(1)).toBeNull();
    expect(tied.insertedAt(2)).toEqual({ events: 2, ordered: false });
    expect(tied.insertedAt(3)).toEqual({ events: 3, ordered: false });
  });
});

describe('scripts', () => {
  it('shrink to one perfect clock: every choice 0 stamps events in the model order, 4 ticks apart', () => {
    const simplest: TraceScript = {
      version: 26,
      ms: 2,
      ps: 2,
      initialGs: 2,
      cThreads: 0,
      sysmon: 0,
      clocks: { spread: 0, jitter: 0, coarse: 1, seed: 0 },
      freqIndex: 0,
      warmup: [],
      gens: [{ steps: [0, 0, 0, 0, 0, 0], batchEvents: 4, statusM: 0, tableOrder: 0, seed: 0, statuses: 0, flush: 0 }],
    };
    const built = buildPlan(simplest);
    const times = built.plan.generations[0].batches
      .filter((b) => b.kind === 'events')
      .flatMap((b) => {
        let t = Number(b.time);
        return b.events.map((e) => ({ serial: e.serial!, time: (t += Number(e.args[0])) }));
      })
      .sort((a, b) => a.serial - b.serial)
      .map((x) => x.time);
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBe(4);
    expect(built.situations.size).toBe(0);
  });

  it('with skewed clocks read as on one perfect clock: the same events, each goroutine and proc moving in the same order', () => {
    // The clocks only stamp: the model's run is the same. Whatever order the reader takes events in, it must
    // apply each after what it depends on (arbitraries/clocks.ts), which this checks on 1000 scripts.
    for (const s of fc.sample(traceScriptArb(SMALL_KNOBS), { seed: 202, numRuns: 1000 })) {
      const skewed = readAll(generateTrace(s).bytes);
      const perfect = readAll(generateTrace({ ...s, clocks: PERFECT_CLOCKS }).bytes);
      const where = describeScript(s);
      expect({ where, error: skewed.error?.message }).toEqual({ where, error: undefined });
      expect({ where, error: perfect.error?.message }).toEqual({ where, error: undefined });
      const a = skewed.events.map(String);
      const b = perfect.events.map(String);
      expect({ where, events: a.map(untimed).sort() }).toEqual({ where, events: b.map(untimed).sort() });
      expect({ where, transitions: transitions(a) }).toEqual({ where, transitions: transitions(b) });
    }
  });

  it('are deterministic with skewed clocks and lazy statuses', () => {
    for (const s of fc.sample(traceScriptArb(SMALL_KNOBS), { seed: 91, numRuns: 20 })) {
      expect(JSON.stringify(buildPlan(s).plan, (_, v) => (typeof v === 'bigint' ? String(v) : v))).toBe(
        JSON.stringify(buildPlan(s).plan, (_, v) => (typeof v === 'bigint' ? String(v) : v)),
      );
    }
  });
});
