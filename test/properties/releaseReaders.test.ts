// A false positive is a bug: fuzzing Go's readers of other releases and the
// x/exp versions before and after the #55160 fix must report only what those
// readers really do wrong (README, "Findings about Go's readers"): the
// documented fail-fast deviation (not a failure), Go's known panics,
// go1.22/1.23's tie-order nondeterminism, the wrong scope of GCSweepActive's
// range, the unchecked Frequency batch, and for pre-fix readers the #55160
// P1/P2 failures themselves. Each campaign is bounded and fixed-seed; releases
// are fetched only under TRACEFUZZ_FETCH_GO=1 or when already cached.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeGo, expVersionAvailable } from '../support/go';
import { releaseAvailable } from '../../src/readers/goToolchain';
import { openGoReader } from '../../src/readers/goOracle';
import type { ExternalReader } from '../../src/readers/cmdReader';
import { CorpusStore } from '../../src/corpus/corpusStore';
import { FindingSink } from '../../src/fuzz/findingSink';
import { runCampaign } from '../../src/fuzz/campaign';
import { commonVersions } from '../../src/cli/options';
import { SMALL_KNOBS } from '../../arbitraries/trace';
import { classifyFinding, KnownFinding } from '../support/knownFindings';

const PRE_FIX = 'v0.0.0-20240314144324-c7f7c6466f7f';
const POST_FIX = 'v0.0.0-20240529005216-23cca8864a10';

const READERS: { spec: string; available: () => boolean; allowed: readonly KnownFinding[] }[] = [
  { spec: 'go@1.22.12', available: () => releaseAvailable('1.22.12'), allowed: ['issue-55160', 'sweep-active-scope', 'frequency-batch-unchecked', 'go-panic', 'tie-order-nondeterminism'] },
  { spec: 'go@1.23.12', available: () => releaseAvailable('1.23.12'), allowed: ['sweep-active-scope', 'frequency-batch-unchecked', 'go-panic', 'tie-order-nondeterminism'] },
  { spec: 'go@1.25.5', available: () => releaseAvailable('1.25.5'), allowed: ['sweep-active-scope', 'go-panic', 'tie-order-nondeterminism'] },
  { spec: `go-exp@${PRE_FIX}`, available: () => expVersionAvailable(PRE_FIX), allowed: ['issue-55160', 'sweep-active-scope', 'frequency-batch-unchecked', 'go-panic', 'tie-order-nondeterminism'] },
  { spec: `go-exp@${POST_FIX}`, available: () => expVersionAvailable(POST_FIX), allowed: ['sweep-active-scope', 'frequency-batch-unchecked', 'go-panic', 'tie-order-nondeterminism'] },
];

describeGo('fuzzing Go readers of other releases finds only their real findings', () => {
  let go: ExternalReader;
  beforeAll(async () => {
    go = await openGoReader('go', { timeoutMs: 60_000 });
  }, 300_000);
  afterAll(() => go?.close());

  for (const r of READERS) {
    const t = r.available() ? test : test.skip;
    t(r.spec, async () => {
      const reader = await openGoReader(r.spec, { timeoutMs: 60_000 });
      const dir = mkdtempSync(join(tmpdir(), 'tracefuzz-release-'));
      const found: { property: string; finding: KnownFinding | null; description: string }[] = [];
      try {
        const sink = new FindingSink(CorpusStore.open(join(dir, 'corpus')), { reference: go, minimize: false });
        const pending: Promise<void>[] = [];
        const stats = await runCampaign({
          reader, reference: go, go, recorder: sink, mode: 'go-compatible', seed: 11, shard: { index: 1, count: 1 }, maxRuns: 350,
          knobs: { ...SMALL_KNOBS, versions: commonVersions([reader, go]) },
          onFinding: (f) => {
            pending.push(classifyFinding(f.property, f.case, reader, go).then((finding) => { found.push({ property: f.property, finding, description: f.case.description }); }));
          },
        });
        await Promise.all(pending);
        expect(stats.planned).toBeGreaterThanOrEqual(350);
        // Every property ran on this reader's own versions.
        expect(Object.values(stats.perProperty).every((p) => p.runs > 0)).toBe(true);
        const unexplained = found.filter((f) => f.finding === null || !r.allowed.includes(f.finding));
        expect(unexplained).toEqual([]);
        // A pre-fix reader's #55160 failures are found, not normalized away.
        if (r.allowed.includes('issue-55160')) expect(found.map((f) => f.finding)).toContain('issue-55160');
      } finally {
        await reader.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }, 600_000);
  }
});
