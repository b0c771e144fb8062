// `tracefuzz export --format go-fuzz | raw [--runs N] [--seed S] [--versions …] OUT`
// Writes the campaign's generated traces (valid, one fault, two faults: the
// mix of src/fuzz/caseDraw.ts) so that other tools start from them:
// `go-fuzz` as a corpus of Go's FuzzReader (`go test fuzz v1` entries named by
// hash as Go's fuzzer names them: copy OUT into testdata/fuzz/FuzzReader or
// Go's fuzz cache), `raw` as trace files. Each file is written atomically;
// files already there are kept.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command, parseCommandArgs } from './command';
import { UsageError } from './usageError';
import { runsOption, seedOption, versionsOption } from './options';
import { VERSIONS } from '../trace/version';
import { SMALL_KNOBS } from '../../arbitraries/trace';
import { caseStream } from '../fuzz/caseDraw';
import { fuzzCorpusFile } from '../corpus/goFuzzCorpus';
import { writeFileAtomic } from '../corpus/atomicWrite';

const usage = `usage: tracefuzz export --format go-fuzz|raw [--runs N] [--seed S] [--versions go1.22,...] OUT
  --format go-fuzz: a corpus for Go's FuzzReader (go test fuzz v1, files named by hash as Go's fuzzer names them)
  --format raw: one trace file per case (NAME.trace, named by the hash of its bytes)
  --runs N: cases to write (default 300): valid traces, one fault, two faults, as the campaign draws them`;

export const command: Command = {
  usage,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, {
      format: { type: 'string' },
      runs: { type: 'string' },
      seed: { type: 'string' },
      versions: { type: 'string' },
    }, 1);
    const format = values.format;
    if (format !== 'go-fuzz' && format !== 'raw') throw new UsageError('--format go-fuzz or --format raw is required');
    if (positionals.length !== 1) throw new UsageError('give the output directory');
    const out = resolve(positionals[0]);
    if (existsSync(out) && !statSync(out).isDirectory()) throw new UsageError(`${positionals[0]} exists and is not a directory`);
    const runs = runsOption(values.runs, 1) ?? 300;
    const seed = seedOption(values.seed, 1);
    const versions = values.versions !== undefined ? versionsOption(values.versions) : VERSIONS;
    mkdirSync(out, { recursive: true });
    const counts = { valid: 0, 'single-fault': 0, 'two-faults': 0, 'raw-bytes': 0 };
    let written = 0;
    let n = 0;
    for (const c of caseStream({ seed, knobs: { ...SMALL_KNOBS, versions } })) {
      if (n++ >= runs) break;
      counts[c.kind]++;
      const file = format === 'go-fuzz'
        ? fuzzCorpusFile(c.bytes)
        : { name: `${createHash('sha256').update(c.bytes).digest('hex').slice(0, 16)}.trace`, content: c.bytes };
      const path = join(out, file.name);
      // Same bytes, same name: a case drawn twice is one file.
      if (existsSync(path)) continue;
      writeFileAtomic(path, file.content);
      written++;
    }
    process.stdout.write(`${written} file(s) in ${out} (${counts.valid} valid, ${counts['single-fault']} with one fault, ${counts['two-faults']} with two; seed ${seed})\n`);
    if (format === 'go-fuzz') {
      process.stdout.write('Go starts from them in a Go checkout\'s src/internal/trace/testdata/fuzz/FuzzReader (go test -run=FuzzReader/NAME replays one) or in $(go env GOCACHE)/fuzz/internal/trace/FuzzReader\n');
    }
    return 0;
  },
};
