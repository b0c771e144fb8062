// `tracefuzz encode IN -o OUT`: a text trace or a .test file → binary trace,
// byte for byte as Go's raw writer (and so as Go's test harness) encodes it.
import { writeFileSync } from 'node:fs';
import { Command, parseCommandArgs, writeStdout } from './command';
import { encodeText, readInput } from './readInput';
import { InputError, UsageError, EXIT_OK } from './usageError';

const usage = `usage: tracefuzz encode IN -o OUT

Encodes IN, a trace in Go's text format or a .test file (its trace section),
into a binary trace written to OUT. "-" reads stdin / writes stdout.`;

export const command: Command = {
  name: 'encode',
  summary: 'text trace or .test file -> binary trace',
  usage,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, { output: { type: 'string', short: 'o' } }, 1);
    if (positionals.length !== 1) throw new UsageError('encode needs one input file');
    if (values.output === undefined) throw new UsageError('encode needs -o OUT');
    const input = readInput(positionals[0]);
    const bytes = encodeText(new TextDecoder('utf-8', { ignoreBOM: true }).decode(input), positionals[0]);
    if (values.output === '-') await writeStdout(bytes);
    else {
      try {
        writeFileSync(values.output, bytes);
      } catch (e) {
        throw new InputError(`${values.output}: ${(e as Error).message}`);
      }
    }
    return EXIT_OK;
  },
};
