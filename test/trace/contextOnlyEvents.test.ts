// The events whose only check is their scheduling context (heap metrics,
// logs, labels, ProcsChange) are accepted by the ordering without a call to
// their handler when the context passes (order.ts, CTX_ONLY). Each such
// event, in every context a batch can give it — with or without a proc and
// a running goroutine, on a thread or on none — is read by the TS reader
// and by Go's, and the two dumps (events and error) must be equal.
import { describeGo } from '../support/go';
import { goToolTraceDump } from '../../src/readers/goToolchain';
import { readAll } from '../../src/trace/reader';
import { rawEvent } from '../../src/trace/rawEvent';
import type { RawEvent } from '../../src/trace/rawEvent';
import { Ev, GoStatus, ProcStatus } from '../../src/trace/spec';
import { NO_THREAD, TraceWriter } from '../../src/trace/traceWriter';
import type { Version } from '../../src/trace/version';

/** The event under test, with its timestamp delta first (strings 1 and 2 exist). */
const PROBES: ReadonlyArray<readonly [string, number, readonly number[]]> = [
  ['HeapAlloc', Ev.HeapAlloc, [1, 4096]],
  ['HeapGoal', Ev.HeapGoal, [1, 8192]],
  ['UserLog', Ev.UserLog, [1, 0, 1, 2, 0]],
  ['GoLabel', Ev.GoLabel, [1, 1]],
  ['ProcsChange', Ev.ProcsChange, [1, 4, 0]],
];

interface Context {
  name: string;
  thread: boolean;
  proc: boolean;
  goroutine: boolean;
}

const CONTEXTS: Context[] = [];
for (const thread of [true, false]) {
  for (const proc of [true, false]) {
    for (const goroutine of [true, false]) {
      CONTEXTS.push({ name: `${thread ? 'M' : 'no M'}, ${proc ? 'P' : 'no P'}, ${goroutine ? 'G' : 'no G'}`, thread, proc, goroutine });
    }
  }
}

function traceWith(v: Version, probe: readonly number[], type: number, ctx: Context): Uint8Array {
  const w = new TraceWriter(v);
  const m = ctx.thread ? 7 : NO_THREAD;
  w.frequency(1, 100, 1_000_000_000, [1, 100, 1_700_000_000, 5]);
  w.strings(1, 101, [[1, 'key'], [2, 'value']]);
  w.stacks(1, 102, []);
  const evs: RawEvent[] = [];
  if (ctx.proc) evs.push(rawEvent(v, Ev.ProcStatus, [1, 0, ProcStatus.Running]));
  if (ctx.goroutine) evs.push(rawEvent(v, Ev.GoStatus, [1, 1, ctx.thread ? 7 : NO_THREAD, GoStatus.Running]));
  evs.push(rawEvent(v, type, probe));
  w.batch(1, m, 103, evs);
  if (v >= 26) w.endOfGeneration();
  return w.bytes();
}

function tsDump(bytes: Uint8Array): { stdout: string; error: string } {
  const { events, error } = readAll(bytes);
  return { stdout: events.map((e) => e.toString() + '\n').join(''), error: error?.message ?? '' };
}

describeGo('events checked only for their context', (tc) => {
  const cases = ([22, 26] as Version[]).flatMap((v) => PROBES.map(([name, type, probe]) => [v, name, type, probe] as const));
  test.each(cases)('go1.%d %s: TS and Go agree in every context', async (v, _name, type, probe) => {
    let accepted = 0;
    for (const ctx of CONTEXTS) {
      const bytes = traceWith(v, probe, type, ctx);
      const go = await goToolTraceDump(tc(), bytes, 'parsed');
      const ts = tsDump(bytes);
      const goError = go.exitCode === 0 ? '' : go.stderr.trim().split('\n').pop() ?? '';
      expect({ ctx: ctx.name, ...ts }).toEqual({ ctx: ctx.name, stdout: go.stdout, error: goError });
      if (ts.error === '') accepted++;
    }
    // Both outcomes are met: some contexts pass, some are refused.
    expect(accepted).toBeGreaterThan(0);
    expect(accepted).toBeLessThan(CONTEXTS.length);
  }, 120_000);
});
