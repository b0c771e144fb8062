// A `kill -9` at any moment leaves no half-written file, and a finding that was
// reported as saved is complete on disk.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CorpusStore } from '../../src/corpus/corpusStore';
import { caseTrace } from '../../src/corpus/corpusCase';
import { isTempFileName } from '../../src/corpus/atomicWrite';
import { runAndKill } from '../support/killWriter';

test('files written atomically are whole after SIGKILL at random moments', async () => {
  for (const [lines, delay] of [[1, 0], [3, 7], [5, 23], [2, 41]]) {
    const dir = mkdtempSync(join(tmpdir(), 'tracefuzz-kill-'));
    const reported = await runAndKill('files', dir, lines, delay);
    expect(reported.length).toBeGreaterThanOrEqual(lines);
    const files = readdirSync(dir).filter((n) => !isTempFileName(n));
    expect(files.length).toBeGreaterThan(0);
    for (const name of files) {
      const data = readFileSync(join(dir, name));
      const nl = data.indexOf(10);
      const len = Number(data.subarray(0, nl).toString());
      expect(data.length).toBe(nl + 1 + len + 32);
      const body = data.subarray(nl + 1, nl + 1 + len);
      expect(createHash('sha256').update(body).digest().equals(data.subarray(nl + 1 + len))).toBe(true);
    }
  }
});

test('a finding reported as saved is complete on disk after SIGKILL', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tracefuzz-kill-'));
  const reported = await runAndKill('findings', dir, 1, 0);
  const store = CorpusStore.open(dir);
  expect(store.problems).toEqual([]);
  for (const line of reported) {
    const [, path, size] = line.split(' ');
    const c = store.cases().find((x) => x.path === path);
    expect(c).toBeDefined();
    expect(caseTrace(c!).length).toBe(Number(size));
  }
});

test('opening a corpus removes the temporary files of writers that were killed, not those of writers still running', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tracefuzz-kill-'));
  mkdirSync(join(dir, 'raw'));
  // A process that has exited: its pid names no running writer.
  const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  const dead = Number(gone.stdout);
  const files = [`.a.test.tmp-${dead}-0`, join('raw', `.b.trace.txt.tmp-${dead}-3`), `.c.test.tmp-${process.pid}-1`];
  for (const f of files) writeFileSync(join(dir, f), 'half');
  const store = CorpusStore.open(dir);
  expect(store.problems).toEqual([]);
  expect(readdirSync(dir).filter(isTempFileName)).toEqual([`.c.test.tmp-${process.pid}-1`]);
  expect(readdirSync(join(dir, 'raw'))).toEqual([]);
});
