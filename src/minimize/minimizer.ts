// Reduces a trace while a predicate (e.g. "this reader still fails with the
// same signature") holds. It works on the trace's structure first, coarse to
// fine — whole generations, then batches, then single events, then argument
// values, string data and stack frames — re-encoding batch sizes as events go,
// and finishes with a pass over raw bytes. Input whose structure cannot be
// parsed, or whose failure depends on its exact encoding, is reduced as bytes.
// Every result satisfies the predicate: each step keeps a candidate only when
// the predicate holds on it.
import { createHash } from 'node:crypto';
import { Budget } from './budget';
import { ddmin, ddminKeeping } from './ddmin';
import { Skeleton, SkelBatch, SkelEvent, encodeSkeleton, generationRuns, parseSkeleton, textFormProblem, withArgs } from './traceSkeleton';
import { Ev, specsFor } from '../trace/spec';
import { U64 } from '../trace/u64';

export type Predicate = (trace: Uint8Array) => Promise<boolean>;

export interface MinimizeOptions {
  /** Stop after this many predicate runs (default: no limit). */
  maxTests?: number;
  /** Stop after this much time (default: no limit). */
  timeLimitMs?: number;
  /** The byte pass runs only on results at most this large (default 4 KiB). */
  bytePassLimit?: number;
  onProgress?: (p: MinimizeProgress) => void;
}

export interface MinimizeProgress {
  stage: string;
  size: number;
  tests: number;
  elapsedMs: number;
}

export interface MinimizeResult {
  bytes: Uint8Array;
  originalSize: number;
  /** Predicate runs (cache hits not counted). */
  tests: number;
  elapsedMs: number;
  /** False when the input was reduced as plain bytes. */
  structured: boolean;
  /** True when the result has a text form (can be saved as a `.test` case). */
  representable: boolean;
  stages: MinimizeProgress[];
  /** True when the budget ran out before the passes finished. */
  truncated: boolean;
  /**
   * Bytes after the last event that do not frame as events (trailing junk):
   * how many the input had and how many the result keeps. The structural
   * passes cut them to the shortest prefix the failure needs.
   */
  trailing: { before: number; after: number };
}

export class MinimizeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MinimizeError';
  }
}

export async function minimizeTrace(input: Uint8Array, predicate: Predicate, opts: MinimizeOptions = {}): Promise<MinimizeResult> {
  const budget = new Budget(opts.maxTests, opts.timeLimitMs);
  const cache = new Map<string, boolean>();
  const stages: MinimizeProgress[] = [];
  let best = input;

  const test = async (candidate: Uint8Array): Promise<boolean> => {
    const key = createHash('sha1').update(candidate).digest('base64');
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    if (budget.exhausted()) return false;
    budget.tests++;
    // In-process predicates never leave the microtask queue; let signals and
    // timers in now and then.
    if (budget.tests % 16 === 0) await new Promise((resolve) => setImmediate(resolve));
    const ok = await predicate(candidate);
    cache.set(key, ok);
    if (ok && candidate.length < best.length) best = candidate;
    return ok;
  };
  const mark = (stage: string) => {
    const p = { stage, size: best.length, tests: budget.tests, elapsedMs: budget.elapsedMs() };
    stages.push(p);
    opts.onProgress?.(p);
  };

  budget.tests++;
  if (!(await predicate(input))) throw new MinimizeError('the failure does not reproduce on the input');
  cache.set(createHash('sha1').update(input).digest('base64'), true);
  mark('input');

  let skel = parseSkeleton(input);
  let structured = false;
  if (skel) {
    const canonical = encodeSkeleton(skel);
    structured = sameBytes(canonical, input) || (await test(canonical));
    if (structured) { best = canonical; mark('canonical'); }
  }

  const trailingBefore = skel?.tail.length ?? 0;
  if (structured && skel) {
    skel = await trailingPass(skel, test);
    if (skel.tail.length < trailingBefore) mark('trailing');
    skel = await structuralPasses(skel, test, budget, mark);
    best = encodeSkeleton(skel);
    const wholeParse = textFormProblem(skel) === null;
    if (best.length <= (opts.bytePassLimit ?? 4 * 1024)) {
      best = await bytePass(best, skel.header.length, test, budget, wholeParse);
      mark('bytes');
    }
  } else {
    const headerLen = skel ? skel.header.length : 0;
    best = await bytePass(best, headerLen, test, budget, false);
    mark('bytes');
  }

  const final = parseSkeleton(best);
  return {
    bytes: best,
    originalSize: input.length,
    tests: budget.tests,
    elapsedMs: budget.elapsedMs(),
    structured,
    representable: final !== null && textFormProblem(final) === null,
    stages,
    truncated: budget.exhausted(),
    trailing: { before: trailingBefore, after: final?.tail.length ?? 0 },
  };
}

/**
 * Trailing bytes that frame as no event: none at all, else the shortest
 * prefix of them (1, 2, 4, … bytes) that keeps the failure — a failure on
 * junk usually needs only its first bytes, and the byte pass only runs on
 * small results.
 */
async function trailingPass(skel: Skeleton, test: (b: Uint8Array) => Promise<boolean>): Promise<Skeleton> {
  const tail = skel.tail;
  for (let n = 0; n < tail.length; n = n === 0 ? 1 : n * 2) {
    const cand = { ...skel, tail: tail.slice(0, n) };
    if (await test(encodeSkeleton(cand))) return cand;
  }
  return skel;
}

async function structuralPasses(
  start: Skeleton,
  test: (b: Uint8Array) => Promise<boolean>,
  budget: Budget,
  mark: (stage: string) => void,
): Promise<Skeleton> {
  let skel = start;
  const withBatches = (batches: SkelBatch[]): Skeleton => ({ ...skel, batches });
  const tryBatches = (batches: SkelBatch[]) => test(encodeSkeleton(withBatches(batches)));

  // 1. Generations.
  const runs = await ddmin(generationRuns(skel), (c) => tryBatches(c.flat()), budget);
  skel = withBatches(runs.flat());
  mark('generations');

  for (let round = 0; round < 3 && !budget.exhausted(); round++) {
    const before = encodeSkeleton(skel).length;
    // 2. Batches.
    skel = withBatches(await ddminKeeping(skel.batches, (b) => isSyncBatch(skel, b), tryBatches, budget));
    mark('batches');
    // 3. Events, across all batches as one list.
    skel = await eventPass(skel, test, budget);
    mark('events');
    if (encodeSkeleton(skel).length === before) break;
  }
  // 4. Values: arguments, string data, stack frames, batch size deltas.
  skel = await valuePass(skel, test, budget);
  mark('values');
  // Smaller values can make more events removable.
  skel = await eventPass(skel, test, budget);
  mark('events');
  return skel;
}

interface EventRef { batch: number; ev: SkelEvent }

/**
 * From go1.25 each generation's sync batch carries the clock snapshot that
 * Go's trace validator (run by Go's own golden tests) requires of every Sync
 * event. The minimizer keeps those batches whole within the generations it
 * keeps, so a minimized case still passes Go's tests as a drop-in `.test`.
 */
function isSyncBatch(skel: Skeleton, b: SkelBatch): boolean {
  if (skel.version < 25 || !b.header || b.header.type !== Ev.EventBatch) return false;
  const p = b.payload;
  return p.length > 0 && p[0] === Ev.Sync;
}

async function eventPass(skel: Skeleton, test: (b: Uint8Array) => Promise<boolean>, budget: Budget): Promise<Skeleton> {
  const refs: EventRef[] = [];
  skel.batches.forEach((b, i) => { for (const ev of b.events) refs.push({ batch: i, ev }); });
  const build = (kept: EventRef[]): Skeleton => {
    const events: SkelEvent[][] = skel.batches.map(() => []);
    for (const r of kept) events[r.batch].push(r.ev);
    return { ...skel, batches: skel.batches.map((b, i) => b.withEvents(events[i])) };
  };
  const kept = await ddminKeeping(refs, (r) => isSyncBatch(skel, skel.batches[r.batch]), (c) => test(encodeSkeleton(build(c))), budget);
  return build(kept);
}

async function valuePass(start: Skeleton, test: (b: Uint8Array) => Promise<boolean>, budget: Budget): Promise<Skeleton> {
  let skel = start;
  const specs = specsFor(skel.version);
  const replaceBatch = (i: number, b: SkelBatch): Skeleton => ({ ...skel, batches: skel.batches.map((x, j) => (j === i ? b : x)) });
  const accept = async (cand: Skeleton): Promise<boolean> => {
    if (!(await test(encodeSkeleton(cand)))) return false;
    skel = cand;
    return true;
  };

  for (let bi = 0; bi < skel.batches.length && !budget.exhausted(); bi++) {
    if (isSyncBatch(skel, skel.batches[bi])) continue;
    // A batch size that disagrees with its contents: try making it agree.
    if (skel.batches[bi].sizeDelta !== 0) await accept(replaceBatch(bi, skel.batches[bi].withSizeDelta(0)));
    const header = skel.batches[bi].header;
    if (header && header.type === Ev.EventBatch) {
      // gen, m, time: the size is derived.
      for (const ai of [2, 1, 0]) {
        await shrinkValue(header.args[ai], async (v) => {
          const h = skel.batches[bi].header!;
          const args = h.args.slice();
          args[ai] = v;
          return accept(replaceBatch(bi, skel.batches[bi].withHeader(withArgs(h, args))));
        }, budget);
      }
    }
    for (let ei = 0; ei < skel.batches[bi].events.length && !budget.exhausted(); ei++) {
      const setEvent = (ev: SkelEvent) => {
        const b = skel.batches[bi];
        return accept(replaceBatch(bi, b.withEvents(b.events.map((x, j) => (j === ei ? ev : x)))));
      };
      const ev = skel.batches[bi].events[ei];
      const spec = specs[ev.type];
      if (!spec) continue;
      if (spec.isStack) {
        // Drop frames from the end, keeping the frame count consistent.
        const frames = (ev.args.length - 2) / 4;
        for (let n = frames - 1; n >= 0 && !budget.exhausted(); n--) {
          const cur = skel.batches[bi].events[ei];
          const args = cur.args.slice(0, 2 + 4 * n);
          args[1] = n;
          if (!(await setEvent(withArgs(cur, args)))) break;
        }
      }
      const nArgs = spec.isStack ? skel.batches[bi].events[ei].args.length : spec.args.length;
      for (let ai = 0; ai < nArgs && !budget.exhausted(); ai++) {
        if (spec.isStack && ai === 1) continue;
        await shrinkValue(skel.batches[bi].events[ei].args[ai], (v) => {
          const cur = skel.batches[bi].events[ei];
          const args = cur.args.slice();
          args[ai] = v;
          return setEvent(withArgs(cur, args));
        }, budget);
      }
      const data = skel.batches[bi].events[ei].data;
      if (data && data.length > 0) {
        let len = data.length;
        // Not below one byte: an event with empty data has no text form.
        for (const target of [1, ...halvings(len).reverse()]) {
          if (target >= len || budget.exhausted()) continue;
          const cur = skel.batches[bi].events[ei];
          if (await setEvent(withArgs(cur, cur.args, cur.data!.subarray(0, target)))) len = target;
        }
      }
    }
  }
  return skel;
}

function halvings(n: number): number[] {
  const out: number[] = [];
  for (let x = n >> 1; x > 0; x >>= 1) out.push(x);
  return out;
}

/** Tries smaller values: 0, then halving, then one less; keeps the smallest that passes. */
async function shrinkValue(value: U64, tryValue: (v: U64) => Promise<boolean>, budget: Budget): Promise<void> {
  const v = typeof value === 'bigint' ? value : BigInt(value);
  if (v === 0n) return;
  const asU64 = (x: bigint): U64 => (x <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(x) : x);
  if (await tryValue(0)) return;
  // Binary search for the smallest passing value in (0, v]: assumes monotone, good enough.
  let lo = 0n; // known failing
  let hi = v;  // known passing (the current value)
  for (let i = 0; i < 64 && hi - lo > 1n && !budget.exhausted(); i++) {
    const mid = lo + (hi - lo) / 2n;
    if (await tryValue(asU64(mid))) hi = mid;
    else lo = mid;
  }
}

async function bytePass(
  bytes: Uint8Array,
  keepPrefix: number,
  test: (b: Uint8Array) => Promise<boolean>,
  budget: Budget,
  mustFrame: boolean,
): Promise<Uint8Array> {
  const prefix = bytes.subarray(0, keepPrefix);
  const body = Array.from(bytes.subarray(keepPrefix));
  const join = (c: number[]): Uint8Array => {
    const out = new Uint8Array(prefix.length + c.length);
    out.set(prefix, 0);
    out.set(c, prefix.length);
    return out;
  };
  const kept = await ddmin(body, async (c) => {
    const cand = join(c);
    if (mustFrame) {
      const s = parseSkeleton(cand);
      if (!s || textFormProblem(s) !== null) return false;
    }
    return test(cand);
  }, budget);
  return join(kept);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
