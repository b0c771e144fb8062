// Statement coverage of a Go reader from the blocks a coverage build reached
// (coverageReader.ts): per file of the reader package, a total over the
// reader's own files, a Go cover profile and its HTML view
// (`go tool cover -html`).
//
// "The reader's own files" are the ones that read a v2 trace: reader, order,
// generation, batch, batchcursor, event, resources, base and value. The
// package also holds analyses built on top of the reader (gc.go, mud.go,
// summary.go) and the converter of pre-1.22 traces (tracev1.go), which no v2
// trace reaches; they are listed per file but left out of the total.
import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { CoverBlock } from '../readers/coverageReader';
import { run } from '../readers/goPrograms';
import { goEnv, GoToolchain } from '../readers/goToolchain';

export const READER_FILES = ['reader', 'order', 'generation', 'batch', 'batchcursor', 'event', 'resources', 'base', 'value'] as const;

export interface FileCoverage {
  file: string;
  stmts: number;
  covered: number;
  /** Whether the file counts in the total (one of READER_FILES). */
  readerFile: boolean;
}

export interface CoverageSummary {
  files: FileCoverage[];
  /** Over READER_FILES only. */
  total: { stmts: number; covered: number; percent: number };
}

export function isReaderFile(file: string): boolean {
  return (READER_FILES as readonly string[]).includes(basename(file, '.go'));
}

export function summarizeCoverage(blocks: readonly CoverBlock[], reached: ReadonlySet<number>): CoverageSummary {
  const byFile = new Map<string, FileCoverage>();
  blocks.forEach((b, id) => {
    const name = basename(b.file);
    let f = byFile.get(name);
    if (!f) byFile.set(name, (f = { file: name, stmts: 0, covered: 0, readerFile: isReaderFile(name) }));
    f.stmts += b.stmts;
    if (reached.has(id)) f.covered += b.stmts;
  });
  const files = [...byFile.values()].sort((a, b) => Number(b.readerFile) - Number(a.readerFile) || a.file.localeCompare(b.file));
  const mine = files.filter((f) => f.readerFile);
  const stmts = mine.reduce((n, f) => n + f.stmts, 0);
  const covered = mine.reduce((n, f) => n + f.covered, 0);
  return { files, total: { stmts, covered, percent: stmts === 0 ? 0 : (100 * covered) / stmts } };
}

export function formatPercent(p: number): string {
  return `${p.toFixed(1)} %`;
}

/** The per-file table and the total, as the coverage command prints them. */
export function formatCoverage(s: CoverageSummary): string {
  const lines = s.files.map((f) => `  ${f.file.padEnd(16)} ${formatPercent(f.stmts === 0 ? 0 : (100 * f.covered) / f.stmts).padStart(7)}  ${String(f.covered).padStart(5)}/${f.stmts}${f.readerFile ? '' : '  (not in the total)'}`);
  lines.push(`  ${'total'.padEnd(16)} ${formatPercent(s.total.percent).padStart(7)}  ${String(s.total.covered).padStart(5)}/${s.total.stmts}  (${READER_FILES.join(', ')})`);
  return lines.join('\n');
}

/** `file:line` of a block, for lists of what was or was not reached. */
export function blockName(b: CoverBlock): string {
  return `${basename(b.file)}:${b.line0}`;
}

/**
 * A cover profile in Go's text format (`mode: set`), with each block's file
 * named by its path in `readerDir` so `go tool cover` reads the very source
 * that was built (a checkout, a mutant), not the toolchain's.
 */
export function coverProfile(blocks: readonly CoverBlock[], reached: ReadonlySet<number>, readerDir: string): string {
  const lines = ['mode: set'];
  blocks.forEach((b, id) => {
    lines.push(`${join(readerDir, basename(b.file))}:${b.line0}.${b.col0},${b.line1}.${b.col1} ${b.stmts} ${reached.has(id) ? 1 : 0}`);
  });
  return `${lines.join('\n')}\n`;
}

/** Writes the profile and its HTML view (`go tool cover -html`). */
export async function writeCoverageHtml(tc: GoToolchain, profile: string, profilePath: string, htmlPath: string): Promise<void> {
  writeFileSync(profilePath, profile);
  await run(tc.go, ['tool', 'cover', `-html=${profilePath}`, '-o', htmlPath], { env: goEnv(tc) });
}
