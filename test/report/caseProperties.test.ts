// The report's per-reader property verdicts on generated cases, for readers
// of every Sync style: P1 must see "generations 1..k-1" whether a reader opens
// each generation with a Sync (go1.25+, TS), closes it with one (go1.22/1.23)
// or emits none (early x/exp): the generations are cut from the trace's bytes,
// and the reader's own stream on the cut trace is the prefix it owes.
import fc from 'fast-check';
import { judgeGeneratedCase } from '../../src/report/caseProperties';
import { StubCase, stubCase } from '../support/traceCases';
import { generationStart } from '../../src/trace/generationBounds';
import { SMALL_KNOBS, traceArb } from '../../arbitraries/trace';
import type { Outcome, TraceReader } from '../../src/readers/traceReader';

type Style = 'counted' | 'legacy' | 'none';
const S = (n: number, style: Style) => (style === 'counted' ? `M=-1 P=-1 G=-1 Sync Time=${n * 100} N=${n}` : `M=-1 P=-1 G=-1 Sync Time=${n * 100}`);
const E = (g: number, i: number) => `M=1 P=0 G=1 Log Time=${g * 100 + 10 + i} Task=0 Category="" Message="g${g}e${i}"`;

/** The stream of a 3-generation trace, cut after `gens` complete generations. */
function stream(style: Style, gens: number, final: boolean): string[] {
  const out: string[] = [];
  for (let g = 1; g <= gens; g++) {
    if (style === 'counted') out.push(S(g, style));
    out.push(E(g, 0), E(g, 1));
    if (style === 'legacy') out.push(S(g, style));
  }
  if (style === 'counted' && final) out.push(S(gens + 1, style));
  return out;
}

/** A real valid trace of 3 generations: P1 cuts it by its batch headers. */
const VALID = fc.sample(traceArb({ ...SMALL_KNOBS, versions: [22], minGenerations: 3, maxGenerations: 3 }), { seed: 7, numRuns: 1 })[0].bytes;

/** A reader that answers the valid trace and its cuts with `style`'s stream, and other traces from `answers`. */
function reader(style: Style, answers: Map<Uint8Array, Outcome>): TraceReader {
  return {
    name: 'fake',
    read: async (t) => {
      const known = answers.get(t);
      if (known) return known;
      for (let g = 1; g <= 3; g++) if (t.length === generationStart(VALID, g + 1)) return ok(stream(style, g, true));
      throw new Error(`unexpected trace of ${t.length} bytes`);
    },
    close: async () => undefined,
  };
}

const BROKEN = Uint8Array.of(2);
const base: StubCase = { valid: VALID, corrupted: BROKEN, gen: 3, expect: 'error' };
const ok = (events: string[]): Outcome => ({ kind: 'ok', events, error: null, eventsBeforeError: events.length });
const err = (events: string[], e = 'bad batch'): Outcome => ({ kind: 'error', events, error: e, eventsBeforeError: events.length });

describe.each([['counted'], ['legacy'], ['none']] as const)('report properties for a reader whose Sync style is %s', (style) => {
  test('generations are delimited by the batch headers of the bytes', () => {
    expect(generationStart(VALID, 1)).toBe(16);
    expect(generationStart(VALID, 2)).toBeGreaterThan(16);
    expect(generationStart(VALID, 3)).toBeGreaterThan(generationStart(VALID, 2));
    expect(generationStart(VALID, 4)).toBe(VALID.length);
  });

  test('P1 passes when generations 1..k-1 come out unchanged, P3 when the stream ends in an error', async () => {
    const r = reader(style, new Map([[BROKEN, err(stream(style, 2, false))]]));
    const j = await judgeGeneratedCase(r, stubCase(base));
    expect(j.properties).toEqual({ P1: { status: 'pass' }, P3: { status: 'pass' }, P4: { status: 'pass' }, P5: { status: 'pass' } });
  });

  test('P1 fails when a complete generation is lost (#55160), or is the named deviation when the case carries one', async () => {
    const r = reader(style, new Map([[BROKEN, err(stream(style, 1, false))]]));
    expect((await judgeGeneratedCase(r, stubCase(base))).properties.P1).toMatchObject({ status: 'fail' });
    expect((await judgeGeneratedCase(r, stubCase({ ...base, deviation: 'fail-fast-bad-generation-number' }))).properties.P1)
      .toMatchObject({ status: 'deviation', deviation: 'fail-fast-bad-generation-number' });
  });

  test('P1 fails when the reader cannot read the valid generations at all', async () => {
    const rejecting: TraceReader = { name: 'rejecting', read: async () => err([], 'no'), close: async () => undefined };
    expect((await judgeGeneratedCase(rejecting, stubCase(base))).properties.P1).toMatchObject({ status: 'fail', message: expect.stringMatching(/a valid trace\) was not read cleanly/) });
  });
});

describe('report properties: P2, P3, P4, noise', () => {
  test('P2 compares with the earlier fault alone', async () => {
    const EARLY = Uint8Array.of(3);
    const same = reader('counted', new Map([[EARLY, err([E(1, 0)], 'early')], [BROKEN, err([E(1, 0)], 'early')]]));
    expect((await judgeGeneratedCase(same, stubCase({ ...base, earlier: EARLY }))).properties.P2).toEqual({ status: 'pass' });
    const later = reader('counted', new Map([[EARLY, err([E(1, 0)], 'early')], [BROKEN, err([E(1, 0)], 'late')]]));
    expect((await judgeGeneratedCase(later, stubCase({ ...base, earlier: EARLY }))).properties.P2).toMatchObject({ status: 'fail' });
  });

  test('a clean end on a corruption that must fail breaks P3; a crash is P4 and skips the rest', async () => {
    const swallow = reader('counted', new Map([[BROKEN, ok(stream('counted', 3, true))]]));
    expect((await judgeGeneratedCase(swallow, stubCase(base))).properties.P3).toMatchObject({ status: 'fail' });
    const crash = reader('counted', new Map([[BROKEN, { kind: 'crash', events: [], error: 'SIGSEGV', eventsBeforeError: 0 }]]));
    const j = await judgeGeneratedCase(crash, stubCase(base));
    expect(j.properties.P4).toMatchObject({ status: 'fail' });
    expect(j.properties.P3.status).toBe('skip');
    expect(j.properties.P5.status).toBe('skip');
  });

  test('noise is held to P4 and P5 only', async () => {
    const r = reader('counted', new Map([[BROKEN, ok([])]]));
    const j = await judgeGeneratedCase(r, stubCase({ ...base, expect: 'any', noise: true }));
    expect(j.properties.P1.status).toBe('skip');
    expect(j.properties.P3.status).toBe('skip');
    expect(j.properties.P4.status).toBe('pass');
  });
});
