// `corpus merge`: several corpus directories (e.g. one per fuzzing shard) into
// one, keeping the smallest case of each failure signature. The output may
// already hold a corpus; its cases take part like any other.
import { existsSync, statSync } from 'node:fs';
import { CorpusStore, LoadProblem, loadCases } from './corpusStore';

export interface MergeSummary {
  read: number;
  added: number;
  replaced: number;
  duplicates: number;
  total: number;
  problems: LoadProblem[];
}

export function mergeCorpora(inputs: readonly string[], out: string): MergeSummary {
  const target = CorpusStore.open(out);
  const summary: MergeSummary = { read: 0, added: 0, replaced: 0, duplicates: 0, total: 0, problems: [...target.problems] };
  for (const dir of inputs) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`not a corpus directory: ${dir}`);
    for (const c of loadCases(dir, summary.problems)) {
      summary.read++;
      const r = target.addCase(c, fileStem(c.path));
      if (r.status === 'added') summary.added++;
      else if (r.status === 'replaced') summary.replaced++;
      else summary.duplicates++;
    }
  }
  summary.total = target.size;
  return summary;
}

function fileStem(path: string | null): string | undefined {
  if (!path) return undefined;
  const base = path.split(/[\\/]/).pop()!.replace(/\.(test|trace)$/, '');
  // Drop the signature suffix the store adds, so it is not added twice.
  return base.replace(/-[0-9a-f]{12}(-\d+)?$/, '');
}
