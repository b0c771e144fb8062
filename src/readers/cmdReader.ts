// `cmd:COMMAND` — any program that speaks the framed reader protocol
// (readerProtocol.ts, oracle/go/PROTOCOL.md) becomes a reader under test. The
// program runs once and serves every case; a crash or hang is that case's
// outcome and the program is started again for the next one.
import type { Outcome, TraceReader } from './traceReader';
import type { Version } from '../trace/version';
import { FramedProcess, ExchangeResult, FramedProcessOptions } from './framedProcess';
import { encodeRequest, helloDecoder, ReaderHello, ReaderResponse, responseDecoder } from './readerProtocol';
import { ReaderSpecError } from './readerSpecError';

export const DEFAULT_CASE_TIMEOUT_MS = 10_000;

export interface ExternalReaderOptions {
  /** Per-case limit before the case is recorded as `timeout`. */
  timeoutMs?: number;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * A TraceReader over a persistent protocol server. Exported for every external
 * reader (`cmd:`, `ts@REV`, and it fits Go's oracle too): they differ only in
 * how the process is started.
 */
export class ExternalReader implements TraceReader {
  private readonly proc: FramedProcess<ReaderResponse>;
  private hello: ReaderHello = {};

  constructor(readonly name: string, process: Omit<FramedProcessOptions, 'timeoutMs' | 'greeting'>, timeoutMs: number) {
    this.proc = new FramedProcess({ ...process, timeoutMs, greeting: helloDecoder }, responseDecoder(true));
  }

  /** Trace versions the program said it reads; undefined means all. */
  get versions(): readonly Version[] | undefined {
    const v = this.hello.versions;
    return Array.isArray(v) ? (v.filter((x) => typeof x === 'number') as Version[]) : undefined;
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

  close(): Promise<void> {
    return this.proc.close();
  }
}

/** The outcome of one exchange with a protocol server. */
export function exchangeOutcome(r: ExchangeResult<ReaderResponse>): Outcome {
  if (r.kind === 'timeout') {
    return { kind: 'timeout', events: [], error: `no answer within the per-case timeout`, eventsBeforeError: 0 };
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
  const reader = new ExternalReader(`cmd:${command}`, { command, shell: true, cwd: opts.cwd, env: opts.env }, opts.timeoutMs ?? DEFAULT_CASE_TIMEOUT_MS);
  return reader.start();
}
