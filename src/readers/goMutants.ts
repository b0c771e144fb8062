// Mutants of a Go reader's source: the Go program in oracle/go/mutate lists
// them with go/ast (negated comparisons, an operand of || or && dropped, a
// loop bound shifted, an early return forced, an error return made nil), and
// each is applied to a private copy of the reader's source and built as a
// reader server. Nothing is written into the source itself (a module cache
// or a maintainer's checkout).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { cachedFile, run } from './goPrograms';
import { goEnv, GoToolchain, tracefuzzCacheDir } from './goToolchain';
import { buildCoverageServerOf, CoverageSource, readerDirOf } from './goCoverageBuild';
import { ReaderSpecError } from './readerSpecError';
import { copySource } from './goReaderBuild';
import { packagePath } from './packageFiles';

export interface GoMutant {
  /** Stable within one source: file:line:op:n. */
  id: string;
  /** Path relative to the reader package, e.g. order.go. */
  file: string;
  line: number;
  op: string;
  start: number;
  end: number;
  original: string;
  replacement: string;
}

function mutateToolSource(): string {
  return packagePath('oracle', 'go', 'mutate', 'main.go');
}

/** The mutation lister, built once per toolchain and source. */
async function mutateTool(tc: GoToolchain): Promise<string> {
  const src = mutateToolSource();
  const key = createHash('sha256').update(tc.version).update(readFileSync(src)).digest('hex').slice(0, 16);
  const bin = join(tracefuzzCacheDir(), 'tools', key, 'tracefuzz-mutate');
  return cachedFile(bin, async (tmp) => {
    await run(tc.go, ['build', '-o', resolve(tmp), src], { cwd: tmpdir(), env: goEnv(tc, { GO111MODULE: 'off' }) });
  });
}

/** Every mutant of the given files (base names without .go, e.g. order) of the reader package. */
export async function listMutants(source: CoverageSource, files: readonly string[]): Promise<GoMutant[]> {
  const dir = readerDirOf(source);
  const paths = files.map((f) => join(dir, `${f}.go`));
  for (const p of paths) if (!existsSync(p)) throw new ReaderSpecError(`${p}: no such file in the reader package`);
  const tool = await mutateTool(source.toolchain);
  const out = await new Promise<string>((done, fail) =>
    execFile(tool, paths, { maxBuffer: 64 << 20, encoding: 'utf8' }, (err, stdout, stderr) => (err ? fail(new Error(stderr || err.message)) : done(stdout))),
  );
  const seen = new Map<string, number>();
  return out.split('\n').filter(Boolean).map((line) => {
    const m = JSON.parse(line) as Omit<GoMutant, 'id'> & { file: string };
    const file = relative(dir, m.file);
    const base = `${file}:${m.line}:${m.op}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return { ...m, file, id: `${base}:${n}` };
  });
}

/** The source with one mutant applied, in a fresh directory (remove it with `dispose`), and the edit as a unified diff. */
export async function applyMutant(source: CoverageSource, m: GoMutant): Promise<{ source: CoverageSource; diff: string; dispose: () => void }> {
  const work = mkdtempSync(join(tmpdir(), 'tracefuzz-mutant-'));
  const mutated: CoverageSource = { ...source, root: copySource(source, join(work, 'src')).root };
  const file = join(readerDirOf(mutated), m.file);
  const text = readFileSync(file);
  if (text.subarray(m.start, m.end).toString('utf8') !== m.original) throw new Error(`${m.id}: the source changed since the mutants were listed`);
  const orig = join(work, 'original.go');
  writeFileSync(orig, text);
  writeFileSync(file, Buffer.concat([text.subarray(0, m.start), Buffer.from(m.replacement, 'utf8'), text.subarray(m.end)]));
  const diff = await new Promise<string>((done) =>
    execFile('diff', ['-u', '--label', `a/${m.file}`, '--label', `b/${m.file}`, orig, file], { encoding: 'utf8' }, (_err, stdout) => done(stdout)),
  );
  return { source: mutated, diff, dispose: () => rmSync(work, { recursive: true, force: true }) };
}

/**
 * Builds a (mutated) source's reader server, into `out` when given (no cache
 * entry: mutants are one-offs). A GOROOT reader is served by its coverage
 * build (the one way to build it from a bare copy of internal/trace here),
 * whose outcomes are the reader's own.
 */
export async function buildMutant(name: string, source: CoverageSource, out?: string): Promise<string> {
  const built = await buildCoverageServerOf(name, source, { coverage: source.kind === 'goroot', out });
  return built.binary;
}
