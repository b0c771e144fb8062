// bench/median.ts: the middle value, the mean of the middle two for an even
// count, whatever the order; nothing to take the median of is an error.
import { median } from '../../bench/median';

describe('the median of per-round figures', () => {
  test('an odd count gives its middle value, in any order', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([2.5])).toBe(2.5);
  });

  test('an even count gives the mean of its middle two', () => {
    expect(median([4, 1, 3, 10])).toBe(3.5);
  });

  test('the input is left as it was', () => {
    const xs = [3, 1, 2];
    median(xs);
    expect(xs).toEqual([3, 1, 2]);
  });

  test('no values is refused', () => {
    expect(() => median([])).toThrow('median of no values');
  });
});
