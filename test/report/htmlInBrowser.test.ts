// report.html as a person sees it: opened in a real headless chromium. The
// first regression group is in view without scrolling at 1400×900; the
// charts render (non-empty SVG boxes with bars); and a report built from a
// case whose trace strings carry HTML and <script> shows those strings as
// text and runs none of them.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'puppeteer-core';
import { buildReport } from '../../src/report/buildReport';
import { compareCase, ReaderRun } from '../../src/report/compareCase';
import { DifferenceGrouper } from '../../src/report/differenceGroups';
import { writeReport } from '../../src/report/writeReport';
import type { CaseRecord } from '../../src/report/reportSchema';
import { describeChromium, launchChromium } from '../support/chromium';
import { largeReport } from '../support/reportFixtures';

const HOSTILE_MESSAGE = '<script>window.__pwned = "script"</script><img src=x onerror="window.__pwned=\'img\'">';
const HOSTILE_CATEGORY = '"><svg onload="window.__pwned=\'svg\'"></svg>';

function run(events: string[], error: string | null, props: Record<string, 'pass' | 'fail'>, ms: number): ReaderRun {
  return {
    outcome: { kind: error === null ? 'ok' : 'error', events, error, eventsBeforeError: events.length },
    properties: Object.fromEntries(Object.entries(props).map(([k, v]) => [k, { status: v }])),
    ms,
  };
}

async function hostileReportDir(): Promise<{ dir: string; cases: CaseRecord[] }> {
  const sync = 'M=-1 P=-1 G=-1 Sync Time=10 N=1';
  // %q of the hostile strings, as a Go reader prints them.
  const log = `M=1 P=0 G=1 Log Time=20 Task=0 Category=${JSON.stringify(HOSTILE_CATEGORY)} Message=${JSON.stringify(HOSTILE_MESSAGE)}`;
  const grouper = new DifferenceGrouper();
  const cases: CaseRecord[] = [];
  const ops = ['truncate-batch', 'bad-generation', `op-${HOSTILE_CATEGORY}`];
  for (let i = 0; i < 12; i++) {
    const op = ops[i % ops.length];
    const base = run([sync, log, sync], null, { P1: 'pass', P3: 'pass' }, 1 + i / 10);
    const cand = i % 2 === 0
      ? run([sync], `failed to read batch: ${HOSTILE_MESSAGE}`, { P1: 'fail', P3: 'pass' }, 2 + i / 5)
      : run([sync, log, sync], null, { P1: 'pass', P3: 'pass' }, 2);
    const c = compareCase({ id: `case-${i}`, source: 'campaign', label: `case ${i}`, operator: op, version: i % 3 === 0 ? 22 : 26, seed: 7, trace: Uint8Array.of(i) }, base, cand);
    grouper.add(c);
    cases.push(c.record);
  }
  const groups = await grouper.finish({
    toText: () => `Trace Go1.22\nEventBatch gen=1 m=0 time=1 size=5\nLog dt=1 task=0 category=0 message=0\nString id=1\n\tdata=${JSON.stringify(HOSTILE_MESSAGE)}\n`,
    generations: () => 1,
    minimize: async (t) => t,
    rerun: async (c) => c,
  });
  const report = buildReport({
    name: `hostile ${HOSTILE_CATEGORY}`,
    toolVersion: '0.1.0',
    baseline: { spec: 'ts', name: 'ts', versions: null },
    candidate: { spec: `cmd:${HOSTILE_MESSAGE}`, name: 'cmd', versions: [22, 26] },
    config: { seed: 7, runs: 12, timeBudgetMs: null, corpus: [], versions: [22, 26], stable: false },
    durationMs: 1234,
  }, cases, groups);
  const dir = mkdtempSync(join(tmpdir(), 'tracefuzz-report-'));
  writeReport(dir, report);
  return { dir, cases };
}

describeChromium('report.html in a headless browser', () => {
  let browser: Browser;
  let dir: string;
  let largeDir: string;

  beforeAll(async () => {
    dir = (await hostileReportDir()).dir;
    largeDir = mkdtempSync(join(tmpdir(), 'tracefuzz-report-large-'));
    writeReport(largeDir, largeReport());
    browser = await launchChromium(join(dir, 'profile'));
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (largeDir) rmSync(largeDir, { recursive: true, force: true });
  });

  test('at 1400×900 the first regression group is in view without scrolling: its heading, what changed, both outcomes', async () => {
    const page = await browser.newPage();
    await page.setViewport({ width: 1400, height: 900 });
    await page.goto(pathToFileURL(join(largeDir, 'report.html')).href, { waitUntil: 'load' });
    const first = (await page.evaluate(`(() => {
      const g = document.querySelector('section.group');
      const box = (e) => { const r = e.getBoundingClientRect(); return { top: r.top, bottom: r.bottom }; };
      return { cls: g.className, heading: g.querySelector('h3').textContent, h3: box(g.querySelector('h3')), items: Array.from(g.querySelectorAll('li')).slice(0, 4).map((li) => ({ text: li.textContent, ...box(li) })), scrollY: window.scrollY };
    })()`)) as { cls: string; heading: string; h3: { top: number; bottom: number }; items: { text: string; top: number; bottom: number }[]; scrollY: number };
    expect(first.scrollY).toBe(0);
    expect(first.cls).toBe('group regression');
    expect(first.heading).toMatch(/^1\. P\d: .+ \(\d+ cases\)$/);
    expect(first.h3.top).toBeGreaterThanOrEqual(0);
    expect(first.h3.bottom).toBeLessThanOrEqual(900);
    const outcomes = first.items.filter((i) => /^(baseline|candidate): /.test(i.text));
    expect(outcomes).toHaveLength(2);
    for (const o of outcomes) expect(o.bottom).toBeLessThanOrEqual(900);
    await page.close();
  });

  test('the page is self-contained: no script element, no external resource', () => {
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\s(src|href)=["']?(https?:|\/\/)/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('&lt;script&gt;window.__pwned');
  });

  test('charts render and hostile trace strings are shown, not run', async () => {
    const page = await browser.newPage();
    const dialogs: string[] = [];
    const requests: string[] = [];
    page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => undefined); });
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(join(dir, 'report.html')).href, { waitUntil: 'load' });

    // Page-side code is given as text: the test is compiled without DOM types.
    const charts = (await page.evaluate(`Array.from(document.querySelectorAll('svg.chart')).map((s) => {
      const box = s.getBoundingClientRect();
      const bars = Array.from(s.querySelectorAll('rect.bar')).map((r) => r.getBoundingClientRect());
      return { id: s.getAttribute('data-chart'), width: box.width, height: box.height, bars: bars.length, visibleBars: bars.filter((b) => b.width > 0 && b.height > 0).length };
    })`)) as { id: string; width: number; height: number; bars: number; visibleBars: number }[];
    // No chart that says nothing: the time-per-case chart is a table now.
    expect(charts.map((c) => c.id).sort()).toEqual(['classes-by-operator', 'classes-by-version', 'pass-rate']);
    for (const c of charts) {
      expect(c.width).toBeGreaterThan(100);
      expect(c.height).toBeGreaterThan(50);
      expect(c.visibleBars).toBeGreaterThan(0);
      expect(c.visibleBars).toBe(c.bars);
    }
    // 3 operators, 2 classes (regression, same) present among 12 cases.
    expect(charts.find((c) => c.id === 'classes-by-operator')!.bars).toBe(6);

    const state = (await page.evaluate(`({
      pwned: window.__pwned ?? null,
      scripts: document.querySelectorAll('script').length,
      injected: document.querySelectorAll('img, iframe, object, embed, svg:not(.chart), [onerror], [onload]').length,
      text: document.body.innerText,
      title: document.title,
    })`)) as { pwned: string | null; scripts: number; injected: number; text: string; title: string };
    expect(state.pwned).toBeNull();
    expect(state.scripts).toBe(0);
    expect(state.injected).toBe(0);
    expect(dialogs).toEqual([]);
    expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
    // The strings are visible as text, exactly.
    expect(state.text).toContain(HOSTILE_MESSAGE);
    expect(state.text).toContain(`cmd:${HOSTILE_MESSAGE}`);
    expect(state.title).toContain(HOSTILE_CATEGORY);
    expect(state.text).toMatch(/Regression: the candidate fails a property the baseline passes in 6 of 12 cases/);
    await page.close();
  });
});
