// Where a first read's time goes, for `bench/run.ts --warm`: the TS side's
// first read (in a fresh process) is the file read into memory, the start-up
// (V8 compiling the reader while it runs, and every other first-time cost),
// and the steady state — the same process reading the trace again, once
// compiled. Against Go's read of the same round, a target ratio leaves the
// file read and the start-up together only so many milliseconds: the steady
// state alone may already miss it, or the start-up may be what does.
import { median } from './median';

/** One round's times: Go's read, and the TS side's (ms includes fileMs; warmMs is the second read). */
export interface RoundTimes {
  goMs: number;
  tsMs: number;
  fileMs: number;
  warmMs: number;
}

export interface FirstReadParts {
  /** Reading the file into memory. */
  fileMs: number;
  /** The first read beyond the file read and the steady state. */
  startupMs: number;
  /** The second read in the same process. */
  steadyMs: number;
  /** What the target leaves the file read and the start-up together (negative: the steady state alone misses it). */
  allowanceMs: number;
}

/** Each part as the median of its per-round values (rounds ran under the same load on both sides). */
export function firstReadParts(rounds: readonly RoundTimes[], target: number): FirstReadParts {
  if (rounds.length === 0) throw new Error('firstReadParts: no rounds');
  if (!(target > 0)) throw new Error(`firstReadParts: target ${target} is not a positive ratio`);
  return {
    fileMs: median(rounds.map((r) => r.fileMs)),
    startupMs: median(rounds.map((r) => r.tsMs - r.fileMs - r.warmMs)),
    steadyMs: median(rounds.map((r) => r.warmMs)),
    allowanceMs: median(rounds.map((r) => r.goMs / target - r.warmMs)),
  };
}

/**
 * Why a first read misses the target, if it does: the steady state alone
 * ('steady'), or the file read and start-up taking more than it leaves
 * ('start-up'); null when they fit.
 */
export function firstReadShortfall(p: FirstReadParts): 'steady' | 'start-up' | null {
  if (p.allowanceMs < 0) return 'steady';
  return p.fileMs + p.startupMs > p.allowanceMs ? 'start-up' : null;
}

/**
 * The share of the steady state's time that would have to go for the first
 * read to reach the target with the file read and start-up as they are; 0
 * when it reaches it already. (Above 1: the file read and start-up alone
 * take longer than the target allows the whole read.) It says how far a
 * faster reader would have to go, where the allowance says only that it
 * falls short.
 */
export function steadyCutNeeded(p: FirstReadParts): number {
  const excess = p.fileMs + p.startupMs - p.allowanceMs;
  return excess <= 0 ? 0 : excess / p.steadyMs;
}

/**
 * "17 + 58 + 341 ms (1.5× leaves 45)": file + start-up + steady, and the
 * allowance; when the read falls short, what the steady state would have to
 * lose: "(1.5× leaves 20: steady state −12%)".
 */
export function formatFirstRead(p: FirstReadParts, target: number): string {
  const ms = (x: number) => x.toFixed(0);
  const cut = steadyCutNeeded(p);
  return `${ms(p.fileMs)} + ${ms(p.startupMs)} + ${ms(p.steadyMs)} ms (${target}× leaves ${ms(p.allowanceMs)}` +
    (cut > 0 ? `: steady state −${cutPercent(cut)}%)` : ')');
}

/** A cut as whole percent, rounded up (a requirement; the epsilon keeps 0.07 from printing 8). */
export function cutPercent(cut: number): number {
  return Math.ceil(cut * 100 - 1e-9);
}
