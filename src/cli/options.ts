// The options several commands share, parsed in one place so that a flag
// means the same everywhere and a bad value gets the same usage error:
// durations (--time, --timeout), --runs, --seed, --versions, output
// directories, and reader specs (opened with their explicit options).
import { resolve } from 'node:path';
import type { TraceReader } from '../readers/traceReader';
import { openReader } from '../readers/readerSpecs';
import { ReaderSpecError } from '../readers/readerSpecError';
import { ReaderBuildError } from '../readers/goReaderBuild';
import type { ReadDeadline } from '../readers/readDeadline';
import { isVersion, Version, VERSIONS } from '../trace/version';
import { InputError, UsageError } from './usageError';
import { CoverageReader, openCoverageReader } from '../readers/coverageReader';
import { isCoverageSpec } from '../readers/goCoverageBuild';
import { DEFAULT_CASE_TIMEOUT_MS } from '../readers/cmdReader';
import { formatPercent, summarizeCoverage } from '../fuzz/coverageTally';

/** `500ms`, `60s`, `5m`, `1h`, combinations like `1m30s`, or a bare number of seconds; null when malformed. */
function parseDuration(text: string): number | null {
  const s = text.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Math.round(Number(s) * 1000);
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;
  let total = 0;
  let matched = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    total += Number(m[1]) * units[m[2]];
    matched = re.lastIndex;
  }
  if (matched === 0 || matched !== s.length) return null;
  return Math.round(total);
}

/** A positive duration in milliseconds, or undefined when the flag is absent. */
export function durationOption(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = parseDuration(text);
  if (ms === null || ms <= 0) throw new UsageError(`bad duration ${JSON.stringify(text)} for ${flag} (e.g. 500ms, 90s, 5m, 1h30m)`);
  return ms;
}

/** A whole number of runs: at least 1, or at least 0 where no runs is meaningful (a corpus-only report). */
export function runsOption(text: string | undefined, min: 0 | 1 = 1): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min) {
    throw new UsageError(`bad --runs ${JSON.stringify(text)} (expected ${min === 0 ? 'a whole number' : 'a positive whole number'})`);
  }
  return n;
}

/** A fast-check seed: a 32-bit signed integer (the seeds fuzz prints may be negative). */
export function seedOption(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || n < -(2 ** 31) || n >= 2 ** 31) {
    throw new UsageError(`bad --seed ${JSON.stringify(text)} (expected an integer from -2147483648 to 2147483647)`);
  }
  return n;
}

/** `go1.22,go1.26` (or `1.22,…`); every version tracefuzz reads when absent. */
export function versionsOption(text: string | undefined): Version[] {
  if (text === undefined) return [...VERSIONS];
  const out: Version[] = [];
  for (const part of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^(?:go)?1\.(\d+)$/.exec(part);
    const v = m ? Number(m[1]) : NaN;
    if (!isVersion(v)) throw new UsageError(`bad version ${JSON.stringify(part)} (known: ${VERSIONS.map((x) => `go1.${x}`).join(', ')})`);
    out.push(v);
  }
  if (out.length === 0) throw new UsageError('--versions needs at least one version');
  return out;
}

/** An output directory: the flag's value, else the default, as an absolute path. */
export function outDirOption(text: string | undefined, fallback: string): string {
  return resolve(text ?? fallback);
}

/**
 * Opens the reader a spec names, with the per-case timeout of readers that
 * run as processes (and the deadline of a time-boxed command). A spec that
 * names no reader, a patch that does not apply and a reader that does not
 * compile are usage errors (the latter two with the tool's output); a reader
 * that cannot be started is bad input.
 */
export async function openReaderOption(spec: string, timeoutMs: number | undefined, deadline?: ReadDeadline): Promise<TraceReader> {
  try {
    return await openReader(spec, { timeoutMs, deadline });
  } catch (e) {
    const full = e instanceof Error ? e.message : String(e);
    if (e instanceof ReaderBuildError) throw new UsageError(`cannot build reader ${full}`);
    const msg = full.split('\n')[0];
    if (e instanceof ReaderSpecError) throw new UsageError(`cannot open reader ${spec}: ${msg}`);
    throw new InputError(`reader ${spec}: ${msg}`);
  }
}

const versionList = (vs: readonly Version[]) => vs.map((v) => `go1.${v}`).join(',');

/**
 * The trace versions every reader reads (each as it announces them), within
 * `wanted`: a campaign generates only those. None in common is a usage error
 * that names what each reader reads.
 */
export function commonVersions(readers: readonly TraceReader[], wanted: readonly Version[] = VERSIONS): Version[] {
  const reads = (r: TraceReader) => r.versions ?? VERSIONS;
  const common = wanted.filter((v) => readers.every((r) => reads(r).includes(v)));
  if (common.length === 0) {
    const sets = readers.map((r) => `${r.name} reads ${versionList(reads(r)) || 'none'}`);
    const asked = wanted.length < VERSIONS.length ? ` (--versions ${versionList(wanted)})` : '';
    throw new UsageError(`no trace version in common: ${sets.join('; ')}${asked}`);
  }
  return common;
}

/** "versions go1.22,go1.23 (read by A and B)": what a campaign's header line says it generates. */
export function versionsHeader(versions: readonly Version[], readers: readonly TraceReader[]): string {
  const names = [...new Set(readers.map((r) => r.name))];
  return `versions ${versionList(versions)} (read by ${names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names[0]})`;
}

/** `--jobs N`: worker processes, 1 to 64; `fallback` (the machine's cores) when absent. */
export function jobsOption(text: string | undefined, fallback: number): number {
  if (text === undefined) return Math.max(1, Math.min(64, fallback));
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < 1 || n > 64) throw new UsageError(`bad --jobs ${JSON.stringify(text)} (expected a whole number from 1 to 64)`);
  return n;
}

/**
 * Opens a Go reader (go, go@REL, go-exp@VER, goroot:DIR) built for coverage:
 * the same reader, which also reports the blocks of its package each case
 * reaches (src/readers/coverageReader.ts).
 */
export async function openCoverageReaderOption(spec: string, timeoutMs: number | undefined): Promise<CoverageReader> {
  try {
    return await openCoverageReader(spec, { timeoutMs: timeoutMs ?? DEFAULT_CASE_TIMEOUT_MS });
  } catch (e) {
    const msg = (e instanceof Error ? e.message : String(e)).split('\n').slice(0, 6).join('\n');
    if (e instanceof ReaderSpecError) throw new UsageError(`cannot build ${spec} for coverage: ${msg}`);
    throw new InputError(`cannot build ${spec} for coverage: ${msg}`);
  }
}

/**
 * A reader under test: a Go reader as its coverage build when it has one
 * (readers too old for the coverage driver, e.g. go1.22's, are read as they
 * are, after a note), any other reader as its spec says.
 */
export async function openUnderTestOption(spec: string, timeoutMs: number | undefined, note: (s: string) => void, deadline?: ReadDeadline): Promise<TraceReader> {
  if (!isCoverageSpec(spec)) return openReaderOption(spec, timeoutMs, deadline);
  try {
    return await openCoverageReader(spec, { timeoutMs: timeoutMs ?? DEFAULT_CASE_TIMEOUT_MS, deadline });
  } catch (e) {
    note(`${spec}: no coverage build (${(e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 200)}); reading without coverage`);
    return openReaderOption(spec, timeoutMs, deadline);
  }
}

/** One line: statement coverage of the reader's own files. */
export function coverageLine(reader: CoverageReader): string {
  const { total } = summarizeCoverage(reader.blocks, reader.reached());
  return `coverage of ${reader.name}'s reader files: ${formatPercent(total.percent)} (${total.covered}/${total.stmts} statements)`;
}
