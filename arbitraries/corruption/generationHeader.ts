// Generation-header corruptions: batches that say they belong to the wrong
// generation, generations interleaved, a go1.26 generation that never ends.
// Before go1.26, a bad number in the first batch after a complete generation
// is where Go's reader deliberately fails fast (the documented deviation).
import fc from 'fast-check';
import { Ev } from '../../src/trace/spec';
import { Operator, TraceUnderTest, batchesOf, clonePlan, freshThread, fromPlan, gensWhere, isSpillPosition, pickArb, FAIL_FAST_DEVIATION } from './operator';

function headerTargets(t: TraceUnderTest, minGen: number) {
  const out: { gen: number; bi: number }[] = [];
  for (const g of gensWhere(t, minGen, () => true)) for (const { i } of batchesOf(t.plan, g).filter(({ b }) => b.kind !== 'end')) out.push({ gen: g, bi: i });
  return out;
}

export const generationZero: Operator = {
  name: 'generation-zero',
  class: 'generation-header',
  planLevel: true,
  arb: (t, minGen) => {
    const targets = headerTargets(t, minGen);
    if (targets.length === 0) return null;
    return pickArb(targets).map((x) => {
      const plan = clonePlan(t.plan);
      plan.generations[x.gen - 1].batches[x.bi].gen = 0;
      return fromPlan(t, plan, {
        op: 'generation-zero',
        class: 'generation-header',
        gen: x.gen,
        expect: 'error',
        expectedError: 'invalid generation number 0',
        expectedErrorGoCompatibleOnly: t.version < 26,
        deviation: isSpillPosition(t, x.gen, x.bi) ? FAIL_FAST_DEVIATION : undefined,
        detail: `batch ${x.bi} of generation ${x.gen} has generation number 0`,
      });
    });
  },
};

export const generationOutOfOrder: Operator = {
  name: 'generation-out-of-order',
  class: 'generation-header',
  planLevel: true,
  arb: (t, minGen) => {
    const targets = headerTargets(t, minGen);
    if (targets.length === 0) return null;
    return fc.tuple(pickArb(targets), fc.nat({ max: 1000 }), fc.boolean()).map(([x, d, back]) => {
      // Anything but the generation itself, its predecessor (which would merge) or its successor (a spill).
      const value = back && x.gen >= 3 ? 1 + (d % (x.gen - 2)) : x.gen + 2 + d;
      const plan = clonePlan(t.plan);
      plan.generations[x.gen - 1].batches[x.bi].gen = value;
      return fromPlan(t, plan, {
        op: 'generation-out-of-order',
        class: 'generation-header',
        gen: x.gen,
        expect: 'error',
        expectedError: t.version >= 26 ? 'broken trace: missing end-of-generation event, or generations are interleaved' : 'generations out of order',
        expectedErrorGoCompatibleOnly: t.version < 26,
        deviation: isSpillPosition(t, x.gen, x.bi) ? FAIL_FAST_DEVIATION : undefined,
        detail: `batch ${x.bi} of generation ${x.gen} has generation number ${value}`,
      });
    });
  },
};

export const interleavedGenerations: Operator = {
  name: 'interleaved-generations',
  class: 'generation-header',
  planLevel: true,
  arb: (t, minGen) => {
    const gens = gensWhere(t, minGen, (g) => g < t.plan.generations.length);
    if (gens.length === 0) return null;
    return fc.tuple(pickArb(gens), fc.nat(), fc.nat()).map(([g, from, at]) => {
      const plan = clonePlan(t.plan);
      const cur = plan.generations[g - 1].batches;
      const next = plan.generations[g].batches;
      const movable = next.map((b, i) => ({ b, i })).filter(({ b }) => b.kind !== 'end');
      const { i: fi } = movable[from % movable.length];
      const [moved] = next.splice(fi, 1);
      // Before the last batch of generation g that is not its end marker, so that some of g follows it.
      const limit = cur[cur.length - 1].kind === 'end' ? cur.length - 2 : cur.length - 1;
      const pos = at % (limit + 1);
      cur.splice(pos, 0, moved);
      return fromPlan(t, plan, {
        op: 'interleaved-generations',
        class: 'generation-header',
        gen: g,
        expect: 'error',
        expectedError: t.version >= 26 ? 'broken trace: missing end-of-generation event, or generations are interleaved' : undefined,
        // At the front of generation g it is the batch right after complete generation g-1.
        deviation: isSpillPosition(t, g, pos) ? FAIL_FAST_DEVIATION : undefined,
        detail: `batch ${fi} of generation ${g + 1} moved to position ${pos} inside generation ${g}`,
      });
    });
  },
};

export const missingEndOfGeneration: Operator = {
  name: 'missing-end-of-generation',
  class: 'generation-header',
  planLevel: true,
  arb: (t, minGen) => {
    if (t.version < 26) return null;
    const gens = gensWhere(t, minGen, () => true);
    if (gens.length === 0) return null;
    return pickArb(gens).map((g) => {
      const plan = clonePlan(t.plan);
      const bs = plan.generations[g - 1].batches;
      bs.splice(bs.map((b) => b.kind).lastIndexOf('end'), 1);
      const last = g === plan.generations.length;
      return fromPlan(t, plan, {
        op: 'missing-end-of-generation',
        class: 'generation-header',
        gen: g,
        expect: 'error',
        expectedError: last ? 'incomplete generation found; trace likely truncated' : 'broken trace: missing end-of-generation event, or generations are interleaved',
        detail: `generation ${g} has no end-of-generation batch`,
      });
    });
  },
};

/**
 * A batch whose payload is go1.26's end-of-generation marker, in a trace
 * before go1.26 (which has no such marker): go1.26's reader meets it among
 * the generation's batches and rejects it. (From go1.26 the reader takes it
 * for the end of the generation itself, so the operator leaves go1.26 alone.)
 * It is the only batch of a new thread and not in the first generation, so
 * that a release before go1.26, to which the byte is just an event it cannot
 * read, fails before the generation's first event too (one Sync apart).
 */
export const endOfGenerationAmongBatches: Operator = {
  name: 'end-of-generation-among-batches',
  class: 'generation-header',
  planLevel: true,
  arb: (t, minGen) => {
    if (t.version >= 26) return null;
    const targets = headerTargets(t, Math.max(2, minGen));
    if (targets.length === 0) return null;
    return fc.tuple(pickArb(targets), fc.boolean()).map(([x, after]) => {
      const plan = clonePlan(t.plan);
      const bs = plan.generations[x.gen - 1].batches;
      const like = bs[x.bi];
      const at = x.bi + (after ? 1 : 0);
      const m = freshThread(plan);
      bs.splice(at, 0, { kind: 'events', gen: like.gen, m, time: like.time, events: [{ type: Ev.EndOfGeneration, args: [] }] });
      return fromPlan(t, plan, {
        op: 'end-of-generation-among-batches',
        class: 'generation-header',
        gen: x.gen,
        expect: 'error',
        expectedError: 'internal error: unexpectedly processing EndOfGeneration; broken trace?',
        detail: `generation ${x.gen}: a batch of new thread ${m} holding only an end-of-generation marker inserted at position ${at}`,
      });
    });
  },
};

export const GENERATION_HEADER: readonly Operator[] = [generationZero, generationOutOfOrder, interleavedGenerations, missingEndOfGeneration, endOfGenerationAmongBatches];
