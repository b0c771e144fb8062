// P1 delimits generations by the trace's batch headers, never by Sync events:
// a reader that emits no Sync at all (as early x/exp readers did) is judged
// correctly — it passes P1 when it keeps the valid generations, and fails it
// when it loses them before a spill error (#55160).
import { openReader } from '../../src/readers/readerSpecs';
import type { Outcome, TraceReader } from '../../src/readers/traceReader';
import { PROPERTIES, runProperty } from '../../src/properties/propertySuite';
import { isSyncLine } from '../../src/properties/stream';

/** The reader with every Sync left out of its stream, and no claim to exact text. */
function withoutSyncs(r: TraceReader): TraceReader {
  const strip = (o: Outcome): Outcome => {
    const events = o.events.filter((e) => !isSyncLine(e));
    return { ...o, events, eventsBeforeError: o.kind === 'ok' ? events.length : o.events.slice(0, o.eventsBeforeError).filter((e) => !isSyncLine(e)).length };
  };
  return { name: `${r.name} (no Sync)`, versions: r.versions, read: async (t) => strip(await r.read(t)), close: () => r.close() };
}

const P1 = PROPERTIES.find((p) => p.name === 'P1')!;

test('a reader that emits no Sync keeps P1 when it keeps the valid generations', async () => {
  const reader = withoutSyncs(await openReader('ts'));
  const r = await runProperty(P1, { reader, mode: 'go-compatible' }, { seed: 42, numRuns: 150 });
  expect(r.message).toBeUndefined();
  expect(r.failed).toBe(false);
});

test('a reader that emits no Sync and loses a valid generation before a spill error fails P1', async () => {
  const reader = withoutSyncs(await openReader('mutant:pre-fix-spill'));
  const r = await runProperty(P1, { reader, mode: 'go-compatible' }, { seed: 42, numRuns: 300 });
  expect(r.failed).toBe(true);
  expect(r.message).toMatch(/generations 1\.\.\d+ must be emitted exactly as in the valid trace/);
});
