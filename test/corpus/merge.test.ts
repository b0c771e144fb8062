// `corpus merge` combines shard corpora: one case per signature, the smallest.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CorpusStore } from '../../src/corpus/corpusStore';
import { mergeCorpora } from '../../src/corpus/corpusMerge';
import { caseTrace } from '../../src/corpus/corpusCase';
import { makeSignature, recordedSignature, signatureId } from '../../src/fuzz/signature';
import { fixtureTrace } from '../support/corpusFixtures';
import { openReader } from '../../src/readers/readerSpecs';
import type { TraceReader } from '../../src/readers/traceReader';

let ts: TraceReader;
beforeAll(async () => { ts = await openReader('ts'); });
afterAll(() => ts.close());

const tmp = () => mkdtempSync(join(tmpdir(), 'tracefuzz-merge-'));

function add(dir: string, property: string, gens: number): void {
  CorpusStore.open(dir).addFinding({
    trace: fixtureTrace({ generations: gens, faultInGeneration: gens }),
    expect: { kind: 'failure', pattern: 'expected a proc' },
    signature: recordedSignature(makeSignature(property, "expected a proc but didn't have one", 'no-proc', 'go1.22')),
    name: `${property}-g${gens}`,
  });
}

test('merge keeps one smallest case per signature across shards', async () => {
  const [a, b, c, out] = [tmp(), tmp(), tmp(), tmp()];
  add(a, 'P1', 3); add(a, 'P2', 1);
  add(b, 'P1', 2); add(b, 'P2', 4); add(b, 'P3', 2);
  add(c, 'P1', 4);
  const s = await mergeCorpora([a, b, c], out, ts);
  expect(s).toMatchObject({ read: 6, total: 3, problems: [] });
  expect(s.added + s.replaced + s.duplicates).toBe(6);
  const merged = CorpusStore.open(out);
  expect(readdirSync(out)).toHaveLength(3);
  const gensOf = (p: string) => {
    const c = merged.get(signatureId(makeSignature(p, "expected a proc but didn't have one", 'no-proc', 'go1.22')))!;
    return caseTrace(c).length;
  };
  expect(gensOf('P1')).toBe(fixtureTrace({ generations: 2, faultInGeneration: 2 }).length);
  expect(gensOf('P2')).toBe(fixtureTrace({ generations: 1, faultInGeneration: 1 }).length);
  expect(gensOf('P3')).toBe(fixtureTrace({ generations: 2, faultInGeneration: 2 }).length);
  // File names keep what the case shows and do not repeat the signature.
  for (const f of readdirSync(out)) expect(f).toMatch(/^p\d-g\d-[0-9a-f]{12}\.test$/);

  // Merging again changes nothing.
  const again = await mergeCorpora([a, b, c], out, ts);
  expect(again).toMatchObject({ added: 0, replaced: 0, duplicates: 6, total: 3 });
});

test('merge refuses an input that is not a directory', async () => {
  await expect(mergeCorpora([join(tmp(), 'missing')], tmp(), ts)).rejects.toThrow(/not a corpus directory/);
});
