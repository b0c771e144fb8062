// The results of a mutants run, one JSON line per mutant, appended as each
// finishes: a run of hours can be stopped (even by kill -9) and resumed
// without running a mutant twice. A torn last line is a mutant not yet run.
import { appendFileSync, existsSync, readFileSync, truncateSync } from 'node:fs';
import type { GoMutant } from '../readers/goMutants';
import type { MutantRun } from './mutationScore';

export interface MutantResult {
  /** The reader the mutants were made of (a file holds one reader's results). */
  reader: string;
  m: GoMutant;
  run: MutantRun;
  diff: string;
}

export class MutantResultsError extends Error {}

function isResult(x: unknown): x is MutantResult {
  const r = x as Partial<MutantResult> | null;
  return typeof r === 'object' && r !== null && typeof r.reader === 'string' && typeof r.m?.id === 'string' && typeof r.run?.status === 'string' && typeof r.diff === 'string';
}

/** The results FILE holds for `reader`, by mutant id (none when FILE does not exist yet). */
export function readResults(file: string, reader: string): Map<string, MutantResult> {
  const out = new Map<string, MutantResult>();
  if (!existsSync(file)) return out;
  const lines = readFileSync(file, 'utf8').split('\n');
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue;
    let r: unknown;
    try {
      r = JSON.parse(line);
    } catch {
      // Only the last line can be torn (written when the run was killed; the next append drops it).
      if (i === lines.length - 1) continue;
      throw new MutantResultsError(`${file}:${i + 1}: not a mutant result (not JSON)`);
    }
    if (!isResult(r)) throw new MutantResultsError(`${file}:${i + 1}: not a mutant result`);
    if (r.reader !== reader) throw new MutantResultsError(`${file} holds results for ${r.reader}, not ${reader}: give another --results file`);
    out.set(r.m.id, r);
  }
  return out;
}

/** Appends one result as a line of its own (a torn last line is dropped first: that mutant runs again). */
export function appendResult(file: string, r: MutantResult): void {
  if (existsSync(file)) {
    const text = readFileSync(file);
    if (text.length > 0 && text[text.length - 1] !== 0x0a) truncateSync(file, text.lastIndexOf(0x0a) + 1);
  }
  appendFileSync(file, `${JSON.stringify(r)}\n`);
}
