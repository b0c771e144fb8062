// Converting raw trace timestamps (ticks) to nanoseconds, exactly as Go's
// reader does: float64 arithmetic, then a float64 → int64 conversion.
import { I64, floatToI64 } from './int64';

// Local copy of a hot import (see order.ts).
const toI64 = floatToI64;

/** Nanoseconds per tick from the Frequency event's ticks-per-second value. */
export function frequencyFromTicksPerSecond(ticksPerSecond: number | bigint): number {
  return 1.0 / (Number(ticksPerSecond) / 1e9);
}

/** Go's frequency.mul: Time(float64(t) * float64(f)). Number(bigint) rounds to nearest-even, as Go does. */
export function freqMul(freq: number, ticks: number | bigint): I64 {
  return toI64(Number(ticks) * freq);
}
