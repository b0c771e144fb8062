// The wall-clock part of a clock snapshot, printed the way Go prints
// time.Unix(int64(sec), int64(nsec)).Format(time.RFC3339Nano): the same
// normalisation, the same int64/uint64 wraparounds for absurd (fuzzed)
// values, and the local time zone (the same TZ rules Go reads; UTC here).
// Sync events are rare, so exact bigint arithmetic costs nothing.
import type { U64 } from './u64';

const M64 = (1n << 64n) - 1n;
const wrapI = (x: bigint): bigint => BigInt.asIntN(64, x);
const wrapU = (x: bigint): bigint => BigInt.asUintN(64, x);

const SECONDS_PER_DAY = 86400n;
const UNIX_TO_INTERNAL = 62135596800n; // (1969*365 + 1969/4 - 1969/100 + 1969/400) days
const ABSOLUTE_YEARS = 292277022400n;
const MARCH_THRU_DECEMBER = 306n;
// -(absoluteYears*365.2425 + marchThruDecember) * secondsPerDay, as Go's constant.
const INTERNAL_TO_ABSOLUTE = (ABSOLUTE_YEARS * 3652425n / 10000n + MARCH_THRU_DECEMBER) * SECONDS_PER_DAY;
const UNIX_TO_ABSOLUTE = UNIX_TO_INTERNAL + INTERNAL_TO_ABSOLUTE;

/** A wall-clock reading: the snapshot's seconds and nanoseconds as on the wire. */
export class WallTime {
  constructor(readonly sec: U64, readonly nsec: U64) {}

  /** Go's time.Unix normalisation: [unix seconds, nanoseconds in [0, 1e9)]. */
  normalized(): [bigint, bigint] {
    let sec = wrapI(BigInt(this.sec));
    let nsec = wrapI(BigInt(this.nsec));
    if (nsec < 0n || nsec >= 1_000_000_000n) {
      const n = nsec / 1_000_000_000n; // truncates toward zero, like Go
      sec = wrapI(sec + n);
      nsec -= n * 1_000_000_000n;
      if (nsec < 0n) {
        nsec += 1_000_000_000n;
        sec = wrapI(sec - 1n);
      }
    }
    // Go stores sec+unixToInternal and subtracts it again; both wrap.
    const internal = wrapI(sec + UNIX_TO_INTERNAL);
    return [wrapI(internal - UNIX_TO_INTERNAL), nsec];
  }

  /** Go's Format(time.RFC3339Nano) in the local zone. */
  toString(): string {
    return formatRFC3339Nano(this);
  }
}

// The local zone's UTC offset in seconds at an instant. Intl gives offsets
// to the second (Go keeps local-mean-time offsets like +05:21:10); Date only
// to the minute, so it is the fallback. Historical offsets follow the JS
// engine's time zone data, which can differ from the system's for old dates.
function localOffsetSeconds(unixSec: bigint): number {
  const ms = unixSec * 1000n;
  // Outside what Date can hold, use the offset of the nearest representable instant.
  const limit = 8640000000000000n;
  const d = new Date(Number(ms > limit ? limit : ms < -limit ? -limit : ms));
  try {
    const name = new Intl.DateTimeFormat('en-US', { timeZoneName: 'longOffset' })
      .formatToParts(d)
      .find((p) => p.type === 'timeZoneName')?.value;
    const m = name === undefined ? null : /^GMT(?:([+-])(\d\d):(\d\d)(?::(\d\d))?)?$/.exec(name);
    if (m !== null) {
      if (m[1] === undefined) return 0;
      const off = Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4] ?? 0);
      return m[1] === '-' ? -off : off;
    }
  } catch {
    // No usable Intl: fall through.
  }
  const off = -d.getTimezoneOffset() * 60;
  return Number.isFinite(off) ? Math.round(off) + 0 : 0;
}

function pad(x: bigint, width: number): string {
  const neg = x < 0n;
  let s = (neg ? -x : x).toString();
  while (s.length < width) s = '0' + s;
  return (neg ? '-' : '') + s;
}

function formatRFC3339Nano(w: WallTime): string {
  const [unixSec, nsec] = w.normalized();
  const offset = localOffsetSeconds(unixSec);
  const abs = wrapU(wrapI(wrapI(unixSec + BigInt(offset)) + UNIX_TO_ABSOLUTE));

  // Go's absDays.split / absYday.split / date, with its fixed-width arithmetic.
  const days = abs / SECONDS_PER_DAY;
  const d = wrapU(4n * days + 3n);
  const century = d / 146097n;
  const cd = (d % 146097n) | 3n;
  const prod = 2939745n * cd;
  const cyear = prod >> 32n;
  const ayday = (prod & 0xffffffffn) / 2939745n / 4n;
  const md = (2141n * ayday + 197913n) & 0xffffffffn;
  const amonth = md >> 16n;
  const mday = 1n + (md & 0xffffn) / 2141n;
  const janFeb = ayday >= MARCH_THRU_DECEMBER ? 1n : 0n;
  const year = wrapI(wrapI(wrapU(century * 100n - ABSOLUTE_YEARS) & M64) + cyear + janFeb);
  const month = amonth - janFeb * 12n;

  const s = abs % SECONDS_PER_DAY;
  const hour = s / 3600n;
  const min = (s % 3600n) / 60n;
  const sec = s % 60n;

  let out = `${pad(year, 4)}-${pad(month, 2)}-${pad(mday, 2)}T${pad(hour, 2)}:${pad(min, 2)}:${pad(sec, 2)}`;
  if (nsec !== 0n) out += ('.' + pad(nsec, 9)).replace(/0+$/, '');
  if (offset === 0) return out + 'Z';
  let zone = Math.trunc(offset / 60);
  const sign = zone < 0 ? '-' : '+';
  zone = Math.abs(zone);
  return `${out}${sign}${pad(BigInt(Math.trunc(zone / 60)), 2)}:${pad(BigInt(zone % 60), 2)}`;
}
