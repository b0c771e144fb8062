// Behaviour of the TS reader that needs no Go toolchain: strict mode (P1/P2
// hold where Go fails fast on a bad generation number; P3 where Go swallows
// a truncated table batch), the injected faults the mutant readers use, and
// P4 — whatever the bytes, only TraceError is ever thrown.
import { test as fcTest, fc } from '@fast-check/jest';
import { readAll, readTrace } from '../../src/trace/reader';
import { ReaderFault } from '../../src/trace/readerOptions';
import { TraceWriter, NO_THREAD } from '../../src/trace/traceWriter';
import { rawEvent } from '../../src/trace/rawEvent';
import { Ev } from '../../src/trace/spec';
import { TraceError } from '../../src/trace/traceError';
import { Version, writeHeader } from '../../src/trace/version';
import type { U64 } from '../../src/trace/u64';

const V22: Version = 22;
const ev = (type: number, ...args: U64[]) => rawEvent(V22, type, args);
const FREQ = ev(Ev.Frequency, 15625000);

/** Generation `gen` of a small valid go1.22 trace: P0 runs G1, which blocks and is unblocked. */
function goodGen(w: TraceWriter, gen: number, first: boolean): TraceWriter {
  w.batch(gen, NO_THREAD, 10 * gen, [FREQ]);
  w.batch(gen, NO_THREAD, 10 * gen, [ev(Ev.Strings), rawEvent(V22, Ev.String, [1], new TextEncoder().encode('chan receive'))]);
  // G1 ends each generation runnable; a later generation starts it again.
  const start = first ? [ev(Ev.GoStatus, 1, 1, 0, 2)] : [ev(Ev.GoStatus, 1, 1, 0, 1), ev(Ev.GoStart, 1, 1, 1)];
  return w.batch(gen, 0, 10 * gen, [
    ev(Ev.ProcStatus, 1, 0, 1),
    ...start,
    ev(Ev.GoBlock, 1, 1, 0),
    ev(Ev.GoUnblock, 1, 1, first ? 1 : 2, 0),
  ]);
}

function dump(bytes: Uint8Array, opts: { strict?: boolean; faults?: ReadonlySet<ReaderFault> } = {}) {
  const r = readAll(bytes, opts);
  return { events: r.events.map(String), error: r.error?.message ?? null, generation: r.error?.generation };
}

function faults(...f: ReaderFault[]): ReadonlySet<ReaderFault> {
  return new Set(f);
}

describe('strict mode', () => {
  const twoGens = goodGen(goodGen(new TraceWriter(V22), 1, true), 2, false).bytes();
  const gen1Only = goodGen(new TraceWriter(V22), 1, true).bytes();
  const gen1Events = dump(gen1Only).events;

  test('the fixtures are valid traces', () => {
    expect(dump(twoGens).error).toBeNull();
    expect(gen1Events.length).toBeGreaterThan(4);
  });

  test.each([
    ['generation number 0', 0, 'invalid generation number 0'],
    ['out-of-order generation', 5, 'generations out of order'],
  ])('%s after a complete generation: Go loses the generation, strict emits it first (P1)', (_name, badGen, message) => {
    const bytes = goodGen(new TraceWriter(V22), 1, true).batch(badGen, 0, 99, [ev(Ev.ProcStatus, 1, 0, 1)]).bytes();
    const go = dump(bytes);
    expect(go.error).toBe(message);
    expect(go.events).toEqual(['M=-1 P=-1 G=-1 Sync Time=1 N=1']);
    const strict = dump(bytes, { strict: true });
    expect(strict.error).toBe(message);
    // Every event of generation 1 including its closing Sync, then the error.
    expect(strict.events).toEqual(gen1Events);
  });

  test('an earlier generation error still wins in strict mode (P2)', () => {
    // Generation 1's GoBlock happens without a running goroutine: its error must be reported.
    const w = new TraceWriter(V22).batch(1, NO_THREAD, 10, [FREQ]).batch(1, 0, 10, [ev(Ev.ProcStatus, 1, 0, 1), ev(Ev.GoBlock, 1, 0, 0)]);
    const bytes = w.batch(0, 0, 99, [ev(Ev.ProcStatus, 1, 0, 1)]).bytes();
    expect(dump(bytes).error).toBe('invalid generation number 0');
    expect(dump(bytes, { strict: true }).error).toBe("expected a goroutine but didn't have one");
  });

  test('a string table batch cut inside a record: Go ends cleanly, strict reports it (P3)', () => {
    const bytes = new TraceWriter(V22)
      .batch(1, NO_THREAD, 10, [FREQ])
      .batch(1, NO_THREAD, 10, [ev(Ev.Strings)], { size: 2 })
      .rawBytes([Ev.String])
      .bytes();
    const go = dump(bytes);
    expect(go.error).toBeNull();
    expect(go.events).toEqual(['M=-1 P=-1 G=-1 Sync Time=1 N=1']);
    expect(dump(bytes, { strict: true }).error).toBe('EOF');
  });

  test('strict and default agree on a valid trace', () => {
    expect(dump(twoGens, { strict: true })).toEqual(dump(twoGens));
  });
});

describe('injected faults (for mutant readers)', () => {
  // Generation 1 has a semantic error; generation 2 starts with a batch cut short.
  const failFirstGenFirst = new TraceWriter(V22)
    .batch(1, 0, 0, [FREQ])
    .batch(1, 0, 0, [ev(Ev.GoCreate, 0, 1, 0, 0)])
    .batch(2, 0, 0, [], { size: 50 })
    .bytes();

  test('the #55160 fixture: generation 1 error first', () => {
    expect(dump(failFirstGenFirst)).toMatchObject({ error: "expected a proc but didn't have one", generation: 1 });
  });

  test('pre-fix-spill: the broken next batch surfaces at once and the generation is lost', () => {
    const d = dump(failFirstGenFirst, { faults: faults('pre-fix-spill') });
    expect(d.error).toBe('failed to read full batch: read 0 but wanted 50');
    expect(d.events).toEqual(['M=-1 P=-1 G=-1 Sync Time=1 N=1']);
  });

  test('later-error-wins: the pending spill error replaces the generation-1 error', () => {
    expect(dump(failFirstGenFirst, { faults: faults('later-error-wins') }).error).toBe('failed to read full batch: read 0 but wanted 50');
  });

  test('accept-short-batch: a batch cut by the end of input is accepted', () => {
    const full = goodGen(new TraceWriter(V22), 1, true).bytes();
    const cut = full.subarray(0, full.length - 2);
    expect(dump(cut).error).toMatch(/^failed to read full batch: read \d+ but wanted \d+$/);
    const d = dump(cut, { faults: faults('accept-short-batch') });
    expect(d.error).not.toMatch(/failed to read full batch/);
  });

  test('batch-size-off-by-one: a 65537-byte batch passes the size check', () => {
    const big = new TraceWriter(V22).batch(1, NO_THREAD, 10, [FREQ]).batch(1, 0, 10, [], { size: 65537 }).rawBytes(new Uint8Array(65537)).bytes();
    expect(dump(big).error).toBe('invalid batch size 65537, maximum is 65536');
    expect(dump(big, { faults: faults('batch-size-off-by-one') }).error).not.toMatch(/invalid batch size/);
  });

  test('no faults, no change', () => {
    expect(dump(failFirstGenFirst, { faults: new Set() })).toEqual(dump(failFirstGenFirst));
  });
});

describe('P4: any bytes give events and at most one TraceError, nothing else', () => {
  fcTest.prop([fc.constantFrom<Version>(22, 23, 25, 26), fc.uint8Array({ maxLength: 600 }), fc.boolean()], { seed: 4242, numRuns: 1500 })(
    'a valid header then random bytes',
    (v, tail, strict) => {
      const hdr = writeHeader(v);
      const bytes = new Uint8Array(hdr.length + tail.length);
      bytes.set(hdr);
      bytes.set(tail, hdr.length);
      let thrown: unknown = null;
      try {
        for (const e of readTrace(bytes, { strict })) e.toString();
      } catch (e) {
        thrown = e;
      }
      if (thrown !== null) expect(thrown).toBeInstanceOf(TraceError);
    },
  );

  // Random bytes almost never get past the first batch header, so the table
  // parsers and the ordering state machine are reached through edits of a
  // valid trace instead.
  const valid = goodGen(goodGen(new TraceWriter(V22), 1, true), 2, false).bytes();
  const edit = fc.record({ at: fc.nat(), op: fc.constantFrom('set', 'insert', 'delete', 'cut'), value: fc.nat(255) });
  const edited = fc.array(edit, { minLength: 1, maxLength: 4 }).map((es) => {
    let b = [...valid];
    for (const { at, op, value } of es) {
      const i = 16 + (at % Math.max(1, b.length - 16)); // keep the header
      if (op === 'set') b[i] = value;
      else if (op === 'insert') b.splice(i, 0, value);
      else if (op === 'delete') b.splice(i, 1);
      else b = b.slice(0, i);
    }
    return Uint8Array.from(b);
  });

  fcTest.prop([edited, fc.boolean()], { seed: 4243, numRuns: 1500 })('byte edits of a valid two-generation trace', (bytes, strict) => {
    let thrown: unknown = null;
    try {
      for (const e of readTrace(bytes, { strict })) e.toString();
    } catch (e) {
      thrown = e;
    }
    if (thrown !== null) expect(thrown).toBeInstanceOf(TraceError);
  });

  test('those edits reach the ordering state machine, not only the batch headers', () => {
    const errors = fc.sample(edited, { seed: 4243, numRuns: 300 }).map((b) => readAll(b).error?.message ?? '');
    const semantic = /^(broken trace: failed to advance|invalid status for|inconsistent status|found invalid (string|stack) ID|tried to end|expected (a|no) )/;
    expect(errors.filter((m) => semantic.test(m)).length).toBeGreaterThan(20);
  });

  fcTest.prop([fc.uint8Array({ maxLength: 64 })], { seed: 7, numRuns: 300 })('random bytes without a header', (bytes) => {
    const r = readAll(bytes);
    expect(r.error === null || r.error instanceof TraceError).toBe(true);
  });

  test('errors carry the byte offset of the faulty batch or event and their generation', () => {
    const w = goodGen(new TraceWriter(V22), 1, true);
    const at = w.length;
    const bytes = w.batch(1, 0, 0, [], { size: 40 }).bytes();
    const r = readAll(bytes);
    expect(r.error?.message).toBe('failed to read full batch: read 0 but wanted 40');
    expect(r.error?.offset).toBe(at);
    expect(r.error?.generation).toBe(1);
    // A semantic error points at its event: here the GoBlock without a goroutine, right after the ProcStatus.
    const w2 = new TraceWriter(V22).batch(1, NO_THREAD, 10, [FREQ]);
    const batchAt = w2.length;
    const bad = w2.batch(1, 0, 10, [ev(Ev.ProcStatus, 1, 0, 1), ev(Ev.GoBlock, 1, 0, 0)]).bytes();
    const r2 = readAll(bad);
    expect(r2.error?.message).toBe("expected a goroutine but didn't have one");
    // header byte + gen, m, time, size (one byte each) + ProcStatus (4 bytes)
    expect(r2.error?.offset).toBe(batchAt + 5 + 4);
  });

  test('a size field is checked before anything is allocated for it', () => {
    const bytes = new TraceWriter(V22).batch(1, 0, 0, [], { size: (1n << 64n) - 1n }).bytes();
    expect(dump(bytes).error).toBe('invalid batch size 18446744073709551615, maximum is 65536');
  });
});
