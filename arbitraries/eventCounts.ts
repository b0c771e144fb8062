// Which event types a plan contains, by name — how we show that the generator
// covers every kind in Go's event table, batch and table events included.
import { Ev, eventNameFor } from '../src/trace/spec';
import type { TracePlan } from './plan';

export function countEventKinds(plan: TracePlan, into: Map<string, number> = new Map()): Map<string, number> {
  const add = (name: string) => into.set(name, (into.get(name) ?? 0) + 1);
  for (const g of plan.generations) {
    for (const b of g.batches) {
      if (b.kind === 'end') {
        add(eventNameFor(plan.version, Ev.EndOfGeneration));
        continue;
      }
      add(eventNameFor(plan.version, b.kind === 'experimental' ? Ev.ExperimentalBatch : Ev.EventBatch));
      for (const e of b.events) add(eventNameFor(plan.version, e.type));
    }
  }
  return into;
}

/** Names of every event type in Go's table (tracev2), experimental ones included. */
export function allEventNames(): string[] {
  return Object.keys(Ev).filter((n) => n !== 'None');
}
