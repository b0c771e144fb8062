// `tracefuzz replay [DIR|FILE…] [--reader SPEC]`: reads every corpus case with
// a reader, checks the case's expectation, prints a table; exit 1 on any
// mismatch (or an unreadable case). Raw cases (raw/NAME.trace + sidecar) count as cases.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, parseCommandArgs } from './command';
import { writeStdout } from './output';
import { EXIT_BAD_INPUT, EXIT_OK, InputError } from './usageError';
import { readInput } from './readInput';
import { CorpusCase, parseCase } from '../corpus/corpusCase';
import { LoadProblem, isRawCasePath, loadCases } from '../corpus/corpusStore';
import { readRawCase } from '../corpus/rawCase';
import { formatReplayTable, replayCases } from '../corpus/replay';
import { durationOption, openReaderOption } from './options';

const usage = `usage: tracefuzz replay [DIR|FILE.test|FILE.trace ...] [--reader SPEC] [--timeout DURATION]

Reads every corpus case (default: the corpus/ directory; a directory's raw/
cases, binary traces with a .trace.txt sidecar, too) with the reader SPEC
(default ts; e.g. ts:strict, go, go@1.22.12, mutant:NAME, cmd:PROGRAM),
checks each case's expectation (and its recorded event count), and prints a
table. Exits 1 when a case does not meet its expectation.`;

/** The cases named on the command line: directories (every case in them and their raw/) and single files. */
function collectCases(paths: readonly string[], problems: LoadProblem[]): CorpusCase[] {
  const cases: CorpusCase[] = [];
  for (const p of paths) {
    if (!existsSync(p)) throw new InputError(`${p}: no such file or directory`);
    if (statSync(p).isDirectory()) cases.push(...loadCases(p, problems));
    else {
      try {
        cases.push(isRawCasePath(p) ? readRawCase(p) : parseCase(new TextDecoder().decode(readInput(p)), p));
      } catch (e) {
        problems.push({ path: p, message: (e as Error).message });
      }
    }
  }
  return cases;
}

export const command: Command = {
  usage,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, {
      reader: { type: 'string', short: 'r' },
      timeout: { type: 'string' },
    });
    const timeoutMs = durationOption('--timeout', values.timeout);
    const paths = positionals.length ? positionals : [resolve('corpus')];
    const problems: LoadProblem[] = [];
    const cases = collectCases(paths, problems);
    const spec = values.reader ?? 'ts';
    const reader = await openReaderOption(spec, timeoutMs);
    let rows;
    try {
      if (cases.length === 0 && problems.length === 0) {
        throw new InputError(`no corpus cases in ${paths.join(', ')} (.test files, or raw/*.trace with a .trace.txt sidecar)`);
      }
      rows = await replayCases(cases, reader);
    } finally {
      await reader.close();
    }
    let out = formatReplayTable(rows, reader.name);
    for (const p of problems) out += `unreadable case ${p.path}: ${p.message}\n`;
    await writeStdout(out);
    return rows.every((r) => r.ok) && problems.length === 0 ? EXIT_OK : EXIT_BAD_INPUT;
  },
};

