// Real runtime traces (the project's Go programs in testdata/programs, built
// and run with the installed Go, and older format versions where their
// toolchains are cached): the TS dump equals Go's parsed-event dump byte for
// byte; each trace cut at 20 random offsets gives the same outcome as Go's
// reader (every event, and the error text); every program's trace in every
// format version gives Go's events; and streaming a trace in chunks
// (readTraceAsync, whose batch copies live in reused arenas; or as dump does,
// reading event batches again from the input or a spool) gives the same
// outcome as reading it whole.
import seedrandom from 'seedrandom';
import { describeGo } from '../support/go';
import { goToolTraceDump, releaseAvailable } from '../../src/readers/goToolchain';
import { FORMAT_TOOLCHAINS, GO_PROGRAM_NAMES, programTrace } from '../../src/readers/goPrograms';
import { openGoReader } from '../../src/readers/goOracle';
import type { TraceReader } from '../../src/readers/traceReader';
import { readAll, readAllAsync } from '../../src/trace/reader';
import { encodeGoString } from '../../src/trace/goString';
import { MemorySpool, readerOf, streamed } from '../support/payloadSources';

function tsOutcome(bytes: Uint8Array): { events: string[]; error: string | null } {
  const { events, error } = readAll(bytes);
  return { events: events.map((e) => e.toString()), error: error ? error.message : null };
}

function comparable(error: string | null): string | null {
  return error !== null && error.includes('broken trace: failed to advance') ? error.split('\n').sort().join('\n') : error;
}

const CUTS = 20;

async function* chunked(bytes: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/**
 * Streaming in odd-sized chunks gives every event and the error of reading
 * whole — with event batches kept, read again from the input (dump FILE) or
 * from a spool (dump from a pipe).
 */
async function expectStreamedSame(trace: Uint8Array, whole: { events: string[]; error: string | null }): Promise<void> {
  for (const size of [4093, 65536]) {
    const { events, error } = await readAllAsync(chunked(trace, size));
    expect(error?.message ?? null).toBe(whole.error);
    expect(events.length).toBe(whole.events.length);
    expect(events.map((e) => e.toString())).toEqual(whole.events);
  }
  for (const again of [readerOf(trace), new MemorySpool()]) {
    const { events, error } = streamed(trace, 65536, again);
    expect(error).toBe(whole.error);
    expect(events.length).toBe(whole.events.length);
    expect(events).toEqual(whole.events);
  }
}

describeGo('real traces: TS reader equals Go', (tc) => {
  let go: TraceReader;
  beforeAll(async () => {
    go = await openGoReader('go');
  }, 600_000);
  afterAll(async () => {
    await go?.close();
  });

  async function checkCuts(name: string, trace: Uint8Array): Promise<void> {
    const rng = seedrandom(`cuts:${name}`);
    for (let i = 0; i < CUTS; i++) {
      const at = 16 + Math.floor(rng() * (trace.length - 16));
      const cut = trace.subarray(0, at);
      const ts = tsOutcome(cut);
      const g = await go.read(cut);
      expect(g.kind === 'ok' || g.kind === 'error').toBe(true);
      expect({ at, error: comparable(ts.error) }).toEqual({ at, error: comparable(g.error) });
      expect(ts.events.length).toBe(g.events.length);
      expect(ts.events).toEqual(g.events);
    }
  }

  test.each(GO_PROGRAM_NAMES)('%s (go1.26): whole dump byte for byte, and 20 cuts', async (program) => {
    const trace = await programTrace(program);
    const { events, error } = readAll(trace);
    expect(error).toBeNull();
    let out = '';
    for (const e of events) out += e.toString() + '\n';
    const dump = await goToolTraceDump(tc(), trace, 'parsed');
    expect(dump.stderr).toBe('');
    // goToolTraceDump decodes stdout as UTF-8; compare the same way.
    expect(Buffer.from(encodeGoString(out)).toString('utf8') === dump.stdout).toBe(true);
    await expectStreamedSame(trace, tsOutcome(trace));
    await checkCuts(program, trace);
  }, 600_000);

  for (const { version, toolchain } of FORMAT_TOOLCHAINS.filter((f) => f.toolchain !== 'go')) {
    const t = releaseAvailable(toolchain) ? test : test.skip;
    t(`go1.${version} format (generations program, go${toolchain}): same events as Go, whole and cut`, async () => {
      const trace = await programTrace('generations', { toolchain });
      const ts = tsOutcome(trace);
      const g = await go.read(trace);
      expect(ts.error).toBeNull();
      expect(g.error).toBeNull();
      expect(ts.events).toEqual(g.events);
      await checkCuts(`generations-${version}`, trace);
    }, 600_000);

    t(`go1.${version} format (go${toolchain}): every program's trace gives Go's events, whole and streamed`, async () => {
      for (const program of GO_PROGRAM_NAMES) {
        const trace = await programTrace(program, { toolchain });
        const ts = tsOutcome(trace);
        const g = await go.read(trace);
        expect({ program, error: ts.error }).toEqual({ program, error: null });
        expect(g.error).toBeNull();
        expect(ts.events.length).toBe(g.events.length);
        expect(ts.events).toEqual(g.events);
        await expectStreamedSame(trace, ts);
      }
    }, 600_000);
  }
});
