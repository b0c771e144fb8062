// A campaign's failures: saved at once, deduplicated by signature (property
// and cause, whatever the operator), minimized, and replaced on disk by the
// minimized case; when one signature is hit by several units of the work, the
// earliest unit's case is kept whatever order the failures arrive in.
import { mkdtempSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CorpusStore } from '../../src/corpus/corpusStore';
import { Failure, FindingSink } from '../../src/fuzz/findingSink';
import { caseTrace } from '../../src/corpus/corpusCase';
import { errorClass } from '../../src/fuzz/errorClass';
import { openReader } from '../../src/readers/readerSpecs';
import { fixtureTrace } from '../support/corpusFixtures';

const tmp = () => mkdtempSync(join(tmpdir(), 'tracefuzz-findings-'));

const failure = (bytes: Uint8Array, over: Partial<Failure> = {}): Failure => ({
  property: 'P3', bytes, cause: 'an error where the reference reads cleanly: expected a proc', operator: 'no-proc', version: 'go1.22', seed: '7', reader: 'ts', ...over,
});

test('a new failure is saved, minimized and replaces its first copy; repeats (other operators too) are duplicates', async () => {
  const ts = await openReader('ts');
  try {
    const store = CorpusStore.open(tmp());
    const sink = new FindingSink(store, { reference: ts });
    const trace = fixtureTrace({ generations: 3, fillerRuns: 10, fillerStrings: 10, faultInGeneration: 3 });
    const o = await ts.read(trace);
    const reproduces = async (t: Uint8Array) => errorClass((await ts.read(t)).error) === errorClass(o.error);
    const r = await sink.record(failure(trace), reproduces);
    expect(r.status).toBe('new');
    expect(r.minimizedSize).toBeLessThan(trace.length / 10);
    expect(readdirSync(store.dir)).toEqual([r.path!.split('/').pop()]);
    // Named after the finding (property and cause), not the operator.
    expect(r.path).toMatch(/\/p3-an-error-where-the-reference-reads-cleanly[a-z-]*-[0-9a-f]{12}\.test$/);
    const saved = CorpusStore.open(store.dir).cases()[0];
    expect(caseTrace(saved).length).toBe(r.minimizedSize);
    expect(saved.meta.notes.join(' ')).toMatch(/minimized \d+ -> \d+ bytes/);
    expect(saved.expect).toEqual({ kind: 'failure', pattern: "^expected a proc but didn't have one" });

    const other = fixtureTrace({ generations: 2, faultInGeneration: 2 });
    const again = await sink.record(failure(other, { seed: '8', operator: 'another-operator', version: 'go1.26' }), reproduces);
    expect(again.status).toBe('duplicate');
    expect(sink.counts().get(r.signature)).toBe(2);
    expect(sink.summaries()).toEqual([expect.objectContaining({ count: 2, operators: { 'no-proc': 1, 'another-operator': 1 }, versions: { 'go1.22': 1, 'go1.26': 1 } })]);
    // Another cause is another finding.
    expect((await sink.record(failure(other, { cause: 'events lost before the error' }), reproduces)).status).toBe('new');
    // A later run over the same corpus knows the signature too.
    const later = new FindingSink(CorpusStore.open(store.dir), { reference: ts });
    expect((await later.record(failure(trace), reproduces)).status).toBe('duplicate');
  } finally {
    await ts.close();
  }
});

test("the earliest unit's failure is the one kept, whichever arrives first", async () => {
  const ts = await openReader('ts');
  try {
    const early = fixtureTrace({ generations: 2, faultInGeneration: 2 });
    const late = fixtureTrace({ generations: 3, fillerRuns: 3, faultInGeneration: 3 });
    const keep = async (order: readonly ['early' | 'late', number][]) => {
      const sink = new FindingSink(CorpusStore.open(tmp()), { reference: ts, minimize: false });
      const statuses: string[] = [];
      for (const [which, unit] of order) {
        const c = await sink.claim(failure(which === 'early' ? early : late, { order: unit }));
        statuses.push(c.status);
      }
      const cases = CorpusStore.open(sink.store.dir).cases();
      expect(cases).toHaveLength(1);
      return { statuses, bytes: caseTrace(cases[0]), summary: sink.summaries()[0] };
    };
    const inOrder = await keep([['early', 3], ['late', 9]]);
    const reversed = await keep([['late', 9], ['early', 3]]);
    expect(inOrder.statuses).toEqual(['new', 'duplicate']);
    expect(reversed.statuses).toEqual(['new', 'new']);
    expect(reversed.bytes).toEqual(inOrder.bytes);
    expect(reversed.bytes).toEqual(early);
    expect(reversed.summary).toMatchObject({ order: 3, count: 2 });
  } finally {
    await ts.close();
  }
});

test('a trace without a text form is kept as binary until minimization gives one', async () => {
  const ts = await openReader('ts');
  try {
    const store = CorpusStore.open(tmp());
    const t = fixtureTrace({ generations: 2, fillerRuns: 5 });
    const cut = t.subarray(0, t.length - 1); // ends inside the last event
    const o = await ts.read(cut);
    expect(o.kind).toBe('error');
    const reproduces = async (x: Uint8Array) => errorClass((await ts.read(x)).error) === errorClass(o.error);
    const noMin = new FindingSink(store, { reference: ts, minimize: false });
    const r1 = await noMin.record(failure(cut, { cause: 'cut' }), reproduces);
    expect(r1.path).toMatch(/raw\/p3-cut-[0-9a-f]{12}\.trace$/);
    expect(existsSync(r1.path + '.txt')).toBe(true);

    const store2 = CorpusStore.open(tmp());
    const r2 = await new FindingSink(store2, { reference: ts }).record(failure(cut, { cause: 'cut' }), reproduces);
    expect(r2.status).toBe('new');
    expect(r2.minimizedSize).toBeLessThan(cut.length);
  } finally {
    await ts.close();
  }
});
