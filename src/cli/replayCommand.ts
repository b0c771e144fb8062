// `tracefuzz replay [DIR|FILE…] [--reader SPEC]`: reads every corpus case with
// a reader, checks the case's expectation, prints a table; exit 1 on any
// mismatch (or an unreadable case). Raw cases (raw/NAME.trace + sidecar) count as cases.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, parseCommandArgs, writeStdout } from './command';
import { EXIT_BAD_INPUT, EXIT_OK, InputError, UsageError } from './usageError';
import { readInput } from './readInput';
import { CorpusCase, parseCase } from '../corpus/corpusCase';
import { LoadProblem, isRawCasePath, loadCases } from '../corpus/corpusStore';
import { readRawCase } from '../corpus/rawCase';
import { formatReplayTable, replayCases } from '../corpus/replay';
import { parseDuration } from './options';
import type { TraceReader } from '../readers/traceReader';
import { ReaderSpecError } from '../readers/readerSpecError';

const usage = `usage: tracefuzz replay [DIR|FILE.test|FILE.trace ...] [--reader SPEC] [--timeout DURATION]

Reads every corpus case (default: the corpus/ directory; a directory's raw/
cases, binary traces with a .trace.txt sidecar, too) with the reader SPEC
(default ts; e.g. ts:strict, go, go@1.22.12, mutant:NAME, cmd:PROGRAM),
checks each case's expectation (and its recorded event count), and prints a
table. Exits 1 when a case does not meet its expectation.`;

/** Opens a reader spec; an unknown spec is a usage error. */
export async function openReaderForCli(spec: string, timeoutMs?: number): Promise<TraceReader> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { openAnyReader } = require('../readers/readerSpecs') as typeof import('../readers/readerSpecs');
  try {
    return await openAnyReader(spec, { timeoutMs });
  } catch (e) {
    const msg = ((e as Error).message ?? String(e)).split('\n')[0];
    if (e instanceof ReaderSpecError) throw new UsageError(`cannot open reader ${spec}: ${msg}`);
    throw new InputError(`reader ${spec}: ${msg}`);
  }
}

export function parseTimeout(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = parseDuration(text);
  if (ms === null || ms <= 0) throw new UsageError(`bad duration ${JSON.stringify(text)} (e.g. 500ms, 10s, 2m)`);
  return ms;
}

/** The cases named on the command line: directories (every case in them and their raw/) and single files. */
export function collectCases(paths: readonly string[], problems: LoadProblem[]): CorpusCase[] {
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
  name: 'replay',
  summary: 'replay corpus cases against a reader and check their expectations',
  usage,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, {
      reader: { type: 'string', short: 'r' },
      timeout: { type: 'string' },
    });
    const timeoutMs = parseTimeout(values.timeout);
    const paths = positionals.length ? positionals : [resolve('corpus')];
    const problems: LoadProblem[] = [];
    const cases = collectCases(paths, problems);
    const spec = values.reader ?? 'ts';
    const reader = await openReaderForCli(spec, timeoutMs);
    let rows;
    try {
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

