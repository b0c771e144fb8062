// The corpus store saves findings at once as Go-compatible `.test` files,
// deduplicates them by signature (keeping the smallest), and loads them back.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CorpusStore, Finding } from '../../src/corpus/corpusStore';
import { CaseFormatError, caseTrace, parseCase } from '../../src/corpus/corpusCase';
import { makeSignature, recordedSignature, signatureId, signatureKey, parseSignatureKey } from '../../src/fuzz/signature';
import { errorClass } from '../../src/fuzz/errorClass';
import { fixtureTrace } from '../support/corpusFixtures';

const tmp = () => mkdtempSync(join(tmpdir(), 'tracefuzz-corpus-'));

function finding(over: Partial<Finding> = {}): Finding {
  return {
    trace: fixtureTrace({ generations: 2, faultInGeneration: 2 }),
    expect: { kind: 'failure', pattern: "^expected a proc but didn't have one" },
    signature: recordedSignature(makeSignature('P1', "expected a proc but didn't have one", 'no-proc-create', 'go1.22')),
    seed: '1234',
    reader: 'mutant:pre-fix-spill',
    events: 12,
    date: new Date('2026-01-02T03:04:05Z'),
    ...over,
  };
}

describe('error classes and signatures', () => {
  test('numbers and ids are normalized so equal causes share a class', () => {
    expect(errorClass('invalid batch size 70000, maximum is 65536')).toBe('invalid batch size N, maximum is N');
    expect(errorClass('failed to read full batch: read 3 but wanted 50')).toBe(errorClass('failed to read full batch: read 10 but wanted 9'));
    expect(errorClass('bad pc 0x4a3f2c\nmore')).toBe('bad pc N');
    expect(errorClass(null)).toBe('no error');
  });

  test('a signature is the property and the cause: operator and version are listed inside, not part of it', () => {
    const a = makeSignature('P1', 'read 3 but wanted 5', 'truncate', 'go1.22');
    expect(signatureKey(a)).toBe('P1|read N but wanted N');
    expect(parseSignatureKey(signatureKey(a))).toEqual({ property: 'P1', cause: 'read N but wanted N' });
    // Keys of cases saved before causes still parse: their error class is the cause.
    expect(parseSignatureKey('P1|truncate|go1.22|read N but wanted N')).toEqual({ property: 'P1', cause: 'read N but wanted N' });
    expect(signatureId(a)).toMatch(/^[0-9a-f]{12}$/);
    for (const same of [
      makeSignature('P1', 'read 9 but wanted 1', 'truncate', 'go1.22'),
      makeSignature('P1', 'read 3 but wanted 5', 'flip', 'go1.22'),
      makeSignature('P1', 'read 3 but wanted 5', 'truncate', 'go1.26'),
    ]) expect(signatureId(same)).toBe(signatureId(a));
    for (const b of [
      makeSignature('P2', 'read 3 but wanted 5', 'truncate', 'go1.22'),
      makeSignature('P1', 'other error', 'truncate', 'go1.22'),
    ]) expect(signatureId(b)).not.toBe(signatureId(a));
  });
});

describe('CorpusStore', () => {
  test('a finding is written at once as a .test file with its metadata, and loads back', () => {
    const dir = tmp();
    const store = CorpusStore.open(dir);
    const f = finding();
    const r = store.addFinding(f);
    expect(r.status).toBe('added');
    expect(readdirSync(dir)).toEqual([r.path.split('/').pop()]);
    const text = readFileSync(r.path, 'utf8');
    expect(text).toMatch(/^signature: [0-9a-f]{12}\n/);
    for (const line of ['property: P1', 'operator: no-proc-create', 'seed: 1234', 'reader: mutant:pre-fix-spill', 'version: go1.22', 'date: 2026-01-02T03:04:05.000Z', 'events: 12']) {
      expect(text).toContain(line + '\n');
    }
    expect(text).toContain("-- expect --\nFAILURE \"^expected a proc but didn't have one\"\n-- trace --\nTrace Go1.22\n");

    const again = CorpusStore.open(dir);
    expect(again.size).toBe(1);
    const c = again.get(f.signature.id)!;
    expect(c.meta.events).toBe(12);
    expect(c.meta.property).toBe('P1');
    expect(Array.from(caseTrace(c))).toEqual(Array.from(f.trace));
  });

  test('duplicates by signature keep the smallest case', () => {
    const dir = tmp();
    const store = CorpusStore.open(dir);
    const big = finding({ trace: fixtureTrace({ generations: 3, fillerRuns: 5, faultInGeneration: 3 }) });
    const small = finding({ trace: fixtureTrace({ generations: 1, faultInGeneration: 1 }) });
    const first = store.addFinding(big);
    expect(first.status).toBe('added');
    const dup = store.addFinding(finding({ trace: fixtureTrace({ generations: 4, fillerRuns: 5, faultInGeneration: 4 }) }));
    expect(dup.status).toBe('duplicate');
    const rep = store.addFinding(small);
    expect(rep.status).toBe('replaced');
    expect(rep.path).toBe(first.path);
    expect(readdirSync(dir)).toHaveLength(1);
    expect(Array.from(caseTrace(CorpusStore.open(dir).cases()[0]))).toEqual(Array.from(small.trace));
    // Another signature is another file.
    const other = store.addFinding(finding({ signature: recordedSignature(makeSignature('P3', null, 'flip', 'go1.22')) }));
    expect(other.status).toBe('added');
    expect(readdirSync(dir).sort()).toHaveLength(2);
  });

  test('a trace without a text form is saved as a raw case that loads back with its expectation', () => {
    const dir = tmp();
    const store = CorpusStore.open(dir);
    const t = fixtureTrace();
    const broken = new Uint8Array(t.length + 1);
    broken.set(t);
    broken[t.length] = 0xff;
    const r = store.addFinding(finding({ trace: broken }));
    expect(r.path).toMatch(/\/raw\/no-proc-create-[0-9a-f]{12}\.trace$/);
    const back = CorpusStore.open(dir);
    expect(back.problems).toEqual([]);
    const c = back.get(r.signature)!;
    expect(c.path).toBe(r.path);
    expect(Array.from(caseTrace(c))).toEqual(Array.from(broken));
    expect(c.expect).toEqual(finding().expect);
    expect(c.meta).toMatchObject({ property: 'P1', events: 12, reader: 'mutant:pre-fix-spill', extra: {} });
    expect(() => parseCase(readFileSync(r.path + '.txt', 'utf8'))).toThrow(CaseFormatError);
  });

  test('loading skips temporary files and reports malformed cases', () => {
    const dir = tmp();
    CorpusStore.open(dir).addFinding(finding());
    writeFileSync(join(dir, '.x.test.tmp-1-0'), 'half a fi');
    writeFileSync(join(dir, 'bad.test'), '-- expect --\nSUCCESS\n');
    writeFileSync(join(dir, 'notes.txt'), 'ignored');
    const store = CorpusStore.open(dir);
    expect(store.size).toBe(1);
    expect(store.problems).toEqual([{ path: join(dir, 'bad.test'), message: 'malformed test: wrong number of files' }]);
  });

  test('cases without tracefuzz metadata (e.g. Go\'s own) dedupe by content', () => {
    const dir = tmp();
    const text = readFileSync(CorpusStore.open(tmp()).addFinding(finding()).path, 'utf8').replace(/^[^-]*/, '');
    writeFileSync(join(dir, 'a.test'), text);
    writeFileSync(join(dir, 'b.test'), text);
    writeFileSync(join(dir, 'c.test'), text.replace('SUCCESS', 'SUCCESS').replace('freq=15625000', 'freq=1'));
    const store = CorpusStore.open(dir);
    expect(store.size).toBe(2);
    expect(parseCase(text).meta.signature).toBe('');
  });
});

describe('case metadata', () => {
  test('notes and unknown keys survive a round trip; text that only looks like a key stays a note', () => {
    const { parseMetadata, formatMetadata } = jest.requireActual('../../src/corpus/caseMetadata') as typeof import('../../src/corpus/caseMetadata');
    const m = parseMetadata('mutant:pre-fix-spill disagrees with ts\nsignature: abc\nreader: mutant:x\nshard: 2/4\nnote: minimized 10 -> 2 bytes\nevents: 3\n');
    expect(m).toMatchObject({ signature: 'abc', reader: 'mutant:x', events: 3, extra: { shard: '2/4' } });
    expect(m.notes).toEqual(['mutant:pre-fix-spill disagrees with ts', 'minimized 10 -> 2 bytes']);
    expect(parseMetadata(formatMetadata(m))).toEqual(m);
  });
});
