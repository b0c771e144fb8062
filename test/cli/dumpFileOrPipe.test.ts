// `tracefuzz dump FILE` reads a file's event batches again as it replays
// them (holding a few batches, not the generation); from a pipe it copies
// them to a temporary file, which leaves no name behind, and reads them back
// from there. Either way the output is the same — stdout, stderr and exit
// status — for a valid trace of several generations, a trace broken in its
// second generation and a trace cut short. Hang guards only; no time is
// asserted.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fc } from '@fast-check/jest';
import { SMALL_KNOBS, traceArb } from '../../arbitraries';
import { fixtureTrace } from '../support/corpusFixtures';

const bin = join(__dirname, '..', 'support', 'tracefuzz.js');
const GUARD_MS = 100_000;
jest.setTimeout(300_000);

const dir = mkdtempSync(join(tmpdir(), 'tracefuzz-dump-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Ran { code: number | null; out: Buffer; err: string }

// The temporary folder of the runs from a pipe.
const tmp = join(dir, 'tmp');
mkdirSync(tmp);

function dump(file: string, viaPipe: boolean): Ran {
  // Through `cat |`, standard input is a pipe: nothing to read again.
  const r = viaPipe
    ? spawnSync('bash', ['-c', 'cat "$1" | "$2" "$3" dump -', 'dump', file, process.execPath, bin], {
        timeout: GUARD_MS, maxBuffer: 1 << 28, env: { ...process.env, TMPDIR: tmp },
      })
    : spawnSync(process.execPath, [bin, 'dump', file], { timeout: GUARD_MS, maxBuffer: 1 << 28 });
  return { code: r.status, out: r.stdout, err: String(r.stderr) };
}

const valid = fc.sample(traceArb({ ...SMALL_KNOBS, versions: [26], minGenerations: 3, maxGenerations: 3 }), { seed: 11, numRuns: 1 })[0].bytes;
const broken = fixtureTrace({ generations: 3, faultInGeneration: 2 });

test.each([
  ['a valid trace of three generations', valid, 0],
  ['a trace broken in its second generation', broken, 1],
  ['a trace cut short', valid.subarray(0, Math.floor(valid.length * 0.7)), 1],
])('%s: the same output from the file as from a pipe', (name, bytes, code) => {
  const file = join(dir, `${name.replace(/\W+/g, '-')}.trace`);
  writeFileSync(file, bytes);
  const fromFile = dump(file, false);
  const fromPipe = dump(file, true);
  expect(fromFile.code).toBe(code);
  expect(fromFile.out.length).toBeGreaterThan(0);
  expect(fromPipe).toEqual(fromFile);
  // (tsx, which runs the sources here, keeps its cache there too.)
  expect(readdirSync(tmp).filter((f) => f.startsWith('tracefuzz'))).toEqual([]);
});
