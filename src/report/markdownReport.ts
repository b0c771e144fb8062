// report.md: the summary a pull request or a CI step shows — verdict, counts
// per class, a table per property, and every distinct difference with its
// minimized reproducer in Go's text format.
import { CASE_CLASSES, CaseClass, OutcomeSummary, Report } from './reportSchema';

const CLASS_TITLE: Record<CaseClass, string> = {
  regression: 'regression',
  'crash-timeout': 'crash/timeout',
  fix: 'fix',
  changed: 'changed outcome, no property change',
  same: 'same outcome',
};

/** Groups shown in full; a pull-request comment holds 64 KiB, so the rest become table rows. */
const MAX_DETAILED_GROUPS = 20;

export function renderMarkdown(r: Report, maxDetailed = MAX_DETAILED_GROUPS): string {
  const out: string[] = [];
  const total = r.cases.length;
  out.push(`# tracefuzz report: ${cell(r.name)}`, '');
  out.push(r.verdict === 'regression'
    ? `**Verdict: REGRESSION** — the candidate fails a property the baseline passes in ${r.counts.regression} of ${total} cases.`
    : `**Verdict: no regression** in ${total} cases.`);
  out.push('');
  out.push(`| | reader | versions | mean time/case |`, `| --- | --- | --- | --- |`);
  for (const side of ['baseline', 'candidate'] as const) {
    const info = r[side];
    out.push(`| ${side} | \`${code(info.spec)}\` | ${info.versions ? info.versions.map((v) => `go1.${v}`).join(', ') : 'all'} | ${r.timing[side].meanMs.toFixed(2)} ms |`);
  }
  out.push('');
  const cfg = r.config;
  out.push(`Seed ${cfg.seed ?? '–'}, ${cfg.runs !== null ? `${cfg.runs} generated cases` : cfg.timeBudgetMs !== null ? `time budget ${Math.round(cfg.timeBudgetMs / 1000)} s` : 'no campaign'}, corpus: ${cfg.corpus.length ? cfg.corpus.map((c) => `\`${code(c)}\``).join(', ') : 'none'}; took ${(r.durationMs / 1000).toFixed(1)} s.`, '');

  out.push('## Cases per class', '', '| class | cases |', '| --- | ---: |');
  for (const c of CASE_CLASSES) out.push(`| ${CLASS_TITLE[c]} | ${r.counts[c]} |`);
  out.push('');

  out.push('## Properties', '');
  for (const p of r.properties) {
    out.push(`### ${cell(p.property)}`, '', '| reader | pass | fail | expected deviation | skipped |', '| --- | ---: | ---: | ---: | ---: |');
    for (const side of ['baseline', 'candidate'] as const) {
      const s = p[side];
      out.push(`| ${side} | ${s.pass} | ${s.fail} | ${s.deviation} | ${s.skip} |`);
    }
    out.push('', `Regressions: ${p.regressions}; fixes: ${p.fixes}.`, '');
  }

  if (r.deviations.length) {
    out.push('## Expected deviations', '', 'Documented behaviour of a reader that differs from the strict properties; not counted as failures.', '');
    out.push('| deviation | reader | property | cases |', '| --- | --- | --- | ---: |');
    for (const d of r.deviations) out.push(`| ${cell(d.name)} | ${d.reader} | ${cell(d.property)} | ${d.count} |`);
    out.push('');
  }

  out.push('## Differences', '');
  if (r.groups.length === 0) out.push('None: every case had the same outcome on both readers.', '');
  for (const g of r.groups.slice(0, maxDetailed)) {
    const props = g.properties.length ? ` ${g.properties.map(cell).join(', ')}` : '';
    out.push(`### ${CLASS_TITLE[g.class]}${props} — \`${code(g.operator)}\`, ${g.version === null ? 'any version' : `go1.${g.version}`} (${g.count} case${g.count === 1 ? '' : 's'}, \`${g.id}\`)`, '');
    const rep = g.reproducer;
    out.push(`- baseline: ${outcomeLine(rep.baseline)}`);
    out.push(`- candidate: ${outcomeLine(rep.candidate)}`);
    out.push(`- reproducer: ${rep.bytes} bytes${rep.generations !== null ? `, ${rep.generations} generation${rep.generations === 1 ? '' : 's'}` : ''}${rep.minimized ? ` (minimized from ${rep.originalBytes})` : ' (not minimized)'}${rep.corpusFile ? `, saved as \`${code(rep.corpusFile)}\`` : ''}`);
    out.push('');
    if (rep.context.length) {
      out.push('First difference (raw event text of each reader):', '');
      out.push(fence(rep.context.map((l) => `#${l.index}\n  baseline:  ${l.baseline ?? '(none)'}\n  candidate: ${l.candidate ?? '(none)'}`).join('\n'), ''));
    }
    out.push('<details><summary>reproducer (text format)</summary>', '');
    out.push(fence(rep.text, ''));
    out.push('</details>', '');
  }
  const rest = r.groups.slice(maxDetailed);
  if (rest.length) {
    out.push(`### ${rest.length} further difference${rest.length === 1 ? '' : 's'}`, '', 'Reproducers of these are in report.json and report.html.', '');
    out.push('| class | properties | operator | version | cases | group |', '| --- | --- | --- | --- | ---: | --- |');
    for (const g of rest) {
      out.push(`| ${CLASS_TITLE[g.class]} | ${g.properties.map(cell).join(', ') || '–'} | \`${code(g.operator)}\` | ${g.version === null ? 'any' : `go1.${g.version}`} | ${g.count} | \`${g.id}\` |`);
    }
    out.push('');
  }
  return out.join('\n');
}

function outcomeLine(o: OutcomeSummary): string {
  const base = `${o.kind}, ${o.eventCount} events`;
  return o.error === null ? base : `${base}, error: \`${code(firstLine(o.error))}\``;
}

function firstLine(s: string): string {
  const i = s.indexOf('\n');
  return i < 0 ? s : s.slice(0, i) + ' …';
}

/** Text for a table cell: no line breaks, no column breaks, no HTML. */
function cell(s: string): string {
  return s.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Text inside an inline code span: backticks and pipes cannot break out. */
function code(s: string): string {
  return s.replace(/\r?\n/g, ' ').replace(/`/g, "'").replace(/\|/g, '\\|');
}

/** A fenced block whose fence is longer than any backtick run inside. */
function fence(text: string, lang: string): string {
  const longest = Math.max(2, ...Array.from(text.matchAll(/`+/g), (m) => m[0].length));
  const f = '`'.repeat(longest + 1);
  return `${f}${lang}\n${text.replace(/\n$/, '')}\n${f}\n`;
}
