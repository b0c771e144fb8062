// A wall-clock limit shared by every reader a command opened: no read may
// outlast it. A campaign's time budget (`fuzz --time`, `report --time`) sets
// it, so a reader that hangs cannot stretch the run past the budget by its
// per-case timeout; a read cut short this way is not the case's outcome (the
// campaign drops it), unlike a read that outlasts the per-case timeout.

/** The error text of a read that the time budget cut short. */
export const BUDGET_CUT = 'cut short by the time budget';

export class ReadDeadline {
  private at: number | null = null;

  /** Sets the limit (ms since the epoch), or lifts it (null). */
  set(at: number | null): void {
    this.at = at;
  }

  /** Milliseconds left before the limit; Infinity when none is set. */
  remainingMs(now = Date.now()): number {
    return this.at === null ? Infinity : Math.max(0, this.at - now);
  }

  get passed(): boolean {
    return this.at !== null && Date.now() >= this.at;
  }
}
