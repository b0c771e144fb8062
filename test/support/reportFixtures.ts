// A large, realistic report built without readers: thousands of cases and
// dozens of difference groups with long reproducers, for the renderers'
// size and layout tests.
import { buildReport } from '../../src/report/buildReport';
import { fuzzCorpusFile, goBytesLiteral } from '../../src/report/reproducerForms';
import type { CaseClass, CaseRecord, DifferenceGroup, Report } from '../../src/report/reportSchema';

const OPERATORS = ['truncate-first-batch-of-next-generation', 'garbage-after-last-batch', 'size-over-maximum', 'bad-batch-header-byte', 'overlong-header-uvarint',
  'semantic:gc-end-not-running', 'semantic:needs-proc', 'noise:byte-flips', 'noise:splice', 'missing-frequency', '2 faults: …+garbage-after-last-batch', 'reference-to-missing-stack'];

export function largeReport(opts: { cases?: number; groups?: number; baseline?: string; candidate?: string } = {}): Report {
  const n = opts.cases ?? 3000;
  const g = opts.groups ?? 60;
  const classes: CaseClass[] = ['regression', 'crash-timeout', 'fix', 'changed'];
  const cases: CaseRecord[] = [];
  for (let i = 0; i < n; i++) {
    const cls: CaseClass = i % 4 === 0 ? classes[i % 16 === 0 ? 0 : (i / 4) % 4 | 0] : 'same';
    const op = OPERATORS[i % OPERATORS.length];
    const pass = { status: 'pass' as const };
    cases.push({
      id: `gen:1:${i}`, source: 'campaign', label: `case ${i}`, operator: op, version: [22, 23, 25, 26][i % 4], seed: 1,
      baseline: { outcome: { kind: 'error', error: 'failed to read full batch: read 0 but wanted 37', eventsBeforeError: 2, eventCount: 2 }, properties: { P1: pass, P2: pass, P3: pass, P4: pass, P5: pass }, ms: 0.4 },
      candidate: { outcome: { kind: 'error', error: 'failed to read full batch: read 0 but wanted 37', eventsBeforeError: 1, eventCount: 1 }, properties: { P1: cls === 'regression' ? { status: 'fail', message: 'lost' } : pass, P2: pass, P3: pass, P4: pass, P5: pass }, ms: 0.3 },
      class: cls, regressed: cls === 'regression' ? ['P1'] : [], fixed: [], difference: cls === 'same' ? null : 'event 1 differs', group: null,
    });
  }
  const text = ['Trace Go1.22', ...Array.from({ length: 40 }, (_, i) => `EventBatch gen=${1 + (i >> 3)} m=0 time=${i} size=5\nGoCreate dt=0 new_g=${i} new_stack=0 stack=0`)].join('\n') + '\n';
  const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 37) & 0xff);
  const groups: DifferenceGroup[] = Array.from({ length: g }, (_, i) => {
    const cls = classes[Math.min(3, Math.floor(i / (g / 4)))];
    const raw = i % 2 === 1;
    return {
      id: `g${String(i).padStart(8, '0')}`, signature: `${cls}|P${1 + (i % 2)}|cause ${i}`, class: cls, properties: cls === 'regression' || cls === 'fix' ? [`P${1 + (i % 2)}`] : [],
      cause: i % 2 ? 'events lost before the error' : 'another error in place of: failed to read full batch: read N but wanted N',
      summary: i % 2 ? 'generation 1 lost: 1 event instead of 2 before the error' : 'error changed from "failed to read full batch: read 0 but wanted 37" to "unexpected EOF"',
      operator: OPERATORS[i % OPERATORS.length], version: 22,
      operators: Object.fromEntries(OPERATORS.slice(0, 1 + (i % 7)).map((o, k) => [o, 100 - k])), versions: { 'go1.22': 60, 'go1.23': 40 },
      faults: i % 3 === 0 ? [{ operator: 'semantic:needs-proc', generation: 1, detail: 'generation 1, before step 0 of 1: needs-proc' }, { operator: 'garbage-after-last-batch', generation: 2, detail: '9 byte(s) of garbage after the last batch, starting with 255' }] : [],
      count: 200 - i, caseIds: [],
      reproducer: {
        text, bytes: 300, originalBytes: 2000, minimized: true, generations: 2,
        baseline: { kind: 'error', error: 'failed to read full batch: read 0 but wanted 37', eventsBeforeError: 2, eventCount: 2 },
        candidate: { kind: 'error', error: 'unexpected EOF', eventsBeforeError: 1, eventCount: 1 },
        context: [], baselineError: 'failed to read full batch: read 0 but wanted 37', candidateError: 'unexpected EOF',
        corpusFile: `reports/x/reproducers/${raw ? 'raw/' : ''}p1-events-lost-before-the-error-0123456789ab.${raw ? 'trace' : 'test'}`, files: [], saveError: null,
        testFile: raw ? null : `signature: 0123456789ab\nproperty: P1\n-- expect --\nFAILURE "^failed to read full batch"\n-- trace --\n${text}`,
        goLiteral: goBytesLiteral(bytes), fuzzCorpus: fuzzCorpusFile(bytes),
        replay: 'npx tracefuzz replay reports/x/reproducers/p1-events-lost-before-the-error-0123456789ab.test --reader go@1.22.12',
        minimize: 'npx tracefuzz minimize reports/x/reproducers/p1-events-lost-before-the-error-0123456789ab.test --reader go@1.22.12 --differs-from go@1.23.12 -o smaller.test',
        baselineStyle: 'legacy',
      },
    };
  });
  return buildReport({
    name: `${opts.baseline ?? 'go@1.23.12'}-vs-${opts.candidate ?? 'go@1.22.12'}`, toolVersion: '0.1.0',
    baseline: { spec: opts.baseline ?? 'go@1.23.12', name: 'go1.23.12', versions: [22, 23] },
    candidate: { spec: opts.candidate ?? 'go@1.22.12', name: 'go1.22.12', versions: [22] },
    config: { seed: 1, runs: n, timeBudgetMs: null, corpus: ['corpus'], versions: [22, 23], stable: false }, durationMs: 15_000,
  }, cases, groups);
}
