// Findings about Go's reader, kept as tests so that a fix in Go shows up:
// inputs on which `go tool trace -d=parsed` panics in Event.String() while
// the reader accepted the trace, and one on which its error is not
// deterministic. The TS reader never crashes (P4): it prints
// the event with the interpretation Go's own parser used, or, where Go
// follows a reference nothing checked, reports it as Go reports the checked
// ones (validateTableIDs' errors), after the same events.
import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { describeGo } from '../support/go';
import { EventKind } from '../../src/trace/eventKind';
import { rawEvent } from '../../src/trace/rawEvent';
import { readAll } from '../../src/trace/reader';
import { Ev } from '../../src/trace/spec';
import { NO_THREAD, TraceWriter } from '../../src/trace/traceWriter';
import type { U64 } from '../../src/trace/u64';

// A go1.26 generation with one running proc; `extra` adds batches.
function trace(pstatus: U64, extra: (w: TraceWriter) => void = () => {}): Uint8Array {
  const w = new TraceWriter(26);
  w.frequency(1, 10, 1_000_000_000, [1, 1, 0, 0]);
  w.strings(1, 10, []);
  w.stacks(1, 10, []);
  extra(w);
  w.batch(1, 1, 10, [rawEvent(26, Ev.ProcStatus, [1, 0, pstatus])]);
  w.endOfGeneration();
  return w.bytes();
}

describeGo('Go reader findings: panics in Event.String, a nondeterministic error', (tc) => {
  let dir: string;
  beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'tracefuzz-crash-')); });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function goDump(name: string, bytes: Uint8Array): { status: number | null; stdout: string; stderr: string } {
    const file = join(dir, name);
    writeFileSync(file, bytes);
    const r = spawnSync(tc().go, ['tool', 'trace', '-d=parsed', file], { env: { ...process.env, GOTOOLCHAIN: 'local' } });
    return { status: r.status, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
  }

  // Event.Sync() indexes the experiment-name table with an ExperimentalBatch's
  // experiment byte, which nothing validates.
  test('a batch of an unknown experiment: Go panics printing the Sync event', () => {
    const bytes = trace(1, (w) => w.experimentalBatch(7, 1, 1, 10, Uint8Array.from([1, 2, 3])));
    const go = goDump('unknown-experiment', bytes);
    expect(go.status).not.toBe(0);
    expect(go.stderr).toContain('panic: runtime error: index out of range [7] with length 2');
    const ts = readAll(bytes);
    expect(ts.error).toBeNull();
    expect(ts.events.map((e) => e.kind)).toEqual([EventKind.Sync, EventKind.StateTransition, EventKind.Sync]);
    expect([...ts.events[0].sync().experimentalBatches.keys()]).toEqual(['Experiment(7)']);
  });

  // The parser checks ProcStatus's status as a uint8 (257 → 1, Running) but
  // Event.StateTransition() indexes its table with the whole uint64.
  test('a ProcStatus whose status is valid only modulo 256: Go panics printing it', () => {
    const bytes = trace(257);
    const go = goDump('procstatus-257', bytes);
    expect(go.status).not.toBe(0);
    expect(go.stdout).toBe('M=-1 P=-1 G=-1 Sync Time=10 N=1 Trace=11 Mono=1 Wall=1970-01-01T00:00:00Z\n');
    expect(go.stderr).toContain('panic: runtime error: index out of range [257] with length 5');
    const ts = readAll(bytes);
    expect(ts.error).toBeNull();
    expect(ts.events[1].toString()).toBe('M=1 P=-1 G=-1 StateTransition Time=11 ProcID=0 Undetermined->Running Reason=""');
    // The same trace with status 1 prints the same line in Go.
    expect(goDump('procstatus-1', trace(1)).stdout.split('\n')[1]).toBe(ts.events[1].toString());
  });

  // validateTableIDs checks the stack slot of the CPUSample wire event, which
  // a sample's event does not use; the sample's own stack goes unchecked.
  test('a CPU sample with an unknown stack: Go panics printing it, TS reports the stack ID', () => {
    const bytes = trace(1, (w) => w.batch(1, NO_THREAD, 10, [
      rawEvent(26, Ev.CPUSamples, []),
      rawEvent(26, Ev.CPUSample, [12, 1, 0, 0, 99]),
    ]));
    const go = goDump('cpu-sample-stack', bytes);
    expect(go.status).not.toBe(0);
    expect(go.stderr).toContain('panic: expected id 99 in trace.stack table');
    const ts = readAll(bytes);
    expect(ts.error?.message).toBe('found invalid stack ID 99 for event CPUSample');
    expect(ts.events.map((e) => e.toString() + '\n').join('')).toBe(go.stdout);
  });

  // The STW reason travels from STWBegin to STWEnd as a string ID of the
  // begin's generation, but is looked up in the end's generation.
  function stwAcrossGenerations(gen2Strings: Array<[number, string]>): Uint8Array {
    const w = new TraceWriter(26);
    const gen = (g: number, strings: Array<[number, string]>, last: ReturnType<typeof rawEvent>) => {
      w.frequency(g, g * 10, 1_000_000_000, [1, 1, 0, 0]);
      w.strings(g, g * 10, strings);
      w.stacks(g, g * 10, []);
      w.batch(g, 1, g * 10, [rawEvent(26, Ev.ProcStatus, [1, 0, 1]), rawEvent(26, Ev.GoStatus, [1, 1, 1, 2]), last]);
      w.endOfGeneration();
    };
    gen(1, [[10, 'GC']], rawEvent(26, Ev.STWBegin, [1, 10, 0]));
    gen(2, gen2Strings, rawEvent(26, Ev.STWEnd, [1]));
    return w.bytes();
  }

  test('an STW range across generations takes its end\'s name from the wrong table, as in Go', () => {
    const bytes = stwAcrossGenerations([[10, 'other']]);
    const go = goDump('stw-across-gens', bytes);
    expect(go.status).toBe(0);
    expect(go.stdout).toContain('RangeEnd Time=23 Name="stop-the-world (other)"');
    const ts = readAll(bytes);
    expect(ts.error).toBeNull();
    expect(ts.events.map((e) => e.toString() + '\n').join('')).toBe(go.stdout);
  });

  test('an STW range across generations whose reason is missing: Go panics, TS reports the string ID', () => {
    const bytes = stwAcrossGenerations([[1, 'x']]);
    const go = goDump('stw-across-gens-missing', bytes);
    expect(go.status).not.toBe(0);
    expect(go.stderr).toContain('panic: expected id 10 in string table');
    const ts = readAll(bytes);
    expect(ts.error?.message).toBe('found invalid string ID 10 for event STWEnd');
    expect(ts.events.map((e) => e.toString() + '\n').join('')).toBe(go.stdout);
  });

  // Not a crash but the same family: Go validates stack frames by iterating a
  // map when stack IDs are too sparse to be compacted, so with several bad
  // stacks the error it reports changes from run to run. The TS reader checks
  // them in the order they were read (dense tables: by ID, as Go).
  test('several stacks with bad strings and sparse IDs: Go\'s error varies between runs, TS\'s does not', () => {
    const w = new TraceWriter(26);
    w.frequency(1, 10, 1_000_000_000, [1, 1, 0, 0]);
    w.strings(1, 10, [[1, 'f']]);
    const ids = [5, 1_000_000, 3_000_000, 7_000_000, 9_000_000, 11_000_000, 13_000_000, 15_000_000];
    w.stacks(1, 10, ids.map((id, i) => [id, [[0x10 * (i + 1), 70 + i, 1, 1]]] as const));
    w.batch(1, 1, 10, [rawEvent(26, Ev.ProcStatus, [1, 0, 1])]);
    w.endOfGeneration();
    const bytes = w.bytes();
    const seen = new Set<string>();
    for (let i = 0; i < 10; i++) seen.add(goDump('sparse-bad-stacks', bytes).stderr.trim());
    expect(seen.size).toBeGreaterThan(1);
    const ts = new Set([readAll(bytes), readAll(bytes)].map((o) => o.error?.message));
    expect([...ts]).toEqual(['found invalid func string ID 70 for stack 5']);
    expect(ids.map((id, i) => `found invalid func string ID ${70 + i} for stack ${id}`)).toEqual(expect.arrayContaining([...seen]));
  });
});
