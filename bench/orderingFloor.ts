// A floor under the TS reader's time: the reader with its ordering taken
// out — every event accepted, in the context of its thread alone, as it
// comes off the frontier — so that what is left is the reading itself: the
// file, the decoding, the merge of the Ms by time, one object per event,
// the start-up. A measurement (`bench/run.ts --floor`), never a reader: its
// events are not Go's (no goroutine, no proc, no state checked). Where this
// floor misses the target on its first read, no work on the ordering can
// meet it.
import { Ordering, type AdvanceResult, type ThreadEvent } from '../src/trace/order';
import { NO_GOROUTINE, NO_PROC } from '../src/trace/resources';

/**
 * Makes every Ordering of this process accept each event as it comes;
 * returns what puts the real ordering back. Call it before any reader is
 * made: V8 then never sees the real one.
 */
export function orderNothing(): () => void {
  const real = Ordering.prototype.advance;
  Ordering.prototype.advance = function acceptEvery(this: Ordering, ev: ThreadEvent): AdvanceResult {
    const cur = this.ctx;
    cur.g = NO_GOROUTINE;
    cur.p = NO_PROC;
    cur.m = ev.m;
    return true;
  };
  return () => {
    Ordering.prototype.advance = real;
  };
}

/**
 * How many times over the ordering exceeds what the target leaves it: with
 * the floor's time as the rest of the read, 1/target − 1/floor of Go's time
 * is left for the ordering, and the reader's ordering takes 1/ratio −
 * 1/floor (ratios are TS/Go events/s, the reader's and the floor's). 0 when
 * the reader meets the target; Infinity when even the floor misses it.
 */
export function orderingOverBudget(ratio: number, floorRatio: number, target: number): number {
  if (ratio >= target) return 0;
  const budget = 1 / target - 1 / floorRatio;
  return budget <= 0 ? Infinity : (1 / ratio - 1 / floorRatio) / budget;
}

/** "1.60× (ordering ×5.0)": the floor's ratio and, when the reader misses the target, its ordering over budget. */
export function formatFloor(ratio: number, floorRatio: number, target: number): string {
  const over = orderingOverBudget(ratio, floorRatio, target);
  return `${floorRatio.toFixed(2)}×` + (over === 0 ? '' : over === Infinity ? ' (floor short)' : ` (ordering ×${over.toFixed(1)})`);
}
