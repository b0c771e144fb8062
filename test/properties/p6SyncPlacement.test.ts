// P6's Sync placement follows the reader's release: the TS reader (exact text)
// and go1.25+ open and close with a Sync; go1.22/1.23 close each generation
// with one stamped with the time of the event before it; early x/exp emit none.
// Each placement passes when kept and fails when broken.
import { judgeP6 } from '../../src/properties/p6WellFormed';
import { CROSS_RELEASE, EXACT_TEXT } from '../../src/properties/comparison';
import { plainExplanation } from '../../src/properties/judging';
import type { Outcome } from '../../src/readers/traceReader';

const ev = (t: number) => `M=1 P=0 G=1 Log Time=${t} Task=0 Category="" Message="x"`;
const clean = (events: string[]): Outcome => ({ kind: 'ok', events, error: null, eventsBeforeError: events.length });
const counted = (t: number, n: number) => `M=-1 P=-1 G=-1 Sync Time=${t} N=${n}`;
const legacy = (t: number) => `M=-1 P=-1 G=-1 Sync Time=${t}`;

test.each([
  ['counted, exact text', EXACT_TEXT, [counted(1, 1), ev(2), ev(3), counted(4, 2)], true],
  ['counted, exact text, no opening Sync', EXACT_TEXT, [ev(2), ev(3), counted(4, 2)], false],
  ['counted, normalized, no closing Sync', CROSS_RELEASE, [counted(1, 1), ev(2), ev(3)], false],
  ['legacy: closing Syncs at the time of the event before', CROSS_RELEASE, [ev(2), ev(3), legacy(3), ev(5), legacy(5)], true],
  ['legacy: a stream that does not end with its Sync', CROSS_RELEASE, [ev(2), legacy(2), ev(5)], false],
  ['legacy: a Sync earlier than the event before it', CROSS_RELEASE, [ev(2), ev(3), legacy(2)], false],
  ['no Sync at all (early x/exp)', CROSS_RELEASE, [ev(2), ev(3)], true],
  ['no Sync at all, times going back', CROSS_RELEASE, [ev(3), ev(2)], false],
  ['legacy, held to exact text', EXACT_TEXT, [ev(2), legacy(2)], false],
] as const)('%s', (_, compare, events, pass) => {
  expect(judgeP6(clean([...events]), plainExplanation, compare).pass).toBe(pass);
});
