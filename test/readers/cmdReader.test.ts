// `cmd:` drives any program speaking the framed protocol. A reader that
// crashes or hangs must become that case's outcome, and the next case must be
// served by a fresh process: the harness itself never fails or stalls.
import { join } from 'node:path';
import { openCmdReader, ExternalReader } from '../../src/readers/cmdReader';

const fixture = join(__dirname, '..', 'fixtures', 'report', 'misbehavingReader.js');
const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(fixture)}`;
// Last byte % 7 selects the fixture's behaviour.
const OK = Uint8Array.of(1, 2, 7);
const CRASH = Uint8Array.of(1, 2, 3);
const HANG = Uint8Array.of(1, 2, 5);
const ERROR = Uint8Array.of(1, 2, 6);

describe('cmd: reader', () => {
  let reader: ExternalReader;
  beforeEach(async () => {
    reader = await openCmdReader(command, { timeoutMs: 1500 });
  });
  afterEach(() => reader.close());

  test('reads the hello and serves ok and error outcomes from one process', async () => {
    expect(reader.name).toBe(`cmd:${command}`);
    expect(reader.versions).toEqual([22, 23, 25, 26]);
    const ok = await reader.read(OK);
    expect(ok).toEqual({ kind: 'ok', events: ['M=-1 P=-1 G=-1 Sync Time=1 N=1', 'M=-1 P=-1 G=-1 Sync Time=2 N=2'], error: null, eventsBeforeError: 2 });
    const err = await reader.read(ERROR);
    expect(err).toEqual({ kind: 'error', events: ['M=-1 P=-1 G=-1 Sync Time=1 N=1'], error: 'bad byte 6', eventsBeforeError: 1 });
    expect(reader.starts).toBe(1);
  });

  test('a crash is an outcome with the stderr tail, and the next case restarts the program', async () => {
    const crash = await reader.read(CRASH);
    expect(crash.kind).toBe('crash');
    expect(crash.error).toContain('exited with status 3');
    expect(crash.error).toContain('crashing on purpose (byte 3)');
    expect((await reader.read(OK)).kind).toBe('ok');
    expect(reader.starts).toBe(2);
  });

  test('a hang is a timeout after the per-case limit, and the next case restarts the program', async () => {
    const t0 = Date.now();
    const hang = await reader.read(HANG);
    expect(hang.kind).toBe('timeout');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1400);
    // A hang guard, not a speed limit: on a loaded machine the timer fires late.
    expect(Date.now() - t0).toBeLessThan(60_000);
    expect((await reader.read(OK)).kind).toBe('ok');
    expect(reader.starts).toBe(2);
  });

  test('a program that does not exist fails to open with a clear message', async () => {
    await expect(openCmdReader('/nonexistent/reader-program', { timeoutMs: 1000 })).rejects.toThrow(/reader-program/);
  });

  test('a program that answers garbage is a crash, not a harness failure', async () => {
    const bad = await openCmdReader(`printf 'TFZ1\\002\\000\\000\\000{}'; head -c 8 >/dev/null; printf 'Zjunk'; sleep 5`, { timeoutMs: 1000 });
    try {
      const r = await bad.read(OK);
      expect(r.kind).toBe('crash');
      expect(r.error).toMatch(/protocol error: bad status byte/);
    } finally {
      await bad.close();
    }
  });
});

describe('a comparison campaign against a misbehaving cmd: reader', () => {
  test('goes on through crashes and hangs and records both as outcomes', async () => {
    const { runComparison } = await import('../../src/report/runComparison');
    const { timedRead } = await import('../../src/report/reportCase');
    const candidate = await openCmdReader(command, { timeoutMs: 800 });
    // The baseline is an in-process reader that always agrees with the fixture's "ok".
    const baseline = {
      name: 'steady',
      read: async () => ({ kind: 'ok' as const, events: ['M=-1 P=-1 G=-1 Sync Time=1 N=1', 'M=-1 P=-1 G=-1 Sync Time=2 N=2'], error: null, eventsBeforeError: 2 }),
      close: async () => undefined,
    };
    // Last bytes 0..13 cover every behaviour of the fixture twice.
    const cases = Array.from({ length: 14 }, (_, i) => {
      const trace = Uint8Array.of(0x67, i);
      return {
        input: { id: `c${i}`, source: 'campaign' as const, label: `case ${i}`, operator: i % 7 === 3 ? 'crashy' : i % 7 === 5 ? 'hangy' : 'plain', version: 26, seed: 1, trace },
        evaluate: async (r: typeof baseline) => ({ ...(await timedRead(r, trace)), properties: {} }),
      };
    });
    try {
      const report = await runComparison({
        baseline, candidate, cases, total: cases.length,
        tools: { toText: () => '', generations: () => null, minimize: async (t) => t, rerun: async (c) => c },
        meta: { name: 'misbehaving', toolVersion: 'test', baseline: { spec: 'steady', name: 'steady', versions: null }, candidate: { spec: candidate.name, name: candidate.name, versions: null }, config: { seed: 1, runs: 14, timeBudgetMs: null, corpus: [], versions: [26], stable: false } },
      });
      expect(report.cases).toHaveLength(14);
      const kinds = report.cases.map((c) => c.candidate.outcome.kind);
      expect(kinds.filter((k) => k === 'crash')).toHaveLength(2);
      expect(kinds.filter((k) => k === 'timeout')).toHaveLength(2);
      expect(kinds.filter((k) => k === 'error')).toHaveLength(2);
      expect(kinds.filter((k) => k === 'ok')).toHaveLength(8);
      // A candidate that crashes or hangs where the baseline does not fails P4: a regression.
      expect(report.counts.regression).toBe(4);
      expect(report.cases.filter((c) => c.class === 'regression').every((c) => c.regressed.includes('P4'))).toBe(true);
      expect(report.counts.changed).toBe(2);
      expect(report.counts.same).toBe(8);
      expect(report.verdict).toBe('regression');
      expect(report.groups.map((g) => g.operator).sort()).toEqual(['crashy', 'hangy', 'plain']);
      expect(candidate.starts).toBe(5);
    } finally {
      await candidate.close();
    }
  });
});
