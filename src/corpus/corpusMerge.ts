// `corpus merge`: several corpus directories (e.g. one per fuzzing shard) into
// one, keeping the smallest case of each failure signature. The output may
// already hold a corpus; its cases take part like any other.
//
// A case's metadata is data, not proof: before a case is taken (added, or in
// place of a larger one) it is replayed against the reference reader, and a
// case whose expectation does not hold there is rejected, so a one-line case
// with a stolen `signature:` and a wrong expectation never replaces the real
// reproducer. Taken cases keep their bytes exactly (see CorpusStore.addCase).
import { existsSync, statSync } from 'node:fs';
import { CorpusStore, LoadProblem, loadCases } from './corpusStore';
import { caseTrace, CorpusCase } from './corpusCase';
import { checkExpectation } from './expectation';
import type { ReplayReader } from './replay';

export interface MergeSummary {
  read: number;
  added: number;
  replaced: number;
  duplicates: number;
  /** Cases whose expectation the reference reader does not meet: not merged. */
  rejected: LoadProblem[];
  total: number;
  problems: LoadProblem[];
}

export class MergeInputError extends Error {
  override readonly name = 'MergeInputError';
}

export async function mergeCorpora(inputs: readonly string[], out: string, reference: ReplayReader): Promise<MergeSummary> {
  // Every input is checked before the output is opened (and so created).
  for (const dir of inputs) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new MergeInputError(`not a corpus directory: ${dir}`);
  }
  const target = CorpusStore.open(out);
  const summary: MergeSummary = { read: 0, added: 0, replaced: 0, duplicates: 0, rejected: [], total: 0, problems: [...target.problems] };
  for (const dir of inputs) {
    for (const c of loadCases(dir, summary.problems)) {
      summary.read++;
      if (!target.takes(c)) {
        summary.duplicates++;
        continue;
      }
      const why = await replayProblem(c, reference);
      if (why !== null) {
        summary.rejected.push({ path: c.path ?? '(unsaved)', message: `${why} (on ${reference.name}): not merged` });
        continue;
      }
      const r = target.addCase(c, fileStem(c.path));
      if (r.status === 'added') summary.added++;
      else if (r.status === 'replaced') summary.replaced++;
      else summary.duplicates++;
    }
  }
  summary.total = target.size;
  return summary;
}

/** Why the reference reader does not meet the case's expectation; null when it does. */
async function replayProblem(c: CorpusCase, reference: ReplayReader): Promise<string | null> {
  let trace: Uint8Array;
  try {
    trace = caseTrace(c);
  } catch (e) {
    return (e as Error).message;
  }
  return checkExpectation(c.expect, await reference.read(trace), c.meta.events);
}

function fileStem(path: string | null): string | undefined {
  if (!path) return undefined;
  const base = path.split(/[\\/]/).pop()!.replace(/\.(test|trace)$/, '');
  // Drop the signature suffix the store adds, so it is not added twice.
  return base.replace(/-[0-9a-f]{12}(-\d+)?$/, '');
}
