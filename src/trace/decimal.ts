// Decimal text of a Go integer held as number | bigint, as Go's %d prints it.
// Canonical values (numbers only up to 2^53) print with String(); a number
// beyond that would print as its shortest round-trip form padded with zeros,
// not its exact value, so it goes through BigInt.

export function decimal(x: number | bigint): string {
  if (typeof x === 'number' && (x > Number.MAX_SAFE_INTEGER || x < -Number.MAX_SAFE_INTEGER)) {
    return Number.isInteger(x) ? BigInt(x).toString() : String(x);
  }
  return String(x);
}
