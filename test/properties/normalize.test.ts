// Outcomes are compared on a normalized form so that readers of different Go
// releases, which print the same events differently, compare equal — and any
// real difference (a field, an event, the error) still shows.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describeGo } from '../support/go';
import { diffOutcomes, normalizeError, normalizeEvent, normalizeOutcome } from '../../src/properties/normalize';
import type { Outcome } from '../../src/readers/traceReader';
import { goTraceTestdataDir, releaseAvailable } from '../../src/readers/goToolchain';

const ok = (events: string[]): Outcome => ({ kind: 'ok', events, error: null, eventsBeforeError: events.length });
const err = (events: string[], error: string): Outcome => ({ kind: 'error', events, error, eventsBeforeError: events.length });
const same = (a: Outcome, b: Outcome) => diffOutcomes(normalizeOutcome(a), normalizeOutcome(b));

// The same events as printed by go1.22/go1.23 (left) and go1.26 (right).
const PAIRS: [string, string][] = [
  ['M=1 P=0 G=-1 StateTransition Time=5 Resource=Goroutine(7) Reason="" GoID=7 Runnable->Running',
    'M=1 P=0 G=-1 StateTransition Time=5 GoID=7 Runnable->Running Reason=""'],
  ['M=1 P=-1 G=-1 StateTransition Time=6 Resource=Proc(0) Reason="x y" ProcID=0 Undetermined->Idle',
    'M=1 P=-1 G=-1 StateTransition Time=6 ProcID=0 Undetermined->Idle Reason="x y"'],
  ['M=1 P=0 G=1 Metric Time=7 Name="/gc/heap/goal:bytes" Value=Uint64(4194304)',
    'M=1 P=0 G=1 Metric Time=7 Name="/gc/heap/goal:bytes" Value=Value{Uint64(4194304)}'],
  ['M=1 P=0 G=1 RangeEnd Time=8 Name="GC mark assist" Scope=Goroutine(1) Attributes=["bytes reclaimed"=Uint64(12)]',
    'M=1 P=0 G=1 RangeEnd Time=8 Name="GC mark assist" Scope=Goroutine(1) Attributes=["bytes reclaimed"=Value{Uint64(12)}]'],
  // Releases disagree on which runes are printable; the bytes are what count.
  ['M=1 P=0 G=1 Log Time=9 Task=2 Category="k" Message="\\u00a0<b>"', 'M=1 P=0 G=1 Log Time=9 Task=2 Category="k" Message="\u00a0<b>"'],
];

describe('normalized event comparison', () => {
  test.each(PAIRS)('go1.22 and go1.26 spellings are the same event: %s', (old, cur) => {
    expect(same(ok([old]), ok([cur]))).toBeNull();
  });

  test('a changed field, time, id or stack frame is a difference', () => {
    const base = 'M=1 P=0 G=1 Log Time=9 Task=2 Category="k" Message="m"\nStack=\n\tmain.f @ 0x10\n\t\t/a/b.go:3\n';
    for (const changed of [
      base.replace('Message="m"', 'Message="n"'),
      base.replace('Time=9', 'Time=12'),
      base.replace('G=1', 'G=2'),
      base.replace('b.go:3', 'b.go:4'),
      base.replace('Stack=\n\tmain.f @ 0x10\n\t\t/a/b.go:3\n', ''),
    ]) {
      expect(same(ok([base]), ok([changed]))).toEqual({ what: 'event', aIndex: 0, bIndex: 0 });
    }
    expect(normalizeEvent(base).stack).toEqual([{ func: 'main.f', pc: '10', file: '/a/b.go', line: '3' }]);
  });

  test('events tied in time may come in either order (Go breaks ties by map order)', () => {
    const x = 'M=1 P=0 G=1 Log Time=10 Task=0 Category="" Message="x"';
    const y = 'M=2 P=1 G=2 Log Time=10 Task=0 Category="" Message="y"';
    const bump = (s: string) => s.replace('Time=10', 'Time=11');
    expect(same(ok([x, bump(y)]), ok([y, bump(x)]))).toBeNull();
    // Not when they are apart in time.
    const far = (s: string) => s.replace('Time=10', 'Time=50');
    expect(same(ok([x, far(y)]), ok([y, far(x)]))).not.toBeNull();
  });

  test('counted (go1.25+) and legacy (go1.22/1.23) Sync placement align; counts still matter', () => {
    const e1 = 'M=1 P=0 G=1 Log Time=5 Task=0 Category="" Message="a"';
    const e2 = 'M=1 P=0 G=1 Log Time=50 Task=0 Category="" Message="b"';
    const counted = ok(['M=-1 P=-1 G=-1 Sync Time=1 N=1', e1, 'M=-1 P=-1 G=-1 Sync Time=40 N=2', e2, 'M=-1 P=-1 G=-1 Sync Time=51 N=3']);
    const legacy = ok([e1, 'M=-1 P=-1 G=-1 Sync Time=6', e2, 'M=-1 P=-1 G=-1 Sync Time=51']);
    expect(same(counted, legacy)).toBeNull();
    expect(same(legacy, counted)).toBeNull();
    // The leading Sync is only skipped across styles: within one style it counts.
    expect(same(counted, ok(counted.events.slice(1)))).not.toBeNull();
    // A lost generation is a difference whatever the style.
    expect(same(err(['M=-1 P=-1 G=-1 Sync Time=1 N=1', e1, 'M=-1 P=-1 G=-1 Sync Time=40 N=2'], 'bad'), err([], 'bad'))).toEqual(expect.objectContaining({ what: 'length' }));
  });

  test('two reads failing in different words may differ in the Syncs they end with, and nothing else', () => {
    const e1 = 'M=1 P=0 G=1 Log Time=5 Task=0 Category="" Message="a"';
    const e2 = 'M=1 P=0 G=1 Log Time=50 Task=0 Category="" Message="b"';
    const sync = (t: number, n: number) => `M=-1 P=-1 G=-1 Sync Time=${t} N=${n}`;
    // go1.26 closes the generation before rejecting the next one's batch; go1.25 rejects it as an event first.
    expect(same(err([sync(1, 1), e1, sync(40, 2)], 'x'), err([sync(1, 1), e1], 'y'))).toEqual({ what: 'error', a: 'x', b: 'y' });
    // Failing alike, a Sync fewer is a difference.
    expect(same(err([sync(1, 1), e1, sync(40, 2)], 'x'), err([sync(1, 1), e1], 'x'))).toEqual(expect.objectContaining({ what: 'length' }));
    // Not for clean reads of one style, and not for events before the Syncs.
    expect(same(ok([sync(1, 1), e1, sync(40, 2)]), ok([sync(1, 1), e1]))).toEqual(expect.objectContaining({ what: 'length' }));
    expect(same(err([sync(1, 1), e1, e2, sync(60, 2)], 'x'), err([sync(1, 1), e1], 'y'))).toEqual(expect.objectContaining({ what: 'length' }));
  });

  test('errors compare with their map-dump lines sorted; crash details do not count', () => {
    expect(normalizeError('broken trace: failed to advance\nb=2\na=1\n')).toBe('broken trace: failed to advance\na=1\nb=2');
    expect(same(err([], 'x\nb\na'), err([], 'x\na\nb'))).toBeNull();
    expect(same(err([], 'x'), err([], 'y'))).toEqual({ what: 'error', a: 'x', b: 'y' });
    expect(same({ kind: 'crash', events: [], error: 'signal 9', eventsBeforeError: 0 }, { kind: 'crash', events: [], error: 'exit 2', eventsBeforeError: 0 })).toBeNull();
    expect(same(ok([]), err([], 'x'))).toEqual({ what: 'kind', a: 'ok', b: 'error' });
  });

  test('lines that are not Event.String() are compared as text', () => {
    expect(normalizeEvent('garbage').unparsed).toBe('garbage');
    expect(same(ok(['garbage']), ok(['garbage']))).toBeNull();
    expect(same(ok(['garbage']), ok(['other']))).not.toBeNull();
  });
});

// Go's own conformance cases read by the installed Go and by older releases:
// on every go1.22 case they agree except where behaviour really changed.

describeGo('normalization across Go releases (Go testdata)', (tc) => {
  // Only cached releases are used, unless TRACEFUZZ_FETCH_GO=1 (as CI sets)
  // allows fetching; with none the test shows as skipped, not as passed.
  const present = ['1.22.12', '1.23.12'].filter((v) => releaseAvailable(v));
  const t = present.length > 0 ? test : test.skip;
  t('go and go@1.22/go@1.23 agree on every go122 case once normalized', async () => {
    const { openGoReader, goTestCaseTrace } = await import('../../src/readers/goOracle');
    const cur = await openGoReader('go');
    const olds = await Promise.all(present.map((v) => openGoReader(`go@${v}`)));
    try {
      const dir = goTraceTestdataDir(tc());
      const files = readdirSync(dir).filter((f) => f.startsWith('go122-') && f.endsWith('.test'));
      expect(files.length).toBeGreaterThan(10);
      const differences: string[] = [];
      for (const f of files) {
        const trace = await goTestCaseTrace(join(dir, f));
        const a = normalizeOutcome(await cur.read(trace), 'counted');
        for (const old of olds) {
          const b = normalizeOutcome(await old.read(trace), 'legacy');
          const d = diffOutcomes(a, b);
          if (d) differences.push(`${f} ${old.name}: ${JSON.stringify(d)}`);
        }
      }
      // The one real change: go1.22 fails at once on the broken batch of the
      // next generation; later releases first report generation 1's own error
      // (the #55160 fix, invariant P2).
      const expected = present.includes('1.22.12') ? ['go122-fail-first-gen-first.test go@1.22.12: {"what":"error","a":"expected a proc but didn\'t have one","b":"failed to read full batch: read 0 but wanted 50"}'] : [];
      expect(differences).toEqual(expected);
    } finally {
      await Promise.all([cur, ...olds].map((r) => r.close()));
    }
  });
});
