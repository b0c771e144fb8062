// Whole traces built to exercise every printing path of Event.toString()
// through the real pipeline, compared byte for byte with Go's own dump
// (`go tool trace -d=parsed`) at test time: huge and "negative" IDs, times
// beyond 2^53, NoTask, a task ended without its begin, transition stacks
// without frames, CPU samples, sweep attributes, Active ranges at a
// generation start, experimental events, clock snapshots, quoted strings
// with invalid UTF-8.
import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { describeGo } from '../support/go';
import { Event } from '../../src/trace/event';
import { EventKind } from '../../src/trace/eventKind';
import { encodeGoString } from '../../src/trace/goString';
import { rawEvent, RawEvent } from '../../src/trace/rawEvent';
import { readAll } from '../../src/trace/reader';
import { Ev } from '../../src/trace/spec';
import { NO_THREAD, TraceWriter } from '../../src/trace/traceWriter';
import type { U64 } from '../../src/trace/u64';
import type { Version } from '../../src/trace/version';

const BIG = (1n << 64n) - 1n;
const HIGH = 1n << 63n; // a uint64 that Go's int64 IDs print as negative

type Evs = Array<[keyof typeof Ev, ...U64[]]>;

function events(v: Version, list: Evs): RawEvent[] {
  return list.map(([name, ...args]) => rawEvent(v, Ev[name], args));
}

const strings: Array<[U64, string | Uint8Array]> = [
  [1, 'chan receive'],
  [2, Uint8Array.from([...new TextEncoder().encode('say "hi"\t'), 0xff, 0xe2, 0x82])],
  [3, 'main.main'],
  [4, '/src/x.go'],
  [5, 'task-type'],
  [6, 'región 日本'],
  [7, 'cat\x01'],
  [8, 'message \x00 \u200b'],
  [9, 'label'],
  [10, 'GC'],
  [11, '\ufeffbom'],
];
const frames: Array<[U64, Array<[U64, U64, U64, U64]>]> = [
  [1, [[0x1000, 3, 4, 10], [BIG, 11, 2, BIG]]],
  [2, [[0x2000, 6, 0, 0]]],
];

// One generation with every kind but Active ranges, then one that starts
// with the GC, sweep and mark assist of the first still active.
function annotatedTrace(v: Version, m: U64, g: U64, batchTime: U64, freq: U64): Uint8Array {
  const w = new TraceWriter(v);
  const clock = (dt: U64): [U64, U64, U64, U64] => [dt, BIG, 1740755049, 999_999_999];
  w.frequency(1, batchTime, freq, clock(1));
  w.strings(1, batchTime, strings);
  w.stacks(1, batchTime, frames);
  w.batch(1, m, batchTime, events(v, [
    ['ProcStatus', 1, 0, 1],
    ['GoStatus', 1, g, m, 2],
    ['ProcsChange', 1, BIG, 1],
    ['HeapAlloc', 1, HIGH],
    ['HeapGoal', 1, 0],
    ['GoLabel', 1, 9],
    ['UserTaskBegin', 1, BIG - 1n, 0, 5, 1],
    ['UserRegionBegin', 1, BIG - 1n, 6, 2],
    ['UserLog', 1, BIG - 1n, 7, 8, 1],
    ['UserRegionEnd', 1, BIG - 1n, 6, 0],
    ['UserTaskEnd', 1, BIG - 1n, 0],
    ['UserTaskEnd', 1, 99, 1],
    ['STWBegin', 1, 10, 1],
    ['STWEnd', 1],
    ['GCBegin', 1, 1, 0],
    ['GCSweepBegin', 1, 2],
    ['GCMarkAssistBegin', 1, 1],
    ['GoCreate', 1, 7, 0, 1],
    ['GoCreateBlocked', 1, HIGH + 8n, 2, 0],
    ['GoSyscallBegin', 1, 1, 1],
    ['GoSyscallEnd', 1],
    ['GoStop', 1, 1, 1],
    ['GoStart', 1, 7, 1],
    ['GoBlock', 1, 2, 0],
    ['GoUnblock', 1, HIGH + 8n, 1, 1],
    ['GoStart', 1, HIGH + 8n, 2],
    ['GoDestroy', 1],
  ]));
  w.batch(1, NO_THREAD, batchTime, [
    rawEvent(v, Ev.CPUSamples, []),
    rawEvent(v, Ev.CPUSample, [BigInt(batchTime) + 5n, m, 0, g, 0]),
    rawEvent(v, Ev.CPUSample, [BigInt(batchTime) + 6n, m, 0, 0, 1]),
  ]);
  if (v >= 26) w.endOfGeneration();
  const t2 = BigInt(batchTime) + 1000n;
  w.frequency(2, t2, freq, clock(2));
  w.strings(2, t2, strings);
  w.stacks(2, t2, frames);
  w.batch(2, m, t2, events(v, [
    ['ProcStatus', 1, 0, 1],
    ['GoStatus', 1, g, NO_THREAD, 1],
    ['GoStatusStack', 1, 7, NO_THREAD, 4, 2],
    ['GCSweepActive', 1, 0],
    ['GCMarkAssistActive', 1, g],
    ['GoStart', 1, g, 1],
    ['GCActive', 1, 2],
    ['GCEnd', 1, 3],
    ['GCSweepEnd', 1, HIGH, (1n << 53n) + 1n],
    ['GCMarkAssistEnd', 1],
    ['GoSwitch', 1, 7, 1],
    ['GoDestroy', 1],
    ['ProcStop', 1],
  ]));
  if (v >= 26) w.endOfGeneration();
  return w.bytes();
}

// The AllocFree experiment's events, with arguments at the uint64 edges.
function experimentalTrace(): Uint8Array {
  const v: Version = 26;
  const w = new TraceWriter(v);
  w.frequency(1, 10, 1_000_000_000, [1, 1, 0, 0]);
  w.strings(1, 10, []);
  w.stacks(1, 10, []);
  w.batch(1, 1, 10, events(v, [
    ['ProcStatus', 1, 0, 1],
    ['Span', 1, BIG, HIGH, 7],
    ['SpanAlloc', 1, 1, 2, 3],
    ['SpanFree', 1, 1],
    ['HeapObject', 1, (1n << 53n) + 1n, 5],
    ['HeapObjectAlloc', 1, 2, 0],
    ['HeapObjectFree', 1, 2],
    ['GoroutineStack', 1, 4, 1],
    ['GoroutineStackAlloc', 1, 4, 2],
    ['GoroutineStackFree', 1, 4],
  ]));
  w.endOfGeneration();
  return w.bytes();
}

// A one-generation go1.25 trace whose clock snapshot reads `sec` seconds.
function snapshotTrace(sec: U64, nsec: U64): Uint8Array {
  const v: Version = 25;
  const w = new TraceWriter(v);
  w.frequency(1, 10, 1_000_000_000, [1, 7, sec, nsec]);
  w.strings(1, 10, []);
  w.stacks(1, 10, []);
  w.batch(1, 1, 10, events(v, [['ProcStatus', 1, 0, 2]]));
  return w.bytes();
}

function tsDump(trace: Uint8Array): { bytes: Buffer; error: string; events: Event[] } {
  const out = readAll(trace);
  const text = out.events.map((e) => e.toString() + '\n').join('');
  return { bytes: Buffer.from(encodeGoString(text)), error: out.error ? out.error.message : '', events: out.events };
}

describeGo('Event.toString through the pipeline equals go tool trace -d=parsed', (tc) => {
  let dir: string;
  beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'tracefuzz-event-')); });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function goDump(name: string, trace: Uint8Array): { bytes: Buffer; error: string } {
    const file = join(dir, name);
    writeFileSync(file, trace);
    const r = spawnSync(tc().go, ['tool', 'trace', '-d=parsed', file], {
      env: { ...process.env, GOTOOLCHAIN: 'local' }, maxBuffer: 1 << 28,
    });
    const err = r.stderr.toString().trim().split('\n').pop() ?? '';
    return { bytes: r.stdout, error: r.status === 0 ? '' : err };
  }

  const cases: Array<[string, () => Uint8Array]> = [
    ['go1.26, thread and goroutine IDs with the top bit set, 1 tick = 1ns', () => annotatedTrace(26, HIGH + 5n, HIGH + 1n, 1_000, 1_000_000_000)],
    ['go1.25, times beyond 2^53 (float64 rounding)', () => annotatedTrace(25, 3, 1, 1n << 60n, 1_000_000_000)],
    ['go1.25, 3 ticks per ns', () => annotatedTrace(25, 3, 1, 123_456_789, 3_000_000_000)],
    ['go1.23, no clock snapshot', () => annotatedTrace(23, 0, 1, 0, 15_625_000)],
    ['go1.26, experimental events', experimentalTrace],
  ];

  test.each(cases)('%s', (name, build) => {
    const trace = build();
    const go = goDump(name.replace(/\W+/g, '_'), trace);
    const ts = tsDump(trace);
    expect(go.error).toBe('');
    expect(ts.error).toBe('');
    expect(ts.bytes.toString('latin1')).toBe(go.bytes.toString('latin1'));
  });

  // Go prints the wall clock in the local zone; so do we (offsets to the second).
  const zoned: Array<[string, U64, U64]> = [
    ['Asia/Kolkata', 1740755049, 123],
    ['America/St_Johns', 1711846800, 0], // DST -02:30
    ['America/St_Johns', 1700000000, 999_999_999],
    ['Pacific/Chatham', 1740755049, 1],
    ['Africa/Monrovia', 0, 5], // -00:44:30
    ['Europe/Berlin', 1743296400, 10], // the hour DST begins
    ['UTC', BIG, BIG],
  ];
  test.each(zoned)('clock snapshot wall time in %s at %s s', (tz, sec, nsec) => {
    const trace = snapshotTrace(sec, nsec);
    const file = join(dir, `snap-${tz.replace(/\W+/g, '_')}-${String(sec)}`);
    writeFileSync(file, trace);
    const r = spawnSync(tc().go, ['tool', 'trace', '-d=parsed', file], {
      env: { ...process.env, GOTOOLCHAIN: 'local', TZ: tz }, maxBuffer: 1 << 20,
    });
    expect(r.status).toBe(0);
    // The zone is the process's, so the TS side runs as a process too (the CLI).
    const ts = spawnSync(process.execPath, [join(__dirname, '..', 'support', 'tracefuzz.js'), 'dump', file], {
      env: { ...process.env, TZ: tz }, maxBuffer: 1 << 20,
    });
    expect(ts.stderr.toString()).toBe('');
    expect(ts.stdout.toString('latin1')).toBe(r.stdout.toString('latin1'));
  });

  test('the traces cover every kind of event', () => {
    const kinds = new Set<EventKind>();
    for (const [, build] of cases) for (const e of tsDump(build()).events) kinds.add(e.kind);
    expect([...kinds].sort((a, b) => a - b)).toEqual([
      EventKind.Sync, EventKind.Metric, EventKind.Label, EventKind.StackSample, EventKind.RangeBegin,
      EventKind.RangeActive, EventKind.RangeEnd, EventKind.TaskBegin, EventKind.TaskEnd, EventKind.RegionBegin,
      EventKind.RegionEnd, EventKind.Log, EventKind.StateTransition, EventKind.Experimental,
    ]);
  });
});
