// A campaign's failures: saved at once, deduplicated by signature, minimized,
// and replaced on disk by the minimized case.
import { mkdtempSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CorpusStore } from '../../src/corpus/corpusStore';
import { FindingSink } from '../../src/fuzz/findingSink';
import { caseTrace } from '../../src/corpus/corpusCase';
import { errorClass } from '../../src/fuzz/errorClass';
import { openReader } from '../../src/readers/readerSpecs';
import { fixtureTrace } from '../support/corpusFixtures';
import { namedFaultCase } from '../support/traceCases';

const tmp = () => mkdtempSync(join(tmpdir(), 'tracefuzz-findings-'));

test('a new failure is saved, minimized and replaces its first copy; repeats are duplicates', async () => {
  const ts = await openReader('ts');
  try {
    const store = CorpusStore.open(tmp());
    const sink = new FindingSink(store, { reference: ts });
    const trace = fixtureTrace({ generations: 3, fillerRuns: 10, fillerStrings: 10, faultInGeneration: 3 });
    const o = await ts.read(trace);
    const reproduces = async (t: Uint8Array) => errorClass((await ts.read(t)).error) === errorClass(o.error);
    const failure = { property: 'P3', case: namedFaultCase(trace, 'no-proc', 22), error: o.error, seed: '7', reader: 'ts' };
    const r = await sink.record(failure, reproduces);
    expect(r.status).toBe('new');
    expect(r.minimizedSize).toBeLessThan(trace.length / 10);
    expect(readdirSync(store.dir)).toEqual([r.path!.split('/').pop()]);
    const saved = CorpusStore.open(store.dir).cases()[0];
    expect(caseTrace(saved).length).toBe(r.minimizedSize);
    expect(saved.meta.notes.join(' ')).toMatch(/minimized \d+ -> \d+ bytes/);
    expect(saved.expect).toEqual({ kind: 'failure', pattern: "^expected a proc but didn't have one" });

    const again = await sink.record({ ...failure, seed: '8', case: namedFaultCase(fixtureTrace({ generations: 2, faultInGeneration: 2 }), 'no-proc', 22) }, reproduces);
    expect(again.status).toBe('duplicate');
    expect(sink.counts().get(r.signature)).toBe(2);
    // A later run over the same corpus knows the signature too.
    const later = new FindingSink(CorpusStore.open(store.dir), { reference: ts });
    expect((await later.record(failure, reproduces)).status).toBe('duplicate');
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
    const r1 = await noMin.record({ property: 'P3', case: namedFaultCase(cut, 'cut', 22), error: o.error }, reproduces);
    expect(r1.path).toMatch(/raw\/p3-cut-[0-9a-f]{12}\.trace$/);
    expect(existsSync(r1.path + '.txt')).toBe(true);

    const store2 = CorpusStore.open(tmp());
    const r2 = await new FindingSink(store2, { reference: ts }).record({ property: 'P3', case: namedFaultCase(cut, 'cut', 22), error: o.error }, reproduces);
    expect(r2.status).toBe('new');
    expect(r2.minimizedSize).toBeLessThan(cut.length);
  } finally {
    await ts.close();
  }
});
