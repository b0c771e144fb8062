// External readers are held to the framed protocol: bytes that answer no
// pending request never become a case's answer (a crash outcome and a restart
// instead), an answer announced beyond the size limit is refused before it is
// buffered, per-case limits grow with the trace, and a shared deadline cuts
// every read short.
import { join } from 'node:path';
import { openCmdReader, ExternalReader } from '../../src/readers/cmdReader';
import { BUDGET_CUT, ReadDeadline } from '../../src/readers/readDeadline';

const fixture = join(__dirname, '..', 'fixtures', 'readers', 'protocolBreaker.js');
const breaker = (mode: string) => `${JSON.stringify(process.execPath)} ${JSON.stringify(fixture)} ${mode}`;
const TRACE = Uint8Array.of(0x67, 0x6f);

async function withReader(mode: string, opts: Parameters<typeof openCmdReader>[1], body: (r: ExternalReader) => Promise<void>): Promise<void> {
  const r = await openCmdReader(breaker(mode), opts);
  try {
    await body(r);
  } finally {
    await r.close();
  }
}

describe('framed protocol discipline', () => {
  test('an answer written twice: the copy is never the next case\'s answer', async () => {
    await withReader('double', { timeoutMs: 5000 }, async (r) => {
      const first = await r.read(TRACE);
      // The stray copy arrived right behind the first answer: that read is the reader's protocol violation.
      expect(first.kind).toBe('crash');
      expect(first.error).toMatch(/protocol error: \d+ byte\(s\) written after a complete answer/);
      // The next case is served by a fresh process, and gets its own answer.
      const second = await r.read(TRACE);
      expect(second.kind).toBe('crash');
      expect(r.starts).toBe(2);
    });
  });

  test('junk written between requests is a crash of the next case, then a restart', async () => {
    await withReader('late-junk', { timeoutMs: 5000 }, async (r) => {
      expect((await r.read(TRACE)).kind).toBe('ok');
      await new Promise((resolve) => setTimeout(resolve, 600));
      const next = await r.read(TRACE);
      expect(next.kind).toBe('crash');
      expect(next.error).toMatch(/protocol error: 5 stray byte\(s\) written while no request was pending/);
      expect((await r.read(TRACE)).kind).toBe('ok');
      expect(r.starts).toBe(2);
    });
  });

  test('a 4 GB event is refused from its announced length, before it is buffered', async () => {
    await withReader('huge-frame', { timeoutMs: 60_000 }, async (r) => {
      const out = await r.read(TRACE);
      // A crash at once, not a timeout after the bytes trickled in.
      expect(out.kind).toBe('crash');
      expect(out.error).toMatch(/response exceeds 1073741824 bytes \(a frame of 4294967280 bytes announced/);
    });
  });

  test('an endless stream of small events is refused at the size limit', async () => {
    const { ExternalReader: Ext } = await import('../../src/readers/cmdReader');
    const r = new Ext('flood', { command: breaker('flood'), shell: true }, { timeoutMs: 60_000, maxResponseBytes: 8 << 20 });
    await r.start();
    try {
      const out = await r.read(TRACE);
      expect(out.kind).toBe('crash');
      expect(out.error).toMatch(/response exceeds 8388608 bytes/);
    } finally {
      await r.close();
    }
  });

  test('per-case limits grow with the size of the trace', async () => {
    await withReader('hang', { timeoutMs: 1000 }, async (r) => {
      expect(r.limitFor(10)).toBe(3000);
      expect(r.limitFor(50 << 20)).toBe(1000 + 50 * 2000);
    });
  });

  test('a shared deadline cuts a hanging read short, and later reads at once', async () => {
    const deadline = new ReadDeadline();
    await withReader('hang', { timeoutMs: 600_000, deadline }, async (r) => {
      deadline.set(Date.now() + 500);
      const out = await r.read(TRACE);
      expect(out).toMatchObject({ kind: 'timeout', error: BUDGET_CUT });
      const after = await r.read(TRACE);
      expect(after).toMatchObject({ kind: 'timeout', error: BUDGET_CUT });
    });
  });
});
