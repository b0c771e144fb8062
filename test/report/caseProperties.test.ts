// The report's per-reader property verdicts on generated cases, for readers
// of both Sync styles: P1 must see "generations 1..k-1" whether a reader opens
// each generation with a Sync (go1.25+, TS) or closes it with one (go1.22/1.23).
import { judgeGeneratedCase } from '../../src/report/caseProperties';
import { StubCase, stubCase } from '../support/traceCases';
import { generationPrefixLength } from '../../src/properties/stream';
import type { Outcome, TraceReader } from '../../src/readers/traceReader';

const S = (n: number, counted: boolean) => (counted ? `M=-1 P=-1 G=-1 Sync Time=${n * 100} N=${n}` : `M=-1 P=-1 G=-1 Sync Time=${n * 100}`);
const E = (g: number, i: number) => `M=1 P=0 G=1 Log Time=${g * 100 + 10 + i} Task=0 Category="" Message="g${g}e${i}"`;

/** The stream of a 3-generation trace, cut after `gens` complete generations. */
function stream(counted: boolean, gens: number, final: boolean): string[] {
  const out: string[] = [];
  for (let g = 1; g <= gens; g++) {
    if (counted) out.push(S(g, true));
    out.push(E(g, 0), E(g, 1));
    if (!counted) out.push(S(g, false));
  }
  if (counted && final) out.push(S(gens + 1, true));
  return out;
}

function reader(answers: Map<Uint8Array, Outcome>): TraceReader {
  return { name: 'fake', read: async (t) => answers.get(t)!, close: async () => undefined };
}

const VALID = Uint8Array.of(1);
const BROKEN = Uint8Array.of(2);
const base: StubCase = { valid: VALID, corrupted: BROKEN, gen: 3, expect: 'error' };
const ok = (events: string[]): Outcome => ({ kind: 'ok', events, error: null, eventsBeforeError: events.length });
const err = (events: string[], e = 'bad batch'): Outcome => ({ kind: 'error', events, error: e, eventsBeforeError: events.length });

describe.each([['counted', true], ['legacy', false]] as const)('report properties for a %s-style reader', (_, counted) => {
  test('generations before k are found by Sync position', () => {
    const full = stream(counted, 3, true);
    expect(generationPrefixLength(full, 1, counted ? 'counted' : 'legacy')).toBe(0);
    expect(generationPrefixLength(full, 3, counted ? 'counted' : 'legacy')).toBe(6);
  });

  test('P1 passes when generations 1..k-1 come out unchanged, P3 when the stream ends in an error', async () => {
    const r = reader(new Map([[VALID, ok(stream(counted, 3, true))], [BROKEN, err(stream(counted, 2, false))]]));
    const j = await judgeGeneratedCase(r, stubCase(base));
    expect(j.properties).toEqual({ P1: { status: 'pass' }, P3: { status: 'pass' }, P4: { status: 'pass' }, P5: { status: 'pass' } });
  });

  test('P1 fails when a complete generation is lost (#55160), or is the named deviation when the case carries one', async () => {
    const r = reader(new Map([[VALID, ok(stream(counted, 3, true))], [BROKEN, err(stream(counted, 1, false))]]));
    expect((await judgeGeneratedCase(r, stubCase(base))).properties.P1).toMatchObject({ status: 'fail' });
    expect((await judgeGeneratedCase(r, stubCase({ ...base, deviation: 'fail-fast-bad-generation-number' }))).properties.P1)
      .toMatchObject({ status: 'deviation', deviation: 'fail-fast-bad-generation-number' });
  });
});

describe('report properties: P2, P3, P4, noise', () => {
  test('P2 compares with the earlier fault alone', async () => {
    const EARLY = Uint8Array.of(3);
    const same = reader(new Map([[EARLY, err([E(1, 0)], 'early')], [BROKEN, err([E(1, 0)], 'early')]]));
    expect((await judgeGeneratedCase(same, stubCase({ ...base, earlier: EARLY }))).properties.P2).toEqual({ status: 'pass' });
    const later = reader(new Map([[EARLY, err([E(1, 0)], 'early')], [BROKEN, err([E(1, 0)], 'late')]]));
    expect((await judgeGeneratedCase(later, stubCase({ ...base, earlier: EARLY }))).properties.P2).toMatchObject({ status: 'fail' });
  });

  test('a clean end on a corruption that must fail breaks P3; a crash is P4 and skips the rest', async () => {
    const swallow = reader(new Map([[VALID, ok(stream(true, 3, true))], [BROKEN, ok(stream(true, 3, true))]]));
    expect((await judgeGeneratedCase(swallow, stubCase(base))).properties.P3).toMatchObject({ status: 'fail' });
    const crash = reader(new Map([[VALID, ok(stream(true, 3, true))], [BROKEN, { kind: 'crash', events: [], error: 'SIGSEGV', eventsBeforeError: 0 }]]));
    const j = await judgeGeneratedCase(crash, stubCase(base));
    expect(j.properties.P4).toMatchObject({ status: 'fail' });
    expect(j.properties.P3.status).toBe('skip');
    expect(j.properties.P5.status).toBe('skip');
  });

  test('noise is held to P4 and P5 only', async () => {
    const r = reader(new Map([[VALID, ok(stream(true, 3, true))], [BROKEN, ok([])]]));
    const j = await judgeGeneratedCase(r, stubCase({ ...base, expect: 'any', noise: true }));
    expect(j.properties.P1.status).toBe('skip');
    expect(j.properties.P3.status).toBe('skip');
    expect(j.properties.P4.status).toBe('pass');
  });
});
