// report.md fits a pull request: at most 10 KB for a 3,000-case run with
// dozens of groups, the verdict and one line per property first, the top five
// groups with their reproducers, everything else inside <details>; reader
// specs in backticks (GitHub autolinks a bare `go@1.22.12-vs-…` as an e-mail
// address); counted nouns agree with their counts; no filler lines.
import { MARKDOWN_MAX_BYTES, renderMarkdown } from '../../src/report/markdownReport';
import { largeReport } from '../support/reportFixtures';

test('a 3,000-case report with 60 groups stays under 10 KB and keeps what matters', () => {
  const report = largeReport();
  const md = renderMarkdown(report);
  expect(Buffer.byteLength(md)).toBeLessThanOrEqual(MARKDOWN_MAX_BYTES);
  expect(MARKDOWN_MAX_BYTES).toBe(10 * 1024);
  const lines = md.split('\n');
  expect(lines[2]).toMatch(/^\*\*Verdict: REGRESSION\*\* — the candidate `go@1\.22\.12` fails a property that the baseline `go@1\.23\.12` keeps in \d+ of 3000 cases: P1 in \d+\.$/);
  for (const p of ['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7']) expect(md).toMatch(new RegExp(`^- \\*\\*${p}\\*\\* [a-z].* — `, 'm'));
  // Five groups on top, each with what changed and how to replay it.
  const top = lines.filter((l) => /^### \d+\. /.test(l));
  expect(top).toHaveLength(5);
  expect(md.match(/^- replay: `npx tracefuzz replay /gm)).toHaveLength(5);
  // The rest is folded away, before the end.
  const details = md.indexOf('<details><summary>Everything else');
  expect(details).toBeGreaterThan(md.indexOf(top[4]));
  expect(md.trimEnd().endsWith('</details>')).toBe(true);
  // Without a bound it would be far larger: the bound is what cut it.
  expect(Buffer.byteLength(renderMarkdown(report, 1_000_000))).toBeGreaterThan(MARKDOWN_MAX_BYTES);
});

test('reader specs are code, never bare a@b text that renders as an e-mail link', () => {
  const md = renderMarkdown(largeReport({ groups: 8 }));
  const outsideCode = md.replace(/````[\s\S]*?````|```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  expect(outsideCode).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.-]+/);
  expect(md.split('\n')[0]).toBe('# tracefuzz report: `go@1.23.12` → `go@1.22.12`');
});

test('plurals agree with their counts, and no filler line follows the tables', () => {
  const report = largeReport({ cases: 1, groups: 1 });
  report.groups[0] = { ...report.groups[0], count: 1, reproducer: { ...report.groups[0].reproducer, bytes: 1, generations: 1 } };
  const md = renderMarkdown(report);
  expect(md).not.toMatch(/\b1 (cases|events|failures|regressions|generations|bytes)\b/);
  expect(md).not.toMatch(/\b([02-9]|\d\d+) (case|event|failure|generation)\b(?!s)/);
  expect(md).toMatch(/\(1 case\)/);
  expect(md).not.toMatch(/Regressions: \d+; fixes: \d+\./);
});
