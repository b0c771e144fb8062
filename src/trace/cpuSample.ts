// CPU profiling samples: read from a generation's CPU-sample batches, their
// tick timestamps converted once the frequency is known, sorted by time the
// way Go sorts them, and merged into the event stream by the reader.
import { Ev } from './spec';
import type { Batch } from './batch';
import { goSortFunc } from './goSort';
import { freqMul } from './frequency';
import { I64, cmpI64, u64ToI64 } from './int64';
import { NO_GOROUTINE, SchedCtx } from './base';
import type { U64 } from './u64';
import { TableReader } from './tableReader';

// A local copy of an import used per sample (see readerCore.ts).
const NO_G = NO_GOROUTINE;

export interface CpuSample {
  readonly ctx: SchedCtx;
  /** Raw ticks until fixUpCpuSamples, nanoseconds after. */
  time: I64 | U64;
  readonly stack: U64;
}

/** Appends the samples of one CPU-sample batch; returns Go's error text on bad data. */
export function addCpuSamples(samples: CpuSample[], b: Batch): string | null {
  const r = new TableReader(b.data);
  if (r.byte() !== Ev.CPUSamples) return 'missing CPU samples batch header';
  while (!r.done()) {
    const ev = r.byte();
    if (ev !== Ev.CPUSample) return `expected CPU sample event, got ${ev}`;
    const ts = r.uvarint();
    if (r.err) return r.err;
    const m = r.uvarint();
    if (r.err) return r.err;
    const p = r.uvarint();
    if (r.err) return r.err;
    const g = r.uvarint();
    if (r.err) return r.err;
    const s = r.uvarint();
    if (r.err) return r.err;
    samples.push({
      ctx: { m: u64ToI64(m), p: u64ToI64(p), g: g === 0 ? NO_G : u64ToI64(g) },
      time: ts,
      stack: s,
    });
  }
  return null;
}

/** Converts sample times to nanoseconds and sorts them (Go's unstable order). */
export function fixUpCpuSamples(samples: CpuSample[], freq: number): void {
  for (const s of samples) s.time = freqMul(freq, s.time as U64);
  goSortFunc(samples, (a, b) => cmpI64(a.time as I64, b.time as I64));
}
