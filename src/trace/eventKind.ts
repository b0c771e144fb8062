// The public kinds of events (Go's EventKind) and which wire event types
// produce which kind.
import { EV_SYNC } from './base';
import { Ev } from './spec';

export enum EventKind {
  Bad = 0,
  Sync,
  Metric,
  Label,
  StackSample,
  RangeBegin,
  RangeActive,
  RangeEnd,
  TaskBegin,
  TaskEnd,
  RegionBegin,
  RegionEnd,
  Log,
  StateTransition,
  Experimental,
}

const kindNames = [
  'Bad', 'Sync', 'Metric', 'Label', 'StackSample', 'RangeBegin', 'RangeActive', 'RangeEnd',
  'TaskBegin', 'TaskEnd', 'RegionBegin', 'RegionEnd', 'Log', 'StateTransition', 'Experimental',
];

/** Go's EventKind.String(): "Bad" for anything unknown. */
export function eventKindString(k: number): string {
  return kindNames[k] ?? 'Bad';
}

// Indexed by wire type byte (0..255); types without an entry are Bad.
const typeToKind = new Uint8Array(256);
const kindOf: ReadonlyArray<[number, EventKind]> = [
  [Ev.CPUSample, EventKind.StackSample],
  [Ev.ProcsChange, EventKind.Metric],
  [Ev.ProcStart, EventKind.StateTransition],
  [Ev.ProcStop, EventKind.StateTransition],
  [Ev.ProcSteal, EventKind.StateTransition],
  [Ev.ProcStatus, EventKind.StateTransition],
  [Ev.GoCreate, EventKind.StateTransition],
  [Ev.GoCreateSyscall, EventKind.StateTransition],
  [Ev.GoStart, EventKind.StateTransition],
  [Ev.GoDestroy, EventKind.StateTransition],
  [Ev.GoDestroySyscall, EventKind.StateTransition],
  [Ev.GoStop, EventKind.StateTransition],
  [Ev.GoBlock, EventKind.StateTransition],
  [Ev.GoUnblock, EventKind.StateTransition],
  [Ev.GoSyscallBegin, EventKind.StateTransition],
  [Ev.GoSyscallEnd, EventKind.StateTransition],
  [Ev.GoSyscallEndBlocked, EventKind.StateTransition],
  [Ev.GoStatus, EventKind.StateTransition],
  [Ev.STWBegin, EventKind.RangeBegin],
  [Ev.STWEnd, EventKind.RangeEnd],
  [Ev.GCActive, EventKind.RangeActive],
  [Ev.GCBegin, EventKind.RangeBegin],
  [Ev.GCEnd, EventKind.RangeEnd],
  [Ev.GCSweepActive, EventKind.RangeActive],
  [Ev.GCSweepBegin, EventKind.RangeBegin],
  [Ev.GCSweepEnd, EventKind.RangeEnd],
  [Ev.GCMarkAssistActive, EventKind.RangeActive],
  [Ev.GCMarkAssistBegin, EventKind.RangeBegin],
  [Ev.GCMarkAssistEnd, EventKind.RangeEnd],
  [Ev.HeapAlloc, EventKind.Metric],
  [Ev.HeapGoal, EventKind.Metric],
  [Ev.GoLabel, EventKind.Label],
  [Ev.UserTaskBegin, EventKind.TaskBegin],
  [Ev.UserTaskEnd, EventKind.TaskEnd],
  [Ev.UserRegionBegin, EventKind.RegionBegin],
  [Ev.UserRegionEnd, EventKind.RegionEnd],
  [Ev.UserLog, EventKind.Log],
  [Ev.GoSwitch, EventKind.StateTransition],
  [Ev.GoSwitchDestroy, EventKind.StateTransition],
  [Ev.GoCreateBlocked, EventKind.StateTransition],
  [Ev.GoStatusStack, EventKind.StateTransition],
  [Ev.Span, EventKind.Experimental],
  [Ev.SpanAlloc, EventKind.Experimental],
  [Ev.SpanFree, EventKind.Experimental],
  [Ev.HeapObject, EventKind.Experimental],
  [Ev.HeapObjectAlloc, EventKind.Experimental],
  [Ev.HeapObjectFree, EventKind.Experimental],
  [Ev.GoroutineStack, EventKind.Experimental],
  [Ev.GoroutineStackAlloc, EventKind.Experimental],
  [Ev.GoroutineStackFree, EventKind.Experimental],
  [EV_SYNC, EventKind.Sync],
];
for (const [t, k] of kindOf) typeToKind[t] = k;

/** The kind of event a wire event type (or EV_SYNC) produces. */
export function kindForType(type: number): EventKind {
  return (typeToKind[type] ?? EventKind.Bad) as EventKind;
}
