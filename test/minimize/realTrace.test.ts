// The minimizer on a real runtime trace (a few hundred KB to a few MB, written
// by one of the Go programs in testdata/programs) with one injected fault:
// it must shrink it to a handful of bytes. How fast is the benchmark's
// business, not a test's: a loaded machine must not fail it.
import { minimizeTrace } from '../../src/minimize/minimizer';
import { encodeSkeleton, parseSkeleton, withArgs } from '../../src/minimize/traceSkeleton';
import { errorClass } from '../../src/fuzz/errorClass';
import type { TraceReader } from '../../src/readers/traceReader';
import { openReader } from '../../src/readers/readerSpecs';
import { programTrace } from '../../src/readers/goPrograms';
import { Ev } from '../../src/trace/spec';
import { describeGo } from '../support/go';

describeGo('minimizing a real runtime trace', () => {
  let trace: Uint8Array;
  let ts: TraceReader;
  beforeAll(async () => {
    trace = await programTrace('goroutines');
    ts = await openReader('ts');
  });
  afterAll(async () => {
    await ts?.close();
  });

  async function shrink(faulty: Uint8Array) {
    const want = await ts.read(faulty);
    expect(want.kind).toBe('error');
    const cls = errorClass(want.error);
    const r = await minimizeTrace(faulty, async (t) => {
      const o = await ts.read(t);
      return o.kind === 'error' && errorClass(o.error) === cls;
    });
    expect(errorClass((await ts.read(r.bytes)).error)).toBe(cls);
    // go1.25+: every kept generation keeps its sync batch (clock snapshot) whole.
    const s = parseSkeleton(r.bytes)!;
    expect(s.version).toBeGreaterThanOrEqual(25);
    for (const b of s.batches.filter((x) => x.events[0]?.type === Ev.Sync)) expect(b.events.some((e) => e.type === Ev.ClockSnapshot)).toBe(true);
    return r;
  }

  test('a batch whose size is 3 bytes short shrinks to a few dozen bytes', async () => {
    const s = parseSkeleton(trace)!;
    const big = s.batches.filter((b) => b.header?.type === Ev.EventBatch && b.events.length > 100);
    big[Math.floor(big.length / 2)].sizeDelta = -3;
    const r = await shrink(encodeSkeleton(s));
    // Which error the cut batch causes depends on the bytes of the runtime
    // trace, built on each machine: one has given an invalid stack ID in a
    // later generation, whose sync batch (about 40 bytes: its clock
    // snapshot's times are long numbers) the reproducer keeps whole, 75
    // bytes in all.
    expect(r.bytes.length).toBeLessThan(128);
  });

  test('an event naming a goroutine that does not exist shrinks to a few dozen bytes', async () => {
    const s = parseSkeleton(trace)!;
    const starts = s.batches.flatMap((b) => b.events.map((e, i) => ({ b, e, i }))).filter((x) => x.e.type === Ev.GoStart);
    const victim = starts[Math.floor(starts.length / 2)];
    const args = victim.e.args.slice();
    args[1] = 999_999;
    victim.b.events[victim.i] = withArgs(victim.e, args);
    const r = await shrink(encodeSkeleton(s));
    expect(r.bytes.length).toBeLessThan(128);
    // The generation the fault is in keeps its sync batch and clock snapshot.
    expect(parseSkeleton(r.bytes)!.batches.some((b) => b.events[0]?.type === Ev.Sync && b.events.some((e) => e.type === Ev.ClockSnapshot && e.args[1] !== 0))).toBe(true);
  });
});
