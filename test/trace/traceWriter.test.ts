// TraceWriter builds traces whose batch sizes are right for every version:
// the raw reader sees each batch's size cover exactly its events, padded
// sizes decode, and Go's reader accepts the traces built from the documented
// batch layout.
import { describeGo } from '../support/go';
import { goToolTraceDump } from '../../src/readers/goToolchain';
import { TraceWriter, NO_THREAD, BatchSpan } from '../../src/trace/traceWriter';
import { readUvarint } from '../../src/trace/uvarint';
import { rawEvent, rawEventEncodedSize } from '../../src/trace/rawEvent';
import { RawReader } from '../../src/trace/rawReader';
import { Ev, Experiment, GoStatus, ProcStatus } from '../../src/trace/spec';
import { HEADER_LENGTH, Version, VERSIONS } from '../../src/trace/version';

function twoGenerations(v: Version, padding?: number, layout = false): TraceWriter {
  const w = new TraceWriter(v, { layout });
  for (const gen of [1, 2]) {
    const t = gen * 100;
    w.frequency(gen, t, 1_000_000_000, [1, t, 1_700_000_000 + gen, 5], { sizePadding: padding });
    w.strings(gen, t + 1, [[1, 'main.main'], [2, 'main.go'], [3, 'reason']], { sizePadding: padding });
    w.stacks(gen, t + 2, [[1, [[0x401000, 1, 2, 12], [0x401100, 1, 2, 20]]]], { sizePadding: padding });
    w.batch(
      gen,
      7,
      t + 3,
      gen === 1
        ? [
            rawEvent(v, Ev.ProcStatus, [1, 0, ProcStatus.Running]),
            rawEvent(v, Ev.GoStatus, [1, 1, 7, GoStatus.Running]),
            rawEvent(v, Ev.GoBlock, [2, 3, 1]),
            rawEvent(v, Ev.ProcStop, [1]),
          ]
        : [rawEvent(v, Ev.ProcStatus, [1, 0, ProcStatus.Idle]), rawEvent(v, Ev.GoStatus, [1, 1, NO_THREAD, GoStatus.Waiting])],
      { sizePadding: padding },
    );
    if (v >= 23) w.experimentalBatch(Experiment.AllocFree, gen, 7, t + 4, Uint8Array.from([1, 2, 3]));
    if (v >= 26) w.endOfGeneration();
  }
  return w;
}

describe('TraceWriter', () => {
  test.each(VERSIONS.map((v) => [v]))('go1.%d: every batch size covers exactly the events after it', (v) => {
    for (const padding of [undefined, 10]) {
      const r = new RawReader(twoGenerations(v, padding).bytes(), { strict: true });
      let expectedEnd = -1;
      let batches = 0;
      for (const ev of r) {
        if (ev.type === Ev.EventBatch) {
          expect(r.eventOffset).toBe(expectedEnd === -1 ? r.eventOffset : expectedEnd);
          expectedEnd = r.offset + Number(ev.args[3]);
          batches++;
        } else if (ev.type === Ev.ExperimentalBatch || ev.type === Ev.EndOfGeneration) {
          expect(r.eventOffset).toBe(expectedEnd);
          expectedEnd = r.offset;
        } else {
          expect(r.offset).toBeLessThanOrEqual(expectedEnd);
        }
      }
      expect(r.offset).toBe(expectedEnd);
      expect(batches).toBe(8);
    }
  });

  test.each(VERSIONS.map((v) => [v]))('go1.%d: the recorded layout tiles the trace and points at each header field, without changing a byte', (v) => {
    for (const padding of [undefined, 10]) {
      const w = twoGenerations(v, padding, true);
      const bytes = w.bytes();
      expect(bytes).toEqual(twoGenerations(v, padding).bytes());
      const field = (s: [number, number] | undefined) => {
        const r = readUvarint(bytes, s![0]);
        expect(r.pos).toBe(s![1]);
        return r.value;
      };
      let at = HEADER_LENGTH;
      const seen: number[] = [];
      for (const l of w.layout as BatchSpan[]) {
        expect(l.start).toBe(at);
        expect(bytes[l.start]).toBe(l.type);
        seen.push(l.type);
        if (l.type === Ev.EndOfGeneration) {
          expect([l.genField, l.sizeField, l.payloadStart, l.end]).toEqual([undefined, undefined, l.start + 1, l.start + 1]);
        } else {
          expect(l.genField![0]).toBe(l.start + (l.type === Ev.ExperimentalBatch ? 2 : 1));
          expect([l.genField![1], l.mField![1], l.timeField![1], l.sizeField![1]]).toEqual([l.mField![0], l.timeField![0], l.sizeField![0], l.payloadStart]);
          expect(field(l.genField)).toBeGreaterThanOrEqual(1);
          expect(field(l.sizeField)).toBe(l.end - l.payloadStart);
          if (padding !== undefined && l.type === Ev.EventBatch) expect(l.sizeField![1] - l.sizeField![0]).toBe(padding);
        }
        at = l.end;
      }
      expect(at).toBe(bytes.length);
      const perGen = 4 + (v >= 23 ? 1 : 0) + (v >= 26 ? 1 : 0);
      expect(seen).toHaveLength(2 * perGen);
      expect(field(w.layout[3].mField)).toBe(7);
      expect(field(w.layout[3].timeField)).toBe(103);
    }
  });

  test('layout is only kept when asked for; a pre-encoded payload writes the same batch as its events', () => {
    expect(() => new TraceWriter(22).layout).toThrow(/layout: true/);
    const evs = [rawEvent(22, Ev.ProcStatus, [1, 0, ProcStatus.Running]), rawEvent(22, Ev.ProcStop, [4])];
    const body = Uint8Array.from([Ev.ProcStatus, 1, 0, ProcStatus.Running, Ev.ProcStop, 4]);
    const fromEvents = new TraceWriter(22, { header: false }).batch(1, 7, 9, evs).bytes();
    expect(new TraceWriter(22, { header: false }).batchBytes(1, 7, 9, body).bytes()).toEqual(fromEvents);
    expect([...fromEvents.subarray(fromEvents.length - 6)]).toEqual([...body]);
    const lied = new TraceWriter(22, { header: false, layout: true }).batchBytes(1, 7, 9, [...body], { size: 300 });
    expect(readUvarint(lied.bytes(), lied.layout[0].sizeField![0]).value).toBe(300);
    expect(lied.layout[0].end - lied.layout[0].payloadStart).toBe(6);
  });

  test('padded sizes take exactly the padding width', () => {
    const evs = [rawEvent(22, Ev.Frequency, [5])];
    const plain = new TraceWriter(22).batch(1, 1, 1, evs).bytes();
    const padded = new TraceWriter(22).batch(1, 1, 1, evs, { sizePadding: 10 }).bytes();
    expect(padded.length - plain.length).toBe(9);
    expect(rawEventEncodedSize(evs[0])).toBe(2);
  });

  test('a size override is written as given, and bad values are refused', () => {
    const b = new TraceWriter(22, { header: false }).batch(1, NO_THREAD, 1, [], { size: 70000 }).bytes();
    const r = [...new RawReader(Uint8Array.from([...new TraceWriter(22).bytes(), ...b]))];
    expect(r[0].args[3]).toBe(70000);
    expect(() => new TraceWriter(22).experimentalBatch(256, 1, 1, 1, new Uint8Array())).toThrow(RangeError);
    expect(() => new TraceWriter(22).batch(1, 1, 1, [rawEvent(23, Ev.Frequency, [1])])).toThrow(RangeError);
    expect(() => new TraceWriter(22).batch(1, 1, 1, [], { sizePadding: 1, size: 200 })).toThrow(RangeError);
  });
});

describeGo("Go's reader on TraceWriter traces", (tc) => {
  test.each(VERSIONS.map((v) => [v]))('go1.%d: a two-generation trace reads cleanly, with the padded sizes the runtime uses too', async (v) => {
    for (const padding of [undefined, 10]) {
      const go = await goToolTraceDump(tc(), twoGenerations(v, padding).bytes(), 'parsed');
      expect({ v, padding, stderr: go.stderr, exit: go.exitCode }).toEqual({ v, padding, stderr: '', exit: 0 });
      expect(go.stdout).toMatch(/GoStatus|StateTransition/);
      expect(go.stdout.match(/ Sync /g)?.length).toBe(3);
    }
  });
});
