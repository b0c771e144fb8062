// report.md: what a pull request or a CI summary shows, at most 10 KB: the
// verdict, one line per property (what it demands, and how it fared), the
// top groups — each with a sentence saying what changed, both faults of a
// two-fault case, and its reproducer with the commands that replay and
// minimize it — and everything else folded inside <details>.
import { CASE_CLASSES, CaseClass, DifferenceGroup, OutcomeSummary, PropertyRow, Report } from './reportSchema';
import { PROPERTY_LINES } from './propertyLines';
import { plural } from '../properties/plural';

const CLASS_TITLE: Record<CaseClass, string> = {
  regression: 'regression',
  'crash-timeout': 'crash/timeout',
  fix: 'fix',
  changed: 'changed outcome, no property change',
  same: 'same outcome',
};

/** A pull-request comment that people read whole. */
export const MARKDOWN_MAX_BYTES = 10 * 1024;

interface Budget {
  /** Groups shown in full at the top. */
  top: number;
  /** Of those, how many show their reproducer's text inline. */
  inline: number;
  /** Rows of the table of the other groups. */
  restRows: number;
  /** Longest reproducer text shown inline. */
  maxInline: number;
}

/**
 * Renders report.md within maxBytes: the top groups, then fewer inline
 * reproducers and fewer rows of the rest, until it fits (report.json and
 * report.html always have everything).
 */
export function renderMarkdown(r: Report, maxBytes = MARKDOWN_MAX_BYTES): string {
  const budgets: Budget[] = [];
  for (const restRows of [40, 20, 10, 5, 0]) budgets.push({ top: 5, inline: 5, restRows, maxInline: 1600 });
  for (const inline of [3, 1, 0]) budgets.push({ top: 5, inline, restRows: 0, maxInline: 900 });
  for (const top of [3, 1]) budgets.push({ top, inline: 0, restRows: 0, maxInline: 0 });
  let md = '';
  for (const b of budgets) {
    md = render(r, b);
    if (Buffer.byteLength(md) <= maxBytes) return md;
  }
  return md;
}

function render(r: Report, b: Budget): string {
  const out: string[] = [];
  const total = r.cases.length;
  const [base, cand] = [`\`${code(r.baseline.spec)}\``, `\`${code(r.candidate.spec)}\``];
  out.push(`# tracefuzz report: ${base} → ${cand}`, '');
  const regressed = r.properties.filter((p) => p.regressions > 0);
  if (r.verdict === 'regression') {
    out.push(`**Verdict: REGRESSION** — the candidate ${cand} fails a property that the baseline ${base} keeps in ${r.counts.regression} of ${plural(total, 'case')}: ${regressed.map((p) => `${cell(p.property)} in ${p.regressions}`).join(', ')}.`);
  } else {
    const rest = (['fix', 'changed', 'crash-timeout'] as const).filter((c) => r.counts[c] > 0).map((c) => `${CLASS_TITLE[c]} ${r.counts[c]}`);
    out.push(`**Verdict: no regression** — the candidate ${cand} keeps every property the baseline ${base} keeps in ${plural(total, 'case')}${rest.length ? ` (${rest.join(', ')})` : ''}.`);
  }
  out.push('', 'Properties every reader must keep:', '');
  for (const line of propertyLines(r)) out.push(`- ${line}`);
  out.push('');

  const top = r.groups.slice(0, b.top);
  if (top.length) {
    out.push(r.verdict === 'regression' ? '## What regressed' : '## Differences', '');
    top.forEach((g, i) => out.push(...groupSection(g, i + 1, i < b.inline ? b.maxInline : 0)));
  } else {
    out.push('No differences: every case had the same outcome on both readers.', '');
  }

  const rest = r.groups.slice(b.top);
  out.push('<details><summary>Everything else: ' + [
    rest.length ? plural(rest.length, 'other difference') : '',
    'properties per reader', 'readers and settings', r.deviations.length ? 'expected deviations' : '',
  ].filter(Boolean).join(', ') + '</summary>', '');
  if (rest.length) {
    out.push(`### ${rest.length === 1 ? 'One other difference' : `${rest.length} other differences`}`, '');
    if (b.restRows > 0) {
      out.push('| class | properties | what changed | cases | operators | group |', '| --- | --- | --- | ---: | --- | --- |');
      for (const g of rest.slice(0, b.restRows)) {
        out.push(`| ${CLASS_TITLE[g.class]} | ${g.properties.map(cell).join(', ') || '–'} | ${cell(clip(g.cause, 90))} | ${g.count} | ${countsText(g.operators, 2)} | \`${g.id}\` |`);
      }
      out.push('');
    }
    if (rest.length > b.restRows) out.push(`${b.restRows > 0 ? `${rest.length - b.restRows} more are` : 'They are'} in report.json and report.html, with their reproducers.`, '');
  }
  out.push('### Properties per reader', '', '| property | reader | pass | fail | expected deviation | skipped | regressions | fixes |', '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const p of r.properties) {
    out.push(`| ${cell(p.property)} | baseline | ${p.baseline.pass} | ${p.baseline.fail} | ${p.baseline.deviation} | ${p.baseline.skip} | ${p.regressions} | ${p.fixes} |`);
    out.push(`| | candidate | ${p.candidate.pass} | ${p.candidate.fail} | ${p.candidate.deviation} | ${p.candidate.skip} | | |`);
  }
  const timing = r.timing;
  out.push('', '### Readers and settings', '', `| | reader | versions |${timing ? ' mean time per case |' : ''}`, `| --- | --- | --- |${timing ? ' ---: |' : ''}`);
  for (const side of ['baseline', 'candidate'] as const) {
    const info = r[side];
    out.push(`| ${side} | \`${code(info.spec)}\` | ${info.versions ? info.versions.map((v) => `go1.${v}`).join(', ') : 'all'} |${timing ? ` ${timing[side].meanMs.toFixed(2)} ms |` : ''}`);
  }
  const cfg = r.config;
  out.push('', `Cases per class: ${CASE_CLASSES.map((c) => `${CLASS_TITLE[c]} ${r.counts[c]}`).join(', ')}. Seed ${cfg.seed ?? '–'}, ${cfg.runs !== null ? `${plural(cfg.runs, 'generated case')}` : cfg.timeBudgetMs !== null ? `time budget ${Math.round(cfg.timeBudgetMs / 1000)} s` : 'no campaign'}, corpus ${cfg.corpus.length ? cfg.corpus.map((c) => `\`${code(c)}\``).join(', ') : 'none'}; ${r.durationMs !== null ? `took ${(r.durationMs / 1000).toFixed(1)} s` : 'times left out (--stable)'} (tracefuzz ${code(r.tool.version)}).`, '');
  if (r.deviations.length) {
    out.push('### Expected deviations', '', 'Documented behaviour that differs from the strict properties; not counted as failures.', '', '| deviation | reader | property | cases |', '| --- | --- | --- | ---: |');
    for (const d of r.deviations) out.push(`| ${cell(d.name)} | ${d.reader} | ${cell(d.property)} | ${d.count} |`);
    out.push('');
  }
  out.push('</details>', '');
  return out.join('\n');
}

/** One line per property P1–P7: what it demands, and the counts of this report. */
export function propertyLines(r: Report, bold = (s: string) => `**${s}**`): string[] {
  const rows = new Map<string, PropertyRow>(r.properties.map((p) => [p.property, p]));
  return PROPERTY_LINES.map(([name, text]) => {
    const p = rows.get(name);
    const judged = p ? [p.regressions ? plural(p.regressions, 'regression') : '', p.fixes ? plural(p.fixes, 'fix') : ''].filter(Boolean).join(', ') || 'no change' : 'not judged here';
    return `${bold(name)} ${text} — ${judged}`;
  });
}

function groupSection(g: DifferenceGroup, n: number, maxInline: number): string[] {
  const out: string[] = [];
  const rep = g.reproducer;
  const what = g.properties.length ? g.properties.map(cell).join(', ') : CLASS_TITLE[g.class];
  out.push(`### ${n}. ${what}: ${cell(g.summary)} (${plural(g.count, 'case')})`, '');
  out.push(`${g.class === 'regression' ? 'Regression' : CLASS_TITLE[g.class][0].toUpperCase() + CLASS_TITLE[g.class].slice(1)}, cause \`${code(g.cause)}\`; operators: ${countsText(g.operators, 4)}; versions: ${countsText(g.versions, 4, false)}.`, '');
  if (g.faults.length === 2) {
    out.push(`- earlier fault: \`${code(g.faults[0].operator)}\` in generation ${g.faults[0].generation} (${cell(clip(g.faults[0].detail, 100))})`);
    out.push(`- later fault: \`${code(g.faults[1].operator)}\` in generation ${g.faults[1].generation} (${cell(clip(g.faults[1].detail, 100))})`);
  }
  out.push(`- baseline: ${outcomeLine(rep.baseline)}`);
  out.push(`- candidate: ${outcomeLine(rep.candidate)}`);
  const size = `${plural(rep.bytes, 'byte')}${rep.generations !== null ? `, ${plural(rep.generations, 'generation')}` : ''}${rep.minimized ? ` (minimized from ${rep.originalBytes})` : ''}`;
  const kept = rep.corpusFile ? `: \`${code(rep.corpusFile)}\`` : '';
  out.push(rep.testFile !== null
    ? `- reproducer: a Go test case, ${size}${kept}`
    : `- reproducer: no text form, ${size}${kept}; FuzzReader entry \`${rep.fuzzCorpus.name}\``);
  if (rep.replay) out.push(`- replay: \`${code(rep.replay)}\``);
  if (rep.minimize) out.push(`- minimize further: \`${code(rep.minimize)}\``);
  if (rep.saveError) out.push(`- not saved: ${cell(rep.saveError)}`);
  out.push('');
  const text = rep.testFile ?? rep.fuzzCorpus.content;
  if (maxInline > 0 && text.length <= maxInline) {
    out.push(`<details><summary>${rep.testFile !== null ? 'Go test case (for internal/trace/testdata/tests)' : `FuzzReader entry testdata/fuzz/FuzzReader/${rep.fuzzCorpus.name} (its second line is the Go literal)`}</summary>`, '');
    out.push(fence(text, ''));
    out.push('</details>', '');
  }
  return out;
}

function countsText(m: Record<string, number>, max: number, quote = true): string {
  const entries = Object.entries(m);
  const shown = entries.slice(0, max).map(([k, n]) => `${quote ? `\`${code(clip(k, 60))}\`` : cell(k)} ${n}`);
  return shown.join(', ') + (entries.length > max ? ` and ${entries.length - max} more` : '');
}

function outcomeLine(o: OutcomeSummary): string {
  const err = o.error === null ? '' : `: \`${code(clip(firstLine(o.error), 160))}\``;
  switch (o.kind) {
    case 'ok': return `reads cleanly, ${plural(o.eventCount, 'event')}`;
    case 'error': return `error after ${plural(o.eventsBeforeError, 'event')}${err}`;
    default: return `${o.kind}${err}`;
  }
}

function clip(s: string, n: number): string {
  return s.length <= n ? s : s.slice(0, n - 1) + '…';
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
