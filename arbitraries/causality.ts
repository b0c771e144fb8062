// What depends on what inside one generation of a plan, as the model
// recorded it on each event: the events of other threads an event waits for
// (the reader answers "not yet" until they are read) or merely needs read
// first, and, implicitly, the thread's previous event. From it: which events
// can never be read once one event never advances, and whether the reader
// then surely ends with "broken trace: failed to advance".
import type { GenerationPlan, PlannedEvent } from './plan';

interface Node {
  ev: PlannedEvent;
  batch: number;
  index: number;
  /** Serial of the next event of the same thread, if any. */
  next?: number;
}

export interface StuckEvents {
  /** Serials of the events the reader can never read. */
  stuck: Set<number>;
  /**
   * No event outside `stuck` needs (unchecked) one inside: every other event
   * is read as before, then none can advance — Go's "failed to advance".
   */
  failsToAdvance: boolean;
}

export class GenCausality {
  readonly nodes = new Map<number, Node>();
  private readonly waitedBy = new Map<number, number[]>();
  private readonly neededBy = new Map<number, number[]>();

  constructor(gen: GenerationPlan) {
    const lastOnThread = new Map<string, number>();
    gen.batches.forEach((b, batch) => {
      if (b.kind !== 'events') return;
      b.events.forEach((ev, index) => {
        if (ev.serial === undefined) return;
        const thread = String(b.m);
        const prev = lastOnThread.get(thread);
        if (prev !== undefined) this.nodes.get(prev)!.next = ev.serial;
        lastOnThread.set(thread, ev.serial);
        this.nodes.set(ev.serial, { ev, batch, index });
        for (const w of ev.waits ?? []) this.add(this.waitedBy, w, ev.serial);
        for (const n of ev.needs ?? []) this.add(this.neededBy, n, ev.serial);
      });
    });
  }

  private add(m: Map<number, number[]>, k: number, v: number): void {
    const l = m.get(k);
    if (l) l.push(v);
    else m.set(k, [v]);
  }

  /** The events that wait for the given serial, on other threads. */
  waiters(serial: number): number[] {
    return this.waitedBy.get(serial) ?? [];
  }

  /** Everything that can never be read when the event `serial` never advances. */
  stuckAfter(serial: number): StuckEvents {
    const stuck = new Set<number>();
    const todo = [serial];
    while (todo.length > 0) {
      const s = todo.pop()!;
      if (stuck.has(s)) continue;
      stuck.add(s);
      const next = this.nodes.get(s)?.next;
      if (next !== undefined) todo.push(next);
      todo.push(...this.waiters(s));
    }
    let failsToAdvance = true;
    for (const s of stuck) for (const u of this.neededBy.get(s) ?? []) if (!stuck.has(u)) failsToAdvance = false;
    return { stuck, failsToAdvance };
  }
}
