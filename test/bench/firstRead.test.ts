// bench/firstRead.ts: a first read split into file read, start-up and
// steady state, each the median of its per-round values, and what the
// target ratio leaves the file read and start-up.
import { cutPercent, firstReadParts, firstReadShortfall, formatFirstRead, steadyCutNeeded } from '../../bench/firstRead';

describe('the parts of a first read', () => {
  test('each part is the median over rounds of that round’s value', () => {
    const parts = firstReadParts(
      [
        { goMs: 600, tsMs: 420, fileMs: 18, warmMs: 340 },
        { goMs: 660, tsMs: 500, fileMs: 30, warmMs: 350 },
        { goMs: 540, tsMs: 400, fileMs: 16, warmMs: 330 },
      ],
      1.5,
    );
    // start-up per round: 62, 120, 54; allowance: 60, 90, 30.
    expect(parts).toEqual({ fileMs: 18, startupMs: 62, steadyMs: 340, allowanceMs: 60 });
  });

  test('an even number of rounds takes the mean of the middle two', () => {
    const parts = firstReadParts(
      [
        { goMs: 300, tsMs: 260, fileMs: 10, warmMs: 200 },
        { goMs: 330, tsMs: 300, fileMs: 20, warmMs: 220 },
      ],
      1.5,
    );
    expect(parts).toEqual({ fileMs: 15, startupMs: 55, steadyMs: 210, allowanceMs: 0 });
  });

  test('a steady state slower than the target allows leaves a negative allowance', () => {
    const parts = firstReadParts([{ goMs: 300, tsMs: 290, fileMs: 15, warmMs: 240 }], 1.5);
    expect(parts.allowanceMs).toBe(-40);
    expect(parts.startupMs).toBe(35);
  });

  test('no rounds, or a target that is not a positive ratio, is refused', () => {
    expect(() => firstReadParts([], 1.5)).toThrow('no rounds');
    expect(() => firstReadParts([{ goMs: 1, tsMs: 1, fileMs: 0, warmMs: 1 }], 0)).toThrow('not a positive ratio');
  });

  test('a read misses the target by its steady state, by its file read and start-up, or not at all', () => {
    const parts = { fileMs: 20, startupMs: 40, steadyMs: 300 };
    expect(firstReadShortfall({ ...parts, allowanceMs: -1 })).toBe('steady');
    expect(firstReadShortfall({ ...parts, allowanceMs: 59 })).toBe('start-up');
    // Exactly what the target leaves: the read reaches it.
    expect(firstReadShortfall({ ...parts, allowanceMs: 60 })).toBeNull();
    expect(firstReadShortfall({ ...parts, startupMs: 0, fileMs: 0, allowanceMs: 0 })).toBeNull();
  });

  test('a read that falls short says what share of its steady state would have to go', () => {
    // Go 450 ms: 1.5× allows 300; file 20 + start-up 40 leave the steady state 240 of its 300 ms.
    expect(steadyCutNeeded({ fileMs: 20, startupMs: 40, steadyMs: 300, allowanceMs: 0 })).toBeCloseTo(0.2, 10);
    // A steady state already too slow: its own excess comes on top.
    expect(steadyCutNeeded({ fileMs: 20, startupMs: 40, steadyMs: 300, allowanceMs: -30 })).toBeCloseTo(0.3, 10);
    // Exactly at the target, and beyond it: nothing to cut.
    expect(steadyCutNeeded({ fileMs: 20, startupMs: 40, steadyMs: 300, allowanceMs: 60 })).toBe(0);
    expect(steadyCutNeeded({ fileMs: 20, startupMs: 40, steadyMs: 300, allowanceMs: 90 })).toBe(0);
    // The file read and start-up alone over what the target allows the whole read.
    expect(steadyCutNeeded({ fileMs: 200, startupMs: 200, steadyMs: 300, allowanceMs: -100 })).toBeGreaterThan(1);
  });

  test('a cut is needed exactly when the read falls short', () => {
    for (const allowanceMs of [-50, -1, 0, 59, 60, 61, 500]) {
      const p = { fileMs: 20, startupMs: 40, steadyMs: 300, allowanceMs };
      expect(steadyCutNeeded(p) > 0).toBe(firstReadShortfall(p) !== null);
    }
  });

  test('a cut prints as whole percent rounded up, without floating-point noise', () => {
    expect(cutPercent(0.07)).toBe(7); // 0.07 * 100 is 7.000000000000001
    expect(cutPercent(0.0895)).toBe(9);
    expect(cutPercent(0.001)).toBe(1);
  });

  test('printed as file + start-up + steady, with the allowance and, when short, the cut', () => {
    expect(formatFirstRead({ fileMs: 17.4, startupMs: 58.2, steadyMs: 340.6, allowanceMs: 80.1 }, 1.5)).toBe('17 + 58 + 341 ms (1.5× leaves 80)');
    // 17.4 + 58.2 − 45.1 = 30.5 ms of 340.6: 8.95%, rounded up.
    expect(formatFirstRead({ fileMs: 17.4, startupMs: 58.2, steadyMs: 340.6, allowanceMs: 45.1 }, 1.5)).toBe('17 + 58 + 341 ms (1.5× leaves 45: steady state −9%)');
  });
});
