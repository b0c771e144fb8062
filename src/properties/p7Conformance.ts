// P7 — conformance: the outcome equals Go's reader's on the same bytes. A
// reader held to exact text (the TS reader) owes the same event dump and the
// same error text (Go's "failed to advance" error lists reader state in map
// order, so that error is compared as a sorted set of lines). Any other reader
// — another release, x/exp, a working tree, a `cmd:` program — is compared as
// the report compares readers: normalized events and the outcome's kind, the
// error's wording being its release's own.
import type { Outcome, TraceReader } from '../readers/traceReader';
import type { TraceCase } from '../../arbitraries/traceCase';
import { Verdict, PASS, fail } from './verdict';
import { diffAround, failureMessage, outcomeSummary } from './failureMessage';
import { firstDifference } from './stream';
import { normalizeError, normalizeOutcome } from './normalize';
import { comparisonFor, StyleHints } from './comparison';
import { announcedVersion, LEGACY_VERSIONS } from '../trace/version';
import { legacyTraceBytes } from '../../arbitraries/legacyTrace';

/** Exact events, and the error up to the order of the state lines Go prints in map order. */
export function sameOutcome(a: Outcome, b: Outcome): boolean {
  return a.kind === b.kind && normalizeError(a.error) === normalizeError(b.error) && firstDifference(a.events, b.events) < 0;
}

/**
 * Each reader's Sync style, when one outcome has no events to show its own
 * (go1.25+ emit a lone Sync before an error in the first generation,
 * go1.22/1.23 nothing): learnt from the reader's stream on the case's valid
 * trace.
 */
async function styleHints(reader: TraceReader, go: TraceReader, c: TraceCase, out: Outcome, ref: Outcome): Promise<StyleHints | undefined> {
  if ((out.events.length === 0) === (ref.events.length === 0) || !c.valid) return undefined;
  const style = async (r: TraceReader, o: Outcome) => normalizeOutcome(o.events.length ? o : await r.read(c.valid!.encoded.bytes)).syncStyle;
  return { a: await style(reader, out), b: await style(go, ref) };
}

/**
 * A reader is judged only on the trace versions it reads: the pre-go1.22
 * format, which Go's reader converts, is left out unless both readers read a
 * small trace in it cleanly (the TS reader does not read it and says so; nor
 * does go1.22's reader).
 */
export const LEGACY_NOT_READ = 'legacy-format-not-read';

const LEGACY_PROBE = legacyTraceBytes({ version: 21, freq: 1_000_000_000, gomaxprocs: 1, thread: 1, metrics: [], unconverted: false });
const readsLegacy = new WeakMap<TraceReader, Promise<boolean>>();

function readsLegacyFormat(r: TraceReader): Promise<boolean> {
  let p = readsLegacy.get(r);
  if (!p) {
    p = r.read(LEGACY_PROBE).then((o) => o.kind === 'ok');
    readsLegacy.set(r, p);
  }
  return p;
}

export async function checkP7(reader: TraceReader, go: TraceReader, c: TraceCase): Promise<Verdict> {
  const { bytes } = c;
  const announced = announcedVersion(bytes);
  if (announced !== null && LEGACY_VERSIONS.includes(announced) && !((await readsLegacyFormat(reader)) && (await readsLegacyFormat(go)))) {
    return { pass: true, note: LEGACY_NOT_READ };
  }
  const ref = await go.read(bytes);
  // Go's reader crashing (it can panic on crafted input) is a finding about Go, not about the reader under test.
  if (ref.kind === 'crash' || ref.kind === 'timeout') return { pass: true, note: `${go.name} ${ref.kind}: ${ref.error?.split('\n')[0] ?? ''}` };
  const out = await reader.read(bytes);
  const compare = comparisonFor(reader);
  if (compare.exact ? sameOutcome(out, ref) : compare.sameRead(out, ref, await styleHints(reader, go, c, out, ref))) return PASS;
  return fail(
    'P7',
    failureMessage(
      { reader: reader.name, what: c.description, bytes },
      `differs from ${go.name}${compare.exact ? '' : ' (normalized)'}: ${outcomeSummary(out)} vs ${outcomeSummary(ref)}\n  ${go.name} error: ${ref.error}\n  ${reader.name} error: ${out.error}\n${diffAround(ref.events, out.events)}`,
    ),
  );
}
