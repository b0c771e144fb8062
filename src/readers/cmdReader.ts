// `cmd:COMMAND` — any program that speaks the framed reader protocol
// (readerProtocol.ts, oracle/go/PROTOCOL.md) becomes a reader under test. The
// program runs once and serves every case; a crash or hang is that case's
// outcome and the program is started again for the next one.
import type { Outcome, ReaderLineage, TraceReader } from './traceReader';
import { isVersion, Version, VERSIONS } from '../trace/version';
import { FramedProcess, ExchangeResult, FramedProcessOptions } from './framedProcess';
import { DEFAULT_MAX_RESPONSE_BYTES, encodeRequest, helloDecoder, ReaderHello, ReaderResponse, requestOp, responseDecoder } from './readerProtocol';
import { ReaderSpecError } from './readerSpecError';
import { BUDGET_CUT, ReadDeadline } from './readDeadline';

export const DEFAULT_CASE_TIMEOUT_MS = 10_000;

export interface ExternalReaderOptions {
  /** Per-case limit before the case is recorded as `timeout` (scaled up with the trace's size). */
  timeoutMs?: number;
  /** A limit shared with the other readers of a campaign: no read outlasts it. */
  deadline?: ReadDeadline;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/** How an external reader is run beyond its program: limits and what it is. */
export interface ExternalReaderSettings {
  timeoutMs: number;
  deadline?: ReadDeadline;
  lineage?: ReaderLineage;
  /** Largest answer accepted for a small trace (default 1 GiB); a big trace may have RESPONSE_BYTES_PER_TRACE_BYTE times its size. */
  maxResponseBytes?: number;
}

/**
 * Event texts per byte of trace: a real trace's dump is 40–50 times its size
 * (stacks are printed in full under each event), so the limit on an answer
 * grows with the trace; what no trace can explain is refused.
 */
export const RESPONSE_BYTES_PER_TRACE_BYTE = 64;

/**
 * A TraceReader over a persistent protocol server. Exported for every external
 * reader (`cmd:`, `ts@REV`, and it fits Go's oracle too): they differ only in
 * how the process is started.
 */
export class ExternalReader implements TraceReader {
  private readonly proc: FramedProcess<ReaderResponse>;
  private hello: ReaderHello = {};
  readonly lineage?: ReaderLineage;

  constructor(readonly name: string, process: Omit<FramedProcessOptions, 'timeoutMs' | 'greeting' | 'deadline'>, settings: ExternalReaderSettings) {
    this.lineage = settings.lineage;
    const max = settings.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.proc = new FramedProcess(
      { ...process, timeoutMs: settings.timeoutMs, deadline: settings.deadline, greeting: helloDecoder },
      (request) => responseDecoder(requestOp(request), Math.max(max, RESPONSE_BYTES_PER_TRACE_BYTE * request.length)),
    );
  }

  /** Trace versions the program said it reads (of those tracefuzz writes); all when its hello names none. */
  get versions(): readonly Version[] {
    const v = this.hello.versions;
    return Array.isArray(v) ? v.filter((x): x is Version => typeof x === 'number' && isVersion(x)) : VERSIONS;
  }

  /** The per-case limit for a trace of this many bytes. */
  limitFor(bytes: number): number {
    return this.proc.limitFor(bytes);
  }

  /** How many times the program has been started (restarts show crashes and hangs). */
  get starts(): number {
    return this.proc.starts;
  }

  /** Starts the program and reads its hello; rejects when it cannot be started. */
  async start(): Promise<this> {
    this.hello = ((await this.proc.ready()) as ReaderHello | undefined) ?? {};
    return this;
  }

  async read(trace: Uint8Array): Promise<Outcome> {
    const r = await this.proc.exchange(encodeRequest(trace, 'dump'));
    if (r.kind === 'ok' && this.proc.greeting) this.hello = this.proc.greeting as ReaderHello;
    return exchangeOutcome(r);
  }

  /** Whether the program serves digest requests (its hello lists 'H'). */
  get digests(): boolean {
    return Array.isArray(this.hello.ops) && this.hello.ops.includes('H');
  }

  /**
   * The outcome with a digest of the event texts in place of the texts
   * (`events` is empty; `eventsBeforeError` counts them): comparing two
   * readers on a big trace costs a hash, not millions of strings.
   */
  async digest(trace: Uint8Array): Promise<{ outcome: Outcome; digest: string | null }> {
    if (!this.digests) throw new Error(`${this.name} does not serve digest requests`);
    const r = await this.proc.exchange(encodeRequest(trace, 'digest'));
    return { outcome: exchangeOutcome(r), digest: r.kind === 'ok' ? r.value.digest ?? null : null };
  }

  close(): Promise<void> {
    return this.proc.close();
  }
}

/** The outcome of one exchange with a protocol server. */
export function exchangeOutcome(r: ExchangeResult<ReaderResponse>): Outcome {
  if (r.kind === 'timeout') {
    const error = r.cut ? BUDGET_CUT : `no answer within the per-case timeout (${(r.limitMs / 1000).toFixed(r.limitMs < 10_000 ? 1 : 0)} s)`;
    return { kind: 'timeout', events: [], error, eventsBeforeError: 0 };
  }
  if (r.kind === 'crash') return { kind: 'crash', events: [], error: r.detail, eventsBeforeError: 0 };
  const v = r.value;
  if (v.status === 'ok') return { kind: 'ok', events: v.events, error: null, eventsBeforeError: v.count };
  if (v.status === 'error') return { kind: 'error', events: v.events, error: v.text, eventsBeforeError: v.count };
  // The reader panicked but its server survived: still a crash of the reader.
  return { kind: 'crash', events: v.events, error: v.text, eventsBeforeError: v.count };
}

/** Opens `cmd:COMMAND` (the part after `cmd:` is a shell command line). */
export async function openCmdReader(command: string, opts: ExternalReaderOptions = {}): Promise<ExternalReader> {
  if (command.trim() === '') throw new ReaderSpecError('cmd: needs a command, e.g. cmd:./my-reader');
  const reader = new ExternalReader(`cmd:${command}`, { command, shell: true, cwd: opts.cwd, env: opts.env }, { timeoutMs: opts.timeoutMs ?? DEFAULT_CASE_TIMEOUT_MS, deadline: opts.deadline });
  return reader.start();
}
