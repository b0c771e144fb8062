// Where a campaign's failures go. Each new failure is saved at once (so a
// `kill -9` right after it is reported loses nothing), deduplicated by
// signature (property and cause), then minimized while it still fails the
// same way; the smaller case replaces the first one on disk. Traces without a
// text form (e.g. cut inside an event) are raw cases: binary `.trace` files
// under `raw/` with their expectation in a sidecar (rawCase.ts), until
// minimization yields one that has a text form.
//
// A failure carries its place in the campaign's fixed order of work: when a
// signature is hit twice, the earlier place's case is the one kept, whichever
// arrived first. So a campaign split over several processes (`--jobs`) keeps
// the same cases as one process does, and this sink stays the one writer of
// the corpus: workers claim a failure here, minimize it themselves, and hand
// the smaller trace back.
import { CorpusStore } from '../corpus/corpusStore';
import { expectationFor } from '../corpus/expectation';
import type { TraceReader } from '../readers/traceReader';
import { MinimizeOptions, Predicate, minimizeTrace } from '../minimize/minimizer';
import { Signature, makeSignature, recordedSignature, signatureId } from './signature';

/** A failure as the sink needs it: plain data, so a worker process can send it. */
export interface Failure {
  property: string;
  /** The trace that failed. */
  bytes: Uint8Array;
  /** How it failed (failureCause.ts): with the property, the signature. */
  cause: string;
  /** The operator(s) and trace version of the case (listed inside the finding). */
  operator: string;
  version: string;
  seed?: string;
  reader?: string;
  /** One line saying what went wrong, kept in the case's comment. */
  note?: string;
  /** Place in the campaign's fixed order of work (lower wins a signature); default: arrival order. */
  order?: number;
  /** How to run this one case again (a command line), kept in the finding's detail. */
  replay?: string;
  /** The property's full failure message. */
  message?: string;
}

export interface RecordResult {
  status: 'new' | 'duplicate';
  signature: string;
  /** Where the finding is on disk (the minimized case once minimization is done). */
  path: string | null;
  originalSize: number;
  minimizedSize?: number;
}

/** One finding of this run: a signature, every failure of it counted, the first one's detail. */
export interface FindingSummary {
  signature: string;
  property: string;
  cause: string;
  /** Failures with this signature in this run. */
  count: number;
  /** Operators and versions of those failures, with counts. */
  operators: Record<string, number>;
  versions: Record<string, number>;
  /** Whether the corpus held the signature before this run. */
  known: boolean;
  path: string | null;
  originalSize: number;
  minimizedSize?: number;
  seed?: string;
  replay?: string;
  message?: string;
  order: number;
}

export interface SinkOptions {
  /** The reader whose outcome becomes a case's expectation (e.g. `ts` or `go`). */
  reference: Pick<TraceReader, 'read'>;
  minimize?: MinimizeOptions | false;
}

/** What claim() decides: minimize and complete() a new finding, or nothing to do. */
export type Claim = RecordResult & { minimize: boolean };

export class FindingSink {
  private readonly findings = new Map<string, FindingSummary>();
  private arrivals = 0;

  constructor(readonly store: CorpusStore, private readonly opts: SinkOptions) {}

  /** How many times each signature was hit in this run. */
  counts(): ReadonlyMap<string, number> {
    return new Map([...this.findings].map(([k, v]) => [k, v.count]));
  }

  /** This run's findings, in the campaign's order. */
  summaries(): FindingSummary[] {
    return [...this.findings.values()].sort((a, b) => a.order - b.order);
  }

  signatureOf(f: Failure): Signature {
    return makeSignature(f.property, f.cause, f.operator, f.version);
  }

  get minimizeOptions(): MinimizeOptions | false {
    return this.opts.minimize ?? {};
  }

  /**
   * Counts a failure and, when it is the signature's earliest in this run and
   * the corpus did not hold it before, saves its trace at once. A claim with
   * `minimize` set expects complete() with the minimized trace.
   */
  async claim(f: Failure): Promise<Claim> {
    const sig = this.signatureOf(f);
    const id = signatureId(sig);
    const order = f.order ?? this.arrivals;
    this.arrivals++;
    let s = this.findings.get(id);
    const earliest = !s || order < s.order;
    if (!s) {
      s = { signature: id, property: sig.property, cause: sig.cause, count: 0, operators: {}, versions: {}, known: this.store.has(id), path: this.store.get(id)?.path ?? null, originalSize: f.bytes.length, order };
      this.findings.set(id, s);
    }
    s.count++;
    s.operators[sig.operator] = (s.operators[sig.operator] ?? 0) + 1;
    s.versions[sig.version] = (s.versions[sig.version] ?? 0) + 1;
    if (!earliest || s.known) {
      return { status: 'duplicate', signature: id, path: s.path, originalSize: f.bytes.length, minimize: false };
    }
    Object.assign(s, { order, seed: f.seed, replay: f.replay, message: f.message, originalSize: f.bytes.length, minimizedSize: undefined });
    s.path = await this.save(f, sig, f.bytes, undefined, s.count > 1);
    return { status: 'new', signature: id, path: s.path, originalSize: f.bytes.length, minimize: this.opts.minimize !== false };
  }

  /** Replaces a claimed finding's case by its minimized trace (unless an earlier failure took the signature meanwhile). */
  async complete(f: Failure, minimized: Uint8Array, tests: number): Promise<RecordResult> {
    const sig = this.signatureOf(f);
    const id = signatureId(sig);
    const s = this.findings.get(id)!;
    const order = f.order ?? s.order;
    if (s.order !== order) return { status: 'new', signature: id, path: s.path, originalSize: f.bytes.length };
    if (minimized.length < f.bytes.length) {
      // The store replaces the first copy (a raw one moves to a `.test` file when the smaller trace has a text form).
      s.path = await this.save(f, sig, minimized, `minimized ${f.bytes.length} -> ${minimized.length} bytes in ${tests} runs`, true);
    }
    s.minimizedSize = minimized.length;
    return { status: 'new', signature: id, path: s.path, originalSize: f.bytes.length, minimizedSize: minimized.length };
  }

  /**
   * Records a failure in this process: claims it, minimizes a new one while
   * `reproduces` holds, and saves the smaller case.
   */
  async record(f: Failure, reproduces: Predicate): Promise<RecordResult> {
    const c = await this.claim(f);
    if (!c.minimize) {
      const { minimize: _, ...r } = c;
      return r;
    }
    const min = await minimizeTrace(f.bytes, reproduces, this.opts.minimize || {});
    return this.complete(f, min.bytes, min.tests);
  }

  private async save(f: Failure, sig: Signature, trace: Uint8Array, extraNote: string | undefined, replace: boolean): Promise<string | null> {
    const ref = await this.opts.reference.read(trace);
    const notes = [f.note, extraNote].filter((n): n is string => !!n).map((n) => n.replace(/\n/g, ' '));
    const finding = {
      trace,
      signature: recordedSignature(sig),
      seed: f.seed,
      reader: f.reader,
      // Named after what the finding is, not the operator that happened to find it first.
      name: `${sig.property}-${sig.cause}`,
    };
    if (ref.kind === 'ok' || ref.kind === 'error') {
      const events = ref.kind === 'ok' ? ref.events.length : ref.eventsBeforeError;
      return this.store.addFinding({ ...finding, expect: expectationFor(ref), events, notes }, { replace }).path;
    }
    // The reference itself crashed or hung: it sets no expectation, so keep the
    // bytes for a person to look at (replay reports such a case as unreadable).
    return this.store.keepUnjudged({ ...finding, notes: [`the reference reader gave ${ref.kind}${ref.error ? ': ' + ref.error.split('\n')[0] : ''}`, ...notes] });
  }
}
