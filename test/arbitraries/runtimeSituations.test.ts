// Generated traces look like what real runtimes write, and so reach the
// reader's partial-order machinery: over a fixed sample of scripts, every
// situation Go's reader treats specially comes up — an event stamped before
// the event of another thread it waits for (GoStart, GoUnblock, ProcStart,
// ProcSteal, GoSyscallEndBlocked), equal timestamps on two threads, batches
// flushed out of time order, goroutines in syscalls across generations (their
// status written from no thread, naming a thread the reader has or has not
// seen), procs abandoned in a syscall and stolen generations later (the
// SyscallAbandoned status promoted, or passed through), goroutines of C
// threads, ranges active at a boundary, CPU samples before, on and after
// events. The TS reader reads every one cleanly; on some, the earliest event
// of the frontier cannot advance (the mutant that gives up there fails them).
import fc from 'fast-check';
import { traceScriptArb, buildPlan, generateTrace, SMALL_KNOBS } from '../../arbitraries/trace';
import { countEventKinds } from '../../arbitraries/eventCounts';
import { Ev } from '../../src/trace/spec';
import type { TracePlan } from '../../arbitraries/plan';
import type { Version } from '../../src/trace/version';
import { openReader } from '../../src/readers/readerSpecs';

const SEED = 20261202;

/** Absolute times of a generation's timed events, with their thread, in batch order. */
function timedEvents(plan: TracePlan, gi: number): { m: string; time: number; type: number }[] {
  const out: { m: string; time: number; type: number }[] = [];
  for (const b of plan.generations[gi].batches) {
    if (b.kind !== 'events') continue;
    let t = Number(b.time);
    for (const e of b.events) out.push({ m: String(b.m), time: (t += Number(e.args[0])), type: e.type });
  }
  return out;
}

describe('over a fixed sample of 1500 scripts', () => {
  const situations = new Map<string, number>();
  const seen = new Map<string, number>();
  const add = (k: string, n = 1) => seen.set(k, (seen.get(k) ?? 0) + n);
  const kindsByVersion = new Map<Version, Map<string, number>>();

  beforeAll(() => {
    for (const s of fc.sample(traceScriptArb(SMALL_KNOBS), { seed: SEED, numRuns: 1500 })) {
      const t = buildPlan(s);
      for (const [k, n] of t.situations) situations.set(k, (situations.get(k) ?? 0) + n);
      const kinds = kindsByVersion.get(s.version) ?? new Map<string, number>();
      kindsByVersion.set(s.version, countEventKinds(t.plan, kinds));
      t.plan.generations.forEach((g, gi) => {
        const evs = timedEvents(t.plan, gi);
        const byTime = new Map<number, Set<string>>();
        for (const e of evs) byTime.set(e.time, (byTime.get(e.time) ?? new Set()).add(e.m));
        if ([...byTime.values()].some((ms) => ms.size > 1)) add('equal timestamps on two threads');
        const lasts = g.batches.filter((b) => b.kind === 'events').map((b) => Number(b.time) + b.events.reduce((x, e) => x + Number(e.args[0]), 0));
        if (lasts.some((x, i) => i > 0 && x < lasts[i - 1])) add('batches flushed out of time order');
        for (const e of evs) {
          if (Number(e.m) >= s.ms && Number(e.m) < s.ms + s.cThreads && (e.type === Ev.GoCreateSyscall || e.type === Ev.GoDestroySyscall)) add('goroutine of a C thread created or destroyed');
        }
        if (evs.length === 0) return;
        const times = new Set(evs.map((e) => e.time));
        const first = Math.min(...times);
        const last = Math.max(...times);
        for (const b of g.batches) {
          if (b.kind !== 'cpu') continue;
          for (const e of b.events) {
            if (e.type !== Ev.CPUSample) continue;
            const at = Number(e.args[0]);
            if (at < first) add('CPU sample before the generation’s first event');
            else if (at > last) add('CPU sample after the generation’s last event');
            else if (times.has(at)) add('CPU sample at an event’s timestamp');
            else add('CPU sample between events');
          }
        }
      });
    }
    console.log([...situations, ...seen].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, n]) => `${String(n).padStart(6)}  ${k}`).join('\n'));
  });

  it.each([
    'early GoStart',
    'early GoUnblock',
    'early ProcStart',
    'early ProcSteal',
    'early GoSyscallEndBlocked',
    'goroutine in a syscall at a generation boundary',
    'goroutine in a syscall, status written on another thread (seen thread)',
    'goroutine in a syscall, status written on another thread (unseen thread)',
    'ProcStatus SyscallAbandoned over Syscall (promotion)',
    'ProcStatus SyscallAbandoned over SyscallAbandoned',
    'ProcSteal of a proc in a syscall since an earlier generation',
    'ProcSteal of an abandoned proc across generations',
    'range active at a generation boundary: GCActive',
    'range active at a generation boundary: GCSweepActive',
    'range active at a generation boundary: GCMarkAssistActive',
  ])('the model brings about: %s', (what) => {
    expect(situations.get(what) ?? 0).toBeGreaterThan(0);
  });

  it.each([
    'equal timestamps on two threads',
    'batches flushed out of time order',
    'goroutine of a C thread created or destroyed',
    'CPU sample before the generation’s first event',
    'CPU sample at an event’s timestamp',
    'CPU sample between events',
    'CPU sample after the generation’s last event',
  ])('the traces show: %s', (what) => {
    expect(seen.get(what) ?? 0).toBeGreaterThan(0);
  });

  it('each version emits what its runtime adds, and go1.22 nothing of later ones', () => {
    const has = (v: Version, name: string) => (kindsByVersion.get(v)?.get(name) ?? 0) > 0;
    for (const name of ['GoStatusStack', 'GoCreateBlocked', 'GoSwitch', 'GoSwitchDestroy', 'ExperimentalBatch']) {
      expect({ v: 22, name, has: has(22, name) }).toEqual({ v: 22, name, has: false });
      expect({ v: 23, name, has: has(23, name) }).toEqual({ v: 23, name, has: true });
    }
    for (const v of [22, 23] as Version[]) expect(has(v, 'ClockSnapshot')).toBe(false);
    expect(has(25, 'ClockSnapshot')).toBe(true);
    expect(has(25, 'EndOfGeneration')).toBe(false);
    expect(has(26, 'EndOfGeneration')).toBe(true);
  });
});

it('the TS reader reads a fixed sample of valid traces cleanly; on some the frontier’s earliest event cannot advance', async () => {
  const ts = await openReader('ts');
  const headOnly = await openReader('mutant:frontier-head-only');
  let needsTheRest = 0;
  const scripts = fc.sample(traceScriptArb(SMALL_KNOBS), { seed: SEED + 1, numRuns: 300 });
  for (const s of scripts) {
    const t = generateTrace(s);
    const o = await ts.read(t.bytes);
    expect(o.error).toBeNull();
    const h = await headOnly.read(t.bytes);
    if (h.kind === 'error' && h.error!.startsWith('broken trace: failed to advance')) needsTheRest++;
  }
  console.log(`the earliest frontier event could not advance in ${needsTheRest} of ${scripts.length} valid traces`);
  expect(needsTheRest).toBeGreaterThan(0);
});
