// The one error type for bad trace data. Its message is exactly the text Go's
// reader would print for the same fault, with no prefix, so that outcomes can
// be compared with Go's byte for byte.

export interface TraceErrorOptions {
  /** Byte offset in the input where the fault was detected, when known. */
  offset?: number;
  /** Generation whose data was being read, when known. */
  generation?: number;
}

export class TraceError extends Error {
  override readonly name = 'TraceError';
  readonly offset?: number;
  readonly generation?: number;

  constructor(message: string, opts?: TraceErrorOptions) {
    super(message);
    // Keep instanceof working when compiled to ES5-style classes elsewhere.
    Object.setPrototypeOf(this, new.target.prototype);
    if (opts?.offset !== undefined) this.offset = opts.offset;
    if (opts?.generation !== undefined) this.generation = opts.generation;
  }
}

export function isTraceError(e: unknown): e is TraceError {
  return e instanceof TraceError;
}
