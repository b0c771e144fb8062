// bench/callgrind.ts: instructions attributed to the functions of a perf
// map, from callgrind's compressed positions, leaving calls' inclusive
// costs out (they count the callee's instructions a second time).
import { instructionsByAddress, instructionsByFunction, parsePerfMap } from '../../bench/callgrind';

const CALLGRIND = [
  '# callgrind format',
  'positions: instr line',
  'events: Ir',
  'ob=(1) ???',
  'fn=(1) 0x0000000000001000',
  '0x1000 0 5',
  '+2 * 3',
  'cfn=(2) 0x0000000000002000',
  'calls=1 0x2000 0',
  '* * 100',
  '+1 * 7',
  'fn=(2)',
  '0x2000 0 4',
  '+0x4 * 1',
  '-2 * 2',
  'fn=(3) ???',
  '0x3000 0 9',
  '',
].join('\n');

const MAP = '1000 10 JS:*foo file.js:1:1\n2000 8 Builtin:Bar\nnot a line\n';

describe('callgrind costs by JS function', () => {
  test('positions are absolute, relative (decimal or hex) or repeated; a call line carries no cost of its own', () => {
    const costs = instructionsByAddress(CALLGRIND);
    expect([...costs].sort((a, b) => a[0] - b[0])).toEqual([
      [0x1000, 5], [0x1002, 3], [0x1003, 7], [0x2000, 4], [0x2002, 2], [0x2004, 1], [0x3000, 9],
    ]);
  });

  test('each address counts for the region it falls in; addresses in none count only in the total', () => {
    const { total, mapped, byName } = instructionsByFunction(instructionsByAddress(CALLGRIND), parsePerfMap(MAP));
    expect(total).toBe(31);
    expect(mapped).toBe(22);
    expect(Object.fromEntries(byName)).toEqual({ 'JS:*foo file.js:1:1': 15, 'Builtin:Bar': 7 });
  });

  test('a region ends where its size says: the address just past it is not in it', () => {
    const regions = parsePerfMap('10 4 a\n20 4 b\n');
    const costs = new Map([[0x13, 1], [0x14, 10], [0x20, 100]]);
    expect(Object.fromEntries(instructionsByFunction(costs, regions).byName)).toEqual({ a: 1, b: 100 });
  });
});
