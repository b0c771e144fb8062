// The package as a user gets it: `npm pack` (which builds dist/ through the
// prepare script), the tarball installed with --omit=dev in an empty folder
// (so no TypeScript, tsx or other dev dependency is there), then the
// `tracefuzz` command through npx, and both entries — the reader and the
// arbitraries — from an ES module and from CommonJS, with a fast-check
// property of the reader run on the arbitraries' cases.
import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeGo } from '../support/go';
import { programTracePath } from '../../src/readers/goPrograms';
import { readAll } from '../../src/trace/reader';

const ROOT = join(__dirname, '..', '..');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
// Generous: a build and an install at load 20 on 2 cores.
const HANG_GUARD_MS = 900_000;

// npm run under `npm test` passes its own project to children (npm_config_local_prefix,
// npm_package_*): the install below must see only the empty folder.
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm_package_|npm_lifecycle_|npm_config_local_prefix$|INIT_CWD$)/.test(k)));
}

function run(cmd: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { cwd, env: cleanEnv(), encoding: 'utf8', timeout: HANG_GUARD_MS, maxBuffer: 1 << 28 });
  if (r.error) throw r.error;
  return r;
}

function ok(r: SpawnSyncReturns<string>, what: string): string {
  if (r.status !== 0) throw new Error(`${what} exited ${r.status}:\n${r.stderr}\n${r.stdout}`);
  return r.stdout;
}

// The same checks from both module systems; each prints one JSON line.
const CHECKS = `
const trace = { names: Object.keys(reader).filter((k) => k !== 'default' && k !== '__esModule').sort(),
  arbitraries: Object.keys(arbitraries).filter((k) => k !== 'default' && k !== '__esModule').sort() };
const { readAll, readTrace, Event, EventKind, TraceError } = reader;
const { validCaseArb, singleFaultCaseArb } = arbitraries;
let valid = 0, faulty = 0;
fc.assert(fc.property(validCaseArb(), (c) => {
  const { events, error } = readAll(c.bytes);
  valid++;
  return error === null && events.length > 0 && events.every((e) => e instanceof Event) && events[0].kind === EventKind.Sync;
}), { numRuns: 20, seed: 42 });
fc.assert(fc.property(singleFaultCaseArb(), (c) => {
  if (c.expected.expect !== 'error') return true;
  faulty++;
  return readAll(c.bytes).error instanceof TraceError;
}), { numRuns: 20, seed: 42 });
let thrown = null;
try { for (const _ of readTrace(new Uint8Array(16))); } catch (e) { thrown = e instanceof TraceError ? e.message : 'not a TraceError'; }
console.log(JSON.stringify({ ...trace, valid, faulty, thrown }));
`;

describe('the packed tarball installed with --omit=dev', () => {
  let dir: string;
  let app: string;
  let tarball: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tracefuzz-pack-'));
    ok(run('npm', ['pack', '--pack-destination', dir], ROOT), 'npm pack');
    const tgz = readdirSync(dir).filter((f) => f.endsWith('.tgz'));
    expect(tgz).toEqual([`tracefuzz-${VERSION}.tgz`]);
    tarball = join(dir, tgz[0]);
    app = join(dir, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
    // --prefer-offline: the dependencies come from npm's cache when npm ci put them there.
    ok(run('npm', ['install', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund', tarball], app), 'npm install');
  }, HANG_GUARD_MS);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the tarball holds what users need and nothing else', () => {
    const files = ok(run('tar', ['-tzf', tarball], dir), 'tar').trim().split('\n');
    const allowed = /^package\/(package\.json|README\.md|LICENSE|bin\/tracefuzz\.js|dist\/(src|arbitraries)\/.+\.(js|d\.ts)|oracle\/go\/.+|testdata\/programs\/.+|corpus\/.+)$/;
    expect(files.filter((f) => !allowed.test(f))).toEqual([]);
    for (const f of ['dist/src/cli/main.js', 'dist/src/trace/index.d.ts', 'dist/arbitraries/index.js', 'oracle/go/server/main.go', 'oracle/go/exp/go.sum', 'testdata/programs/go.mod']) {
      expect(files).toContain(`package/${f}`);
    }
    expect(files.some((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toBe(false);
  });

  test('no dev dependency is installed: no TypeScript at run time', () => {
    for (const dev of ['typescript', 'tsx', 'ts-node', 'jest', 'esbuild']) expect(existsSync(join(app, 'node_modules', dev))).toBe(false);
    expect(existsSync(join(app, 'node_modules', 'fast-check'))).toBe(true);
  });

  test('npx tracefuzz --help and --version', () => {
    const help = run('npx', ['--no-install', 'tracefuzz', '--help'], app);
    expect(help.stderr).toBe('');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: tracefuzz <command>/);
    expect(help.stdout).toMatch(/^ {2}dump {4}/m);
    const version = run('npx', ['--no-install', 'tracefuzz', '--version'], app);
    expect(version.status).toBe(0);
    expect(version.stdout).toBe(`tracefuzz ${VERSION}\n`);
  });

  test('both entries from an ES module and from CommonJS, with a fast-check property on the arbitraries', () => {
    writeFileSync(join(app, 'check.mjs'), `import * as reader from 'tracefuzz';\nimport * as arbitraries from 'tracefuzz/arbitraries';\nimport fc from 'fast-check';\n${CHECKS}`);
    writeFileSync(join(app, 'check.cjs'), `const reader = require('tracefuzz');\nconst arbitraries = require('tracefuzz/arbitraries');\nconst fc = require('fast-check');\n${CHECKS}`);
    const esm = JSON.parse(ok(run(process.execPath, ['check.mjs'], app), 'check.mjs')) as Record<string, unknown>;
    const cjs = JSON.parse(ok(run(process.execPath, ['check.cjs'], app), 'check.cjs')) as Record<string, unknown>;
    expect(esm).toEqual(cjs);
    expect(esm.names).toEqual(expect.arrayContaining(['readTrace', 'readTraceAsync', 'readAll', 'TraceError', 'Event', 'EventKind']));
    expect(esm.arbitraries).toEqual(expect.arrayContaining(['traceArb', 'validCaseArb', 'singleFaultCaseArb', 'twoFaultCaseArb', 'OPERATORS']));
    expect(esm.valid).toBeGreaterThanOrEqual(20);
    expect(esm.faulty).toBeGreaterThan(0);
    expect(esm.thrown).toBe('bad file format: not a Go execution trace?');
  });

  describeGo('npx tracefuzz dump of a real runtime trace', () => {
    test("prints the events the reader's sources give", async () => {
      const trace = await programTracePath('generations');
      const dump = run('npx', ['--no-install', 'tracefuzz', 'dump', trace], app);
      expect(dump.stderr).toBe('');
      expect(dump.status).toBe(0);
      const { events, error } = readAll(new Uint8Array(readFileSync(trace)));
      expect(error).toBeNull();
      expect(events.length).toBeGreaterThan(100);
      expect(dump.stdout).toBe(events.map((e) => `${e.toString()}\n`).join(''));
    }, HANG_GUARD_MS);
  });
});
