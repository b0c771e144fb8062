// report.html: one self-contained page — inline CSS and SVG, no script at all,
// and a Content-Security-Policy that forbids scripts and network access, so a
// hostile string in a trace can at worst be displayed. Every string that is not
// a literal of this file passes through escapeHtml.
import { escapeHtml as h } from './escapeHtml';
import { CASE_CLASSES, CaseClass, OutcomeSummary, Report } from './reportSchema';
import { groupedBarChart, Series, stackedBarChart } from './svgCharts';

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
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;color:#222}
h1{font-size:1.5rem}h2{border-bottom:1px solid #ddd;padding-bottom:.2rem;margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}
td.n{text-align:right}.verdict{font-size:1.2rem;padding:.6rem 1rem;border-radius:4px;display:inline-block}
.bad{background:#fde0e0;color:#8b0000}.good{background:#e0f5e0;color:#0b5e0b}
pre{background:#f6f8fa;padding:.6rem;overflow:auto;max-height:30rem;white-space:pre-wrap;word-break:break-all}
.charts{display:flex;flex-wrap:wrap;gap:1.5rem}.chart{background:#fff;border:1px solid #eee}
code{background:#f6f8fa;padding:0 .2rem}details{margin:.4rem 0}.group{border-left:4px solid #ccc;padding-left:.8rem;margin:1rem 0}
.group.regression{border-color:#d62728}.group.fix{border-color:#2ca02c}.group.changed{border-color:#ff7f0e}.group.crash-timeout{border-color:#9467bd}
`;

export function renderHtml(r: Report): string {
  const body: string[] = [];
  body.push(`<h1>tracefuzz report: ${h(r.name)}</h1>`);
  body.push(r.verdict === 'regression'
    ? `<p class="verdict bad" id="verdict">Regression: the candidate fails a property the baseline passes in ${r.counts.regression} of ${r.cases.length} cases.</p>`
    : `<p class="verdict good" id="verdict">No regression in ${r.cases.length} cases.</p>`);
  body.push('<table><tr><th></th><th>reader</th><th>versions</th><th>mean</th><th>p95</th><th>total</th></tr>');
  for (const side of ['baseline', 'candidate'] as const) {
    const t = r.timing[side];
    body.push(`<tr><th>${side}</th><td><code>${h(r[side].spec)}</code></td><td>${h(r[side].versions ? r[side].versions!.map((v) => `go1.${v}`).join(', ') : 'all')}</td><td class="n">${t.meanMs.toFixed(2)} ms</td><td class="n">${t.p95Ms.toFixed(2)} ms</td><td class="n">${(t.totalMs / 1000).toFixed(2)} s</td></tr>`);
  }
  body.push('</table>');
  body.push(`<p>Seed ${h(String(r.config.seed ?? '–'))}; ${r.config.runs !== null ? `${r.config.runs} generated cases` : r.config.timeBudgetMs !== null ? `time budget ${Math.round(r.config.timeBudgetMs / 1000)} s` : 'no campaign'}; corpus ${r.config.corpus.length ? r.config.corpus.map((c) => `<code>${h(c)}</code>`).join(', ') : 'none'}; generated ${h(r.createdAt)} by tracefuzz ${h(r.tool.version)} in ${(r.durationMs / 1000).toFixed(1)} s.</p>`);

  body.push('<h2>Cases per class</h2><table><tr><th>class</th><th>cases</th></tr>');
  for (const c of CASE_CLASSES) body.push(`<tr><td>${CLASS_SERIES[c].name}</td><td class="n">${r.counts[c]}</td></tr>`);
  body.push('</table>');

  body.push('<h2>Charts</h2><div class="charts">');
  const series = CASE_CLASSES.map((c) => CLASS_SERIES[c]);
  const classRows = (m: Record<string, Record<CaseClass, number>>) => Object.entries(m).map(([label, counts]) => ({ label, values: CASE_CLASSES.map((c) => counts[c]) }));
  body.push(stackedBarChart('classes-by-operator', 'Outcome classes per operator', series, classRows(r.byOperator)));
  body.push(stackedBarChart('classes-by-version', 'Outcome classes per trace version', series, classRows(r.byVersion)));
  body.push(groupedBarChart('pass-rate', 'Property pass rate per reader', READER_SERIES, r.properties.map((p) => ({
    label: p.property,
    values: [passRate(p.baseline), passRate(p.candidate)],
  })), { percent: true }));
  body.push(groupedBarChart('time-per-reader', 'Time per case per reader', READER_SERIES, [
    { label: 'mean', values: [r.timing.baseline.meanMs, r.timing.candidate.meanMs] },
    { label: 'p50', values: [r.timing.baseline.p50Ms, r.timing.candidate.p50Ms] },
    { label: 'p95', values: [r.timing.baseline.p95Ms, r.timing.candidate.p95Ms] },
    { label: 'max', values: [r.timing.baseline.maxMs, r.timing.candidate.maxMs] },
  ], { unit: ' ms' }));
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

  if (r.deviations.length) {
    body.push('<h2>Expected deviations</h2><p>Documented behaviour that differs from the strict properties; not counted as failures.</p><table><tr><th>deviation</th><th>reader</th><th>property</th><th>cases</th></tr>');
    for (const d of r.deviations) body.push(`<tr><td>${h(d.name)}</td><td>${d.reader}</td><td>${h(d.property)}</td><td class="n">${d.count}</td></tr>`);
    body.push('</table>');
  }

  body.push(`<h2>Differences (${r.groups.length})</h2>`);
  if (r.groups.length === 0) body.push('<p>None: every case had the same outcome on both readers.</p>');
  for (const g of r.groups) {
    const rep = g.reproducer;
    body.push(`<section class="group ${g.class}" id="group-${h(g.id)}">`);
    body.push(`<h3>${h(CLASS_SERIES[g.class].name)}${g.properties.length ? ' ' + h(g.properties.join(', ')) : ''} — <code>${h(g.operator)}</code>, ${g.version === null ? 'any version' : `go1.${g.version}`} (${g.count} case${g.count === 1 ? '' : 's'})</h3>`);
    body.push(`<p>Signature <code>${h(g.signature)}</code></p>`);
    body.push(`<table><tr><th>baseline</th><td>${outcomeHtml(rep.baseline)}</td></tr><tr><th>candidate</th><td>${outcomeHtml(rep.candidate)}</td></tr></table>`);
    body.push(`<p>Reproducer: ${rep.bytes} bytes${rep.generations !== null ? `, ${rep.generations} generation(s)` : ''}${rep.minimized ? `, minimized from ${rep.originalBytes} bytes` : ', not minimized'}${rep.corpusFile ? `, saved as <code>${h(rep.corpusFile)}</code>` : ''}.</p>`);
    if (rep.context.length) {
      body.push('<table><tr><th>#</th><th>baseline</th><th>candidate</th></tr>');
      for (const l of rep.context) body.push(`<tr><td class="n">${l.index}</td><td><pre>${h(l.baseline ?? '(none)')}</pre></td><td><pre>${h(l.candidate ?? '(none)')}</pre></td></tr>`);
      body.push('</table>');
    }
    if (rep.baselineError !== null || rep.candidateError !== null) {
      body.push(`<details><summary>error texts</summary><p>baseline</p><pre>${h(rep.baselineError ?? '(none)')}</pre><p>candidate</p><pre>${h(rep.candidateError ?? '(none)')}</pre></details>`);
    }
    body.push(`<details open><summary>reproducer (text format)</summary><pre class="reproducer">${h(rep.text)}</pre></details>`);
    body.push('</section>');
  }

  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>tracefuzz report: ${h(r.name)}</title>
<style>${CSS}</style></head>
<body>
${body.join('\n')}
</body></html>
`;
}

function passRate(s: { pass: number; fail: number; deviation: number }): number {
  const n = s.pass + s.fail + s.deviation;
  return n === 0 ? 0 : s.pass / n;
}

function outcomeHtml(o: OutcomeSummary): string {
  return `${o.kind}, ${o.eventCount} events${o.error !== null ? `, error <code>${h(o.error.split('\n')[0])}</code>` : ''}`;
}
