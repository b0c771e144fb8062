// A mutants run's results file: each mutant's result is one line, appended as
// it finishes; a resumed run takes them as they are, a torn last line (the run
// was killed while writing) is a mutant not run yet, and a file of another
// reader is refused rather than mixed in.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendResult, MutantResult, MutantResultsError, readResults } from '../../src/report/mutantResults';

function result(id: string, reader = 'go-exp@v1'): MutantResult {
  return {
    reader,
    m: { id, file: 'order.go', line: 1, op: 'negate', start: 0, end: 1, original: 'a', replacement: '!a' },
    run: { status: 'killed', changesReal: true, cases: 3, ms: 10, killedBy: { label: 'x.test', class: 'regression', difference: null } },
    diff: '--- a/order.go\n',
  };
}

describe('mutant results file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tracefuzz-mres-'));

  test('results appended one per line read back by id; a missing file is an empty run', () => {
    const file = join(dir, 'a.jsonl');
    expect(readResults(file, 'go-exp@v1').size).toBe(0);
    appendResult(file, result('order.go:1:negate:1'));
    appendResult(file, result('order.go:2:negate:1'));
    const back = readResults(file, 'go-exp@v1');
    expect([...back.keys()]).toEqual(['order.go:1:negate:1', 'order.go:2:negate:1']);
    expect(back.get('order.go:1:negate:1')).toEqual(result('order.go:1:negate:1'));
  });

  test('a torn last line is a mutant not yet run, and the next result starts a line of its own', () => {
    const file = join(dir, 'b.jsonl');
    writeFileSync(file, `${JSON.stringify(result('r.go:1:negate:1'))}\n{"reader":"go-exp@v1","m":{"id":"r.go:2`);
    expect([...readResults(file, 'go-exp@v1').keys()]).toEqual(['r.go:1:negate:1']);
    appendResult(file, result('r.go:3:negate:1'));
    expect([...readResults(file, 'go-exp@v1').keys()]).toEqual(['r.go:1:negate:1', 'r.go:3:negate:1']);
    expect(readFileSync(file, 'utf8').split('\n').length).toBe(3);
  });

  test('a file of another reader, or of something else, is refused', () => {
    const other = join(dir, 'c.jsonl');
    appendResult(other, result('r.go:1:negate:1', 'go-exp@v2'));
    expect(() => readResults(other, 'go-exp@v1')).toThrow(MutantResultsError);
    expect(() => readResults(other, 'go-exp@v1')).toThrow(/holds results for go-exp@v2, not go-exp@v1/);
    const junk = join(dir, 'd.jsonl');
    writeFileSync(junk, 'not json\n{"a":1}\n');
    expect(() => readResults(junk, 'go-exp@v1')).toThrow(/d\.jsonl:1: not a mutant result/);
  });
});
