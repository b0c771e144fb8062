// How one case is classified between a baseline and a candidate, how cases
// group, and how report.md keeps trace strings from breaking its tables.
import { classifyCase } from '../../src/report/classifyCase';
import { compareCase, ReaderRun } from '../../src/report/compareCase';
import { buildReport } from '../../src/report/buildReport';
import { DifferenceGrouper } from '../../src/report/differenceGroups';
import { renderMarkdown } from '../../src/report/markdownReport';
import { normalizeOutcome } from '../../src/properties/normalize';
import type { Outcome } from '../../src/readers/traceReader';
import { ProgressBar } from '../../src/cli/progressBar';
import type { PropertyStatus } from '../../src/report/reportSchema';

const SYNC = 'M=-1 P=-1 G=-1 Sync Time=1 N=1';
const ok: Outcome = { kind: 'ok', events: [SYNC], error: null, eventsBeforeError: 1 };
const err = (e: string, n = 0): Outcome => ({ kind: 'error', events: [SYNC].slice(0, n), error: e, eventsBeforeError: n });
const crash: Outcome = { kind: 'crash', events: [], error: 'killed by SIGSEGV', eventsBeforeError: 0 };
const side = (o: Outcome, props: Record<string, PropertyStatus>) => ({
  outcome: normalizeOutcome(o),
  properties: Object.fromEntries(Object.entries(props).map(([k, v]) => [k, v === 'deviation' ? { status: v, deviation: 'fail-fast-bad-generation-number' } : { status: v }])),
});

describe('case classification', () => {
  test('regression: the candidate fails a property the baseline passes', () => {
    const c = classifyCase(side(err('x', 1), { P1: 'pass', P3: 'pass' }), side(err('x', 0), { P1: 'fail', P3: 'pass' }));
    expect(c).toMatchObject({ class: 'regression', regressed: ['P1'], fixed: [], difference: { what: 'length' } });
    // The cause, not the operator or version: one cause reached through many operators is one group.
    expect(c.signature).toBe('regression|P1|events lost before the error');
    expect(c.shape).toBe('error: x|error: x|length');
  });

  test('fix is the reverse; regression wins when both happen', () => {
    expect(classifyCase(side(err('x', 0), { P1: 'fail' }), side(err('x', 1), { P1: 'pass' })).class).toBe('fix');
    const both = classifyCase(side(err('x', 0), { P1: 'fail', P2: 'pass' }), side(err('y', 1), { P1: 'pass', P2: 'fail' }));
    expect(both).toMatchObject({ class: 'regression', regressed: ['P2'], fixed: ['P1'] });
  });

  test('a candidate crash where the baseline is fine is a P4 regression, even when P4 was not evaluated', () => {
    expect(classifyCase(side(ok, {}), side(crash, {}))).toMatchObject({ class: 'regression', regressed: ['P4'] });
    // Both crashing is its own class, and so is a baseline crash.
    expect(classifyCase(side(crash, {}), side(crash, {})).class).toBe('crash-timeout');
    expect(classifyCase(side(crash, {}), side(ok, {}))).toMatchObject({ class: 'crash-timeout', fixed: ['P4'] });
  });

  test('changed: outcomes or verdicts differ but nothing newly fails or passes (an expected deviation is not a failure)', () => {
    expect(classifyCase(side(err('x'), { P3: 'pass' }), side(err('y'), { P3: 'pass' })).class).toBe('changed');
    expect(classifyCase(side(err('x', 1), { P1: 'pass' }), side(err('x', 0), { P1: 'deviation' })).class).toBe('changed');
    expect(classifyCase(side(err('x'), { P3: 'pass' }), side(err('x'), { P3: 'pass' }))).toMatchObject({ class: 'same', signature: null });
  });
});

describe('grouping and report.md', () => {
  const run = (o: Outcome, p: Record<string, PropertyStatus>): ReaderRun => ({ outcome: o, ms: 1, properties: Object.fromEntries(Object.entries(p).map(([k, v]) => [k, { status: v }])) });

  test('identical differences share a group; the report counts and renders them; hostile text cannot break the markdown', async () => {
    const grouper = new DifferenceGrouper();
    const records = [];
    const op = 'op|with`pipes`\nand newline';
    for (let i = 0; i < 5; i++) {
      const c = compareCase({ id: `c${i}`, source: 'campaign', label: `${i}`, operator: op, version: 23, seed: 1, trace: Uint8Array.of(i) },
        run(err('x', 1), { P1: 'pass' }), run(i < 3 ? err('x | `y`', 0) : err('x', 1), { P1: i < 3 ? 'fail' : 'pass' }));
      grouper.add(c);
      records.push(c.record);
    }
    expect(grouper.size).toBe(1);
    const groups = await grouper.finish({ toText: () => 'Trace Go1.23\n```\nnot a fence end\n', generations: () => 1, minimize: async (t) => t, rerun: async (c) => c });
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ class: 'regression', properties: ['P1'], count: 3, caseIds: ['c0', 'c1', 'c2'] });
    const report = buildReport({ name: 'x', toolVersion: 't', baseline: { spec: 'a', name: 'a', versions: null }, candidate: { spec: 'b', name: 'b', versions: null }, config: { seed: 1, runs: 5, timeBudgetMs: null, corpus: [], versions: [23], stable: false }, durationMs: 1 }, records, groups);
    expect(report.counts).toEqual({ regression: 3, same: 2, fix: 0, changed: 0, 'crash-timeout': 0 });
    expect(report.properties).toEqual([
      { property: 'P1', baseline: { pass: 5, fail: 0, skip: 0, deviation: 0 }, candidate: { pass: 2, fail: 3, skip: 0, deviation: 0 }, regressions: 3, fixes: 0 },
    ]);
    // Past the top five, groups are table rows: six copies put the hostile operator in one.
    const many = { ...report, groups: Array.from({ length: 6 }, (_, i) => ({ ...groups[0], id: `g${i}`, reproducer: { ...groups[0].reproducer, testFile: 'Trace Go1.23\n```\nnot a fence end\n' } })) };
    const md = renderMarkdown(many);
    // Every table row keeps its column count; the reproducer fence outlasts the ``` inside it.
    for (const line of md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| ---'))) {
      const cells = line.replace(/\\\|/g, '').split('|').length;
      expect([5, 6, 7, 8, 10]).toContain(cells);
    }
    expect(md).toContain('````\nTrace Go1.23\n```\nnot a fence end\n````');
    expect(md).not.toMatch(/`op\|with`/);
    const listed = md.split('\n').filter((l) => l.startsWith('| ') && l.includes('`op'));
    expect(listed).toHaveLength(1);
    expect(listed[0].replace(/\\\|/g, '').split('|')).toHaveLength(8);
  });

  test('the progress bar draws on a terminal only', () => {
    const writes: string[] = [];
    const tty = { isTTY: true, columns: 80, write: (s: string) => writes.push(s) } as unknown as NodeJS.WriteStream;
    const bar = new ProgressBar(tty);
    bar.update('cases', 5, 10, 'regressions 1');
    bar.done();
    expect(writes[0]).toMatch(/^\rcases \[#{15}\.{15}\] 5\/10 regressions 1/);
    // The bar gives way to the numbers on a narrow terminal; the line never wraps.
    const narrow: string[] = [];
    new ProgressBar({ isTTY: true, columns: 40, write: (x: string) => narrow.push(x) } as unknown as NodeJS.WriteStream).update('minimizing', 3, 12, '7 regressions, 12 differences');
    expect(narrow[0]).toBe('\rminimizing 3/12 7 regressions, 12 diffe\x1b[K');
    expect(narrow[0].length - '\r\x1b[K'.length).toBe(39);
    expect(writes[1]).toBe('\r\x1b[K');
    const quiet: string[] = [];
    new ProgressBar({ isTTY: false, write: (s: string) => quiet.push(s) } as unknown as NodeJS.WriteStream).update('cases', 1, 2);
    expect(quiet).toEqual([]);
  });
});
