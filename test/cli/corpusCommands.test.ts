// The corpus commands from the outside: `minimize`, `replay`, `corpus merge`.
// Usage errors exit 2 with one line, bad input exits 1 with one line, and no
// stack trace ever reaches the user.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CorpusStore } from '../../src/corpus/corpusStore';
import { makeSignature, recordedSignature } from '../../src/fuzz/signature';
import { parseCase } from '../../src/corpus/corpusCase';
import { fixtureTrace } from '../support/corpusFixtures';

const bin = join(__dirname, '..', 'support', 'tracefuzz.js');
const tmp = () => mkdtempSync(join(tmpdir(), 'tracefuzz-cli-'));

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function expectOneLineError(r: { code: number | null; err: string }, code: number, re: RegExp) {
  expect(r.code).toBe(code);
  const lines = r.err.trim().split('\n');
  expect(lines[0]).toMatch(re);
  // Usage errors add the --help hint; nothing else, and never a stack.
  expect(lines.length).toBeLessThanOrEqual(code === 2 ? 2 : 1);
  expect(r.err).not.toMatch(/\n\s+at /);
}

function corpusWith(dir: string, expectOk: boolean, property = 'P1'): string {
  return CorpusStore.open(dir).addFinding({
    trace: fixtureTrace({ generations: 2, faultInGeneration: expectOk ? undefined : 2 }),
    expect: expectOk ? { kind: 'success' } : { kind: 'failure', pattern: "^expected a proc but didn't have one" },
    signature: recordedSignature(makeSignature(property, expectOk ? null : 'expected a proc', 'op', 'go1.22')),
  }).path;
}

describe('tracefuzz minimize', () => {
  test('shrinks a failing trace, prints sizes and time, and writes a .test case that replays', () => {
    const dir = tmp();
    const input = join(dir, 'in.trace');
    writeFileSync(input, fixtureTrace({ generations: 3, fillerStrings: 20, fillerRuns: 20, faultInGeneration: 3 }));
    const out = join(dir, 'out', 'min.test');
    const r0 = run('minimize', input, '-o', out);
    expectOneLineError(r0, 1, /min\.test: no such directory/);
    const outDir = join(dir, 'out');
    mkdirSync(outDir);
    const r = run('minimize', input, '-o', out, '--quiet');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/in\.trace: \d+\.\d KiB \(\d+ bytes\) -> \d+ bytes in \d+\.\d s \(\d+ runs of ts\); \.test case written to/);
    const c = parseCase(readFileSync(out, 'utf8'));
    expect(c.expect).toEqual({ kind: 'failure', pattern: "^expected a proc but didn't have one" });
    expect(c.meta.reader).toBe('ts');
    expect(c.meta.version).toBe('go1.22');
    const rr = run('replay', outDir);
    expect(rr.code).toBe(0);
    expect(rr.out).toMatch(/1 case, 1 passed, 0 failed/);

    // A binary output, and the .test case as input.
    const bin2 = join(dir, 'again.trace');
    const r2 = run('minimize', out, '-o', bin2, '-q');
    expect(r2.code).toBe(0);
    expect(readFileSync(bin2).subarray(0, 16).toString('latin1')).toBe('go 1.22 trace\0\0\0');
  });

  test('--differs-from keeps a disagreement between two readers and writes a case the reference passes', () => {
    const dir = tmp();
    const input = join(dir, 'spill.test');
    const spill = readdirSync(join(__dirname, '..', '..', 'corpus')).find((n) => n.startsWith('pre-fix-spill-'))!;
    writeFileSync(input, readFileSync(join(__dirname, '..', '..', 'corpus', spill), 'utf8'));
    const out = join(dir, 'min.test');
    const r = run('minimize', input, '--reader', 'mutant:pre-fix-spill', '--differs-from', 'ts', '-o', out, '-q');
    expect(r.code).toBe(0);
    const c = parseCase(readFileSync(out, 'utf8'));
    expect(c.meta.property).toBe('P7');
    expect(run('replay', out, '--reader', 'ts').code).toBe(0);
    expect(run('replay', out, '--reader', 'mutant:pre-fix-spill').code).toBe(1);
    expectOneLineError(run('minimize', input, '--reader', 'ts', '--differs-from', 'ts', '-o', out), 1, /ts agrees with ts on .*: nothing to minimize/);
  });

  test('bad input and usage errors', () => {
    const dir = tmp();
    const clean = join(dir, 'clean.trace');
    writeFileSync(clean, fixtureTrace());
    const junk = join(dir, 'junk.bin');
    writeFileSync(junk, 'hello, not a trace');
    expectOneLineError(run('minimize', join(dir, 'missing.trace'), '-o', join(dir, 'x.test')), 1, /missing\.trace: no such file/);
    expectOneLineError(run('minimize', junk, '-o', join(dir, 'x.test')), 1, /not a Go execution trace/);
    expectOneLineError(run('minimize', clean, '-o', join(dir, 'x.test')), 1, /reads .* without error: nothing to minimize/);
    expectOneLineError(run('minimize', clean), 2, /needs -o OUT/);
    expectOneLineError(run('minimize', '-o', 'x'), 2, /needs one input file/);
    expectOneLineError(run('minimize', clean, '-o', 'x', '--time', 'soon'), 2, /bad duration "soon"/);
    expectOneLineError(run('minimize', clean, '-o', 'x', '--reader', 'nosuch'), 2, /unknown reader spec "nosuch"/);
    expectOneLineError(run('minimize', clean, '-o', 'x', '--bogus'), 2, /Unknown option '--bogus'/);
  });
});

describe('tracefuzz replay', () => {
  test('prints a table and exits 0 when every case meets its expectation, 1 otherwise', () => {
    const dir = tmp();
    corpusWith(dir, true, 'P1');
    corpusWith(dir, false, 'P2');
    const r = run('replay', dir);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^case\s+result\s+ms\s+outcome \(ts\)/);
    expect(r.out).toMatch(/2 cases, 2 passed, 0 failed/);

    const bad = join(dir, 'swapped.test');
    writeFileSync(bad, readFileSync(corpusWith(tmp(), true, 'P3'), 'utf8').replace('SUCCESS', 'FAILURE "something else"'));
    const r2 = run('replay', dir, '--reader', 'ts:strict');
    expect(r2.code).toBe(1);
    expect(r2.out).toMatch(/swapped\.test\s+FAIL/);
    expect(r2.out).toMatch(/3 cases, 2 passed, 1 failed/);
    // Single files work too.
    expect(run('replay', bad).code).toBe(1);
  });

  test('bad input and usage errors', () => {
    const dir = tmp();
    expectOneLineError(run('replay', join(dir, 'nope')), 1, /nope: no such file or directory/);
    expectOneLineError(run('replay', dir, '--reader', 'bogus:x'), 2, /unknown reader spec "bogus:x"/);
    expectOneLineError(run('replay', dir, '--timeout', '0s'), 2, /bad duration "0s"/);
    writeFileSync(join(dir, 'broken.test'), 'not a txtar');
    const r = run('replay', dir);
    expect(r.code).toBe(1);
    expect(r.out).toContain('unreadable case');
  });
});

describe('tracefuzz corpus merge', () => {
  test('merges shard directories, one case per signature', () => {
    const [a, b, out] = [tmp(), tmp(), join(tmp(), 'merged')];
    corpusWith(a, true, 'P1');
    corpusWith(b, true, 'P1');
    corpusWith(b, false, 'P2');
    const r = run('corpus', 'merge', a, b, '-o', out);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/merged 2 corpora: 3 cases read, 2 added, 0 replaced by smaller, 1 duplicates; .* holds 2 cases/);
    expect(readdirSync(out)).toHaveLength(2);
  });

  test('bad input and usage errors', () => {
    expectOneLineError(run('corpus'), 2, /needs a subcommand/);
    expectOneLineError(run('corpus', 'split'), 2, /unknown corpus subcommand "split"/);
    expectOneLineError(run('corpus', 'merge', tmp()), 2, /needs -o OUTDIR/);
    expectOneLineError(run('corpus', 'merge', '-o', tmp()), 2, /at least one input directory/);
    expectOneLineError(run('corpus', 'merge', join(tmp(), 'gone'), '-o', tmp()), 1, /not a corpus directory/);
  });
});

test('a malformed reader spec is a usage error (exit 2) in every command; a go-exp commit hash says what to write instead', () => {
  const r = spawnSync(process.execPath, [join(__dirname, '..', 'support', 'tracefuzz.js'), 'replay', join(__dirname, '..', '..', 'corpus'), '--reader', 'go-exp@c7f7c6466f7f'], { encoding: 'utf8' });
  expect(r.status).toBe(2);
  expect(r.stderr.split('\n')[0]).toMatch(/^tracefuzz replay: cannot open reader go-exp@c7f7c6466f7f: .*full pseudo-versions, not commit hashes; write e\.g\. go-exp@v0\.0\.0-/);
  for (const cmd of [['report', '--baseline', 'ts', '--candidate', 'mutant:nope', '--runs', '1'], ['fuzz', '--reader', 'ts@-x', '--runs', '1']]) {
    const s = spawnSync(process.execPath, [join(__dirname, '..', 'support', 'tracefuzz.js'), ...cmd], { encoding: 'utf8' });
    expect({ cmd, status: s.status }).toEqual({ cmd, status: 2 });
    expect(s.stderr).not.toMatch(/\n\s+at /);
  }
});
