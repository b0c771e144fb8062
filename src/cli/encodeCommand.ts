// `tracefuzz encode IN -o OUT`: a text trace or a .test file → binary trace,
// byte for byte as Go's raw writer (and so as Go's test harness) encodes it.
// Streams: one line in, one event out, written in chunks, so memory stays
// flat whatever the size of IN; OUT appears whole or not at all.
import { Command, parseCommandArgs } from './command';
import { Input } from './readInput';
import { openOutput, withOutput } from './output';
import { InputError, UsageError, EXIT_OK } from './usageError';
import { TextFormatError, TextReader } from '../trace/textReader';
import { RawWriter } from '../trace/rawWriter';
import { traceLinesOf } from '../trace/testFile';

const usage = `usage: tracefuzz encode IN -o OUT

Encodes IN, a trace in Go's text format or a .test file (its trace section),
into a binary trace written to OUT. "-" reads stdin / writes stdout. OUT is
written atomically: on any error no partial file is left.`;

const FLUSH_AT = 1 << 20;

export const command: Command = {
  usage,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, { output: { type: 'string', short: 'o' } }, 1);
    if (positionals.length !== 1) throw new UsageError('encode needs one input file');
    if (values.output === undefined) throw new UsageError('encode needs -o OUT');
    const name = positionals[0];
    const input = new Input(name);
    const { lines, lineOffset } = traceLinesOf(input.lines());
    let reader: TextReader;
    try {
      reader = new TextReader(lines);
    } catch (e) {
      throw located(e, name, lineOffset);
    }
    await withOutput(openOutput(values.output), async (out) => {
      const w = new RawWriter(reader.version);
      try {
        for (const ev of reader) {
          w.write(ev);
          if (w.pending >= FLUSH_AT) await out.write(w.take());
        }
      } catch (e) {
        throw located(e, name, lineOffset);
      }
      await out.write(w.take());
    });
    return EXIT_OK;
  },
};

/** A text format error with the line number of the whole file. */
function located(e: unknown, name: string, lineOffset: number): unknown {
  return e instanceof TextFormatError ? new InputError(`${name}:${e.line + lineOffset}: ${e.goMessage}`) : e;
}
