// Table corruptions: a generation's frequency, clock snapshot, strings or
// stacks are missing, duplicated, oversized or refer to nothing. The bytes stay
// well framed; the generation is invalid, so reading must fail there.
import fc from 'fast-check';
import { Ev, MAX_FRAMES_PER_STACK, MAX_EVENT_TRAILER_DATA_SIZE, eventNameFor, specOf } from '../../src/trace/spec';
import type { PlannedBatch, PlannedEvent, TracePlan } from '../plan';
import { NO_THREAD } from '../model';
import { Operator, TraceUnderTest, CorruptionResult, KnownGoIssue, batchesOf, clonePlan, fromPlan, gensWhere, pickArb } from './operator';

const hasSync = (t: TraceUnderTest, gen: number) => t.plan.generations[gen - 1].batches.some((b) => b.kind === 'sync');

function syncBatch(plan: TracePlan, gen: number): PlannedBatch {
  return plan.generations[gen - 1].batches.find((b) => b.kind === 'sync')!;
}

/** All entries (String or Stack events) of a generation's table batches, with their ids. */
function entries(plan: TracePlan, gen: number, kind: 'strings' | 'stacks'): { bi: number; ei: number; id: number }[] {
  const out: { bi: number; ei: number; id: number }[] = [];
  for (const { b, i } of batchesOf(plan, gen, [kind])) {
    b.events.forEach((e, ei) => {
      if (e.type === Ev.String || e.type === Ev.Stack) out.push({ bi: i, ei, id: Number(e.args[0]) });
    });
  }
  return out;
}

function maxId(plan: TracePlan, gen: number, kind: 'strings' | 'stacks'): number {
  return entries(plan, gen, kind).reduce((m, e) => Math.max(m, e.id), 0);
}

/** The generation's first strings (stacks) batch; one is added if another edit moved it away. */
function firstTable(plan: TracePlan, gen: number, kind: 'strings' | 'stacks'): PlannedBatch {
  const found = batchesOf(plan, gen, [kind])[0];
  if (found) return found.b;
  const b: PlannedBatch = { kind, gen, m: NO_THREAD, time: 1, events: [{ type: kind === 'strings' ? Ev.Strings : Ev.Stacks, args: [] }] };
  const bs = plan.generations[gen - 1].batches;
  bs.splice(bs.length > 0 && bs[bs.length - 1].kind === 'end' ? bs.length - 1 : bs.length, 0, b);
  return b;
}

type Edit = (plan: TracePlan, gen: number, pick: number) => { detail: string; expectedError?: string; knownGoIssue?: KnownGoIssue };

function tableOp(name: string, when: (t: TraceUnderTest, gen: number) => boolean, edit: Edit): Operator {
  return {
    name,
    class: 'tables',
    planLevel: true,
    arb: (t, minGen) => {
      const gens = gensWhere(t, minGen, (g) => when(t, g));
      if (gens.length === 0) return null;
      return fc.tuple(pickArb(gens), fc.nat()).map(([g, pick]): CorruptionResult => {
        const plan = clonePlan(t.plan);
        const { detail, expectedError, knownGoIssue } = edit(plan, g, pick);
        return fromPlan(t, plan, { op: name, class: 'tables', gen: g, expect: 'error', expectedError, knownGoIssue, detail: `generation ${g}: ${detail}` });
      });
    },
  };
}

export const missingFrequency = tableOp(
  'missing-frequency',
  hasSync,
  (plan, g) => {
    const sb = syncBatch(plan, g);
    sb.events = sb.events.filter((e) => e.type !== Ev.Frequency);
    if (sb.events.length === 0) plan.generations[g - 1].batches = plan.generations[g - 1].batches.filter((b) => b !== sb);
    return { detail: 'no Frequency event', expectedError: 'no frequency event found' };
  },
);

export const missingClockSnapshot = tableOp(
  'missing-clock-snapshot',
  (t, g) => t.version >= 25 && hasSync(t, g),
  (plan, g) => {
    const sb = syncBatch(plan, g);
    sb.events = sb.events.filter((e) => e.type !== Ev.ClockSnapshot);
    return { detail: 'no ClockSnapshot event', expectedError: 'no clock snapshot event found' };
  },
);

export const duplicateFrequency = tableOp(
  'duplicate-frequency',
  hasSync,
  (plan, g, pick) => {
    syncBatch(plan, g).events.push({ type: Ev.Frequency, args: [1 + (pick % 2_000_000_000)] });
    return { detail: 'a second Frequency event', expectedError: 'found multiple frequency events' };
  },
);

export const duplicateStringId = tableOp(
  'duplicate-string-id',
  (t, g) => entries(t.plan, g, 'strings').length > 0,
  (plan, g, pick) => {
    const all = entries(plan, g, 'strings');
    const id = all[pick % all.length].id;
    firstTable(plan, g, 'strings').events.push({ type: Ev.String, args: [id], data: new TextEncoder().encode('duplicate') });
    return { detail: `string id ${id} defined twice` };
  },
);

export const duplicateStackId = tableOp(
  'duplicate-stack-id',
  (t, g) => entries(t.plan, g, 'stacks').length > 0,
  (plan, g, pick) => {
    const all = entries(plan, g, 'stacks');
    const id = all[pick % all.length].id;
    firstTable(plan, g, 'stacks').events.push({ type: Ev.Stack, args: [id, 0], frames: [] });
    return { detail: `stack id ${id} defined twice` };
  },
);

export const missingString = tableOp(
  'reference-to-missing-string',
  (t, g) => entries(t.plan, g, 'strings').length > 0,
  (plan, g, pick) => {
    // Every string in a generated table is used by an event or a frame.
    const all = entries(plan, g, 'strings');
    const victim = all[pick % all.length];
    plan.generations[g - 1].batches[victim.bi].events.splice(victim.ei, 1);
    return { detail: `string id ${victim.id} removed from the table while still referenced` };
  },
);

export const missingStack = tableOp(
  'reference-to-missing-stack',
  (t, g) => entries(t.plan, g, 'stacks').length > 0,
  (plan, g, pick) => {
    const all = entries(plan, g, 'stacks');
    const victim = all[pick % all.length];
    plan.generations[g - 1].batches[victim.bi].events.splice(victim.ei, 1);
    const bySample = plan.generations[g - 1].batches.some((b) => b.kind === 'cpu' && b.events.some((e) => e.type === Ev.CPUSample && Number(e.args[4]) === victim.id));
    return { detail: `stack id ${victim.id} removed from the table while still referenced`, knownGoIssue: bySample ? ('go-cpu-sample-stack-unchecked' as const) : undefined };
  },
);

export const stackTooDeep = tableOp(
  'stack-too-deep',
  () => true,
  (plan, g, pick) => {
    const n = MAX_FRAMES_PER_STACK + 1 + (pick % 100);
    const frames = Array.from({ length: n }, (_, i) => ({ pc: 0x4f0000 + i * 4, func: 0, file: 0, line: i + 1 }));
    const ev: PlannedEvent = { type: Ev.Stack, args: [maxId(plan, g, 'stacks') + 1, n], frames };
    firstTable(plan, g, 'stacks').events.push(ev);
    return { detail: `a stack of ${n} frames`, expectedError: `invalid stack size ${n}, maximum is ${MAX_FRAMES_PER_STACK}` };
  },
);

export const stringTooLong = tableOp(
  'string-too-long',
  () => true,
  (plan, g, pick) => {
    const n = MAX_EVENT_TRAILER_DATA_SIZE + 1 + (pick % 2000);
    firstTable(plan, g, 'strings').events.push({ type: Ev.String, args: [maxId(plan, g, 'strings') + 1], data: new Uint8Array(n).fill(0x61) });
    return { detail: `a string of ${n} bytes`, expectedError: `invalid string size ${n}, maximum is ${MAX_EVENT_TRAILER_DATA_SIZE}` };
  },
);

export const frameWithUnknownString = tableOp(
  'frame-with-unknown-string',
  () => true,
  (plan, g, pick) => {
    const stackId = maxId(plan, g, 'stacks') + 1;
    const funcId = maxId(plan, g, 'strings') + 1 + (pick % 50);
    // A PC no other frame uses, so this frame is the one recorded for it.
    firstTable(plan, g, 'stacks').events.push({ type: Ev.Stack, args: [stackId, 1], frames: [{ pc: 0xdead000 + (pick % 1000) * 4, func: funcId, file: 0, line: 1 }] });
    return { detail: `stack ${stackId} has a frame whose function name is string ${funcId}, which does not exist`, expectedError: `found invalid func string ID ${funcId} for stack ${stackId}` };
  },
);

export const stackFrameCut = tableOp(
  'stack-frame-cut',
  () => true,
  (plan, g, pick) => {
    // The table's last stack claims one frame more than it holds: its batch ends
    // inside that frame, before its PC, function name, file name or line.
    const stackId = maxId(plan, g, 'stacks') + 1;
    const fields = ['PC', 'funcID', 'fileID', 'line'];
    const have = pick % fields.length;
    const frame = [0x4f0000 + (pick % 1000) * 4, 0, 0].slice(0, have);
    firstTable(plan, g, 'stacks').events.push({ type: Ev.Stack, args: [stackId, 1, ...frame], frames: [] });
    return { detail: `stack ${stackId} claims a frame its batch ends inside (before the frame's ${fields[have]})`, expectedError: `reading frame 1's ${fields[have]} for stack ${stackId}: EOF` };
  },
);

/** An annotation or label event that names a string the generation's table lacks. */
export const eventWithUnknownString: Operator = {
  name: 'event-with-unknown-string',
  class: 'tables',
  planLevel: true,
  arb: (t, minGen) => {
    const targets: { gen: number; bi: number; ei: number; arg: number }[] = [];
    for (const g of gensWhere(t, minGen, () => true)) {
      t.plan.generations[g - 1].batches.forEach((b, bi) => {
        if (b.kind !== 'events') return;
        b.events.forEach((e, ei) => {
          for (const arg of specOf(t.version, e.type)?.stringIds ?? []) targets.push({ gen: g, bi, ei, arg });
        });
      });
    }
    if (targets.length === 0) return null;
    return fc.tuple(pickArb(targets), fc.nat({ max: 50 })).map(([x, k]) => {
      const plan = clonePlan(t.plan);
      const ev = plan.generations[x.gen - 1].batches[x.bi].events[x.ei];
      const id = maxId(plan, x.gen, 'strings') + 1 + k;
      ev.args[x.arg] = id;
      return fromPlan(t, plan, {
        op: 'event-with-unknown-string', class: 'tables', gen: x.gen, expect: 'error',
        detail: `generation ${x.gen}: a ${eventNameFor(t.version, ev.type)} event names string ${id}, which the table lacks`,
      });
    });
  },
};

export const TABLES: readonly Operator[] = [
  missingFrequency,
  missingClockSnapshot,
  duplicateFrequency,
  duplicateStringId,
  duplicateStackId,
  missingString,
  missingStack,
  stackTooDeep,
  stringTooLong,
  frameWithUnknownString,
  stackFrameCut,
  eventWithUnknownString,
];
