// The TS reader against Go's own conformance cases (GOROOT's
// internal/trace/testdata/tests): every case meets its expectation, and the
// TS dump of it equals Go's parsed-event dump byte for byte (stdout, and the
// error text). The "failed to advance" error lists Go's map contents in
// random order, so that one error is compared as a sorted set of lines.
import { readdirSync, readFileSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { describeGo } from '../support/go';
import { findGo, goToolTraceDump, goTraceTestdataDir } from '../../src/readers/goToolchain';
import { readAll } from '../../src/trace/reader';
import { parseTestFile, expectationMet, TestFile } from '../../src/trace/testFile';
import { parseTextTrace } from '../../src/trace/textReader';
import { encodeRawTrace } from '../../src/trace/rawWriter';
import { encodeGoString } from '../../src/trace/goString';

const tc0 = findGo();
// Without Go the suite is skipped; jest still wants a non-empty table.
const caseNames = tc0 ? readdirSync(goTraceTestdataDir(tc0)).filter((f) => f.endsWith('.test')).sort() : ['(no Go toolchain)'];

function loadCase(name: string): { tf: TestFile; bytes: Uint8Array } {
  const tf = parseTestFile(readFileSync(join(goTraceTestdataDir(tc0!), name), 'utf8'));
  const { version, events } = parseTextTrace(tf.trace);
  return { tf, bytes: encodeRawTrace(version, events) };
}

/** The TS reader's dump as Go prints it: stdout bytes and stderr text. */
function tsDump(bytes: Uint8Array): { stdout: Buffer; stderr: string; error: string | undefined } {
  const { events, error } = readAll(bytes);
  let out = '';
  for (const e of events) out += e.toString() + '\n';
  return { stdout: Buffer.from(encodeGoString(out)), stderr: error ? error.message + '\n' : '', error: error?.message };
}

function comparableError(s: string): string {
  return s.includes('broken trace: failed to advance') ? s.split('\n').sort().join('\n') : s;
}

/** Go's dump with stdout kept as raw bytes (trace strings need not be UTF-8). */
function goDumpBytes(bytes: Uint8Array): { stdout: Buffer; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tracefuzz-conf-'));
  try {
    const f = join(dir, 'trace.out');
    writeFileSync(f, bytes);
    const r = spawnSync(tc0!.go, ['tool', 'trace', '-d=parsed', f], { env: { ...process.env, GOTOOLCHAIN: 'local' }, maxBuffer: 1 << 30 });
    return { stdout: r.stdout, stderr: r.stderr.toString('utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describeGo("Go's conformance cases (GOROOT testdata/tests)", () => {
  test('there are cases to run', () => {
    expect(caseNames.length).toBeGreaterThanOrEqual(20);
  });

  test.each(caseNames)('%s: meets its expectation and dumps exactly as Go', (name) => {
    const { tf, bytes } = loadCase(name);
    const ts = tsDump(bytes);
    expect(expectationMet(tf.expect, ts.error)).toBe(true);
    const go = goDumpBytes(bytes);
    expect(comparableError(ts.stderr)).toBe(comparableError(go.stderr));
    expect(ts.stdout.equals(go.stdout)).toBe(true);
  });

  test('go122-fail-first-gen-first: the generation-1 error wins over the broken generation-2 batch (#55160)', () => {
    const { bytes } = loadCase('go122-fail-first-gen-first.test');
    const { events, error } = readAll(bytes);
    expect(error?.message).toBe("expected a proc but didn't have one");
    expect(error?.generation).toBe(1);
    // Only the opening Sync (times are made strictly increasing from 0) precedes the faulty GoCreate.
    expect(events.map((e) => e.toString())).toEqual(['M=-1 P=-1 G=-1 Sync Time=1 N=1']);
  });

  test('tracefuzz dump prints what go tool trace -d=parsed prints (stdout, stderr, exit status)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tracefuzz-dump-'));
    try {
      for (const name of ['go122-annotations.test', 'go122-fail-first-gen-first.test']) {
        const { bytes } = loadCase(name);
        const f = join(dir, 'trace.out');
        writeFileSync(f, bytes);
        const ts = spawnSync(process.execPath, [join(__dirname, '..', 'support', 'tracefuzz.js'), 'dump', f], { maxBuffer: 1 << 30 });
        const go = await goToolTraceDump(tc0!, bytes, 'parsed');
        expect(ts.stdout.toString('utf8')).toBe(go.stdout);
        expect(ts.stderr.toString('utf8')).toBe(go.stderr);
        expect(ts.status).toBe(go.exitCode);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
