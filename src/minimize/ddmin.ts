// Delta debugging over a list: remove chunks while the test still passes,
// halving the chunk size down to single items. Chunks are tried from the end
// of the list backwards because later parts of a trace depend on earlier ones
// (tables, states) far more often than the other way round, so removing from
// the back succeeds more often and keeps the number of tests low.
import { Budget } from './budget';

export async function ddmin<T>(
  items: readonly T[],
  test: (candidate: T[]) => Promise<boolean>,
  budget: Budget,
  opts: { keepAtLeast?: number } = {},
): Promise<T[]> {
  const keep = opts.keepAtLeast ?? 0;
  let current = items.slice();
  if (current.length <= keep) return current;
  let chunk = Math.max(1, Math.ceil(current.length / 2));
  for (;;) {
    let removedAtThisSize = false;
    let end = current.length;
    while (end > 0 && !budget.exhausted()) {
      const start = Math.max(0, end - chunk);
      if (current.length - (end - start) < keep) { end = start; continue; }
      const candidate = current.slice(0, start).concat(current.slice(end));
      if (await test(candidate)) {
        current = candidate;
        removedAtThisSize = true;
      }
      end = start;
    }
    if (budget.exhausted()) return current;
    if (chunk === 1) {
      // A removal late in the list can make an earlier item removable; one more
      // single-item sweep is cheap once the list is small.
      if (!removedAtThisSize || current.length > 256) return current;
      continue;
    }
    chunk = Math.max(1, Math.ceil(chunk / 2));
    if (chunk > current.length) chunk = Math.max(1, Math.ceil(current.length / 2));
  }
}

/**
 * ddmin over the items that `keep` does not protect; protected items stay in
 * every candidate, in their places.
 */
export async function ddminKeeping<T>(
  items: readonly T[],
  keep: (item: T) => boolean,
  test: (candidate: T[]) => Promise<boolean>,
  budget: Budget,
): Promise<T[]> {
  const slots = items.map((item) => ({ item, fixed: keep(item) }));
  const free = slots.filter((s) => !s.fixed);
  const rebuild = (kept: readonly { item: T; fixed: boolean }[]) => {
    const alive = new Set(kept);
    return slots.filter((s) => s.fixed || alive.has(s)).map((s) => s.item);
  };
  const kept = await ddmin(free, (c) => test(rebuild(c)), budget);
  return rebuild(kept);
}
