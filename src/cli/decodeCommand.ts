// `tracefuzz decode IN`: binary trace → Go's text format on stdout. The event
// lines are exactly what `go tool trace -d=wire` prints (which has no header
// line); events before a fault are printed, then the error goes to stderr.
// Streams: the header is judged first, then events are read and printed in
// chunks, so memory is bounded by one event and a buffer of output.
import { Command, parseCommandArgs } from './command';
import { Input } from './readInput';
import { keepYoungGenerationSize } from './youngGeneration';
import { openOutput, withOutput } from './output';
import { LineBuffer } from './lineBuffer';
import { UsageError, EXIT_OK } from './usageError';
import { RawStreamReader } from '../trace/rawReader';
import { rawEventString } from '../trace/rawEvent';
import { textHeader } from '../trace/textWriter';

const usage = `usage: tracefuzz decode [--strict] IN

Prints the binary trace IN ("-" for stdin) in Go's text format. Like Go's
wire-level dump, input that ends where an event or argument would start ends
the output without error; --strict reports any truncated event and batch
sizes over 64 KiB as errors.`;

export const command: Command = {
  usage,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, { strict: { type: 'boolean' } }, 1);
    if (positionals.length !== 1) throw new UsageError('decode needs one input file');
    keepYoungGenerationSize();
    const input = new Input(positionals[0]);
    // The reader copies each chunk: one buffer serves them all.
    const reader = await RawStreamReader.open(input.chunks(true), { strict: values.strict ?? false });
    let failure: unknown;
    await withOutput(openOutput('-'), async (out) => {
      const lines = new LineBuffer(out);
      await lines.add(textHeader(reader.version));
      try {
        for await (const ev of reader) {
          const long = lines.add(rawEventString(ev));
          if (long !== undefined) await long;
          if (lines.full) await lines.flush();
        }
      } catch (e) {
        failure = e;
      }
      await lines.flush();
    });
    if (failure !== undefined) throw failure;
    return EXIT_OK;
  },
};
