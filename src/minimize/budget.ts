// How much work a minimization may do: a cap on predicate runs and on wall
// time. When either runs out the minimizer returns the smallest case so far,
// which always still satisfies the predicate.
export class Budget {
  tests = 0;
  private readonly started = Date.now();

  constructor(readonly maxTests = Infinity, readonly maxMs = Infinity) {}

  exhausted(): boolean {
    return this.tests >= this.maxTests || Date.now() - this.started >= this.maxMs;
  }

  elapsedMs(): number {
    return Date.now() - this.started;
  }
}
