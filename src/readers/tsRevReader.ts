// `ts@REV` (and `ts@REV:strict`): the TS reader as it was at another git
// revision of this repository — "did my parser change regress?". The revision
// is checked out in a temporary `git worktree`, its src/ is compiled to
// JavaScript into the cache (~/.cache/tracefuzz/ts-rev/<sha>/, built once per
// commit), and tsRevServer.ts serves it over the framed reader protocol as a
// persistent process, like any external reader.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { DEFAULT_CASE_TIMEOUT_MS, ExternalReader, ExternalReaderOptions } from './cmdReader';
import { tracefuzzCacheDir } from './goToolchain';
import { ReaderSpecError } from './readerSpecError';
import { ownProgram } from './ownProgram';
import { packageRoot } from './packageFiles';

const COMPLETE = '.complete';

export function isTsRevSpec(spec: string): boolean {
  return /^ts@[^:]+(:strict)?$/.test(spec);
}

/** Resolves a revision name (branch, tag, HEAD~3, sha prefix) to a full commit id. */
export function resolveRevision(rev: string, repo = packageRoot()): string {
  if (!/^[\w./~^@{}-]+$/.test(rev) || rev.startsWith('-')) throw new ReaderSpecError(`ts@${rev}: not a revision name`);
  try {
    return execFileSync('git', ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    throw new Error(`ts@${rev}: no such revision in ${repo}`);
  }
}

/**
 * Compiles the revision's src/ into the cache (once per commit) and returns the
 * build directory. Builds go to a temporary directory renamed into place, so
 * two harnesses building the same commit at once both end with a whole build.
 */
export async function buildTsRevision(sha: string, repo = packageRoot()): Promise<string> {
  const root = join(tracefuzzCacheDir(), 'ts-rev');
  const dir = join(root, sha);
  if (existsSync(join(dir, COMPLETE))) return dir;
  mkdirSync(root, { recursive: true });
  const worktree = mkdtempSync(join(tmpdir(), `tracefuzz-ts-${sha.slice(0, 12)}-`));
  const staging = mkdtempSync(join(root, `.build-${sha.slice(0, 12)}-`));
  try {
    // --detach: no branch is created; the worktree is removed below.
    execFileSync('git', ['worktree', 'add', '--detach', '--force', worktree, sha], { cwd: repo, stdio: ['ignore', 'ignore', 'pipe'] });
    const src = join(worktree, 'src', 'trace');
    if (!existsSync(join(src, 'reader.ts'))) throw new Error(`ts@${sha.slice(0, 12)}: this revision has no src/trace/reader.ts`);
    // Only src/trace: the reader depends on nothing else (a project rule).
    // TypeScript is a dev dependency of this repository; only this reader needs it, so it loads here.
    compileTree(await import('typescript'), join(worktree, 'src', 'trace'), join(staging, 'src', 'trace'));
    writeFileSync(join(staging, COMPLETE), `${sha}\n`);
    try {
      renameSync(staging, dir);
    } catch {
      if (!existsSync(join(dir, COMPLETE))) throw new Error(`cannot install the build of ${sha} into ${dir}`);
    }
    return dir;
  } finally {
    rmSync(staging, { recursive: true, force: true });
    try {
      execFileSync('git', ['worktree', 'remove', '--force', worktree], { cwd: repo, stdio: 'ignore' });
    } catch {
      rmSync(worktree, { recursive: true, force: true });
      try { execFileSync('git', ['worktree', 'prune'], { cwd: repo, stdio: 'ignore' }); } catch { /* best effort */ }
    }
  }
}

function compileTree(ts: typeof import('typescript'), from: string, to: string): void {
  for (const name of readdirSync(from)) {
    const path = join(from, name);
    if (statSync(path).isDirectory()) {
      compileTree(ts, path, join(to, name));
      continue;
    }
    if (!name.endsWith('.ts') || name.endsWith('.d.ts')) continue;
    const out = ts.transpileModule(readFileSync(path, 'utf8'), {
      fileName: relative(from, path),
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, isolatedModules: true },
    });
    const target = join(to, name.replace(/\.ts$/, '.js'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, out.outputText);
  }
}

/** Opens `ts@REV` or `ts@REV:strict`. */
export async function openTsRevReader(spec: string, opts: ExternalReaderOptions & { repo?: string } = {}): Promise<ExternalReader> {
  const m = /^ts@([^:]+)(:strict)?$/.exec(spec);
  if (!m) throw new ReaderSpecError(`${spec}: expected ts@REV or ts@REV:strict`);
  const repo = opts.repo ?? packageRoot();
  const sha = resolveRevision(m[1], repo);
  const dir = await buildTsRevision(sha, repo);
  const server = ownProgram(__dirname, 'tsRevServer');
  const args = [...server.execArgv, server.file, dir, ...(m[2] ? ['--strict'] : [])];
  const reader = new ExternalReader(spec, {
    command: process.execPath,
    args,
    cwd: packageRoot(),
    env: { ...process.env, ...opts.env, TRACEFUZZ_TS_REV: sha.slice(0, 12) },
  }, { timeoutMs: opts.timeoutMs ?? DEFAULT_CASE_TIMEOUT_MS, deadline: opts.deadline, lineage: 'ts' });
  return reader.start();
}
