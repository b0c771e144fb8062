// A corpus directory: `.test` cases, and under `raw/` the cases whose trace
// has no text form (see rawCase.ts), indexed by failure signature. Adding a
// finding writes it to disk at once (atomically), so a campaign killed right
// after reporting a finding still has it; a finding whose signature is already
// present replaces the stored case only when it is smaller.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { isTempFileName, removeStaleTempFiles, writeFileAtomic } from './atomicWrite';
import { CaseMetadata, RecordedSignature, signatureIdOfKey } from './caseMetadata';
import { CaseFormatError, CorpusCase, caseFromTrace, caseSize, formatCase, parseCase } from './corpusCase';
import { RAW_DIR, SIDECAR_SUFFIX, readRawCase, recoverRawWrites, removeRawCase, writeRawCase } from './rawCase';
import { Expectation, formatExpectation } from './expectation';
import { pathInside, safeFileName } from './safeFileName';

export interface Finding {
  trace: Uint8Array;
  /** What the reference reader does on the trace. */
  expect: Expectation;
  signature: RecordedSignature;
  seed?: string;
  reader?: string;
  /** Events the reference reader emits before its error (or in all). */
  events?: number;
  /** Stem of the file name, e.g. the operator; defaults to operator or property. */
  name?: string;
  notes?: string[];
  /** When it was found (default now); null leaves the date out, so the same finding gives the same file. */
  date?: Date | null;
}

export type AddStatus = 'added' | 'replaced' | 'duplicate';

export interface AddResult {
  status: AddStatus;
  path: string;
  signature: string;
}

export interface LoadProblem {
  path: string;
  message: string;
}

interface Entry { c: CorpusCase; size: number }

/** A corpus directory that cannot be opened (missing where it must exist, or not a directory). */
export class CorpusDirError extends Error {
  override readonly name = 'CorpusDirError';
}

export class CorpusStore {
  private readonly bySignature = new Map<string, Entry>();
  readonly problems: LoadProblem[] = [];

  private constructor(readonly dir: string) {}

  /** Loads every case of dir and dir/raw (creating dir unless create is false). */
  static open(dir: string, opts: { create?: boolean } = {}): CorpusStore {
    if (!existsSync(dir)) {
      if (opts.create === false) throw new CorpusDirError(`no such directory: ${dir}`);
      mkdirSync(dir, { recursive: true });
    } else if (!statSync(dir).isDirectory()) {
      throw new CorpusDirError(`not a directory: ${dir}`);
    }
    // What writers killed mid-write left behind goes first: half-written
    // temporary files are removed, a replacement whose bytes are committed
    // (its sidecar claims them) is finished.
    for (const d of [dir, join(dir, RAW_DIR)]) if (existsSync(d) && statSync(d).isDirectory()) removeStaleTempFiles(d);
    const rawDir = join(dir, RAW_DIR);
    if (existsSync(rawDir) && statSync(rawDir).isDirectory()) recoverRawWrites(rawDir);
    const store = new CorpusStore(dir);
    for (const c of loadCases(dir, store.problems)) store.index(c);
    return store;
  }

  get size(): number {
    return this.bySignature.size;
  }

  cases(): CorpusCase[] {
    return [...this.bySignature.values()].map((e) => e.c);
  }

  /** Whether a case of this signature id is stored. */
  has(signatureId: string): boolean {
    return this.bySignature.has(signatureId);
  }

  get(signatureId: string): CorpusCase | undefined {
    return this.bySignature.get(signatureId)?.c;
  }

  /**
   * Saves a finding now: a `.test` case, or a raw case when its trace has no
   * text form. A case of the same signature stays unless the finding is
   * smaller, or `replace` is set (a campaign whose earlier work found the
   * same signature: its case wins, whatever the order the results came in).
   */
  addFinding(f: Finding, opts: { replace?: boolean } = {}): AddResult {
    const sig = f.signature.id;
    const meta = findingMetadata(f);
    const existing = this.bySignature.get(sig);
    if (existing && existing.size <= f.trace.length && !opts.replace) return { status: 'duplicate', path: existing.c.path!, signature: sig };
    let c: CorpusCase;
    try {
      c = caseFromTrace(f.trace, meta, f.expect);
    } catch (e) {
      if (!(e instanceof CaseFormatError)) throw e;
      c = { path: null, meta, expect: f.expect, traceText: '', raw: f.trace };
    }
    return this.addCase(c, f.name, opts);
  }

  /** Whether addCase would keep the case: its signature is new here, or it is smaller than the stored one. */
  takes(c: CorpusCase): boolean {
    const existing = this.bySignature.get(caseSignature(c));
    return !existing || caseSize(c) < existing.size;
  }

  /**
   * Adds a case (e.g. from another corpus): kept when its signature is new or
   * it is smaller (or `replace` is set). A case loaded from a file is
   * written with that file's bytes exactly (a `signature:` line put first
   * when it had none), so nothing in it is re-encoded.
   */
  addCase(c: CorpusCase, name?: string, opts: { replace?: boolean } = {}): AddResult {
    const sig = caseSignature(c);
    const size = caseSize(c);
    const existing = this.bySignature.get(sig);
    if (existing && existing.size <= size && !opts.replace) return { status: 'duplicate', path: existing.c.path!, signature: sig };
    // A raw case that became a `.test` one (or the reverse) moves to a path of its kind.
    const sameKind = existing?.c.path && (existing.c.raw !== undefined) === (c.raw !== undefined);
    const path = sameKind ? existing!.c.path! : this.freshPath(name ?? c.meta.operator ?? c.meta.property ?? 'case', sig, c.raw !== undefined);
    const saved: CorpusCase = { ...c, path, meta: { ...c.meta, signature: sig }, source: undefined };
    if (saved.raw) writeRawCase(path, saved.raw, saved.meta, saved.expect);
    else writeFileAtomic(path, c.source ? withSignatureLine(c.source, c.meta.signature === sig ? null : sig) : formatCase(saved));
    // Only once the new case is on disk does the old one of another kind go.
    if (existing?.c.path && !sameKind) removeCase(existing.c);
    this.bySignature.set(sig, { c: saved, size });
    return { status: existing ? 'replaced' : 'added', path, signature: sig };
  }

  /**
   * Keeps the bytes of a finding no reader set an expectation for (the
   * reference crashed or hung on it) as a raw case with `expect: none`, once
   * per signature, for a person to look at: it is no case the store indexes,
   * and loading it reports why.
   */
  keepUnjudged(f: Omit<Finding, 'expect'>): string {
    const path = pathInside(join(this.dir, RAW_DIR), `${caseFileName(f.name ?? f.signature.operator, f.signature.id)}.trace`);
    mkdirSync(join(this.dir, RAW_DIR), { recursive: true });
    if (!existsSync(path + SIDECAR_SUFFIX)) writeRawCase(path, f.trace, findingMetadata(f), null);
    return path;
  }

  private index(c: CorpusCase): void {
    const sig = caseSignature(c);
    const size = caseSize(c);
    const existing = this.bySignature.get(sig);
    if (!existing || size < existing.size) this.bySignature.set(sig, { c, size });
  }

  private freshPath(stem: string, sig: string, raw: boolean): string {
    const dir = raw ? join(this.dir, RAW_DIR) : this.dir;
    const ext = raw ? '.trace' : '.test';
    if (raw) mkdirSync(dir, { recursive: true });
    // A raw name is taken while either half of a pair exists (an orphan from a kill included).
    const taken = (p: string) => existsSync(p) || (raw && existsSync(p + SIDECAR_SUFFIX));
    const name = caseFileName(stem, sig);
    let path = pathInside(dir, `${name}${ext}`);
    for (let i = 2; taken(path); i++) path = pathInside(dir, `${name}-${i}${ext}`);
    return path;
  }
}

/** A case's file name (without extension) from its stem and signature id, both data: sanitized. */
function caseFileName(stem: string, sig: string): string {
  return `${safeFileName(stem)}-${safeFileName(sig, 'signature', 80)}`;
}

function findingMetadata(f: Omit<Finding, 'expect'>): CaseMetadata {
  return {
    signature: f.signature.id,
    signatureKey: f.signature.key,
    property: f.signature.property,
    operator: f.signature.operator,
    version: f.signature.version,
    seed: f.seed,
    reader: f.reader,
    date: f.date === null ? undefined : (f.date ?? new Date()).toISOString(),
    events: f.events,
    extra: {},
    notes: f.notes ?? [],
  };
}

/** The signature id of a case: its metadata's, else derived from its metadata, else from its content. */
function caseSignature(c: CorpusCase): string {
  if (c.meta.signature) return c.meta.signature;
  if (c.meta.signatureKey) return signatureIdOfKey(c.meta.signatureKey);
  return 'content-' + createHash('sha256').update(formatExpectation(c.expect)).update(c.raw ?? c.traceText).digest('hex').slice(0, 12);
}

/** A `.test` file's bytes with `signature: SIG` put before its comment (unchanged when sig is null). */
function withSignatureLine(source: Uint8Array, sig: string | null): Uint8Array {
  if (sig === null) return source;
  return Buffer.concat([Buffer.from(`signature: ${sig}\n`, 'utf8'), source]);
}

function removeCase(c: CorpusCase): void {
  if (!c.path) return;
  if (c.raw) removeRawCase(c.path);
  else try { unlinkSync(c.path); } catch { /* already gone */ }
}

/** Whether a path names a raw case (its `.trace` file or its sidecar). */
export function isRawCasePath(path: string): boolean {
  return path.endsWith('.trace') || path.endsWith('.trace' + SIDECAR_SUFFIX);
}

/**
 * Every `.test` case directly in dir, sorted by name, then every raw case of
 * dir/raw (one per sidecar; a `.trace` no sidecar claims is not a case);
 * unreadable ones go to problems.
 */
export function loadCases(dir: string, problems: LoadProblem[]): CorpusCase[] {
  const out: CorpusCase[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.test') || isTempFileName(name)) continue;
    const path = join(dir, name);
    try {
      const source = new Uint8Array(readFileSync(path));
      out.push({ ...parseCase(new TextDecoder().decode(source), path), source });
    } catch (err) {
      problems.push({ path, message: (err as Error).message });
    }
  }
  const rawDir = join(dir, RAW_DIR);
  if (!existsSync(rawDir) || !statSync(rawDir).isDirectory()) return out;
  for (const name of readdirSync(rawDir).sort()) {
    if (!name.endsWith('.trace' + SIDECAR_SUFFIX) || isTempFileName(name)) continue;
    const path = join(rawDir, name);
    try {
      out.push(readRawCase(path));
    } catch (err) {
      problems.push({ path, message: (err as Error).message });
    }
  }
  return out;
}
