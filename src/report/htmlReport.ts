// report.html: one self-contained page — inline CSS and SVG, no script at all,
// and a Content-Security-Policy that forbids scripts and network access, so a
// hostile string in a trace can at worst be displayed. Every string that is not
// a literal of this file passes through escapeHtml.
//
// It leads with what regressed, so the first group is in view without
// scrolling: the verdict, one line per property, then every difference group
// (worst first), each with a sentence saying what changed, its faults, its
// reproducer and the commands that replay it. Charts and tables come after.
import { escapeHtml as h } from './escapeHtml';
import { CASE_CLASSES, CaseClass, DifferenceGroup, OutcomeSummary, Report } from './reportSchema';
import { groupedBarChart, Series, stackedBarChart, StackedRow } from './svgCharts';
import { PROPERTY_LINES } from './propertyLines';
import { plural } from '../properties/plural';

const CLASS_SERIES: Record<CaseClass, Series> = {
  regression: { name: 'regression', color: '#d62728' },
  'crash-timeout': { name: 'crash/timeout', color: '#9467bd' },
  fix: { name: 'fix', color: '#2ca02c' },
  changed: { name: 'changed', color: '#ff7f0e' },
  same: { name: 'same', color: '#c7c7c7' },
};
const READER_SERIES: Series[] = [
  { name: 'baseline', color: '#1f77b4' },
  { name: 'candidate', color: '#ff7f0e' },
];

const CSS = `
body{font-family:system-ui,sans-serif;margin:1rem auto;max-width:1100px;padding:0 1rem;color:#222;line-height:1.35}
h1{font-size:1.35rem;margin:.3rem 0}h2{border-bottom:1px solid #ddd;padding-bottom:.2rem;margin:1.4rem 0 .6rem;font-size:1.2rem}h3{font-size:1.05rem;margin:.2rem 0}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}
td.n{text-align:right}.verdict{font-size:1.05rem;padding:.4rem .8rem;border-radius:4px;margin:.4rem 0}
.bad{background:#fde0e0;color:#8b0000}.good{background:#e0f5e0;color:#0b5e0b}
ul.props{margin:.3rem 0;padding-left:1.2rem;font-size:.92rem}ul.props li{margin:0}.muted{color:#666;font-size:.9rem;margin:.3rem 0}
pre{background:#f6f8fa;padding:.6rem;overflow:auto;max-height:30rem;white-space:pre-wrap;word-break:break-all;margin:.3rem 0}
.charts{display:flex;flex-wrap:wrap;gap:1.5rem}.chart{background:#fff;border:1px solid #eee}
code{background:#f6f8fa;padding:0 .2rem}details{margin:.3rem 0}.group{border-left:4px solid #ccc;padding-left:.8rem;margin:.8rem 0}
.group ul{margin:.3rem 0;padding-left:1.2rem}
.group.regression{border-color:#d62728}.group.fix{border-color:#2ca02c}.group.changed{border-color:#ff7f0e}.group.crash-timeout{border-color:#9467bd}
`;

export function renderHtml(r: Report): string {
  const body: string[] = [];
  const [base, cand] = [`<code>${h(r.baseline.spec)}</code>`, `<code>${h(r.candidate.spec)}</code>`];
  body.push(`<h1>tracefuzz report: ${base} → ${cand}</h1>`);
  const regressed = r.properties.filter((p) => p.regressions > 0);
  body.push(r.verdict === 'regression'
    ? `<p class="verdict bad" id="verdict">Regression: the candidate fails a property the baseline passes in ${r.counts.regression} of ${plural(r.cases.length, 'case')} (${regressed.map((p) => `${h(p.property)} in ${p.regressions}`).join(', ')}).</p>`
    : `<p class="verdict good" id="verdict">No regression in ${plural(r.cases.length, 'case')}${r.counts.fix ? `; ${plural(r.counts.fix, 'fix')}` : ''}.</p>`);
  const rows = new Map(r.properties.map((p) => [p.property, p]));
  body.push('<ul class="props" id="properties">');
  for (const [name, text] of PROPERTY_LINES) {
    const p = rows.get(name);
    const counts = p ? [p.regressions ? plural(p.regressions, 'regression') : '', p.fixes ? plural(p.fixes, 'fix') : ''].filter(Boolean).join(', ') || 'no change' : 'not judged here';
    body.push(`<li><b>${h(name)}</b> ${h(text)} — ${p?.regressions ? `<b>${counts}</b>` : counts}</li>`);
  }
  body.push('</ul>');
  const cfg = r.config;
  body.push(`<p class="muted">Baseline ${base} and candidate ${cand} on ${plural(r.cases.length, 'case')} (${cfg.runs !== null ? plural(cfg.runs, 'generated case') : cfg.timeBudgetMs !== null ? `time budget ${Math.round(cfg.timeBudgetMs / 1000)} s` : 'no campaign'}, seed ${h(String(cfg.seed ?? '–'))}, corpus ${cfg.corpus.length ? cfg.corpus.map((c) => `<code>${h(c)}</code>`).join(', ') : 'none'}): ${CASE_CLASSES.map((c) => `${CLASS_SERIES[c].name} ${r.counts[c]}`).join(', ')}.</p>`);

  const worst = r.groups.filter((g) => g.class === 'regression' || g.class === 'crash-timeout');
  const others = r.groups.filter((g) => !worst.includes(g));
  body.push(`<h2>${r.verdict === 'regression' ? 'What regressed' : 'Differences'} (${plural(r.groups.length, 'group')})</h2>`);
  if (r.groups.length === 0) body.push('<p>None: every case had the same outcome on both readers.</p>');
  [...worst, ...others].forEach((g, i) => body.push(groupSection(g, i + 1, i < 10)));

  body.push('<h2>Charts</h2><div class="charts">');
  body.push(groupedBarChart('pass-rate', 'Property pass rate per reader', READER_SERIES, r.properties.map((p) => ({
    label: p.property,
    values: [passRate(p.baseline), passRate(p.candidate)],
  })), { percent: true }));
  body.push(classChart('classes-by-operator', 'Cases per operator (most differences first)', r.byOperator, 'operator'));
  body.push(classChart('classes-by-version', 'Cases per trace version', r.byVersion, 'version'));
  body.push('</div>');

  body.push('<h2>Properties</h2><table><tr><th>property</th><th>reader</th><th>pass</th><th>fail</th><th>expected deviation</th><th>skipped</th><th>regressions</th><th>fixes</th></tr>');
  for (const p of r.properties) {
    for (const side of ['baseline', 'candidate'] as const) {
      const s = p[side];
      const extra = side === 'baseline' ? `<td class="n" rowspan="2">${p.regressions}</td><td class="n" rowspan="2">${p.fixes}</td>` : '';
      body.push(`<tr>${side === 'baseline' ? `<th rowspan="2">${h(p.property)}</th>` : ''}<td>${side}</td><td class="n">${s.pass}</td><td class="n">${s.fail}</td><td class="n">${s.deviation}</td><td class="n">${s.skip}</td>${extra}</tr>`);
    }
  }
  body.push('</table>');

  const timing = r.timing;
  body.push(`<h2>Readers</h2><table><tr><th></th><th>reader</th><th>versions</th>${timing ? '<th>mean</th><th>p50</th><th>p95</th><th>max</th><th>total</th>' : ''}</tr>`);
  for (const side of ['baseline', 'candidate'] as const) {
    const t = timing?.[side];
    const times = t ? `<td class="n">${t.meanMs.toFixed(2)} ms</td><td class="n">${t.p50Ms.toFixed(2)} ms</td><td class="n">${t.p95Ms.toFixed(2)} ms</td><td class="n">${t.maxMs.toFixed(2)} ms</td><td class="n">${(t.totalMs / 1000).toFixed(2)} s</td>` : '';
    body.push(`<tr><th>${side}</th><td><code>${h(r[side].spec)}</code></td><td>${h(r[side].versions ? r[side].versions!.map((v) => `go1.${v}`).join(', ') : 'all')}</td>${times}</tr>`);
  }
  body.push('</table>');
  body.push(r.createdAt !== null && r.durationMs !== null
    ? `<p class="muted">Generated ${h(r.createdAt)} by tracefuzz ${h(r.tool.version)} in ${(r.durationMs / 1000).toFixed(1)} s.</p>`
    : `<p class="muted">Generated by tracefuzz ${h(r.tool.version)}; times and dates left out (--stable).</p>`);

  if (r.deviations.length) {
    body.push('<h2>Expected deviations</h2><p>Documented behaviour that differs from the strict properties; not counted as failures.</p><table><tr><th>deviation</th><th>reader</th><th>property</th><th>cases</th></tr>');
    for (const d of r.deviations) body.push(`<tr><td>${h(d.name)}</td><td>${d.reader}</td><td>${h(d.property)}</td><td class="n">${d.count}</td></tr>`);
    body.push('</table>');
  }

  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>tracefuzz report: ${h(r.baseline.spec)} → ${h(r.candidate.spec)} (${h(r.name)})</title>
<style>${CSS}</style></head>
<body>
${body.join('\n')}
</body></html>
`;
}

function groupSection(g: DifferenceGroup, n: number, open: boolean): string {
  const rep = g.reproducer;
  const out: string[] = [];
  const what = g.properties.length ? g.properties.join(', ') : CLASS_SERIES[g.class].name;
  out.push(`<section class="group ${g.class}" id="group-${h(g.id)}">`);
  out.push(`<h3>${n}. ${h(what)}: ${h(g.summary)} (${plural(g.count, 'case')})</h3>`);
  out.push(`<p class="muted">${h(CLASS_SERIES[g.class].name)}; cause <code>${h(g.cause)}</code>; operators: ${counts(g.operators, 6)}; versions: ${counts(g.versions, 6)}.</p>`);
  out.push('<ul>');
  if (g.faults.length === 2) {
    out.push(`<li>earlier fault: <code>${h(g.faults[0].operator)}</code> in generation ${g.faults[0].generation} (${h(g.faults[0].detail)})</li>`);
    out.push(`<li>later fault: <code>${h(g.faults[1].operator)}</code> in generation ${g.faults[1].generation} (${h(g.faults[1].detail)})</li>`);
  }
  out.push(`<li>baseline: ${outcomeHtml(rep.baseline)}</li><li>candidate: ${outcomeHtml(rep.candidate)}</li>`);
  const size = `${plural(rep.bytes, 'byte')}${rep.generations !== null ? `, ${plural(rep.generations, 'generation')}` : ''}${rep.minimized ? `, minimized from ${rep.originalBytes}` : ''}`;
  out.push(`<li>reproducer: ${rep.testFile !== null ? 'a Go test case' : `no text form; FuzzReader entry <code>${h(rep.fuzzCorpus.name)}</code>`}, ${size}${rep.corpusFile ? `: <code>${h(rep.corpusFile)}</code>` : ''}</li>`);
  if (rep.replay) out.push(`<li>replay: <code>${h(rep.replay)}</code></li>`);
  if (rep.minimize) out.push(`<li>minimize further: <code>${h(rep.minimize)}</code></li>`);
  if (rep.saveError) out.push(`<li>not saved: ${h(rep.saveError)}</li>`);
  out.push('</ul>');
  if (rep.context.length) {
    out.push('<details><summary>first difference, event by event</summary><table><tr><th>#</th><th>baseline</th><th>candidate</th></tr>');
    for (const l of rep.context) out.push(`<tr><td class="n">${l.index}</td><td><pre>${h(l.baseline ?? '(none)')}</pre></td><td><pre>${h(l.candidate ?? '(none)')}</pre></td></tr>`);
    out.push('</table></details>');
  }
  if (rep.baselineError !== null || rep.candidateError !== null) {
    out.push(`<details><summary>error texts</summary><p>baseline</p><pre>${h(rep.baselineError ?? '(none)')}</pre><p>candidate</p><pre>${h(rep.candidateError ?? '(none)')}</pre></details>`);
  }
  if (rep.testFile !== null) {
    out.push(`<details${open ? ' open' : ''}><summary>Go test case (internal/trace/testdata/tests)</summary><pre class="reproducer">${h(rep.testFile)}</pre></details>`);
  } else {
    out.push(`<details${open ? ' open' : ''}><summary>FuzzReader corpus entry (testdata/fuzz/FuzzReader/${h(rep.fuzzCorpus.name)}) and Go literal</summary><pre class="reproducer">${h(rep.fuzzCorpus.content)}</pre><pre>${h(rep.goLiteral)}</pre><p>bytes as far as they frame:</p><pre>${h(rep.text)}</pre></details>`);
  }
  out.push('</section>');
  return out.join('\n');
}

/**
 * Outcome classes per operator (or version), most differences first; rows
 * where every case had the same outcome say nothing and are left out (the
 * chart says how many). No chart at all when no row is left.
 */
function classChart(id: string, title: string, m: Record<string, Record<CaseClass, number>>, what: string): string {
  const rows: StackedRow[] = Object.entries(m)
    .map(([label, c]) => ({ label, values: CASE_CLASSES.map((k) => c[k]), differing: CASE_CLASSES.filter((k) => k !== 'same').reduce((s, k) => s + c[k], 0) }))
    .filter((row) => row.differing > 0)
    .sort((a, b) => b.differing - a.differing || a.label.localeCompare(b.label))
    .map(({ label, values }) => ({ label, values }));
  const hidden = Object.keys(m).length - rows.length;
  if (rows.length === 0) return `<p class="muted" data-chart-omitted="${h(id)}">Every ${h(what)} had the same outcome on both readers in every case: no chart.</p>`;
  return stackedBarChart(id, `${title}${hidden ? ` — ${plural(hidden, what)} with no difference not shown` : ''}`, CASE_CLASSES.map((c) => CLASS_SERIES[c]), rows);
}

function counts(m: Record<string, number>, max: number): string {
  const e = Object.entries(m);
  return e.slice(0, max).map(([k, n]) => `<code>${h(k)}</code> ${n}`).join(', ') + (e.length > max ? ` and ${e.length - max} more` : '');
}

function passRate(s: { pass: number; fail: number; deviation: number }): number {
  const n = s.pass + s.fail + s.deviation;
  return n === 0 ? 0 : s.pass / n;
}

function outcomeHtml(o: OutcomeSummary): string {
  const err = o.error !== null ? `: <code>${h(o.error.split('\n')[0])}</code>` : '';
  if (o.kind === 'ok') return `reads cleanly, ${plural(o.eventCount, 'event')}`;
  if (o.kind === 'error') return `error after ${plural(o.eventsBeforeError, 'event')}${err}`;
  return `${o.kind}${err}`;
}
