// `tracefuzz corpus merge DIR… -o DIR`: merges corpora (e.g. fuzzing shards),
// one smallest case per failure signature.
import { Command, parseCommandArgs } from './command';
import { EXIT_BAD_INPUT, EXIT_OK, InputError, UsageError } from './usageError';
import { mergeCorpora } from '../corpus/corpusMerge';

const usage = `usage: tracefuzz corpus merge DIR... -o OUTDIR

Merges the cases of every DIR (.test files and raw/ cases) into OUTDIR (created if needed; its own
cases take part), keeping the smallest case of each failure signature.
Exits 1 if some case could not be read.`;

export const command: Command = {
  name: 'corpus',
  summary: 'corpus maintenance: merge shard corpora',
  usage,
  async run(argv) {
    const [sub, ...rest] = argv;
    if (sub === undefined) throw new UsageError('corpus needs a subcommand (merge)');
    if (sub !== 'merge') throw new UsageError(`unknown corpus subcommand ${JSON.stringify(sub)} (known: merge)`);
    const { values, positionals } = parseCommandArgs(rest, { output: { type: 'string', short: 'o' } });
    if (positionals.length === 0) throw new UsageError('corpus merge needs at least one input directory');
    if (!values.output) throw new UsageError('corpus merge needs -o OUTDIR');
    let s;
    try {
      s = mergeCorpora(positionals, values.output);
    } catch (e) {
      throw new InputError((e as Error).message);
    }
    process.stdout.write(
      `merged ${positionals.length} corpora: ${s.read} cases read, ${s.added} added, ${s.replaced} replaced by smaller, ` +
        `${s.duplicates} duplicates; ${values.output} holds ${s.total} cases\n`,
    );
    for (const p of s.problems) process.stderr.write(`unreadable case ${p.path}: ${p.message}\n`);
    return s.problems.length ? EXIT_BAD_INPUT : EXIT_OK;
  },
};
