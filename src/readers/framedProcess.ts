// A persistent child process driven by request/response frames over stdin and
// stdout. External readers (`cmd:`, `ts@REV`, Go's readers) run one process for
// many cases: starting a process per case would dominate the cost of a
// campaign. A case that kills or wedges the process is an outcome of that case
// ("crash", "timeout"), never a harness failure: the process is killed and
// started again lazily for the next request.
//
// What the process writes is held to the protocol: a response is decoded frame
// by frame as it arrives (linear in its size, its lengths checked against the
// limit before the bytes are awaited), and bytes that are not the answer to
// the pending request — more after a complete answer, or anything while no
// request is pending — are a protocol violation: a crash outcome and a restart,
// never the next case's answer.
import { spawn, ChildProcess } from 'node:child_process';
import type { ReadDeadline } from './readDeadline';

/** Decodes one frame (a response, a hello) from the bytes as they arrive. */
export interface ResponseDecoder<Res> {
  /**
   * Given the bytes received and not yet consumed, returns how many of them
   * it consumed (it keeps what it decoded) and the value once it is complete.
   * Throws (any error) when the bytes can never be a valid frame; the process
   * is then treated as crashed.
   */
  push(buf: Uint8Array): { consumed: number; value?: Res };
}

export type ExchangeResult<Res> =
  | { kind: 'ok'; value: Res; ms: number }
  | { kind: 'crash'; detail: string; ms: number }
  /** `cut`: the time budget (the shared deadline) ended the read, not the per-case limit. */
  | { kind: 'timeout'; ms: number; limitMs: number; cut: boolean };

export interface FramedProcessOptions {
  /** Program and arguments; with `shell` the program is a shell command line. */
  command: string;
  args?: readonly string[];
  shell?: boolean;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Per-request limit for a small request; the process is killed when it is exceeded. */
  timeoutMs: number;
  /** Added to the per-request limit for every MiB of the request (default 2 s): big traces take longer. */
  timeoutPerMiBMs?: number;
  /** A limit shared with other readers (a campaign's budget): no request outlasts it. */
  deadline?: ReadDeadline;
  /** What the process sends once when it starts, before any response (e.g. a hello frame). */
  greeting?: () => ResponseDecoder<unknown>;
  /**
   * Limit for starting and greeting (default: the larger of timeoutMs and 30 s).
   * Kept apart from the per-request limit: a slow start (a loaded machine, a
   * restart after a crash) is not the next case's fault.
   */
  startupTimeoutMs?: number;
}

const STDERR_TAIL = 4096;
const MIB = 1 << 20;
export const DEFAULT_TIMEOUT_PER_MIB_MS = 2000;

interface Pending<Res> {
  resolve(r: ExchangeResult<Res>): void;
  started: number;
  timer: NodeJS.Timeout;
  decoder: ResponseDecoder<Res>;
  /** A complete answer waiting one turn of the event loop for bytes that follow it. */
  settling?: Res;
}

export class FramedProcess<Res> {
  private child: ChildProcess | null = null;
  // Unconsumed bytes live in received[start, end): big responses arrive in
  // many chunks, and each byte is copied a bounded number of times.
  private received: Buffer = Buffer.alloc(0);
  private start = 0;
  private end = 0;
  private stderrTail = '';
  private pending: Pending<Res> | null = null;
  private greeted = false;
  private greetDecoder: ResponseDecoder<unknown> | null = null;
  private greetWaiter: ((err?: Error) => void) | null = null;
  /** A protocol violation seen while no request was pending; the next request gets it as its crash. */
  private violation: string | null = null;
  /** The last greeting received, if the protocol has one. */
  greeting: unknown = undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  /** How many times the process was started (1 + restarts after crash/timeout). */
  starts = 0;

  /** `newDecoder` makes the decoder of one response, given the request it answers. */
  constructor(private readonly opts: FramedProcessOptions, private readonly newDecoder: (request: Uint8Array) => ResponseDecoder<Res>) {}

  /**
   * Starts the process if it is not running and waits for its greeting.
   * Resolves with the greeting (undefined when the protocol has none); rejects
   * when the process dies or stays silent for the startup limit.
   */
  ready(): Promise<unknown> {
    const run = this.queue.then(() => this.readyNow());
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** The per-request limit for a request of `bytes` bytes. */
  limitFor(bytes: number): number {
    return this.opts.timeoutMs + Math.ceil(bytes / MIB) * (this.opts.timeoutPerMiBMs ?? DEFAULT_TIMEOUT_PER_MIB_MS);
  }

  private readyNow(): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('reader process was closed'));
    if (!this.child) this.spawn();
    if (this.greeted) return Promise.resolve(this.greeting);
    return new Promise((resolve, reject) => {
      const limit = this.opts.startupTimeoutMs ?? Math.max(this.opts.timeoutMs, 30_000);
      const timer = setTimeout(() => {
        this.greetWaiter = null;
        this.kill();
        reject(new Error(`${this.opts.command}: no greeting within ${limit} ms`));
      }, limit);
      this.greetWaiter = (err) => {
        clearTimeout(timer);
        this.greetWaiter = null;
        if (err) reject(err); else resolve(this.greeting);
      };
    });
  }

  /** Sends one request and waits for its response; requests are served one at a time. */
  exchange(request: Uint8Array): Promise<ExchangeResult<Res>> {
    const run = this.queue.then(() => this.exchangeNow(request));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.queue;
    const child = this.child;
    if (!child) return;
    this.child = null;
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => { killGroup(child); resolve(); }, 2000);
      child.once('exit', () => { clearTimeout(t); resolve(); });
      // Closing stdin is the polite way to ask a protocol server to stop.
      child.stdin?.end();
    });
  }

  private async exchangeNow(request: Uint8Array): Promise<ExchangeResult<Res>> {
    if (this.closed) return { kind: 'crash', detail: 'reader process was closed', ms: 0 };
    if (this.violation !== null) {
      // The process broke the protocol between requests: it is restarted, and this request reports why.
      const detail = this.violation;
      this.violation = null;
      this.kill();
      return { kind: 'crash', detail, ms: 0 };
    }
    const perCase = this.limitFor(request.length);
    const left = this.opts.deadline?.remainingMs() ?? Infinity;
    if (left <= 0) return { kind: 'timeout', ms: 0, limitMs: 0, cut: true };
    if (!this.child || !this.greeted) {
      try {
        await this.readyNow();
      } catch (err) {
        return { kind: 'crash', detail: (err as Error).message, ms: 0 };
      }
    }
    const child = this.child;
    if (!child) return { kind: 'crash', detail: `${this.opts.command}: exited right after starting`, ms: 0 };
    this.stderrTail = '';
    const limit = Math.min(perCase, this.opts.deadline?.remainingMs() ?? Infinity);
    const cut = limit < perCase;
    return new Promise((resolve) => {
      const started = performance.now();
      const timer = setTimeout(() => {
        this.finish({ kind: 'timeout', ms: performance.now() - started, limitMs: limit, cut });
        this.kill();
      }, limit);
      this.pending = { resolve, started, timer, decoder: this.newDecoder(request) };
      child.stdin!.write(request);
    });
  }

  private spawn(): ChildProcess {
    this.starts++;
    this.start = this.end = 0;
    this.greeted = this.opts.greeting === undefined;
    this.greetDecoder = this.opts.greeting ? this.opts.greeting() : null;
    const cmd = this.opts.shell ? '/bin/sh' : this.opts.command;
    const args = this.opts.shell ? ['-c', this.opts.command] : [...(this.opts.args ?? [])];
    const child = spawn(cmd, args, {
      cwd: this.opts.cwd,
      env: this.opts.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      // Own process group: a timeout kills the program and anything it started.
      detached: true,
    });
    this.child = child;
    // A dead child makes writes fail with EPIPE; its exit reports the crash.
    child.stdin!.on('error', () => undefined);
    child.stdout!.on('data', (chunk: Buffer) => this.onStdout(child, chunk));
    child.stderr!.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL);
    });
    child.on('error', (err) => this.onGone(child, `cannot run ${JSON.stringify(this.opts.command)}: ${err.message}`));
    child.on('exit', (code, signal) => {
      const how = signal ? `killed by ${signal}` : `exited with status ${code}`;
      this.onGone(child, how);
    });
    return child;
  }

  private onStdout(child: ChildProcess, chunk: Buffer): void {
    if (child !== this.child) return;
    this.append(chunk);
    try {
      this.pump();
    } catch (err) {
      this.violate(`protocol error: ${(err as Error).message}`);
    }
  }

  private pump(): void {
    if (!this.greeted) {
      const hello = this.greetDecoder!.push(this.view());
      this.consume(hello.consumed);
      if (hello.value === undefined) return;
      this.greeted = true;
      this.greeting = hello.value;
      this.greetWaiter?.();
    }
    const p = this.pending;
    const extra = this.end - this.start;
    if (extra === 0) return;
    if (!p) {
      this.violate(`protocol error: ${extra} stray byte(s) written while no request was pending`);
      return;
    }
    if (p.settling !== undefined) {
      this.violate(`protocol error: ${extra} byte(s) written after a complete answer`);
      return;
    }
    const r = p.decoder.push(this.view());
    this.consume(r.consumed);
    if (r.value === undefined) return;
    if (this.end > this.start) {
      this.violate(`protocol error: ${this.end - this.start} byte(s) written after a complete answer`);
      return;
    }
    // Bytes written right behind the answer belong to no request: wait one
    // turn of the event loop for them before taking the answer.
    p.settling = r.value;
    setImmediate(() => {
      if (this.pending === p && p.settling !== undefined) this.finish({ kind: 'ok', value: p.settling, ms: performance.now() - p.started });
    });
  }

  /** A protocol violation: the pending request (or, when none is pending, the next) is a crash, and the process is restarted. */
  private violate(detail: string): void {
    this.greetWaiter?.(new Error(detail));
    if (this.pending) this.finish({ kind: 'crash', detail, ms: this.elapsed() });
    else this.violation = detail;
    this.kill();
  }

  private append(chunk: Buffer): void {
    if (this.start === this.end) this.start = this.end = 0;
    if (this.end + chunk.length > this.received.length) {
      const live = this.end - this.start;
      const need = live + chunk.length;
      if (need <= this.received.length && this.start > 0) {
        this.received.copy(this.received, 0, this.start, this.end);
      } else {
        const grown = Buffer.allocUnsafe(Math.max(need, this.received.length * 2, 1 << 16));
        this.received.copy(grown, 0, this.start, this.end);
        this.received = grown;
      }
      this.start = 0;
      this.end = live;
    }
    chunk.copy(this.received, this.end);
    this.end += chunk.length;
  }

  private view(): Uint8Array {
    return new Uint8Array(this.received.buffer, this.received.byteOffset + this.start, this.end - this.start);
  }

  private consume(n: number): void {
    this.start += n;
    if (this.start === this.end) this.start = this.end = 0;
  }

  private onGone(child: ChildProcess, how: string): void {
    if (child !== this.child) return;
    this.child = null;
    const stderr = this.stderrTail.trim();
    this.greetWaiter?.(new Error(`${this.opts.command}: ${stderr ? `${how}: ${lastLines(stderr, 5)}` : how}`));
    this.finish({ kind: 'crash', detail: stderr ? `${how}: ${lastLines(stderr, 5)}` : how, ms: this.elapsed() });
  }

  private finish(r: ExchangeResult<Res>): void {
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    clearTimeout(p.timer);
    p.resolve(r);
  }

  private elapsed(): number {
    return this.pending ? performance.now() - this.pending.started : 0;
  }

  private kill(): void {
    const child = this.child;
    this.child = null;
    this.start = this.end = 0;
    if (child) killGroup(child);
  }
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    try { child.kill('SIGKILL'); } catch { /* already gone */ }
  }
}

function lastLines(s: string, n: number): string {
  return s.split('\n').slice(-n).join('\n');
}
