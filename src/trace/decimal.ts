// Decimal text of a Go integer held as number | bigint, as Go's %d prints it.
//
// Integers from 2^31 up (times in nanoseconds, most of them) are not small
// integers to V8, and String() of such a number allocates its text in the
// old generation (it goes into V8's number-to-string cache). A dump prints
// several per event: gigabytes of old-generation garbage, collected only by
// full collections, which made `tracefuzz dump`'s memory grow to four times
// what it holds and cost a third of its time. Those are printed here from a
// table of four-digit groups instead (short-lived strings, and faster).
// Numbers beyond 2^53 would print as their shortest round-trip form padded
// with zeros, not their exact value, so they go through BigInt.

const SMALL = 0x7fffffff;
const GROUP = 10000;
/** "0".."9999" */
const PLAIN: string[] = [];
/** "0000".."9999" */
const PADDED: string[] = [];
for (let i = 0; i < GROUP; i++) {
  PLAIN.push(String(i));
  PADDED.push(String(i).padStart(4, '0'));
}

export function decimal(x: number | bigint): string {
  if (typeof x === 'number') {
    if (x <= SMALL && x >= -SMALL) return String(x);
    if (Number.isInteger(x)) {
      if (x > Number.MAX_SAFE_INTEGER || x < -Number.MAX_SAFE_INTEGER) return BigInt(x).toString();
      return x < 0 ? '-' + largeDecimal(-x) : largeDecimal(x);
    }
  }
  return String(x);
}

/** Digits of an integer in [2^31, 2^53]. */
function largeDecimal(x: number): string {
  const a = Math.floor(x / GROUP);
  const g0 = PADDED[x - a * GROUP];
  const b = Math.floor(a / GROUP);
  const g1 = PADDED[a - b * GROUP];
  if (b < GROUP) return PLAIN[b] + g1 + g0;
  const c = Math.floor(b / GROUP);
  const g2 = PADDED[b - c * GROUP];
  // x < 2^53 < 10^16: c has at most four digits.
  return PLAIN[c] + g2 + g1 + g0;
}
