// Resources with state machines (goroutines, procs, threads), their IDs and
// states, and the StateTransition view — Go's resources.go. IDs are Go int64s
// (I64): a wire value with the top bit set prints negative, as in Go.
import { decimal } from './decimal';
import { I64 } from './int64';
import { NO_STACK, Stack } from './stack';

/** Go's GoID, ProcID, ThreadID: int64. */
export type GoID = I64;
export type ProcID = I64;
export type ThreadID = I64;

/** Sentinels for "no such resource in this context" (Go uses -1). */
export const NO_GOROUTINE: GoID = -1;
export const NO_PROC: ProcID = -1;
export const NO_THREAD: ThreadID = -1;

export enum GoState {
  Undetermined = 0,
  NotExist = 1,
  Runnable = 2,
  Running = 3,
  Waiting = 4,
  Syscall = 5,
}

const goStateNames = ['Undetermined', 'NotExist', 'Runnable', 'Running', 'Waiting', 'Syscall'];

/** Go's GoState.String(): "Bad" for anything unknown. */
export function goStateString(s: number): string {
  return goStateNames[s] ?? 'Bad';
}

/** Whether the goroutine is bound to its thread. */
export function goStateExecuting(s: GoState): boolean {
  return s === GoState.Running || s === GoState.Syscall;
}

export enum ProcState {
  Undetermined = 0,
  NotExist = 1,
  Running = 2,
  Idle = 3,
}

const procStateNames = ['Undetermined', 'NotExist', 'Running', 'Idle'];

/** Go's ProcState.String(): "Bad" for anything unknown. */
export function procStateString(s: number): string {
  return procStateNames[s] ?? 'Bad';
}

export function procStateExecuting(s: ProcState): boolean {
  return s === ProcState.Running;
}

export enum ResourceKind {
  None = 0,
  Goroutine = 1,
  Proc = 2,
  Thread = 3,
}

const resourceKindNames = ['None', 'Goroutine', 'Proc', 'Thread'];

export function resourceKindString(k: number): string {
  return resourceKindNames[k] ?? 'Bad';
}

/** A resource's kind and ID (Go's ResourceID). */
export class ResourceID {
  constructor(readonly kind: ResourceKind, readonly id: I64) {}

  static none(): ResourceID {
    return new ResourceID(ResourceKind.None, 0);
  }

  goroutine(): GoID {
    if (this.kind !== ResourceKind.Goroutine) throw new Error(`attempted to get GoID from ${resourceKindString(this.kind)} resource ID`);
    return this.id;
  }

  proc(): ProcID {
    if (this.kind !== ResourceKind.Proc) throw new Error(`attempted to get ProcID from ${resourceKindString(this.kind)} resource ID`);
    return this.id;
  }

  thread(): ThreadID {
    if (this.kind !== ResourceKind.Thread) throw new Error(`attempted to get ThreadID from ${resourceKindString(this.kind)} resource ID`);
    return this.id;
  }

  equals(o: ResourceID): boolean {
    return this.kind === o.kind && this.id === o.id;
  }

  /** Go's ResourceID.String(): "None" or e.g. "Goroutine(7)". */
  toString(): string {
    if (this.kind === ResourceKind.None) return 'None';
    return `${resourceKindString(this.kind)}(${decimal(this.id)})`;
  }
}

/** A state change of one goroutine or proc (Go's StateTransition). */
export class StateTransition {
  /** Human-readable reason (GoStop/GoBlock), "" otherwise. */
  reason = '';
  /**
   * The stack of the transitioning resource (e.g. the new goroutine's start
   * stack for a creation), distinct from the event's own stack.
   */
  stack: Stack = NO_STACK;

  private constructor(
    readonly resource: ResourceID,
    /** Raw old/new states as Go keeps them (uint8). */
    readonly oldState: number,
    readonly newState: number,
  ) {}

  static goroutine(id: GoID, from: GoState, to: GoState): StateTransition {
    return new StateTransition(new ResourceID(ResourceKind.Goroutine, id), from & 0xff, to & 0xff);
  }

  static proc(id: ProcID, from: ProcState, to: ProcState): StateTransition {
    return new StateTransition(new ResourceID(ResourceKind.Proc, id), from & 0xff, to & 0xff);
  }

  /** [from, to] for a goroutine transition. */
  goroutine(): [GoState, GoState] {
    if (this.resource.kind !== ResourceKind.Goroutine) throw new Error('Goroutine called on non-Goroutine state transition');
    return [this.oldState, this.newState];
  }

  /** [from, to] for a proc transition. */
  proc(): [ProcState, ProcState] {
    if (this.resource.kind !== ResourceKind.Proc) throw new Error('Proc called on non-Proc state transition');
    return [this.oldState, this.newState];
  }
}
