// A plain time-boxed campaign: rounds of every property against one reader,
// each round with its own seed (derived from the campaign's seed), until the
// time budget is spent. It prints runs/s and each failure with the seed and
// path that replay it. (`tracefuzz fuzz` adds a corpus, dedup and minimizing.)
import { PROPERTIES, SuiteContext, runProperty, PropertyRun } from './propertySuite';
import { LARGE_KNOBS, SMALL_KNOBS } from '../../arbitraries/trace';

export interface CampaignOptions {
  timeMs: number;
  seed: number;
  runsPerRound?: number;
  large?: boolean;
  log?: (line: string) => void;
}

export interface CampaignResult {
  runs: number;
  ms: number;
  failures: PropertyRun[];
}

export async function runSimpleCampaign(ctx: Omit<SuiteContext, 'knobs'>, opts: CampaignOptions): Promise<CampaignResult> {
  const log = opts.log ?? ((l: string) => process.stdout.write(l + '\n'));
  const t0 = Date.now();
  const failures: PropertyRun[] = [];
  let runs = 0;
  for (let round = 0; Date.now() - t0 < opts.timeMs; round++) {
    for (const p of PROPERTIES) {
      if (p.needsGo && !ctx.go) continue;
      const seed = (opts.seed + round * 7919 + p.name.charCodeAt(1)) | 0;
      const left = opts.timeMs - (Date.now() - t0);
      if (left <= 0) break;
      const r = await runProperty(p, { ...ctx, knobs: opts.large ? LARGE_KNOBS : SMALL_KNOBS }, { seed, numRuns: opts.runsPerRound ?? 50, interruptAfterTimeLimit: left });
      runs += r.numRuns;
      if (r.failed) {
        failures.push(r);
        log(`FAIL ${p.name} seed=${r.seed} path=${r.path}\n${r.message}`);
      }
    }
    const s = (Date.now() - t0) / 1000;
    log(`round ${round}: ${runs} runs, ${(runs / s).toFixed(0)} runs/s, ${failures.length} failure(s)`);
  }
  return { runs, ms: Date.now() - t0, failures };
}
