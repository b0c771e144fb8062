// Functions primed at load (feedbackPriming) keep their optimized callers
// when a branch is first taken late: code V8 optimized having seen only
// one-byte numbers — a caller of uvarintAt, the batch cursor's common path
// (readCommon, which inlines shortUv) — stays optimized when a 3-, 4- or
// 5-byte number comes (shown in a child process with V8's natives; with the
// priming run once, not many times over, or not at all, it is thrown away).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { primeBranches } from '../../src/trace/feedbackPriming';

const CHILD = join(__dirname, '..', 'fixtures', 'trace', 'primedBranches.js');

describe('primeBranches', () => {
  test('calls the function with every argument list, many times over', () => {
    const seen = new Map<string, number>();
    primeBranches((a: number, b: string) => seen.set(`${a}${b}`, (seen.get(`${a}${b}`) ?? 0) + 1), [[1, 'x'], [2, 'y']]);
    expect([...seen.keys()]).toEqual(['1x', '2y']);
    // V8 allocates a function's feedback only after it has run a while.
    for (const n of seen.values()) expect(n).toBeGreaterThanOrEqual(32);
  });

  test('the number decoders, primed at load, keep code optimized for one-byte numbers when longer ones come', () => {
    const r = spawnSync(process.execPath, ['--allow-natives-syntax', CHILD], { encoding: 'utf8', timeout: 120_000 });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim().split('\n')).toEqual([
      'uvarintAt 3 bytes: kept', 'uvarintAt 4 bytes: kept', 'uvarintAt 5 bytes: kept',
      'readCommon 3 bytes: kept', 'readCommon 4 bytes: kept',
    ]);
  });
});
