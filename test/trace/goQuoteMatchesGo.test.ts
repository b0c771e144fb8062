// Go's %q as Event.toString() prints it, checked against Go on every Unicode
// code point and on random byte strings (invalid UTF-8 included): the strings
// go into a trace as log messages and both dumps must agree byte for byte.
import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import fc from 'fast-check';
import { describeGo } from '../support/go';
import { encodeGoString } from '../../src/trace/goString';
import { rawEvent, RawEvent } from '../../src/trace/rawEvent';
import { readAll } from '../../src/trace/reader';
import { Ev } from '../../src/trace/spec';
import { TraceWriter } from '../../src/trace/traceWriter';
import type { Version } from '../../src/trace/version';

const V: Version = 26;

// One generation: a running goroutine logging each string as a message.
function logTrace(messages: Uint8Array[]): Uint8Array {
  const w = new TraceWriter(V);
  w.frequency(1, 1, 1_000_000_000, [1, 0, 0, 0]);
  // String IDs from 2; ID 1 is the category. Batches stay well under 64 KiB.
  let batch: Array<[number, Uint8Array]> = [[1, new TextEncoder().encode('c')]];
  let size = 0;
  messages.forEach((m, i) => {
    if (size + m.length > 60_000) {
      w.strings(1, 1, batch);
      batch = [];
      size = 0;
    }
    batch.push([i + 2, m]);
    size += m.length + 8;
  });
  w.strings(1, 1, batch);
  w.stacks(1, 1, []);
  const evs: RawEvent[] = [rawEvent(V, Ev.ProcStatus, [1, 0, 1]), rawEvent(V, Ev.GoStatus, [1, 1, 1, 2])];
  let m = 0;
  const flush = () => {
    w.batch(1, 1, 1, evs.splice(0));
  };
  for (let i = 0; i < messages.length; i++) {
    evs.push(rawEvent(V, Ev.UserLog, [1, 0, 1, i + 2, 0]));
    if (++m % 5000 === 0) flush();
  }
  flush();
  w.endOfGeneration();
  return w.bytes();
}

function utf8(cps: number[]): Uint8Array {
  return new TextEncoder().encode(String.fromCodePoint(...cps));
}

describeGo('Go string quoting in Event.toString equals Go\'s', (tc) => {
  let dir: string;
  beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'tracefuzz-quote-')); });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function compare(name: string, messages: Uint8Array[]): void {
    const trace = logTrace(messages);
    const file = join(dir, name);
    writeFileSync(file, trace);
    const go = spawnSync(tc().go, ['tool', 'trace', '-d=parsed', file], {
      env: { ...process.env, GOTOOLCHAIN: 'local' }, maxBuffer: 1 << 28,
    });
    expect(go.stderr.toString()).toBe('');
    const out = readAll(trace);
    expect(out.error).toBeNull();
    expect(out.events.length).toBe(messages.length + 4);
    const ts = Buffer.from(encodeGoString(out.events.map((e) => e.toString() + '\n').join('')));
    // Compare line by line first so a failure names the string.
    const goLines = go.stdout.toString('latin1').split('\n');
    const tsLines = ts.toString('latin1').split('\n');
    for (let i = 0; i < Math.max(goLines.length, tsLines.length); i++) {
      if (goLines[i] !== tsLines[i]) expect(tsLines[i]).toBe(goLines[i]);
    }
    expect(Buffer.compare(ts, go.stdout)).toBe(0);
  }

  test('every Unicode scalar value', () => {
    const messages: Uint8Array[] = [];
    let run: number[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue; // not encodable in UTF-8; see the byte test
      run.push(cp);
      if (run.length === 250) {
        messages.push(utf8(run));
        run = [];
      }
    }
    messages.push(utf8(run));
    compare('all-runes', messages);
  });

  test('random bytes, broken UTF-8 and escape characters', () => {
    const special = [
      [0xed, 0xa0, 0x80], [0xed, 0xbf, 0xbf], [0xc0, 0x80], [0xe0, 0x80, 0x80], [0xf4, 0x90, 0x80, 0x80],
      [0xf8, 0x88, 0x80, 0x80, 0x80], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0x22], [0x5c], [0x27], [0x60],
      [0x07, 0x08, 0x0c, 0x0a, 0x0d, 0x09, 0x0b], [0x00], [0x7f], [0x80], [0xff], [0xef, 0xbb, 0xbf],
      [0xc2, 0xa0], [0xc2, 0xad], [0xe2, 0x80, 0xa8], [0xef, 0xbf, 0xbd], [0xf3, 0xa0, 0x80, 0x81],
    ].map((b) => Uint8Array.from(b));
    const piece = fc.oneof(fc.constantFrom(...special), fc.uint8Array({ maxLength: 6 }), fc.string({ maxLength: 4 }).map((s) => new TextEncoder().encode(s)));
    const samples = fc.sample(fc.array(piece, { maxLength: 12 }).map((ps) => Uint8Array.from(ps.flatMap((p) => [...p]))), { seed: 314, numRuns: 3000 });
    compare('random-bytes', [...special, ...samples].map((b) => b.subarray(0, 1024)));
  });
});
