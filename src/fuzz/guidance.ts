// Coverage guidance: structure-aware and coverage-guided. When the reader
// under test is a coverage build of a Go reader (coverageReader.ts), a case
// that reaches blocks no earlier case reached is kept as a seed — as
// `go test -fuzz` keeps a "new interesting" input — and later cases are drawn
// around the seeds: the seed's script mutated with fast-check (a few of its
// choices replaced by fresh ones: steps of one generation, a generation more
// or less, the clocks, the warm-up, the machine), then the same kind of case
// made from it (valid, one fault with the seed's operator or another, two
// faults). Operators of kept cases get more weight in fresh draws too. Go's
// fuzzer mutates bytes and cannot keep a trace valid; fast-check alone is
// blind to what the reader did.
import fc from 'fast-check';
import { traceScriptArb, TraceKnobs, TraceScript } from '../../arbitraries/trace';
import { singleFaultCaseOfScriptArb, TraceCase, twoFaultCaseOfScriptArb, validCaseOfScript } from '../../arbitraries/traceCase';
import { operatorByName } from '../../arbitraries/corruption';

export interface GuidanceSeed {
  case: TraceCase;
  /** Blocks it reached first. */
  gain: number;
  /** Cases observed before it: what a seed finds late is rarer, and worth more. */
  at: number;
  /** Cases drawn around it so far. */
  picks: number;
}

/** Most seeds kept; past it the least rewarding go. */
const MAX_SEEDS = 400;
/** Cases after which a find says something about its operator. */
const EARLY = 100;
/** An operator's weight grows by one per kept case, up to this (fresh draws keep exploring the rest). */
const MAX_WEIGHT = 6;

export class Guidance {
  readonly seeds: GuidanceSeed[] = [];
  /** Operator weights for fresh draws (name → weight; 1 when absent). */
  readonly weights = new Map<string, number>();
  private readonly byBytes = new WeakMap<Uint8Array, TraceCase>();
  /** Cases kept in all (seeds dropped later included). */
  kept = 0;
  /** Cases observed so far. */
  observed = 0;

  constructor(readonly knobs: TraceKnobs) {}

  /** Remembers which case a trace is, so that coverage reported for the trace finds its case. */
  observe(c: TraceCase): TraceCase {
    this.observed++;
    this.byBytes.set(c.bytes, c);
    return c;
  }

  /** A coverage reader reached new blocks on `trace` (pass as CoverageReader.onFresh). */
  readonly onFresh = (trace: Uint8Array, blocks: readonly number[]): void => {
    const c = this.byBytes.get(trace);
    if (!c || c.valid === null) return;
    this.kept++;
    this.seeds.push({ case: c, gain: blocks.length, at: this.observed, picks: 0 });
    // At first nearly every case reaches something new; an operator earns weight by what it finds later.
    if (this.observed > EARLY) for (const f of c.faults) this.weights.set(f.operator, Math.min(MAX_WEIGHT, (this.weights.get(f.operator) ?? 1) + 1));
    if (this.seeds.length > MAX_SEEDS) {
      let worst = 0;
      for (let i = 1; i < this.seeds.length; i++) if (score(this.seeds[i]) < score(this.seeds[worst])) worst = i;
      this.seeds.splice(worst, 1);
    }
  };

  /**
   * A case drawn around a seed, deterministic in `n` for a given pool; null
   * when there is no seed (or `accept` refuses what was drawn).
   */
  neighbour(n: number, accept: (c: TraceCase) => boolean = () => true): TraceCase | null {
    if (this.seeds.length === 0) return null;
    const seed = this.pick(n);
    seed.picks++;
    const base = seed.case;
    const script = base.valid!.script;
    const arb = scriptNeighbourArb(script, this.knobs).chain((s): fc.Arbitrary<TraceCase | null> => {
      if (base.kind === 'valid') return fc.constant(validCaseOfScript(s));
      if (base.kind === 'two-faults') return twoFaultCaseOfScriptArb(s, this.weights);
      // One fault: mostly the seed's own operator around its new script, sometimes any (weighted).
      const own = operatorByName(base.faults[0].operator);
      const same = own ? singleFaultCaseOfScriptArb(s, { operators: [own] }) : null;
      const any = singleFaultCaseOfScriptArb(s, { weights: this.weights });
      const choices = [same, same, any].filter((a): a is fc.Arbitrary<TraceCase> => a !== null);
      return choices.length === 0 ? fc.constant(null) : fc.oneof(...choices);
    });
    const [c] = fc.sample(arb, { seed: n | 0, numRuns: 1 });
    return c !== null && c !== undefined && accept(c) ? this.observe(c) : null;
  }

  private pick(n: number): GuidanceSeed {
    const total = this.seeds.reduce((t, s) => t + score(s), 0);
    let x = ((n >>> 0) / 0x100000000) * total;
    for (const s of this.seeds) {
      x -= score(s);
      if (x < 0) return s;
    }
    return this.seeds[this.seeds.length - 1];
  }
}

/** Seeds that reached more, and later, are drawn around more; each draw makes the next less likely. */
function score(s: GuidanceSeed): number {
  return ((1 + Math.log2(1 + s.gain)) * (1 + Math.log2(1 + s.at / 50))) / (1 + s.picks / 4);
}

/** Scripts near `base`: one to three of its choices replaced by those of a fresh script. */
export function scriptNeighbourArb(base: TraceScript, k: TraceKnobs): fc.Arbitrary<TraceScript> {
  return fc
    .tuple(traceScriptArb({ ...k, versions: [base.version] }), fc.array(fc.nat(), { minLength: 1, maxLength: 3 }))
    .map(([fresh, edits]) => mutateScript(base, fresh, edits, k));
}

function mutateScript(base: TraceScript, fresh: TraceScript, edits: readonly number[], k: TraceKnobs): TraceScript {
  const s = structuredClone(base);
  for (const e of edits) {
    const at = Math.floor(e / 8);
    const g = s.gens[at % s.gens.length];
    const fg = fresh.gens[at % fresh.gens.length];
    switch (e % 8) {
      case 0: {
        // A run of one generation's steps replaced by fresh ones.
        const start = at % (g.steps.length + 1);
        g.steps.splice(start, 1 + (at % 4), ...fg.steps.slice(0, 1 + (at % 6)));
        g.steps.length = Math.min(g.steps.length, k.maxStepsPerGen);
        break;
      }
      case 1:
        if (at % 2 === 0 && s.gens.length < k.maxGenerations) s.gens.splice(at % (s.gens.length + 1), 0, structuredClone(fg));
        else if (s.gens.length > k.minGenerations) s.gens.splice(at % s.gens.length, 1);
        break;
      case 2:
        s.clocks = fresh.clocks;
        break;
      case 3:
        s.warmup = fresh.warmup;
        break;
      case 4: {
        // How one generation is written: statuses, flushes, batch size, table order, status thread.
        const { steps } = g;
        s.gens[at % s.gens.length] = { ...structuredClone(fg), steps };
        break;
      }
      case 5:
        [s.ms, s.ps, s.initialGs, s.cThreads, s.sysmon] = [fresh.ms, fresh.ps, fresh.initialGs, fresh.cThreads, fresh.sysmon];
        break;
      case 6:
        s.freqIndex = fresh.freqIndex;
        break;
      default:
        // Point mutations: a few single choices of one generation.
        for (let i = 0; i < 1 + (at % 3) && g.steps.length > 0; i++) g.steps[(at + i * 7) % g.steps.length] = fg.steps[i % Math.max(1, fg.steps.length)] ?? at;
    }
  }
  return s;
}
