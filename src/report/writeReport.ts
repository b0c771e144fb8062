// Writing a report directory: report.json (the data), report.md and
// report.html (renderings of it). Each file is written atomically so an
// interrupted run never leaves a half-written report that CI would publish.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../corpus/atomicWrite';
import { renderHtml } from './htmlReport';
import { renderMarkdown } from './markdownReport';
import type { Report } from './reportSchema';

export interface WrittenReport {
  dir: string;
  json: string;
  markdown: string;
  html: string;
}

export function writeReport(dir: string, report: Report): WrittenReport {
  mkdirSync(dir, { recursive: true });
  const files = { json: join(dir, 'report.json'), markdown: join(dir, 'report.md'), html: join(dir, 'report.html') };
  writeFileAtomic(files.json, JSON.stringify(report, null, 2) + '\n');
  writeFileAtomic(files.markdown, renderMarkdown(report));
  writeFileAtomic(files.html, renderHtml(report));
  return { dir, ...files };
}
