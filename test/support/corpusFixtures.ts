// Hand-written traces for the corpus, minimizer and replay suites, built from
// the text format with every batch size computed from its events.
import { traceFromText } from '../../src/corpus/traceText';
import { encodeSkeleton, parseSkeleton } from '../../src/minimize/traceSkeleton';

/** Wire bytes of a text trace whose `size=` values are ignored and recomputed. */
export function buildTrace(text: string): Uint8Array {
  const s = parseSkeleton(traceFromText(text));
  if (!s) throw new Error('fixture is not a trace');
  for (const b of s.batches) b.sizeDelta = 0;
  return encodeSkeleton(s);
}

export interface FixtureOptions {
  generations?: number;
  /** Extra string table entries per generation (filler the minimizer should remove). */
  fillerStrings?: number;
  /** Extra run/stop pairs of goroutine 1 per generation. */
  fillerRuns?: number;
  /** Generation (1-based) that gets a batch creating a goroutine on an M without a proc. */
  faultInGeneration?: number;
}

/**
 * A go1.22 trace: per generation a frequency batch, a string table and one M
 * running goroutine 1 on P 0. Go's reader reads it cleanly unless a fault is
 * asked for.
 */
export function fixtureText(opts: FixtureOptions = {}): string {
  const gens = opts.generations ?? 3;
  const out = ['Trace Go1.22'];
  for (let g = 1; g <= gens; g++) {
    const t = g * 1000;
    out.push(`EventBatch gen=${g} m=0 time=${t} size=0`, 'Frequency freq=15625000');
    out.push(`EventBatch gen=${g} m=0 time=${t} size=0`, 'Strings', 'String id=1', '\tdata="main"');
    for (let i = 0; i < (opts.fillerStrings ?? 0); i++) out.push(`String id=${i + 2}`, `\tdata="filler string ${i}"`);
    out.push(`EventBatch gen=${g} m=1 time=${t + 10} size=0`, 'ProcStatus dt=1 p=0 pstatus=1', 'GoStatus dt=1 g=1 m=18446744073709551615 gstatus=1');
    const runs = 1 + (opts.fillerRuns ?? 0);
    for (let i = 1; i <= runs; i++) out.push(`GoStart dt=1 g=1 g_seq=${i}`, 'GoStop dt=1 reason_string=1 stack=0');
    if (opts.faultInGeneration === g) out.push(`EventBatch gen=${g} m=2 time=${t + 20} size=0`, 'GoCreate dt=1 new_g=99 new_stack=0 stack=0');
  }
  return out.join('\n') + '\n';
}

export function fixtureTrace(opts: FixtureOptions = {}): Uint8Array {
  return buildTrace(fixtureText(opts));
}
