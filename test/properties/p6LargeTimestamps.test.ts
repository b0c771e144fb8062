// P6 compares timestamps exactly: times past 2^53, which a double rounds to
// the same value, must still count as strictly increasing (and equal ones as not).
import { judgeP6 } from '../../src/properties/p6WellFormed';
import { plainExplanation } from '../../src/properties/judging';
import type { Outcome } from '../../src/readers/traceReader';

const at = (t: bigint, kind = 'Log') =>
  kind === 'Sync' ? `M=-1 P=-1 G=-1 Sync Time=${t} N=1` : `M=1 P=0 G=1 Log Time=${t} Task=0 Category="" Message="x"`;
const clean = (events: string[]): Outcome => ({ kind: 'ok', events, error: null, eventsBeforeError: events.length });
const BIG = 2n ** 53n;

test('timestamps one apart above 2^53 are strictly increasing', () => {
  const v = judgeP6(clean([at(BIG, 'Sync'), at(BIG + 1n), at(BIG + 2n, 'Sync')]), plainExplanation);
  expect(v).toEqual({ pass: true });
});

test('equal timestamps above 2^53 are not', () => {
  const v = judgeP6(clean([at(BIG + 1n, 'Sync'), at(BIG + 1n), at(BIG + 2n, 'Sync')]), plainExplanation);
  expect(v).toMatchObject({ pass: false, property: 'P6' });
});
