// The Go oracle (oracle/go behind `go`, `go@VERSION`, `go-exp@VERSION`) gives
// exactly what `go tool trace -d=parsed` gives on the same bytes — events and
// error text — for real traces, cut traces and Go's own conformance cases;
// and a server that dies, hangs or panics becomes that case's outcome.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeGo, expVersionAvailable } from '../support/go';
import { GoDumpResult, goRelease, goToolTraceDump, goTraceTestdataDir, releaseAvailable } from '../../src/readers/goToolchain';
import { FORMAT_TOOLCHAINS, GO_PROGRAM_NAMES, programTrace } from '../../src/readers/goPrograms';
import { checkExpVersion, goTestCaseTrace, openGoReader } from '../../src/readers/goOracle';
import type { ExternalReader } from '../../src/readers/cmdReader';
import type { Outcome } from '../../src/readers/traceReader';
import { encodeGoString } from '../../src/trace/goString';

// Go's "failed to advance" error lists states in map order: compare sorted lines.
const sortLines = (s: string) => s.split('\n').sort().join('\n');

// Go 1.22 and 1.23 readers break timestamp ties between Ms in map order
// (reader.go ranges over a map of batches), so the same bytes can give a
// different order and tie-broken timestamps from run to run: for them compare
// the events as a multiset with times left out.
function orderFree(dump: string): string[] {
  return dump
    .split(/\n(?=M=)/)
    .map((e) => e.replace(/ Time=\d+/, ''))
    .sort();
}

function expectSameAsGoTool(outcome: Outcome, dump: GoDumpResult, opts: { tiesInMapOrder?: boolean } = {}): void {
  const ours = outcome.events.map((e) => `${e}\n`).join('');
  if (opts.tiesInMapOrder) expect(orderFree(ours)).toEqual(orderFree(dump.stdout));
  else expect(ours).toBe(dump.stdout);
  expect(outcome.eventsBeforeError).toBe(outcome.events.length);
  if (dump.exitCode === 0) {
    expect(outcome.kind).toBe('ok');
    expect(outcome.error).toBeNull();
  } else {
    expect(outcome.kind).toBe('error');
    expect(sortLines(`${outcome.error}\n`)).toBe(sortLines(dump.stderr));
  }
}

/** Runs f over items, at most `limit` at a time (go tool trace calls are slow to start). */
async function eachLimited<T>(items: readonly T[], limit: number, f: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await f(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** A tiny deterministic generator (mulberry32) for the cut offsets. */
function offsets(seed: number, n: number, max: number): number[] {
  let a = seed >>> 0;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out.push(((t ^ (t >>> 14)) >>> 0) % max);
  }
  return out.sort((x, y) => x - y);
}

const COLD_BUILD_MS = 900_000;

describeGo('Go oracle', (tc) => {
  let go: ExternalReader;
  // On a fresh machine the first builds (oracle, programs, `go tool trace`
  // itself) compile the standard library: paid once, here.
  beforeAll(async () => {
    go = await openGoReader('go', { timeoutMs: 60_000 });
    await goToolTraceDump(tc(), new Uint8Array(0), 'parsed');
    for (const program of GO_PROGRAM_NAMES) await programTrace(program);
  }, COLD_BUILD_MS);
  afterAll(async () => {
    await go?.close();
  });

  test('the installed reader says it reads go1.22, go1.23, go1.25 and go1.26 traces', () => {
    expect(go.name).toBe('go');
    expect(go.versions).toEqual([22, 23, 25, 26]);
  });

  test.each(GO_PROGRAM_NAMES)('real trace of %s: outcome equals go tool trace -d=parsed', async (program) => {
    const trace = await programTrace(program);
    const [outcome, dump] = await Promise.all([go.read(trace), goToolTraceDump(tc(), trace, 'parsed')]);
    expect(outcome.kind).toBe('ok');
    expectSameAsGoTool(outcome, dump);
  });

  test('a digest request answers the sha256 of the texts a dump request gives, each framed by its length', async () => {
    expect(go.digests).toBe(true);
    const trace = await programTrace('annotations');
    for (const bytes of [trace, trace.subarray(0, Math.floor(trace.length / 2))]) {
      const [dump, digest] = [await go.read(bytes), await go.digest(bytes)];
      const h = createHash('sha256');
      for (const e of dump.events) {
        const text = encodeGoString(e);
        const n = Buffer.alloc(4);
        n.writeUInt32LE(text.length);
        h.update(n).update(text);
      }
      expect(digest.digest).toBe(h.digest('hex'));
      expect(digest.outcome).toEqual({ ...dump, events: [] });
    }
  });

  test.each(['annotations', 'generations', 'cpuprofile'] as const)('%s cut at 8 offsets: same events and error as go tool trace', async (program) => {
    const trace = await programTrace(program);
    await eachLimited(offsets(program.length * 7919, 8, trace.length), 4, async (cut) => {
      const bytes = trace.subarray(0, cut);
      const [outcome, dump] = await Promise.all([go.read(bytes), goToolTraceDump(tc(), bytes, 'parsed')]);
      expectSameAsGoTool(outcome, dump);
    });
  });

  test("every one of Go's .test cases: outcome equals go tool trace and meets the case's expectation", async () => {
    const dir = goTraceTestdataDir(tc());
    const cases = readdirSync(dir).filter((f) => f.endsWith('.test'));
    expect(cases.length).toBeGreaterThanOrEqual(20);
    await eachLimited(cases, 4, async (name) => {
      const file = join(dir, name);
      const trace = await goTestCaseTrace(file);
      const [outcome, dump] = await Promise.all([go.read(trace), goToolTraceDump(tc(), trace, 'parsed')]);
      expectSameAsGoTool(outcome, dump);
      // The txtar's "expect" file: SUCCESS, or FAILURE and a quoted regexp.
      const expectation = /-- expect --\n(.*?)\n--/s.exec(readFileSync(file, 'utf8'))![1].trim();
      if (expectation === 'SUCCESS') {
        expect({ name, kind: outcome.kind }).toEqual({ name, kind: 'ok' });
      } else {
        const m = /^FAILURE\s+(".*")$/s.exec(expectation)!;
        expect({ name, kind: outcome.kind }).toEqual({ name, kind: 'error' });
        expect(outcome.error).toMatch(new RegExp(JSON.parse(m[1]) as string));
      }
    });
  });

  test('a server that crashes, hangs or panics becomes the case outcome, and the next case is served', async () => {
    const r = await openGoReader('go', { timeoutMs: 1500, env: { TRACEFUZZ_ORACLE_FAULTS: '1' } });
    try {
      const good = await programTrace('annotations');
      const enc = (s: string) => new TextEncoder().encode(s);
      const crash = await r.read(enc('tracefuzz:crash'));
      expect(crash.kind).toBe('crash');
      expect(crash.error).toMatch(/exited with status 3/);
      expect((await r.read(good)).kind).toBe('ok');
      const hang = await r.read(enc('tracefuzz:hang'));
      expect(hang.kind).toBe('timeout');
      const panic = await r.read(enc('tracefuzz:panic'));
      expect(panic).toEqual({ kind: 'crash', events: [], error: 'panic: injected fault', eventsBeforeError: 0 });
      const after = await r.read(good);
      expect(after.kind).toBe('ok');
      expect(after.events.length).toBeGreaterThan(100);
      expect(r.starts).toBe(3); // first start, after the crash, after the hang
    } finally {
      await r.close();
    }
  });

  test('go-exp refuses a bare commit hash before asking the proxy', () => {
    expect(() => checkExpVersion('c7f7c6466f7f')).toThrow(/full pseudo-versions, not commit hashes/);
    expect(() => checkExpVersion('v0.0.0-20240314144324-c7f7c6466f7f')).not.toThrow();
  });

  // Each release's oracle is that release's reader: it prints what the
  // release's own `go tool trace` prints, on its own trace, cuts of it, and
  // every one of Go's cases (those of later format versions included).
  for (const release of FORMAT_TOOLCHAINS.filter((f) => f.toolchain !== 'go').map((f) => f.toolchain)) {
    const t = releaseAvailable(release) ? test : test.skip;
    t(`go@${release} equals go${release}'s own go tool trace`, async () => {
      const rtc = await goRelease(release);
      const r = await openGoReader(`go@${release}`, { timeoutMs: 60_000 });
      try {
        const own = await programTrace('annotations', { toolchain: release });
        const inputs = [own, ...offsets(release.length, 3, own.length).map((n) => own.subarray(0, n))];
        const dir = goTraceTestdataDir(tc());
        for (const name of readdirSync(dir).filter((f) => f.endsWith('.test'))) inputs.push(await goTestCaseTrace(join(dir, name)));
        await eachLimited(inputs, 4, async (bytes) => {
          const [outcome, dump] = await Promise.all([r.read(bytes), goToolTraceDump(rtc, bytes, 'parsed')]);
          expectSameAsGoTool(outcome, dump, { tiesInMapOrder: Number(release.split('.')[1]) <= 23 });
        });
      } finally {
        await r.close();
      }
    }, COLD_BUILD_MS);
  }

  // The real-world pair for Go issue #55160: go1.22's reader predates the fix,
  // go1.23's has it. On Go's own regression case (a generation-1 semantic
  // error, then a broken first batch of generation 2) the fixed reader reports
  // the generation-1 error; the old one fails on the later batch instead.
  const pair = releaseAvailable('1.22.12') && releaseAvailable('1.23.12') ? test : test.skip;
  pair('go@1.22.12 and go@1.23.12 differ exactly as #55160 says', async () => {
    const trace = await goTestCaseTrace(join(goTraceTestdataDir(tc()), 'go122-fail-first-gen-first.test'));
    const old = await openGoReader('go@1.22.12');
    const fixed = await openGoReader('go@1.23.12');
    try {
      expect(old.versions).toEqual([22]);
      expect(fixed.versions).toEqual([22, 23]);
      const before = await old.read(trace);
      const after = await fixed.read(trace);
      expect(after.kind).toBe('error');
      expect(after.error).toBe("expected a proc but didn't have one");
      expect(before).toMatchObject({ kind: 'error', events: [], error: 'failed to read full batch: read 0 but wanted 50' });
      // Each release reads its own format version's real trace cleanly.
      expect((await old.read(await programTrace('annotations', { toolchain: '1.22.12' }))).kind).toBe('ok');
      expect((await fixed.read(await programTrace('annotations', { toolchain: '1.23.12' }))).kind).toBe('ok');
    } finally {
      await Promise.all([old.close(), fixed.close()]);
    }
  }, COLD_BUILD_MS);

  const PRE_FIX = 'v0.0.0-20240314144324-c7f7c6466f7f';
  const POST_FIX = 'v0.0.0-20240529005216-23cca8864a10';
  const exp = expVersionAvailable(PRE_FIX) && expVersionAvailable(POST_FIX) ? test : test.skip;
  exp('go-exp before and after the #55160 fix differ the same way', async () => {
    const trace = await goTestCaseTrace(join(goTraceTestdataDir(tc()), 'go122-fail-first-gen-first.test'));
    const old = await openGoReader(`go-exp@${PRE_FIX}`);
    const fixed = await openGoReader(`go-exp@${POST_FIX}`);
    try {
      expect(old.name).toBe(`go-exp@${PRE_FIX}`);
      const after = await fixed.read(trace);
      expect(after.error).toBe("expected a proc but didn't have one");
      const before = await old.read(trace);
      expect(before).toMatchObject({ kind: 'error', events: [], error: 'failed to read full batch: read 0 but wanted 50' });
    } finally {
      await Promise.all([old.close(), fixed.close()]);
    }
  }, COLD_BUILD_MS);
});
