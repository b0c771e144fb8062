// `cmd:` drives any program speaking the framed protocol. A reader that
// crashes or hangs must become that case's outcome, and the next case must be
// served by a fresh process: the harness itself never fails or stalls.
import { join } from 'node:path';
import { openCmdReader, ExternalReader } from '../src/harness/cmdReader';

const fixture = join(__dirname, 'fixtures', 'report', 'misbehavingReader.js');
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
    expect(Date.now() - t0).toBeLessThan(5000);
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
