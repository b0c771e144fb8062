// A coverage run: input sets (the campaign's generated cases, corpus
// directories, directories of traces) read by a coverage build of a Go
// reader, each measured on its own and all together. Every set goes through
// the same server and so the same driver (oracle/go/cover/drive.go), which
// keeps the sets comparable.
import type { CoverageReader } from '../readers/coverageReader';
import type { TraceKnobs } from '../../arbitraries/trace';
import { caseStream } from './caseDraw';
import { Guidance } from './guidance';

export interface InputSet {
  name: string;
  /** Traces, or the campaign's cases. */
  traces: Iterable<Uint8Array> | 'campaign';
}

export interface CampaignBudget {
  seed: number;
  knobs: TraceKnobs;
  /** Cases to draw; with maxMs, whichever ends first. */
  runs?: number;
  maxMs?: number;
  guided: boolean;
  shouldStop?: () => boolean;
  onProgress?: (cases: number, stmts: number) => void;
}

export interface SetResult {
  name: string;
  cases: number;
  /** Blocks this set reached. */
  reached: Set<number>;
  /** For the campaign: what guidance kept. */
  kept?: number;
  /** Valid generated traces the reader did not read cleanly (a generator bug, or a reader's). */
  validNotOk?: number;
}

export async function runCoverageSets(reader: CoverageReader, sets: readonly InputSet[], budget: CampaignBudget): Promise<SetResult[]> {
  const out: SetResult[] = [];
  for (const set of sets) {
    await reader.reset();
    const r: SetResult = { name: set.name, cases: 0, reached: new Set() };
    if (set.traces === 'campaign') {
      const guidance = budget.guided ? new Guidance(budget.knobs) : undefined;
      reader.onFresh = guidance?.onFresh;
      r.validNotOk = 0;
      const started = Date.now();
      try {
        for (const c of caseStream({ seed: budget.seed, knobs: budget.knobs, guidance })) {
          if ((budget.runs !== undefined && r.cases >= budget.runs) || (budget.maxMs !== undefined && Date.now() - started >= budget.maxMs) || budget.shouldStop?.()) break;
          const o = await reader.read(c.bytes);
          if (c.kind === 'valid' && o.kind !== 'ok') r.validNotOk++;
          r.cases++;
          if (r.cases % 50 === 0) {
            budget.onProgress?.(r.cases, reader.stmtsReached);
            // Let signals and timers in between cases.
            await new Promise((resolve) => setImmediate(resolve));
          }
        }
      } finally {
        reader.onFresh = undefined;
      }
      r.kept = guidance?.kept;
    } else {
      for (const t of set.traces) {
        if (budget.shouldStop?.()) break;
        await reader.read(t);
        r.cases++;
      }
    }
    r.reached = new Set(reader.reached());
    out.push(r);
  }
  return out;
}
