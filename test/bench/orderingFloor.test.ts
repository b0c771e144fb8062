// bench/orderingFloor.ts: the reader with its ordering taken out accepts
// every event as it comes — a trace the ordering refuses reads through —
// and the real ordering comes back when asked.
import { readAll } from '../../src/trace/reader';
import { TraceWriter, NO_THREAD } from '../../src/trace/traceWriter';
import { rawEvent } from '../../src/trace/rawEvent';
import { Ev } from '../../src/trace/spec';
import type { Version } from '../../src/trace/version';
import type { U64 } from '../../src/trace/u64';
import { formatFloor, orderNothing, orderingOverBudget } from '../../bench/orderingFloor';

const V22: Version = 22;
const ev = (type: number, ...args: U64[]) => rawEvent(V22, type, args);

// (Arguments: the time delta first.) P0 runs G1 on M3, and G1 blocks twice:
// the second GoBlock comes from a thread no longer running a goroutine.
const trace = new TraceWriter(V22)
  .batch(1, NO_THREAD, 10, [ev(Ev.Frequency, 15625000)])
  .batch(1, 3, 10, [ev(Ev.ProcStatus, 1, 0, 1), ev(Ev.GoStatus, 1, 1, 0, 2), ev(Ev.GoBlock, 1, 0, 0), ev(Ev.GoBlock, 1, 0, 0)])
  .bytes();

const read = () => {
  const r = readAll(trace);
  return { events: r.events.map(String), error: r.error?.message ?? null };
};

describe('the ordering floor', () => {
  test('the real reader refuses the trace', () => {
    const real = read();
    expect(real.error).toMatch(/expected a goroutine but didn't have one/);
  });

  test('with the ordering taken out, every event is accepted in its thread alone, and the ordering comes back', () => {
    const restore = orderNothing();
    let floor;
    try {
      floor = read();
    } finally {
      restore();
    }
    expect(floor.error).toBeNull();
    // The four events of M3, then the generation's Sync.
    expect(floor.events.filter((e) => !e.includes('Sync'))).toHaveLength(4);
    for (const e of floor.events.filter((x) => !x.includes('Sync'))) expect(e).toMatch(/^M=3 P=-1 G=-1 /);
    expect(read().error).toMatch(/expected a goroutine but didn't have one/);
  });
});

describe('the ordering against what the target leaves it', () => {
  test('the share of Go’s time left for the ordering, against the share it takes', () => {
    // Floor 2× Go: the rest of the read is 1/2 of Go's time; 1.5× leaves the
    // ordering 1/1.5 − 1/2 = 1/6; at 1.2× it takes 1/1.2 − 1/2 = 1/3: twice that.
    expect(orderingOverBudget(1.2, 2, 1.5)).toBeCloseTo(2, 10);
    expect(orderingOverBudget(1.5, 2, 1.5)).toBe(0);
    expect(orderingOverBudget(1.8, 2, 1.5)).toBe(0);
    // A floor at or below the target leaves the ordering nothing.
    expect(orderingOverBudget(1.2, 1.5, 1.5)).toBe(Infinity);
    expect(orderingOverBudget(1.2, 1.4, 1.5)).toBe(Infinity);
  });

  test('printed beside the floor’s ratio when the reader misses the target', () => {
    expect(formatFloor(1.2, 2, 1.5)).toBe('2.00× (ordering ×2.0)');
    expect(formatFloor(1.6, 2, 1.5)).toBe('2.00×');
    expect(formatFloor(1.2, 1.4, 1.5)).toBe('1.40× (floor short)');
  });
});
