// Faults in the partial order: the sequence numbers and timestamps by which
// the reader puts the threads' events in one order. Each is a semantic fault
// whose outcome follows from Go's reader's rules:
// - a GoStart, GoUnblock, GoSwitch, ProcStart or ProcSteal with a sequence
//   number that never comes is never read, nor is anything waiting for it:
//   the reader reads the rest, then fails ("broken trace: failed to advance")
//   — surely so when nothing else needs those events read first;
// - a GoSyscallBegin's proc sequence number is checked at once, with an exact
//   error text;
// - a causal chain whose first event is missing (the GoStop before a start on
//   another thread, the steal a GoSyscallEndBlocked waits for...) leaves its
//   next event waiting forever: an error;
// - an event stamped before the event of another thread it waits for is read
//   after it all the same: the trace stays valid, only times and order move.
import fc from 'fast-check';
import { Ev, eventNameFor } from '../../src/trace/spec';
import type { GenerationPlan, PlannedEvent, TracePlan } from '../plan';
import { GenCausality } from '../causality';
import { exactAt } from './semantic';
import { Operator, TraceUnderTest, CorruptionResult, clonePlan, eventTimes, fromPlan, gensWhere, pickArb } from './operator';

/** Index (in a planned event's args, after the time delta) of the sequence number. */
const SEQ_ARG: Partial<Record<number, number>> = {
  [Ev.GoStart]: 2,
  [Ev.GoUnblock]: 2,
  [Ev.GoSwitch]: 2,
  [Ev.GoSwitchDestroy]: 2,
  [Ev.ProcStart]: 2,
  [Ev.ProcSteal]: 2,
  [Ev.GoSyscallBegin]: 1,
};

export const FAILED_TO_ADVANCE = 'broken trace: failed to advance';

interface Target {
  gen: number;
  bi: number;
  ei: number;
  ev: PlannedEvent;
}

function events(t: TraceUnderTest, minGen: number, pred: (ev: PlannedEvent, gen: GenerationPlan) => boolean): Target[] {
  const out: Target[] = [];
  for (const g of gensWhere(t, minGen, () => true)) {
    const gen = t.plan.generations[g - 1];
    gen.batches.forEach((b, bi) => {
      if (b.kind === 'events') b.events.forEach((ev, ei) => ev.serial !== undefined && pred(ev, gen) && out.push({ gen: g, bi, ei, ev }));
    });
  }
  return out;
}

function eventAt(plan: TracePlan, x: Target): PlannedEvent {
  return plan.generations[x.gen - 1].batches[x.bi].events[x.ei];
}

function threadOf(t: TraceUnderTest, x: Target): string {
  return String(t.plan.generations[x.gen - 1].batches[x.bi].m);
}

/** A wrong sequence number on one kind of event that waits for it. */
function wrongSeq(name: string, types: readonly number[]): Operator {
  return {
    name,
    class: 'semantic',
    planLevel: true,
    arb: (t, minGen) => {
      const targets = events(t, minGen, (ev) => types.includes(ev.type));
      if (targets.length === 0) return null;
      return fc.tuple(pickArb(targets), fc.boolean(), fc.nat({ max: 1000 })).map(([x, lower, d]): CorruptionResult => {
        const plan = clonePlan(t.plan);
        const ev = eventAt(plan, x);
        const i = SEQ_ARG[ev.type]!;
        const seq = Number(ev.args[i]);
        // Higher: it can never come (everything that would raise the sequence waits for this event).
        // Lower: it may be taken in place of an earlier event, which then never comes.
        const bad = lower && seq > 0 ? d % seq : seq + 1 + d;
        ev.args[i] = bad;
        const what = `${eventNameFor(t.version, ev.type)} on thread ${threadOf(t, x)} (${ev.type === Ev.ProcStart || ev.type === Ev.ProcSteal ? 'proc' : 'goroutine'} ${String(ev.args[1])}) has sequence number ${bad} instead of ${seq}`;
        const never = bad > seq || bad === 0;
        const stuck = never ? new GenCausality(t.plan.generations[x.gen - 1]).stuckAfter(x.ev.serial!) : null;
        return fromPlan(t, plan, {
          op: name,
          class: 'semantic',
          gen: x.gen,
          expect: 'error',
          ...(stuck?.failsToAdvance ? { expectedErrorStart: FAILED_TO_ADVANCE } : {}),
          detail: `generation ${x.gen}: ${what}${stuck ? `; ${stuck.stuck.size} event(s) can never be read` : ''}`,
        });
      });
    },
  };
}

export const goStartSeq = wrongSeq('order:go-start-seq', [Ev.GoStart]);
export const goUnblockSeq = wrongSeq('order:go-unblock-seq', [Ev.GoUnblock, Ev.GoSwitch, Ev.GoSwitchDestroy]);
export const procStartSeq = wrongSeq('order:proc-start-seq', [Ev.ProcStart]);
export const procStealSeq = wrongSeq('order:proc-steal-seq', [Ev.ProcSteal]);

/** GoSyscallBegin's proc sequence number is checked as soon as it is read. */
export const syscallBeginSeq: Operator = {
  name: 'order:syscall-begin-seq',
  class: 'semantic',
  planLevel: true,
  arb: (t, minGen) => {
    const targets = events(t, minGen, (ev) => ev.type === Ev.GoSyscallBegin);
    if (targets.length === 0) return null;
    return fc.tuple(pickArb(targets), fc.boolean(), fc.nat({ max: 1000 })).map(([x, lower, d]) => {
      const plan = clonePlan(t.plan);
      const ev = eventAt(plan, x);
      const seq = Number(ev.args[1]);
      const bad = lower && seq > 0 ? d % seq : seq + 1 + d;
      ev.args[1] = bad;
      const name = eventNameFor(t.version, Ev.GoSyscallBegin);
      return fromPlan(t, plan, {
        op: 'order:syscall-begin-seq',
        class: 'semantic',
        gen: x.gen,
        expect: 'error',
        expectedError: `failed to advance ${name}: can't make sequence: ${seq - 1} (gen=${x.gen}) -> ${bad} (gen=${x.gen})`,
        ...exactAt(t, x.gen, x.ev, (timing, serial) => timing.eventAt(serial)),
        detail: `generation ${x.gen}: ${name} on thread ${threadOf(t, x)} has proc sequence number ${bad} instead of ${seq}`,
      });
    });
  },
};

/** Removes an event from its batch, keeping the times of the events after it. */
function removeEvent(gen: GenerationPlan, bi: number, ei: number): void {
  const b = gen.batches[bi];
  const [gone] = b.events.splice(ei, 1);
  const next = b.events[ei];
  if (next) next.args[0] = Number(next.args[0]) + Number(gone.args[0]);
  if (b.events.length === 0) gen.batches.splice(bi, 1);
}

/** The event another thread's event waits for is missing: that one waits forever. */
export const missingChainHead: Operator = {
  name: 'order:missing-chain-head',
  class: 'semantic',
  planLevel: true,
  arb: (t, minGen) => {
    const pairs: { x: Target; head: Target }[] = [];
    for (const g of gensWhere(t, minGen, () => true)) {
      const causes = new GenCausality(t.plan.generations[g - 1]);
      // What an event waits for is always an event that sets the state it checks (see Dep.state in ../clocks.ts).
      for (const [serial, n] of causes.nodes) {
        for (const w of causes.waiters(serial)) {
          const x = causes.nodes.get(w)!;
          pairs.push({ x: { gen: g, bi: x.batch, ei: x.index, ev: x.ev }, head: { gen: g, bi: n.batch, ei: n.index, ev: n.ev } });
        }
      }
    }
    if (pairs.length === 0) return null;
    return pickArb(pairs).map(({ x, head }) => {
      const plan = clonePlan(t.plan);
      removeEvent(plan.generations[head.gen - 1], head.bi, head.ei);
      const name = (e: PlannedEvent) => eventNameFor(t.version, e.type);
      return fromPlan(t, plan, {
        op: 'order:missing-chain-head',
        class: 'semantic',
        gen: head.gen,
        expect: 'error',
        detail: `generation ${head.gen}: ${name(head.ev)} on thread ${threadOf(t, head)} removed; ${name(x.ev)} on thread ${threadOf(t, x)} waits for it`,
      });
    });
  },
};

/**
 * An event stamped at or before the event of another thread it waits for:
 * the reader meets it first, cannot advance it, and reads it after all the
 * same. Valid, but with other times (and possibly order) than the valid trace.
 */
export const timeBeforeSeq: Operator = {
  name: 'order:time-before-seq',
  class: 'semantic',
  planLevel: true,
  arb: (t, minGen) => {
    const moves: { x: Target; lo: number; to: number; head: PlannedEvent }[] = [];
    for (const g of gensWhere(t, minGen, () => true)) {
      const gen = t.plan.generations[g - 1];
      const causes = new GenCausality(gen);
      const timeOf = new Map<number, number>();
      const floorOf = new Map<number, number>();
      for (const b of gen.batches) {
        if (b.kind !== 'events') continue;
        const times = eventTimes(b);
        b.events.forEach((e, i) => {
          floorOf.set(e.serial!, i === 0 ? Number(b.time) : times[i - 1]);
          timeOf.set(e.serial!, times[i]);
        });
      }
      for (const [serial, n] of causes.nodes) {
        // Only events whose every dependency on another thread is one the reader waits for.
        if (!n.ev.waits || n.ev.needs) continue;
        for (const w of n.ev.waits) {
          const head = causes.nodes.get(w);
          const to = timeOf.get(w);
          const lo = floorOf.get(serial)!;
          if (!head || to === undefined || to < lo || timeOf.get(serial)! <= to) continue;
          moves.push({ x: { gen: g, bi: n.batch, ei: n.index, ev: n.ev }, lo, to, head: head.ev });
        }
      }
    }
    if (moves.length === 0) return null;
    // One kind of waiting event first, then one of its events: the rare ones (GoSyscallEndBlocked, GCEnd) get their turn.
    const byType = new Map<number, typeof moves>();
    for (const mv of moves) byType.set(mv.x.ev.type, [...(byType.get(mv.x.ev.type) ?? []), mv]);
    const kinds = [...byType.keys()].sort((a, b) => a - b);
    return fc.tuple(pickArb(kinds).chain((k) => pickArb(byType.get(k)!)), fc.nat({ max: 1 << 16 })).map(([mv, d]) => {
      const plan = clonePlan(t.plan);
      const b = plan.generations[mv.x.gen - 1].batches[mv.x.bi];
      const ev = b.events[mv.x.ei];
      const old = mv.lo + Number(ev.args[0]);
      const time = Math.max(mv.lo, mv.to - d);
      ev.args[0] = time - mv.lo;
      const next = b.events[mv.x.ei + 1];
      if (next) next.args[0] = Number(next.args[0]) + (old - time);
      const name = (e: PlannedEvent) => eventNameFor(t.version, e.type);
      return fromPlan(t, plan, {
        op: 'order:time-before-seq',
        class: 'semantic',
        gen: mv.x.gen,
        expect: 'any',
        detail: `generation ${mv.x.gen}: ${name(ev)} on thread ${threadOf(t, mv.x)} stamped ${time} (was ${old}), ${time === mv.to ? 'the same time as' : 'before'} the ${name(mv.head)} at ${mv.to} it waits for`,
      });
    });
  },
};

const GC_EVENTS: readonly number[] = [Ev.GCBegin, Ev.GCActive, Ev.GCEnd];

/**
 * A GC event whose GC sequence number never comes. All GC events share one
 * sequence, so the reader answers "not yet" (in GCBegin, GCActive and GCEnd
 * alike) and never gets there: an error in its generation. Two forms:
 * - a GC event's number raised: nothing else gives the number it had, so it
 *   and every later GC event wait forever. Only where that is sure: the
 *   reader knows the GC's state by then (an earlier GC event in this
 *   generation or before), or the event checks the number whatever it knows
 *   (GCEnd; GCActive after the first generation), or a later GC event of the
 *   generation waits for it (a lone first GCBegin takes any number);
 * - a GCBegin (or, after the first generation, a GCActive) inserted right
 *   after a GC event of the same thread, numbered past every GC of the
 *   trace: the reader knows the GC's state when it meets it, and waits.
 */
export const gcSeq: Operator = {
  name: 'order:gc-seq',
  class: 'semantic',
  planLevel: true,
  arb: (t, minGen) => {
    const all = events(t, 1, (ev) => GC_EVENTS.includes(ev.type));
    const counts = new Map<number, number>();
    for (const x of all) counts.set(x.gen, (counts.get(x.gen) ?? 0) + 1);
    const firstGen = all.length > 0 ? all[0].gen : Infinity;
    const raisable = all.filter((x) => x.gen >= minGen && (x.ev.type === Ev.GCEnd || (x.ev.type === Ev.GCActive && x.gen > 1) || firstGen < x.gen || counts.get(x.gen)! > 1));
    const after = all.filter((x) => x.gen >= minGen);
    if (after.length === 0) return null;
    const maxSeq = Math.max(...all.map((x) => Number(x.ev.args[1])));
    const name = (type: number) => eventNameFor(t.version, type);

    // A kind first, then one of its events: GCBegin and GCActive, rarer than GCEnd where it is sure, get their turn.
    const kinds = GC_EVENTS.filter((k) => raisable.some((x) => x.ev.type === k));
    const raise = kinds.length === 0 ? null : fc.tuple(pickArb(kinds).chain((k) => pickArb(raisable.filter((x) => x.ev.type === k))), fc.nat({ max: 1000 })).map(([x, d]): CorruptionResult => {
      const plan = clonePlan(t.plan);
      const ev = eventAt(plan, x);
      const seq = Number(ev.args[1]);
      const bad = seq + 1 + d;
      ev.args[1] = bad;
      return fromPlan(t, plan, {
        op: 'order:gc-seq',
        class: 'semantic',
        gen: x.gen,
        expect: 'error',
        detail: `generation ${x.gen}: ${name(ev.type)} on thread ${threadOf(t, x)} has GC sequence number ${bad} instead of ${seq}`,
      });
    });
    const insert = fc.tuple(pickArb(after), fc.boolean(), fc.nat({ max: 1000 })).map(([x, active, d]): CorruptionResult => {
      const plan = clonePlan(t.plan);
      const type = active && x.gen > 1 ? Ev.GCActive : Ev.GCBegin;
      const bad = maxSeq + 2 + d;
      plan.generations[x.gen - 1].batches[x.bi].events.splice(x.ei + 1, 0, { type, args: type === Ev.GCActive ? [0, bad] : [0, bad, 0] });
      return fromPlan(t, plan, {
        op: 'order:gc-seq',
        class: 'semantic',
        gen: x.gen,
        expect: 'error',
        detail: `generation ${x.gen}: ${name(type)} with GC sequence number ${bad} (past the trace's last, ${maxSeq}) right after the ${name(x.ev.type)} on thread ${threadOf(t, x)}`,
      });
    });
    return raise === null ? insert : fc.oneof(raise, insert);
  },
};

export const ORDER: readonly Operator[] = [goStartSeq, goUnblockSeq, procStartSeq, procStealSeq, syscallBeginSeq, missingChainHead, timeBeforeSeq, gcSeq];

/** Operators whose cases stay valid (read without error, only differently): never an earlier fault for P2. */
export const VALID_BUT_DIFFERENT: readonly Operator[] = [timeBeforeSeq];
