// A corpus case whose trace has no text form (cut inside an event, a byte that
// is no event type): the bytes stay binary in `raw/NAME.trace`, and a sidecar
// `raw/NAME.trace.txt` holds the case's expectation and metadata as `key: value`
// lines, with the size and sha256 of the trace it belongs to.
//
// The sidecar is the commit record. Writing a case puts the bytes on disk
// first and the sidecar last, each atomically; replacing a case's bytes goes
// through `NAME.trace.new-PID` (bytes, then the new sidecar, then a rename),
// and removing a case deletes the sidecar first. So a `kill -9` at any moment
// leaves either a whole case — a sidecar and a file whose bytes match its
// hash — or an orphan `.trace` that no sidecar claims, which is not a case.
// Opening a corpus finishes what a killed writer left (recoverRawWrites): a
// `.new` file whose bytes the sidecar claims is the case's only copy and is
// renamed into place; one no sidecar claims was never committed and goes.
// The writer's pid in the name keeps a running writer's file from either.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { processRuns, writeFileAtomic, writerPid } from './atomicWrite';
import { CaseMetadata, formatMetadata, parseMetadata } from './caseMetadata';
import { CaseFormatError, CorpusCase } from './corpusCase';
import { Expectation, formatExpectation, parseExpectation } from './expectation';

export const RAW_DIR = 'raw';
export const SIDECAR_SUFFIX = '.txt';
const NEW_SUFFIX = '.new';
const OWN_KEYS = ['expect', 'trace-size', 'trace-sha256'];

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The sidecar's text; `expect: none` when no reader set an expectation (the reference crashed or hung). */
function formatSidecar(meta: CaseMetadata, expect: Expectation | null, trace: Uint8Array): string {
  const extra = Object.fromEntries(Object.entries(meta.extra).filter(([k]) => !OWN_KEYS.includes(k)));
  return [
    `expect: ${expect === null ? 'none' : formatExpectation(expect).trimEnd()}`,
    `trace-size: ${trace.length}`,
    `trace-sha256: ${sha256(trace)}`,
  ].join('\n') + '\n' + formatMetadata({ ...meta, extra });
}

/**
 * Writes (or replaces) the raw case at tracePath so that a kill at any moment
 * leaves a whole case or none. With no expectation the bytes are kept for a
 * person to look at; loading them reports that no reader set one.
 */
export function writeRawCase(tracePath: string, trace: Uint8Array, meta: CaseMetadata, expect: Expectation | null): void {
  const sidecar = formatSidecar(meta, expect, trace);
  if (!existsSync(tracePath)) {
    writeFileAtomic(tracePath, trace);
    writeFileAtomic(tracePath + SIDECAR_SUFFIX, sidecar);
    return;
  }
  // The old sidecar still claims the old bytes until the new one is renamed in.
  const pending = `${tracePath}${NEW_SUFFIX}-${process.pid}`;
  writeFileAtomic(pending, trace);
  writeFileAtomic(tracePath + SIDECAR_SUFFIX, sidecar);
  renameSync(pending, tracePath);
}

/** The `.new` files of a raw case's replacements: `NAME.trace.new` (older writers) and `NAME.trace.new-PID`. */
function pendingFiles(tracePath: string): string[] {
  const dir = dirname(tracePath);
  const prefix = basename(tracePath) + NEW_SUFFIX;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.filter((n) => n === prefix || (n.startsWith(prefix + '-') && /^\d+$/.test(n.slice(prefix.length + 1)))).map((n) => join(dir, n));
}

/** Removes a raw case: the sidecar first, so what is left is never taken for a case. */
export function removeRawCase(tracePath: string): void {
  for (const p of [tracePath + SIDECAR_SUFFIX, tracePath, ...pendingFiles(tracePath)]) {
    try { unlinkSync(p); } catch { /* already gone */ }
  }
}

/**
 * Finishes the replacements that writers killed mid-way left in a raw
 * directory (see the file comment); a running writer's files are left alone.
 */
export function recoverRawWrites(rawDir: string): { recovered: string[]; removed: string[] } {
  const out = { recovered: [] as string[], removed: [] as string[] };
  for (const name of readdirSync(rawDir)) {
    const m = /^(.*\.trace)\.new(?:-(\d+))?$/.exec(name);
    if (!m) continue;
    const pid = writerPid(name);
    if (pid !== null && processRuns(pid)) continue;
    const pending = join(rawDir, name);
    const tracePath = join(rawDir, m[1]);
    const claim = sidecarClaim(tracePath + SIDECAR_SUFFIX);
    try {
      if (claim && !matches(tracePath, claim) && matches(pending, claim)) {
        renameSync(pending, tracePath);
        out.recovered.push(tracePath);
      } else {
        unlinkSync(pending);
        out.removed.push(pending);
      }
    } catch { /* raced with another opener */ }
  }
  return out;
}

/** The size and hash a sidecar claims, or null when there is no such sidecar. */
function sidecarClaim(sidecarPath: string): { size: number; hash: string } | null {
  if (!existsSync(sidecarPath)) return null;
  const meta = parseMetadata(readFileSync(sidecarPath, 'utf8'));
  const size = Number(meta.extra['trace-size']);
  const hash = meta.extra['trace-sha256'];
  return Number.isSafeInteger(size) && hash ? { size, hash } : null;
}

function matches(path: string, claim: { size: number; hash: string }): boolean {
  if (!existsSync(path)) return false;
  const bytes = readFileSync(path);
  return bytes.length === claim.size && sha256(bytes) === claim.hash;
}

/**
 * Reads the raw case of a `.trace` (or its `.trace.txt` sidecar) path. Throws
 * CaseFormatError when the sidecar is missing or bad, or no file holds the
 * bytes it names.
 */
export function readRawCase(path: string): CorpusCase {
  const tracePath = path.endsWith('.trace' + SIDECAR_SUFFIX) ? path.slice(0, -SIDECAR_SUFFIX.length) : path;
  const sidecarPath = tracePath + SIDECAR_SUFFIX;
  if (!existsSync(sidecarPath)) throw new CaseFormatError(`no sidecar ${sidecarPath}: not a case`);
  const meta = parseMetadata(readFileSync(sidecarPath, 'utf8'));
  const { expect: expectLine, 'trace-size': sizeText, 'trace-sha256': hash } = meta.extra;
  for (const k of OWN_KEYS) delete meta.extra[k];
  if (expectLine === undefined) throw new CaseFormatError('sidecar has no expect line');
  if (expectLine === 'none') throw new CaseFormatError('no expectation: the reference reader crashed or hung on this trace');
  if (sizeText === undefined || hash === undefined) throw new CaseFormatError('sidecar has no trace-size or trace-sha256 line');
  let expect: Expectation;
  try {
    expect = parseExpectation(expectLine);
  } catch (err) {
    throw new CaseFormatError(`sidecar expect: ${(err as Error).message}`);
  }
  const size = Number(sizeText);
  // A replacement killed between its sidecar and its rename left the bytes in `.new`.
  const candidates = function* () {
    yield tracePath;
    yield* pendingFiles(tracePath);
  };
  for (const p of candidates()) {
    if (!existsSync(p)) continue;
    const bytes = new Uint8Array(readFileSync(p));
    if (bytes.length === size && sha256(bytes) === hash) return { path: tracePath, meta, expect, traceText: '', raw: bytes };
  }
  throw new CaseFormatError(`no trace file matches the sidecar (size ${sizeText}, sha256 ${hash.slice(0, 12)}…)`);
}
