// `ts@REV` builds the TS reader of another commit in a temporary worktree,
// caches the build by commit, and serves it as a persistent process. The test
// uses a scratch repository whose "reader" is tiny, so it proves the mechanics
// (worktree, compile, cache, protocol, errors vs crashes) independently of the
// real reader's history.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTsRevision, openTsRevReader, resolveRevision } from '../../src/readers/tsRevReader';

const READER_V1 = `
import { TraceError } from './traceError';
export function readAll(bytes: Uint8Array, opts: { strict?: boolean } = {}) {
  const events = [{ toString: () => 'M=-1 P=-1 G=-1 Sync Time=1 N=1' + (opts.strict ? ' strict' : '') }];
  if (bytes[0] === 0xee) throw new RangeError('boom');
  if (bytes.length > 2) return { events, error: new TraceError('too long: ' + bytes.length) };
  return { events, error: null };
}
`;
const TRACE_ERROR = `export class TraceError extends Error { override name = 'TraceError'; }\n`;
const VERSION = `export const VERSIONS = [22, 23, 25, 26] as const;\n`;

describe('ts@REV reader', () => {
  let repo: string;
  let cache: string;
  const saved = process.env.TRACEFUZZ_CACHE;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();

  beforeAll(() => {
    repo = mkdtempSync(join(tmpdir(), 'tracefuzz-tsrev-repo-'));
    cache = mkdtempSync(join(tmpdir(), 'tracefuzz-tsrev-cache-'));
    process.env.TRACEFUZZ_CACHE = cache;
    git('init', '-q');
    git('config', 'user.email', 't@example.com');
    git('config', 'user.name', 't');
    mkdirSync(join(repo, 'src', 'trace'), { recursive: true });
    writeFileSync(join(repo, 'README'), 'no reader yet\n');
    git('add', '.');
    git('commit', '-qm', 'no reader');
    git('tag', 'before-reader');
    writeFileSync(join(repo, 'src', 'trace', 'reader.ts'), READER_V1);
    writeFileSync(join(repo, 'src', 'trace', 'traceError.ts'), TRACE_ERROR);
    writeFileSync(join(repo, 'src', 'trace', 'version.ts'), VERSION);
    git('add', '.');
    git('commit', '-qm', 'reader v1');
    git('tag', 'v1');
    // Uncommitted edits in the work tree must not leak into the revision's build.
    writeFileSync(join(repo, 'src', 'trace', 'reader.ts'), 'export const broken = ;\n');
  });

  afterAll(() => {
    if (saved === undefined) delete process.env.TRACEFUZZ_CACHE; else process.env.TRACEFUZZ_CACHE = saved;
    rmSync(repo, { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
  });

  test('serves the revision\'s reader: ok, TraceError as error, other exceptions as crash', async () => {
    const reader = await openTsRevReader('ts@v1', { repo, timeoutMs: 20_000 });
    try {
      expect(reader.versions).toEqual([22, 23, 25, 26]);
      expect(await reader.read(Uint8Array.of(1))).toEqual({ kind: 'ok', events: ['M=-1 P=-1 G=-1 Sync Time=1 N=1'], error: null, eventsBeforeError: 1 });
      expect(await reader.read(Uint8Array.of(1, 2, 3))).toEqual({ kind: 'error', events: ['M=-1 P=-1 G=-1 Sync Time=1 N=1'], error: 'too long: 3', eventsBeforeError: 1 });
      const crash = await reader.read(Uint8Array.of(0xee));
      expect(crash.kind).toBe('crash');
      expect(crash.error).toMatch(/RangeError: boom/);
      expect(reader.starts).toBe(1);
    } finally {
      await reader.close();
    }
  });

  test(':strict passes the strict option', async () => {
    const reader = await openTsRevReader('ts@v1:strict', { repo, timeoutMs: 20_000 });
    try {
      expect((await reader.read(Uint8Array.of(1))).events).toEqual(['M=-1 P=-1 G=-1 Sync Time=1 N=1 strict']);
    } finally {
      await reader.close();
    }
  });

  test('builds once per commit into the cache and leaves no worktree behind', async () => {
    const sha = resolveRevision('v1', repo);
    const dir = await buildTsRevision(sha, repo);
    expect(dir).toBe(join(cache, 'ts-rev', sha));
    expect(existsSync(join(dir, 'src', 'trace', 'reader.js'))).toBe(true);
    expect(await buildTsRevision(sha, repo)).toBe(dir);
    expect(git('worktree', 'list').split('\n')).toHaveLength(1);
  });

  test('unknown revisions and revisions without a reader are clear errors', async () => {
    await expect(openTsRevReader('ts@no-such-branch', { repo })).rejects.toThrow(/no such revision/);
    await expect(openTsRevReader('ts@--help', { repo })).rejects.toThrow(/not a revision name/);
    await expect(openTsRevReader('ts@before-reader', { repo })).rejects.toThrow(/has no src\/trace\/reader\.ts/);
    expect(git('worktree', 'list').split('\n')).toHaveLength(1);
  });
});
