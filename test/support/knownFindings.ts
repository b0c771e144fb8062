// The real findings a campaign may report about a Go reader of another
// release, each named as in the README ("Findings about Go's readers"). A
// test that fuzzes such a reader classifies every failure it sees with these;
// a failure that is none of them is a false positive of the harness.
import type { Outcome, TraceReader } from '../../src/readers/traceReader';
import type { TraceCase } from '../../arbitraries/traceCase';
import { diffOutcomes, normalizeOutcome } from '../../src/properties/normalize';
import { checkP1 } from '../../src/properties/p1ValidPrefix';
import { CROSS_RELEASE } from '../../src/properties/comparison';
import { isSyncLine } from '../../src/properties/stream';
import { checkP2 } from '../../src/properties/p2EarlierErrorWins';

export type KnownFinding =
  | 'issue-55160'
  | 'sweep-active-scope'
  | 'frequency-batch-unchecked'
  | 'go-panic'
  | 'tie-order-nondeterminism';

/** The outcome with the scope of every sweep range left out. */
function withoutSweepScopes(o: Outcome): Outcome {
  return { ...o, events: o.events.map((e) => (/ Range\w+ Time=\d+ Name="GC incremental sweep" /.test(e) ? e.replace(/ Scope=Proc\(-?\d+\)/, ' Scope=Proc(?)') : e)) };
}


/**
 * Which known finding a failure of `property` on `c` is, or null. `go` is the
 * installed toolchain's reader (go1.26), which has every fix.
 */
export async function classifyFinding(property: string, c: TraceCase, reader: TraceReader, go: TraceReader): Promise<KnownFinding | null> {
  const out = await reader.read(c.bytes);
  // Go's readers panic on some corrupt inputs (a CPU sample naming a missing stack, …).
  if (out.kind === 'crash' && /^panic: /.test(out.error ?? '')) return 'go-panic';
  // go1.22/1.23 and x/exp of 2024 read only the first event of a Frequency
  // batch: a second Frequency event or stray bytes after it, which go1.25+
  // reject, go unchecked.
  for (const bytes of [c.bytes, ...c.faults.map((f) => f.bytes)]) {
    const ref = await go.read(bytes);
    if (/^(found multiple frequency events|expected frequency or clock snapshot event)/.test(ref.error ?? '') && (await reader.read(bytes)).error !== ref.error) return 'frequency-batch-unchecked';
  }
  if (property === 'P1' || property === 'P2') {
    // #55160: the fixed reader keeps the property on the same case.
    const fixed = property === 'P1' ? await checkP1(go, c, 'go-compatible') : await checkP2(go, c, 'go-compatible');
    return fixed.pass ? 'issue-55160' : null;
  }
  if (property === 'P5') {
    // go1.22/1.23 break timestamp ties between Ms in map order: two reads differ.
    const again = await reader.read(c.bytes);
    return diffOutcomes(normalizeOutcome(out), normalizeOutcome(again)) === null ? 'tie-order-nondeterminism' : null;
  }
  if (property === 'P7') {
    const ref = await go.read(c.bytes);
    const same = (x: Outcome, y: Outcome) => {
      const d = diffOutcomes(normalizeOutcome(x), normalizeOutcome(y));
      return d === null || d.what === 'error';
    };
    // go1.22-1.25 give GCSweepActive's range the current proc's scope, not the proc it names.
    if (same(withoutSweepScopes(out), withoutSweepScopes(ref))) return 'sweep-active-scope';
    // #55160 again: on a read error the pre-fix reader drops the batches of the generation read so far, the fixed one emits them first.
    const noSync = (o: Outcome) => withoutSweepScopes(o).events.filter((e) => !isSyncLine(e));
    const [mine, theirs] = [noSync(out), noSync(ref)];
    if (out.kind === 'error' && ref.kind === 'error' && mine.length < theirs.length && CROSS_RELEASE.startsWithPrefix(theirs, mine)) {
      return 'issue-55160';
    }
    console.log(`unexplained P7 of ${reader.name} on ${c.description}:\n${out.kind} ${out.error}\n${out.events.join('\n')}\n--- go: ${ref.kind} ${ref.error}\n${ref.events.join('\n')}`);
  }
  return null;
}
