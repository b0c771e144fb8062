// Operators made for paths of Go's reader that only its own fuzzer, its seed
// corpus or nothing at all reached (README, "Measuring the harness by Go's
// reader"): each one's cases reach its path in a coverage build of Go's
// reader, Go's outcome is the declared one, and the TS reader's equals Go's —
// except on the pre-go1.22 format, which the TS reader does not read (it says
// so, and P7 leaves it out). The model's same-named tasks reach their path too.
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import fc from 'fast-check';
import { operatorByName } from '../../arbitraries/corruption';
import { V1_ERRORS } from '../../arbitraries/corruption/batchStructural';
import { singleFaultCaseArb, TraceCase, validCaseArb } from '../../arbitraries/traceCase';
import { SMALL_KNOBS } from '../../arbitraries/trace';
import type { TraceReader } from '../../src/readers/traceReader';
import { openReader } from '../../src/readers/readerSpecs';
import { CoverageReader, openCoverageReader } from '../../src/readers/coverageReader';
import { normalizeError } from '../../src/properties/normalize';
import { checkP7, LEGACY_NOT_READ } from '../../src/properties/p7Conformance';
import { describeGo } from '../support/go';

const SEED = 120612;

const sample = (op: string, n: number): TraceCase[] => fc.sample(singleFaultCaseArb(SMALL_KNOBS, { operators: [operatorByName(op)!] }), { seed: SEED, numRuns: n });

/**
 * A place in the reader's source, found by text rather than line number (the
 * toolchain's release moves lines): the first line containing `text`, after
 * the first line containing `after` when given.
 */
interface Place {
  file: string;
  after?: string;
  text: string;
}

/** Which paths each operator is for. */
const TARGETS: { op: string; places: Place[] }[] = [
  { op: 'event-type-beyond-table', places: [{ file: 'batchcursor.go', text: 'found invalid event type' }] },
  { op: 'empty-batch', places: [{ file: 'reader.go', after: "Turns out there aren't actually any events", text: 'continue' }] },
  { op: 'end-of-generation-among-batches', places: [{ file: 'generation.go', text: 'unexpectedly processing EndOfGeneration' }] },
  {
    op: 'order:gc-seq',
    places: [
      { file: 'order.go', after: 'func (o *ordering) advanceGCActive', text: 'return curCtx, false, nil' },
      { file: 'order.go', after: 'func (o *ordering) advanceGCBegin', text: 'return curCtx, false, nil' },
    ],
  },
  { op: 'semantic:needs-goroutine', places: [{ file: 'order.go', after: 'func (o *ordering) advanceUserRegionBegin', text: 'return curCtx, false, err' }] },
  { op: 'semantic:goroutine-on-two-threads', places: [{ file: 'order.go', after: 'func (o *ordering) advanceGoRangeEnd', text: 'without known state for current goroutine' }] },
  {
    op: 'legacy-format',
    places: [
      { file: 'reader.go', text: 'v1Events: convertV1Trace(tr)' },
      { file: 'reader.go', text: 'return syncEvent(r.v1Events.evt' },
      { file: 'reader.go', text: 'return syncEvent(nil, r.v1Events.lastTs+1' },
      { file: 'reader.go', after: 'ev, err := r.v1Events.next()', text: 'return Event{}, err' },
    ],
  },
];

/** Whether two tasks of one name end in one generation of the stream. */
function sameNamedTaskEnds(events: readonly string[]): boolean {
  let names = new Set<string>();
  for (const e of events) {
    if (/^\S+ \S+ \S+ Sync /.test(e)) names = new Set();
    const m = /^\S+ \S+ \S+ TaskEnd .* Type="(.+)"$/.exec(e.split('\n')[0]);
    if (!m) continue;
    if (names.has(m[1])) return true;
    names.add(m[1]);
  }
  return false;
}

function lineOf(dir: string, p: Place): number {
  const lines = readFileSync(join(dir, p.file), 'utf8').split('\n');
  const from = p.after === undefined ? 0 : lines.findIndex((l) => l.includes(p.after!));
  expect({ place: p, found: from >= 0 }).toEqual({ place: p, found: true });
  const i = lines.findIndex((l, k) => k >= from && l.includes(p.text));
  expect({ place: p, found: i >= 0 }).toEqual({ place: p, found: true });
  return i + 1;
}

/** Whether a block the reader reached holds a statement on that line of that file. */
function reachedLine(reader: CoverageReader, file: string, line: number): boolean {
  for (const id of reader.reached()) {
    const b = reader.blocks[id];
    if (basename(b.file) === file && b.line0 <= line && line <= b.line1) return true;
  }
  return false;
}

describeGo("operators for the reader's rare paths", () => {
  let cov: CoverageReader;
  let ts: TraceReader;
  beforeAll(async () => {
    cov = await openCoverageReader('go', { timeoutMs: 120_000 });
    ts = await openReader('ts');
  }, 600_000);
  afterAll(() => cov?.close());

  for (const { op, places } of TARGETS) {
    it(`${op}: its cases reach ${places.map((p) => `${p.file} "${p.text}"`).join(', ')} in Go's reader`, async () => {
      await cov.reset();
      for (const c of sample(op, 16)) await cov.read(c.bytes);
      for (const p of places) {
        const line = lineOf(cov.build.readerDir, p);
        expect({ place: p, line, reached: reachedLine(cov, p.file, line) }).toEqual({ place: p, line, reached: true });
      }
    }, 300_000);

    it(`${op}: Go's outcome is the declared one, and the TS reader's equals it`, async () => {
      for (const c of sample(op, 16)) {
        const g = await cov.read(c.bytes);
        const where = `${c.description}: Go gave ${g.kind} ${g.error?.split('\n')[0] ?? ''}`;
        if (c.expected.expect === 'error') expect({ where, kind: g.kind }).toEqual({ where, kind: 'error' });
        if (c.expected.expectedError !== undefined) expect({ where, error: g.error }).toEqual({ where, error: c.expected.expectedError });
        const o = await ts.read(c.bytes);
        if (op === 'legacy-format') {
          // Go's words on each form; the TS reader says it does not read the format, and P7 leaves it out.
          if (g.kind === 'error') expect({ where, known: [V1_ERRORS.v2Body, V1_ERRORS.unconverted].includes(g.error as never) }).toEqual({ where, known: true });
          expect(o.kind).toBe('error');
          expect(o.error).toMatch(/^unsupported trace version go 1\.(11|19|21): a pre-go1\.22 trace, which tracefuzz does not read$/);
          expect(await checkP7(ts, cov, c)).toEqual({ pass: true, note: LEGACY_NOT_READ });
          continue;
        }
        if (op === 'empty-batch') {
          // Valid, with the very events of the trace without it.
          expect({ where, kind: g.kind }).toEqual({ where, kind: 'ok' });
          expect(g.events).toEqual((await cov.read(c.valid!.encoded.bytes)).events);
        }
        expect({ where, kind: o.kind, error: normalizeError(o.error), events: o.events }).toEqual({ where, kind: g.kind, error: normalizeError(g.error), events: g.events });
      }
    }, 300_000);
  }

  it("the model's tasks: two of one name end in a generation, and Go's reader looks the name up again", async () => {
    // Found with the TS reader (fast); the model does it in about one valid trace in a hundred.
    const twice: TraceCase[] = [];
    for (const c of fc.sample(validCaseArb(SMALL_KNOBS), { seed: SEED, numRuns: 400 })) if (sameNamedTaskEnds((await ts.read(c.bytes)).events)) twice.push(c);
    expect(twice.length).toBeGreaterThan(0);
    await cov.reset();
    for (const c of twice.slice(0, 3)) expect((await cov.read(c.bytes)).kind).toBe('ok');
    const line = lineOf(cov.build.readerDir, { file: 'base.go', after: 'if id, ok := t.extraStringIDs[s]; ok', text: 'return id' });
    expect(reachedLine(cov, 'base.go', line)).toBe(true);
  }, 300_000);
});
