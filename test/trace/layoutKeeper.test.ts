// The reader keeps one object of each of its classes for the life of the
// program (layoutKeeper), so that V8 keeps their layouts: a full GC between
// two reads, or between two generations, then throws away none of the
// reader's optimized code. Shown on a real trace, read three times with
// every garbage collected in between, by a child process under
// --trace-deopt: no hot function of the reader is thrown away for a dead
// layout ("weak objects") — and, with the kept objects let go, several are.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describeGo } from '../support/go';
import { programTracePath } from '../../src/readers/goPrograms';
import { keepLayout } from '../../src/trace/layoutKeeper';

const CHILD = join(__dirname, '..', 'fixtures', 'trace', 'rereadAfterGc.js');
// The reader's hottest functions (by their names in V8's output), and the
// child's reading loop (`count`, into which V8 inlines readEvent).
const HOT = new Set([
  'count', 'next', 'advance', 'follows', 'readCommon', 'nextEvent', 'readEvent', 'Event', 'heapSiftDown', 'heapUpdate',
  'validateCtx', 'validateTableIDs', 'arg', 'has', 'get', 'byte', 'uvarint',
]);

/** The reader's hot functions V8 threw away for a dead layout, and the event counts of the three reads. */
function rereadAfterGc(trace: string, mode: 'kept' | 'released'): { thrownAway: string[]; reads: number[] } {
  const r = spawnSync(process.execPath, ['--expose-gc', '--trace-deopt', CHILD, trace, mode], { encoding: 'utf8', maxBuffer: 64 << 20, timeout: 300_000 });
  if (r.status !== 0) throw new Error(`child exited ${r.status}: ${r.stderr}`);
  const lines = r.stdout.split('\n');
  const thrownAway = lines
    .filter((l) => l.includes('reason: weak objects'))
    .map((l) => /SharedFunctionInfo ([\w$]+)>/.exec(l)?.[1] ?? '')
    .filter((name) => HOT.has(name));
  const reads = lines.filter((l) => l.startsWith('read ')).map((l) => Number(l.split(' ')[1]));
  return { thrownAway, reads };
}

describe('keepLayout', () => {
  test('gives the named fields their widest values first, and keeps the object', () => {
    const obj = { time: 0, id: 0 };
    expect(keepLayout(obj, { time: 1n << 63n })).toBe(obj);
    expect(obj).toEqual({ time: 1n << 63n, id: 0 });
  });

  test('refuses a name that is not a field (it would make another layout)', () => {
    const obj = { time: 0 };
    expect(() => keepLayout(obj, { tiem: 1n })).toThrow('no field tiem');
    expect(Object.keys(obj)).toEqual(['time']);
  });
});

describeGo('a full GC between reads', () => {
  let trace: string;
  beforeAll(async () => {
    trace = await programTracePath('gcpressure');
  }, 600_000);

  test('throws away none of the reader’s optimized code; without the kept layouts it does', () => {
    const kept = rereadAfterGc(trace, 'kept');
    const released = rereadAfterGc(trace, 'released');
    expect(kept.reads.length).toBe(3);
    expect(kept.reads[0]).toBeGreaterThan(100_000);
    expect(new Set([...kept.reads, ...released.reads])).toEqual(new Set([kept.reads[0]]));
    expect(kept.thrownAway).toEqual([]);
    expect(released.thrownAway.length).toBeGreaterThan(0);
  }, 600_000);
});
