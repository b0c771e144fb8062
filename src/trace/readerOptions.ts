// Options of the TS reader.

/**
 * Faults that can be injected into the pipeline — INTERNAL, for the
 * mutant readers that prove the harness's properties can fail. Each is one
 * branch off the normal path and costs nothing when unused.
 */
export type ReaderFault =
  /** #55160 before its fix: an error reading the next generation's first batch surfaces at once, losing the completed generation. */
  | 'pre-fix-spill'
  /** An error found in a later generation replaces the pending earlier one. */
  | 'later-error-wins'
  /** A batch whose payload is cut short by the end of input is accepted as it is. */
  | 'accept-short-batch'
  /** The batch size limit is checked as size > MAX+1. */
  | 'batch-size-off-by-one'
  /** When the earliest event of the frontier cannot advance, the others are not tried: "failed to advance" at once. */
  | 'frontier-head-only'
  /** GoStart advances whenever its goroutine is runnable, whatever its sequence number. */
  | 'go-start-no-seq-check'
  /** GoUnblock advances whenever its goroutine is waiting, whatever its sequence number. */
  | 'go-unblock-no-seq-check'
  /** ProcStatus SyscallAbandoned over a proc known in Syscall is not promoted but reported as inconsistent. */
  | 'refuse-abandoned-promotion';

export const READER_FAULTS: readonly ReaderFault[] = [
  'pre-fix-spill',
  'later-error-wins',
  'accept-short-batch',
  'batch-size-off-by-one',
  'frontier-head-only',
  'go-start-no-seq-check',
  'go-unblock-no-seq-check',
  'refuse-abandoned-promotion',
];

export interface ReaderOptions {
  /**
   * Strict mode: where Go fails fast on a bad generation number after a
   * complete generation (before go1.26), emit that generation and any earlier
   * error first, so invariants P1 and P2 hold strictly. Also, where Go's
   * reader ends a trace cleanly because a table batch (strings, stacks, CPU
   * samples, sync) stops inside a record — its parser returns a bare io.EOF,
   * which Go's consumers take for the end of the trace — strict mode reports
   * the error "EOF"; and where a go1.26 trace ends after some batches of a
   * generation but before any of its event batches (Go ends cleanly), strict
   * mode reports the incomplete generation (P3: corruption is never
   * swallowed). Default false (Go-compatible).
   */
  strict?: boolean;
  /** @internal Injected faults for mutant readers; never set in normal use. */
  faults?: ReadonlySet<ReaderFault>;
}
