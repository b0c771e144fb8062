// A corpus case whose trace has no text form (cut inside an event, a byte that
// is no event type): the bytes stay binary in `raw/NAME.trace`, and a sidecar
// `raw/NAME.trace.txt` holds the case's expectation and metadata as `key: value`
// lines, with the size and sha256 of the trace it belongs to.
//
// The sidecar is the commit record. Writing a case puts the bytes on disk
// first and the sidecar last, each atomically; replacing a case's bytes goes
// through `NAME.trace.new` (bytes, then the new sidecar, then a rename), and
// removing a case deletes the sidecar first. So a `kill -9` at any moment
// leaves either a whole case — a sidecar and a file whose bytes match its
// hash — or an orphan `.trace` that no sidecar claims, which is not a case.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, unlinkSync } from 'node:fs';
import { writeFileAtomic } from './atomicWrite';
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
  writeFileAtomic(tracePath + NEW_SUFFIX, trace);
  writeFileAtomic(tracePath + SIDECAR_SUFFIX, sidecar);
  renameSync(tracePath + NEW_SUFFIX, tracePath);
}

/** Removes a raw case: the sidecar first, so what is left is never taken for a case. */
export function removeRawCase(tracePath: string): void {
  for (const p of [tracePath + SIDECAR_SUFFIX, tracePath, tracePath + NEW_SUFFIX]) {
    try { unlinkSync(p); } catch { /* already gone */ }
  }
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
  for (const p of [tracePath, tracePath + NEW_SUFFIX]) {
    if (!existsSync(p)) continue;
    const bytes = new Uint8Array(readFileSync(p));
    if (bytes.length === size && sha256(bytes) === hash) return { path: tracePath, meta, expect, traceText: '', raw: bytes };
  }
  throw new CaseFormatError(`no trace file matches the sidecar (size ${sizeText}, sha256 ${hash.slice(0, 12)}…)`);
}
