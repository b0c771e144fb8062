// Event.toString(), validateTableIDs() and DataTable.insert() against the
// outputs of Go 1.26's own code (internal/trace) for the same events and
// tables: every emitted event type with edge-case IDs (negative int64s,
// 2^53 boundaries, NoTask), missing PCs, frameless stacks, invalid UTF-8,
// and clock snapshots with absurd wall-clock values.
import { readFileSync } from 'fs';
import { join } from 'path';
import { EvTable } from '../../src/trace/base';
import { DataTable } from '../../src/trace/dataTable';
import { Event } from '../../src/trace/event';
import { decodeGoString, encodeGoString } from '../../src/trace/goString';
import { i64FromBigInt } from '../../src/trace/int64';
import { emptyStackRecord, stackRecordString, StackRecord } from '../../src/trace/stack';
import { toU64, U64 } from '../../src/trace/u64';

interface Fixture {
  cases: Array<{
    name: string;
    table: {
      strings: [string, string][];
      stacks: { id: string; pcs: string[] }[];
      pcs: [string, string, string, string][];
      extraStrings: string[];
      freq: string;
      snap: [string, string, string, string] | null;
      compact: boolean;
    };
    event: { type: number; time: string; args: string[]; g: string; p: string; m: string };
    want: string;
    wantBase64?: string;
    validate: string;
  }>;
  inserts: Array<{ name: string; kind: 'string' | 'stack'; ids: string[]; values: string[][]; want: string }>;
}

const fixture: Fixture = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'eventStrings.json'), 'utf8'));

const u = (s: string): U64 => toU64(BigInt(s));
const i = (s: string) => i64FromBigInt(BigInt(s));
const str = (b64: string) => decodeGoString(Buffer.from(b64, 'base64'));

function buildTable(t: Fixture['cases'][number]['table']): EvTable {
  const table = new EvTable();
  for (const [id, s] of t.strings) expect(table.strings.insert(u(id), str(s))).toBeNull();
  for (const s of t.stacks) expect(table.stacks.insert(u(s.id), { pcs: s.pcs.map(u) })).toBeNull();
  for (const [pc, fn, file, line] of t.pcs) {
    table.pcs.set(u(pc), { pc: u(pc), funcID: u(fn), fileID: u(file), line: u(line) });
  }
  for (const s of t.extraStrings) table.addExtraString(str(s));
  if (t.compact) {
    table.strings.compactify();
    table.stacks.compactify();
  }
  table.freq = Number(t.freq);
  if (t.snap) {
    table.hasClockSnapshot = true;
    [table.snapTime, table.snapMono, table.snapWallSec, table.snapWallNsec] = t.snap.map(u);
  }
  return table;
}

function buildEvent(c: Fixture['cases'][number]): Event {
  const e = c.event;
  return Event.fromBase(buildTable(c.table), { g: i(e.g), p: i(e.p), m: i(e.m) }, {
    type: e.type,
    time: i(e.time),
    args: e.args.map(u),
  });
}

describe('Event.toString equals Go\'s Event.String', () => {
  const printable = fixture.cases.filter((c) => c.validate === '');
  test.each(printable.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const ev = buildEvent(c);
    expect(ev.validateTableIDs()).toBeNull();
    const got = ev.toString();
    if (c.wantBase64 !== undefined) {
      // Invalid UTF-8 in the output: compare Go's bytes exactly.
      expect(Buffer.from(encodeGoString(got)).toString('base64')).toBe(c.wantBase64);
    } else {
      expect(got).toBe(c.want);
    }
  });

  test('covers every kind of event and at least 240 cases', () => {
    const kinds = new Set(printable.map((c) => buildEvent(c).kind));
    expect(kinds.size).toBe(14); // every EventKind but Bad
    expect(printable.length).toBeGreaterThanOrEqual(240);
  });
});

describe('Event.validateTableIDs equals Go\'s validateTableIDs', () => {
  const invalid = fixture.cases.filter((c) => c.validate !== '');
  test.each(invalid.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(buildEvent(c).validateTableIDs()).toBe(c.validate);
  });
});

describe('DataTable.insert errors equal Go\'s', () => {
  test.each(fixture.inserts.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    let err: string | null = null;
    if (c.kind === 'string') {
      const d = new DataTable<string>('string', '', (s) => s);
      c.ids.forEach((id, k) => { err = err ?? d.insert(u(id), str(c.values[k][0])); });
    } else {
      const d = new DataTable<StackRecord>('trace.stack', emptyStackRecord(), stackRecordString);
      c.ids.forEach((id, k) => { err = err ?? d.insert(u(id), { pcs: c.values[k].map(u) }); });
    }
    expect(err).toBe(c.want);
  });
});

describe('integers print exactly, whatever their representation', () => {
  test('a time held as an unsafe number prints its exact value, as Go\'s %d does', () => {
    const table = new EvTable();
    const t = 2 ** 60 + 256; // String() would give 1152921504606847200
    const ev = Event.fromBase(table, { g: -1, p: -1, m: 2 ** 62 }, { type: 255, time: t, args: [1] });
    expect(ev.toString()).toBe('M=4611686018427387904 P=-1 G=-1 Sync Time=1152921504606847232 N=1');
  });
});
