// A tiny deterministic random source seeded by one integer. The generators turn
// each fast-check choice (a natural number) into an action and its details; a
// choice that shrinks towards 0 must give the simplest action with the simplest
// details, so seed 0 always answers 0.
export class Rand {
  private s: number;
  private readonly zero: boolean;

  constructor(seed: number) {
    this.zero = seed === 0;
    // splitmix-style scramble so that nearby seeds diverge quickly.
    let x = (seed ^ 0x9e3779b9) >>> 0;
    x = Math.imul(x ^ (x >>> 16), 0x85ebca6b) >>> 0;
    x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
    this.s = (x ^ (x >>> 16)) >>> 0 || 1;
  }

  /** Uniform integer in [0, n); 0 when n <= 1 or the seed is 0. */
  int(n: number): number {
    if (n <= 1 || this.zero) return 0;
    // xorshift32
    let x = this.s;
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    this.s = x;
    return x % n;
  }

  /** True with probability 1/n (never for seed 0). */
  oneIn(n: number): boolean {
    if (this.zero) return false;
    return this.int(n) === 0;
  }

  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
}
