// `tracefuzz dump FILE [--strict]`: the TS reader's parsed-event dump, byte
// for byte what `go tool trace -d=parsed FILE` prints: one Event.String()
// per event on stdout; if the trace is broken, the events before the error,
// then the error text alone on stderr and exit status 1. (The error is
// written here, not by the CLI's error handler, so that it carries no prefix
// and keeps its newlines, exactly as Go prints it.) The input is streamed
// through a TraceStream after its header is judged; its event batches are
// read again as the generation is replayed — from the file, or from a
// temporary file they were copied to (standard input, a pipe) — so memory
// holds the batches being replayed and the generation's tables, not the
// generation (nor the file). Output goes through one reused buffer
// (LineBuffer).
import { Command, parseCommandArgs } from './command';
import { Input } from './readInput';
import { keepYoungGenerationSize } from './youngGeneration';
import { openOutput, withOutput } from './output';
import { LineBuffer } from './lineBuffer';
import { TempSpool } from './tempSpool';
import { UsageError, EXIT_OK, EXIT_BAD_INPUT } from './usageError';
import { TraceStream } from '../trace/traceStream';
import { TraceError } from '../trace/traceError';
import { readHeader } from '../trace/version';
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

// Enough for any header Go accepts (16 bytes, a few more with padded digits).
const HEADER_PEEK = 4096;

export const command: Command = {
  usage,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, { strict: { type: 'boolean' } }, 1);
    if (positionals.length !== 1) throw new UsageError('dump needs one input file');
    keepYoungGenerationSize();
    const input = new Input(positionals[0]);
    // Asked before any read: the file then stays open at its end. What
    // cannot be read again goes through a temporary file.
    const readAt = input.readerAt();
    const spool = readAt === null ? TempSpool.open() : null;
    let failure: TraceError | null = null;
    try {
      // Not a trace: say so after its first bytes, before reading the rest.
      readHeader(input.head(HEADER_PEEK));
    } catch (e) {
      if (!(e instanceof TraceError)) throw e;
      failure = e;
    }
    await withOutput(openOutput('-'), async (out) => {
      if (failure !== null) return;
      const lines = new LineBuffer(out);
      // Events come out of the stream as soon as the bytes so far determine
      // them: synchronously, with no promise per event.
      const stream = new TraceStream({ strict: values.strict ?? false }, readAt ?? spool ?? undefined);
      const drain = async (): Promise<void> => {
        for (let ev = stream.next(); ev !== null; ev = stream.next()) {
          const long = lines.add(ev.toString());
          if (long !== undefined) await long;
          if (lines.full) await lines.flush();
        }
      };
      try {
        // The stream copies each chunk: one buffer serves them all.
        for await (const chunk of input.chunks(true)) {
          stream.write(chunk);
          await drain();
        }
        stream.end();
        await drain();
      } catch (e) {
        if (!(e instanceof TraceError)) throw e;
        failure = e;
      } finally {
        input.close();
        spool?.close();
      }
      await lines.flush();
    });
    if (failure !== null) {
      process.stderr.write(toBytes((failure as TraceError).message + '\n'));
      return EXIT_BAD_INPUT;
    }
    return EXIT_OK;
  },
};
