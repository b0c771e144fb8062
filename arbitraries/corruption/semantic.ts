// Semantic corruptions: well-formed bytes describing something that cannot
// happen — a transition from a state the goroutine or proc is not in, an event
// that needs a proc on a thread without one, a region ended out of order, a
// CPU sample with no stack. Most are injected into the scheduler model, so the
// rest of the trace stays exactly as valid as it was; each has a known instant,
// and the stream before it must equal the valid trace's stream.
import fc from 'fast-check';
import { Ev, GoStatus, ProcStatus } from '../../src/trace/spec';
import { SEMANTIC_FAULTS, SemanticFault } from '../model';
import { buildPlan } from '../trace';
import { encodePlan } from '../encode';
import type { PlannedEvent } from '../plan';
import type { ExactPrefix, GenTiming } from '../timing';
import { Operator, TraceUnderTest, CorruptionResult, clonePlan, freshThread, fromPlan, gensWhere, pickArb, eventTimes } from './operator';

function modelFault(fault: SemanticFault): Operator {
  const name = `semantic:${fault}`;
  return {
    name,
    class: 'semantic',
    planLevel: false,
    arb: (t, minGen) => {
      const gens = gensWhere(t, minGen, () => true);
      if (gens.length === 0) return null;
      return fc.tuple(pickArb(gens), fc.nat(), fc.nat()).map(([gen, step, seed]): CorruptionResult => {
        const steps = t.script.gens[gen - 1].steps.length;
        const at = step % (steps + 1);
        const built = buildPlan(t.script, { gen, step: at, fault, seed });
        // The fault is stamped after everything before it and before everything after it; its place is
        // known when the valid trace has a clean cut there too.
        const timing = t.timing?.[gen - 1];
        const exact = built.faultIndex !== null && timing ? timing.insertedAt(timing.stepStarts[at]) : null;
        return {
          op: name,
          class: 'semantic',
          gen,
          expect: 'error',
          ...(exact ? { exactPrefix: exact } : {}),
          detail: `generation ${gen}, before step ${at} of ${steps}: ${fault}`,
          plan: built.plan,
          bytes: encodePlan(built.plan).bytes,
        };
      });
    },
  };
}

export const MODEL_FAULTS: readonly Operator[] = SEMANTIC_FAULTS.map(modelFault);

/** The exact prefix before a faulty event of the valid plan, when its place in the reader's order is known. */
export function exactAt(
  t: TraceUnderTest,
  gen: number,
  ev: PlannedEvent,
  where: (timing: GenTiming, serial: number) => ExactPrefix | null,
): { exactPrefix?: ExactPrefix } {
  const timing = t.timing?.[gen - 1];
  if (!timing || ev.serial === undefined) return {};
  const exact = where(timing, ev.serial);
  return exact ? { exactPrefix: exact } : {};
}

export const badCpuSample: Operator = {
  name: 'semantic:bad-cpu-sample',
  class: 'semantic',
  planLevel: true,
  arb: (t, minGen) => {
    const targets: { gen: number; bi: number; ei: number }[] = [];
    for (const g of gensWhere(t, minGen, () => true)) {
      t.plan.generations[g - 1].batches.forEach((b, bi) => {
        if (b.kind === 'cpu') b.events.forEach((e, ei) => e.type === Ev.CPUSample && targets.push({ gen: g, bi, ei }));
      });
    }
    if (targets.length === 0) return null;
    return fc.tuple(pickArb(targets), fc.nat({ max: 1000 })).map(([x, d]) => {
      const plan = clonePlan(t.plan);
      const gen = plan.generations[x.gen - 1];
      let maxStack = 0;
      for (const b of gen.batches) if (b.kind === 'stacks') for (const e of b.events) if (e.type === Ev.Stack) maxStack = Math.max(maxStack, Number(e.args[0]));
      const ev = gen.batches[x.bi].events[x.ei];
      const bad = maxStack + 1 + d;
      ev.args[4] = bad;
      return fromPlan(t, plan, {
        op: 'semantic:bad-cpu-sample',
        class: 'semantic',
        gen: x.gen,
        expect: 'error',
        expectedError: `found invalid stack ID ${bad} for event CPUSample`,
        ...exactAt(t, x.gen, ev, (timing, serial) => timing.sampleAt(serial, Number(ev.args[0]))),
        knownGoIssue: 'go-cpu-sample-stack-unchecked',
        detail: `generation ${x.gen}: CPU sample at ${ev.args[0]} refers to stack ${bad}, which does not exist`,
      });
    });
  },
};

const GO_STATUSES = [GoStatus.Runnable, GoStatus.Running, GoStatus.Syscall, GoStatus.Waiting];
const PROC_STATUSES = [ProcStatus.Running, ProcStatus.Idle, ProcStatus.Syscall];

export const inconsistentStatus: Operator = {
  name: 'semantic:inconsistent-status',
  class: 'semantic',
  planLevel: true,
  arb: (t, minGen) => {
    // Only after the first generation: there, any status is the starting point.
    const targets: { gen: number; bi: number; ei: number; time: number }[] = [];
    for (const g of gensWhere(t, Math.max(2, minGen), () => true)) {
      t.plan.generations[g - 1].batches.forEach((b, bi) => {
        if (b.kind !== 'events') return;
        const times = eventTimes(b);
        b.events.forEach((e, ei) => {
          if (e.type === Ev.GoStatus || e.type === Ev.GoStatusStack || e.type === Ev.ProcStatus) targets.push({ gen: g, bi, ei, time: times[ei] });
        });
      });
    }
    if (targets.length === 0) return null;
    return fc.tuple(pickArb(targets), fc.nat()).map(([x, pick]) => {
      const plan = clonePlan(t.plan);
      const ev = plan.generations[x.gen - 1].batches[x.bi].events[x.ei];
      const isProc = ev.type === Ev.ProcStatus;
      const statusArg = isProc ? 2 : 3;
      const cur = Number(ev.args[statusArg]);
      const choices = (isProc ? PROC_STATUSES : GO_STATUSES).filter((s) => s !== cur);
      const next = choices[pick % choices.length];
      ev.args[statusArg] = next;
      return fromPlan(t, plan, {
        op: 'semantic:inconsistent-status',
        class: 'semantic',
        gen: x.gen,
        expect: 'error',
        ...exactAt(t, x.gen, ev, (timing, serial) => timing.eventAt(serial)),
        detail: `generation ${x.gen}: ${isProc ? 'proc' : 'goroutine'} ${ev.args[1]} status event says ${next}, but it is ${cur}`,
      });
    });
  },
};

/**
 * In the first generation (where a status event may introduce any goroutine),
 * two new threads each say they run the same new goroutine on a proc of their
 * own; one destroys it, and the other then ends a range of it (a mark assist).
 * The reader has forgotten the goroutine by then, though the second thread
 * still runs it: "… without known state for current goroutine".
 */
export const goroutineOnTwoThreads: Operator = {
  name: 'semantic:goroutine-on-two-threads',
  class: 'semantic',
  planLevel: true,
  arb: (t, minGen) => {
    if (minGen > 1) return null;
    const first = t.plan.generations[0].batches.filter((b) => b.kind === 'events');
    if (first.length === 0) return null;
    return fc.tuple(fc.nat({ max: 1000 }), fc.nat({ max: 1000 }), fc.nat({ max: 1 << 16 })).map(([dp, dg, late]) => {
      const plan = clonePlan(t.plan);
      const gen = plan.generations[0];
      const time = first.map((b) => Number(b.time)).reduce((a, b) => Math.min(a, b));
      const ma = freshThread(plan);
      const mb = ma + 1;
      const [pa, pb] = [1000 + 2 * dp, 1001 + 2 * dp];
      const g = (1 << 20) + dg;
      const ev = (type: number, args: number[]): PlannedEvent => ({ type, args });
      const at = gen.batches.findIndex((b) => b.kind === 'events');
      gen.batches.splice(
        at,
        0,
        // Thread a: its proc, the goroutine running, then destroyed (at +5).
        { kind: 'events', gen: first[0].gen, m: ma, time, events: [ev(Ev.ProcStatus, [1, pa, ProcStatus.Running]), ev(Ev.GoStatus, [1, g, ma, GoStatus.Running]), ev(Ev.GoDestroy, [3])] },
        // Thread b: its proc, the same goroutine running (at +3), a mark assist ended after the destroy.
        { kind: 'events', gen: first[0].gen, m: mb, time, events: [ev(Ev.ProcStatus, [1, pb, ProcStatus.Running]), ev(Ev.GoStatus, [2, g, mb, GoStatus.Running]), ev(Ev.GCMarkAssistEnd, [3 + late])] },
      );
      return fromPlan(t, plan, {
        op: 'semantic:goroutine-on-two-threads',
        class: 'semantic',
        gen: 1,
        expect: 'error',
        expectedError: `encountered event of type ${Ev.GCMarkAssistEnd} without known state for current goroutine ${g}`,
        detail: `generation 1: goroutine ${g} running on threads ${ma} (proc ${pa}) and ${mb} (proc ${pb}); ${ma} destroys it, then ${mb} ends a mark assist of it`,
      });
    });
  },
};

export const SEMANTIC: readonly Operator[] = [...MODEL_FAULTS, badCpuSample, inconsistentStatus, goroutineOnTwoThreads];
