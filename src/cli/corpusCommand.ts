// `tracefuzz corpus merge DIR… -o DIR`: merges corpora (e.g. fuzzing shards),
// one smallest case per failure signature, each replayed against the
// reference reader before it is taken.
import { Command, parseCommandArgs } from './command';
import { EXIT_BAD_INPUT, EXIT_OK, InputError, UsageError } from './usageError';
import { durationOption, openReaderOption } from './options';
import { writeStdout } from './output';
import { MergeInputError, mergeCorpora } from '../corpus/corpusMerge';

const usage = `usage: tracefuzz corpus merge DIR... -o OUTDIR [--reference SPEC] [--timeout DURATION]

Merges the cases of every DIR (.test files and raw/ cases) into OUTDIR (created if needed; its own
cases take part), keeping the smallest case of each failure signature. A case is taken only when
the reference reader (default ts) meets its expectation: a case with a wrong expectation never
replaces a real reproducer. Cases are copied byte for byte.
Exits 1 if some case could not be read or was rejected.`;

export const command: Command = {
  usage,
  async run(argv) {
    const [sub, ...rest] = argv;
    if (sub === undefined) throw new UsageError('corpus needs a subcommand (merge)');
    if (sub !== 'merge') throw new UsageError(`unknown corpus subcommand ${JSON.stringify(sub)} (known: merge)`);
    const { values, positionals } = parseCommandArgs(rest, {
      output: { type: 'string', short: 'o' },
      reference: { type: 'string' },
      timeout: { type: 'string' },
    });
    if (positionals.length === 0) throw new UsageError('corpus merge needs at least one input directory');
    if (!values.output) throw new UsageError('corpus merge needs -o OUTDIR');
    const timeoutMs = durationOption('--timeout', values.timeout);
    const reference = await openReaderOption(values.reference ?? 'ts', timeoutMs);
    let s;
    try {
      s = await mergeCorpora(positionals, values.output, reference);
    } catch (e) {
      if (e instanceof MergeInputError) throw new InputError(e.message);
      throw e;
    } finally {
      await reference.close();
    }
    await writeStdout(
      `merged ${positionals.length} corpora: ${s.read} cases read, ${s.added} added, ${s.replaced} replaced by smaller, ` +
        `${s.duplicates} duplicates${s.rejected.length ? `, ${s.rejected.length} rejected` : ''}; ${values.output} holds ${s.total} cases\n`,
    );
    for (const p of s.problems) process.stderr.write(`unreadable case ${p.path}: ${p.message}\n`);
    for (const p of s.rejected) process.stderr.write(`rejected case ${p.path}: ${p.message}\n`);
    return s.problems.length || s.rejected.length ? EXIT_BAD_INPUT : EXIT_OK;
  },
};
