// What `import … from 'tracefuzz'` gives (the package's main entry): the
// reader — standard JavaScript, for Node and browsers alike — its one error
// type, its events and what they are made of.
export { readTrace, readTraceAsync, readAll, readAllAsync, EventReader } from './reader';
export type { AsyncEvents, ReadOutcome, ReaderOptions } from './reader';
export { TraceError } from './traceError';
export type { TraceErrorOptions } from './traceError';
export { Event } from './event';
export { EventKind } from './eventKind';
export { GoState, ProcState, ResourceKind, ResourceID, StateTransition, NO_GOROUTINE, NO_PROC, NO_THREAD } from './resources';
export type { GoID, ProcID, ThreadID } from './resources';
export { Value, ValueKind } from './value';
export { Stack } from './stack';
export type { StackFrame } from './stack';
export type { ClockSnapshot, ExperimentalEvent, Label, Log, Metric, Range, RangeAttribute, Region, Sync, Task, TaskID } from './eventDetails';
export type { BaseEvent, SchedCtx, Time } from './base';
export type { I64 } from './int64';
export type { U64 } from './u64';
