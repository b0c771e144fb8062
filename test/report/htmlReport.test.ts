// report.html's charts say something: operators sorted by how many of their
// cases differ, operators whose every case had the same outcome left out (the
// title says how many), no chart when nothing differs, no time-per-case chart.
import { renderHtml } from '../../src/report/htmlReport';
import { largeReport } from '../support/reportFixtures';
import { emptyClassCounts } from '../../src/report/reportSchema';

const counts = (o: Partial<ReturnType<typeof emptyClassCounts>>) => ({ ...emptyClassCounts(), ...o });

test('the operator chart is sorted by differing cases and hides rows where every case was the same', () => {
  const r = largeReport({ cases: 40, groups: 4 });
  r.byOperator = { 'a-few': counts({ regression: 1, same: 50 }), 'all-same': counts({ same: 300 }), 'many': counts({ regression: 7, changed: 3 }), 'some': counts({ fix: 4 }) };
  const html = renderHtml(r);
  const chart = /<svg class="chart" data-chart="classes-by-operator"[\s\S]*?<\/svg>/.exec(html)![0];
  const labels = Array.from(chart.matchAll(/text-anchor="end"[^>]*>([^<]+)<title>/g), (m) => m[1]);
  expect(labels).toEqual(['many', 'some', 'a-few']);
  expect(chart).toContain('1 operator with no difference not shown');
  expect(html).not.toContain('data-chart="time-per-reader"');

  r.byOperator = { x: counts({ same: 3 }) };
  r.byVersion = { 'go1.22': counts({ same: 3 }) };
  const quiet = renderHtml(r);
  expect(quiet).not.toContain('data-chart="classes-by-operator"');
  expect(quiet).toContain('data-chart-omitted="classes-by-operator"');
});

test('the page leads with the verdict, the seven property lines and the groups; charts come after', () => {
  const html = renderHtml(largeReport({ groups: 8 }));
  const at = (s: string) => html.indexOf(s);
  expect(at('id="verdict"')).toBeLessThan(at('id="properties"'));
  expect(at('id="properties"')).toBeLessThan(at('<section class="group regression"'));
  expect(at('<section class="group')).toBeLessThan(at('<h2>Charts</h2>'));
  expect(html.match(/<li><b>P\d<\/b> /g)).toHaveLength(7);
  expect(html).not.toMatch(/\b1 (cases|events|regressions|generations)\b/);
});
