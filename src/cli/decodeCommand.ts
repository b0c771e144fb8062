// `tracefuzz decode IN`: binary trace → Go's text format on stdout. The event
// lines are exactly what `go tool trace -d=wire` prints (which has no header
// line); events before a fault are printed, then the error goes to stderr.
import { Command, parseCommandArgs, writeStdout } from './command';
import { readInput } from './readInput';
import { UsageError, EXIT_OK } from './usageError';
import { RawReader } from '../trace/rawReader';
import { rawEventString } from '../trace/rawEvent';
import { textHeader } from '../trace/textWriter';

const usage = `usage: tracefuzz decode [--strict] IN

Prints the binary trace IN ("-" for stdin) in Go's text format. Like Go's
wire-level dump, input that ends where an event or argument would start ends
the output without error; --strict reports any truncated event and batch
sizes over 64 KiB as errors.`;

export const command: Command = {
  name: 'decode',
  summary: 'binary trace -> text format on stdout',
  usage,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, { strict: { type: 'boolean' } }, 1);
    if (positionals.length !== 1) throw new UsageError('decode needs one input file');
    const input = readInput(positionals[0]);
    const reader = new RawReader(input, { strict: values.strict ?? false });
    const lines: string[] = [textHeader(reader.version)];
    let failure: unknown;
    try {
      for (const ev of reader) lines.push(rawEventString(ev));
    } catch (e) {
      failure = e;
    }
    await writeStdout(lines.join('\n') + '\n');
    if (failure !== undefined) throw failure;
    return EXIT_OK;
  },
};
