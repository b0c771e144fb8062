// Where a campaign's failures go. Each new failure is saved at once (so a
// `kill -9` right after it is reported loses nothing), deduplicated by
// signature, then minimized while it still fails the same way; the smaller
// case replaces the first one on disk. Traces without a text form (e.g. cut
// inside an event) are raw cases: binary `.trace` files under `raw/` with
// their expectation in a sidecar (rawCase.ts), until minimization yields one
// that has a text form.
import { CorpusStore } from '../corpus/corpusStore';
import { expectationFor } from '../corpus/expectation';
import type { TraceReader } from '../readers/traceReader';
import { MinimizeOptions, Predicate, minimizeTrace } from '../minimize/minimizer';
import { Signature, makeSignature, recordedSignature, signatureId } from './signature';
import { caseOperator, caseVersionName, TraceCase } from '../../arbitraries/traceCase';

export interface Failure {
  property: string;
  /** The case that failed: its bytes are saved, its operator(s) and version go into the signature. */
  case: TraceCase;
  /** The error text that classifies the failure (the reader's error, or the property's message). */
  error: string | null;
  seed?: string;
  reader?: string;
  /** One line saying what went wrong, kept in the case's comment. */
  note?: string;
}

export interface RecordResult {
  status: 'new' | 'duplicate';
  signature: string;
  /** Where the finding is on disk (the minimized case once minimization is done). */
  path: string | null;
  originalSize: number;
  minimizedSize?: number;
}

export interface SinkOptions {
  /** The reader whose outcome becomes a case's expectation (e.g. `ts` or `go`). */
  reference: Pick<TraceReader, 'read'>;
  minimize?: MinimizeOptions | false;
}

export class FindingSink {
  private readonly seen = new Map<string, number>();

  constructor(readonly store: CorpusStore, private readonly opts: SinkOptions) {}

  /** How many times each signature was hit in this run. */
  counts(): ReadonlyMap<string, number> {
    return this.seen;
  }

  signatureOf(f: Failure): Signature {
    return makeSignature(f.property, f.error, caseOperator(f.case), caseVersionName(f.case));
  }

  /**
   * Records a failure. `reproduces` tells whether a smaller trace still fails
   * the same way; it drives minimization of new signatures.
   */
  async record(f: Failure, reproduces: Predicate): Promise<RecordResult> {
    const sig = this.signatureOf(f);
    const id = signatureId(sig);
    this.seen.set(id, (this.seen.get(id) ?? 0) + 1);
    const trace = f.case.bytes;
    if ((this.seen.get(id) ?? 0) > 1 || this.store.has(id)) {
      return { status: 'duplicate', signature: id, path: this.store.get(id)?.path ?? null, originalSize: trace.length };
    }
    let path = await this.save(f, sig, trace);
    const result: RecordResult = { status: 'new', signature: id, path, originalSize: trace.length };
    if (this.opts.minimize === false) return result;
    const min = await minimizeTrace(trace, reproduces, this.opts.minimize ?? {});
    if (min.bytes.length < trace.length) {
      // The store replaces the first copy (a raw one moves to a `.test` file when the smaller trace has a text form).
      path = await this.save(f, sig, min.bytes, `minimized ${trace.length} -> ${min.bytes.length} bytes in ${min.tests} runs`);
    }
    result.path = path;
    result.minimizedSize = min.bytes.length;
    return result;
  }

  private async save(f: Failure, sig: Signature, trace: Uint8Array, extraNote?: string): Promise<string | null> {
    const ref = await this.opts.reference.read(trace);
    const notes = [f.note, extraNote].filter((n): n is string => !!n).map((n) => n.replace(/\n/g, ' '));
    const finding = {
      trace,
      signature: recordedSignature(sig),
      seed: f.seed,
      reader: f.reader,
      name: `${sig.property}-${sig.operator}`,
    };
    if (ref.kind === 'ok' || ref.kind === 'error') {
      const events = ref.kind === 'ok' ? ref.events.length : ref.eventsBeforeError;
      return this.store.addFinding({ ...finding, expect: expectationFor(ref), events, notes }).path;
    }
    // The reference itself crashed or hung: it sets no expectation, so keep the
    // bytes for a person to look at (replay reports such a case as unreadable).
    return this.store.keepUnjudged({ ...finding, notes: [`the reference reader gave ${ref.kind}${ref.error ? ': ' + ref.error.split('\n')[0] : ''}`, ...notes] });
  }
}
