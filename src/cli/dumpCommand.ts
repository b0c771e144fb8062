// `tracefuzz dump FILE [--strict]`: the TS reader's parsed-event dump, byte
// for byte what `go tool trace -d=parsed FILE` prints: one Event.String()
// per event on stdout; if the trace is broken, the events before the error,
// then the error text alone on stderr and exit status 1. (The error is
// written here, not by the CLI's error handler, so that it carries no prefix
// and keeps its newlines, exactly as Go prints it.)
import { Command, parseCommandArgs, writeStdout } from './command';
import { readInput } from './readInput';
import { UsageError, EXIT_OK, EXIT_BAD_INPUT } from './usageError';
import { readTrace } from '../trace/reader';
import { TraceError } from '../trace/traceError';
import { encodeGoString, hasEscapedBytes } from '../trace/goString';

const usage = `usage: tracefuzz dump [--strict] FILE

Reads the binary trace FILE ("-" for stdin) with the TS reader and prints
one line per event, as Go's Event.String() does (stack frames on the lines
that follow). On a broken trace, prints the events Go's reader yields before
the error, then the error on stderr, and exits with status 1: the same
output as 'go tool trace -d=parsed FILE'.

  --strict   strict mode: emit a complete generation and any earlier error
             before a bad generation number (invariants P1/P2), where Go
             fails fast`;

// Trace strings may hold bytes that are not UTF-8; print them as the raw bytes Go prints.
function toBytes(s: string): string | Uint8Array {
  return hasEscapedBytes(s) ? encodeGoString(s) : s;
}

const FLUSH_AT = 1 << 20;

export const command: Command = {
  name: 'dump',
  summary: "parsed events on stdout, as 'go tool trace -d=parsed'",
  usage,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, { strict: { type: 'boolean' } }, 1);
    if (positionals.length !== 1) throw new UsageError('dump needs one input file');
    const input = readInput(positionals[0]);
    let out = '';
    let failure: TraceError | null = null;
    try {
      for (const ev of readTrace(input, { strict: values.strict ?? false })) {
        out += ev.toString() + '\n';
        if (out.length >= FLUSH_AT) {
          await writeStdout(toBytes(out));
          out = '';
        }
      }
    } catch (e) {
      if (!(e instanceof TraceError)) throw e;
      failure = e;
    }
    if (out.length > 0) await writeStdout(toBytes(out));
    if (failure !== null) {
      process.stderr.write(toBytes(failure.message + '\n'));
      return EXIT_BAD_INPUT;
    }
    return EXIT_OK;
  },
};
