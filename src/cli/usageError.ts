// The CLI's error and exit-code convention, shared by every command:
//   0  success
//   1  bad input (a trace, text or .test file that cannot be read as asked,
//      a missing input file) or a failure (output that cannot be written:
//      a full disk, /dev/full) — one line on stderr
//   130 interrupted (Ctrl-C)
//   2  usage error (unknown command or option, missing argument) — one line
//      on stderr plus a hint to run --help
//   3  internal error (a bug) — one line; the stack only with TRACEFUZZ_DEBUG=1
// Commands throw UsageError or InputError; main.ts turns any error into one
// line and an exit code, so no stack trace reaches a user for bad input.
import { TraceError } from '../trace/traceError';
import { TextFormatError } from '../trace/textReader';
import { TestFileError } from '../trace/testFile';
import { CorpusDirError } from '../corpus/corpusStore';
import { UnsafePathError } from '../corpus/safeFileName';

export const EXIT_OK = 0;
export const EXIT_BAD_INPUT = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 3;

/** Wrong command line. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(message: string) {
    super(message);
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/** Input that cannot be processed (exit 1). */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(message: string) {
    super(message);
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/** Exit code and one-line message for any error a command throws. */
export function classifyError(e: unknown): { code: number; message: string } {
  if (e instanceof UsageError) return { code: EXIT_USAGE, message: e.message };
  if (
    e instanceof InputError || e instanceof TraceError || e instanceof TextFormatError || e instanceof TestFileError ||
    e instanceof CorpusDirError || e instanceof UnsafePathError
  ) {
    return { code: EXIT_BAD_INPUT, message: oneLine(e.message) };
  }
  const errno = e as NodeJS.ErrnoException;
  if (errno && typeof errno.code === 'string' && typeof errno.syscall === 'string') {
    // File system errors: "ENOENT: no such file or directory, open 'x'".
    return { code: EXIT_BAD_INPUT, message: oneLine(errno.message) };
  }
  const msg = e instanceof Error ? e.message : String(e);
  return { code: EXIT_INTERNAL, message: `internal error: ${oneLine(msg)}` };
}

function oneLine(s: string): string {
  return s.replace(/\r?\n/g, ' | ');
}
