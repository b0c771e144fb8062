// A persistent child process driven by request/response frames over stdin and
// stdout. External readers (`cmd:`, `ts@REV`, and the Go oracle if it wants to)
// run one process for many cases: starting a process per case would dominate the
// cost of a campaign. A case that kills or wedges the process is an outcome of
// that case ("crash", "timeout"), never a harness failure: the process is killed
// and started again lazily for the next request.
import { spawn, ChildProcess } from 'node:child_process';

/** Decodes one response from the front of the bytes received so far. */
export interface ResponseDecoder<Res> {
  /**
   * Returns the response and how many bytes it used, or null when more bytes
   * are needed. Throws (any error) when the bytes can never be a valid response;
   * the process is then treated as crashed.
   */
  decode(buf: Uint8Array): { value: Res; consumed: number } | null;
}

export type ExchangeResult<Res> =
  | { kind: 'ok'; value: Res; ms: number }
  | { kind: 'crash'; detail: string; ms: number }
  | { kind: 'timeout'; ms: number };

export interface FramedProcessOptions {
  /** Program and arguments; with `shell` the program is a shell command line. */
  command: string;
  args?: readonly string[];
  shell?: boolean;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Per-request limit; the process is killed when it is exceeded. */
  timeoutMs: number;
  /** A response larger than this is a protocol violation (guards our memory). */
  maxResponseBytes?: number;
  /** What the process sends once when it starts, before any response (e.g. a hello frame). */
  greeting?: ResponseDecoder<unknown>;
  /**
   * Limit for starting and greeting (default: the larger of timeoutMs and 30 s).
   * Kept apart from the per-request limit: a slow start (a loaded machine, a
   * restart after a crash) is not the next case's fault.
   */
  startupTimeoutMs?: number;
}

const STDERR_TAIL = 4096;

interface Pending<Res> {
  resolve(r: ExchangeResult<Res>): void;
  started: number;
  timer: NodeJS.Timeout;
}

export class FramedProcess<Res> {
  private child: ChildProcess | null = null;
  private received: Buffer = Buffer.alloc(0);
  private receivedBytes = 0;
  private stderrTail = '';
  private pending: Pending<Res> | null = null;
  private greeted = false;
  private greetWaiter: ((err?: Error) => void) | null = null;
  /** The last greeting received, if the protocol has one. */
  greeting: unknown = undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  /** How many times the process was started (1 + restarts after crash/timeout). */
  starts = 0;

  constructor(private readonly opts: FramedProcessOptions, private readonly decoder: ResponseDecoder<Res>) {}

  /**
   * Starts the process if it is not running and waits for its greeting.
   * Resolves with the greeting (undefined when the protocol has none); rejects
   * when the process dies or stays silent for the per-request timeout.
   */
  ready(): Promise<unknown> {
    const run = this.queue.then(() => this.readyNow());
    this.queue = run.catch(() => undefined);
    return run;
  }

  private readyNow(): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('reader process was closed'));
    if (!this.child) this.start();
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
    if (!this.child || !this.greeted) {
      try {
        await this.readyNow();
      } catch (err) {
        return { kind: 'crash', detail: (err as Error).message, ms: 0 };
      }
    }
    const child = this.child;
    if (!child) return { kind: 'crash', detail: `${this.opts.command}: exited right after starting`, ms: 0 };
    // Anything left over from an earlier exchange is not an answer to this one.
    if (this.greeted) {
      this.receivedBytes = 0;
    }
    this.stderrTail = '';
    return new Promise((resolve) => {
      const started = performance.now();
      const timer = setTimeout(() => {
        this.finish({ kind: 'timeout', ms: performance.now() - started });
        this.kill();
      }, this.opts.timeoutMs);
      this.pending = { resolve, started, timer };
      child.stdin!.write(request);
    });
  }

  private start(): ChildProcess {
    this.starts++;
    this.receivedBytes = 0;
    this.greeted = this.opts.greeting === undefined;
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
    if (!this.pending && this.greeted) return;
    const limit = this.opts.maxResponseBytes ?? 1 << 30;
    let decoded: { value: Res; consumed: number } | null;
    try {
      if (!this.greeted) {
        const hello = this.opts.greeting!.decode(this.view());
        if (!hello) return;
        this.greeted = true;
        this.greeting = hello.value;
        this.consume(hello.consumed);
        this.greetWaiter?.();
      }
      decoded = this.decoder.decode(this.view());
      if (!decoded && this.receivedBytes > limit) throw new Error(`response exceeds ${limit} bytes`);
    } catch (err) {
      this.greetWaiter?.(new Error(`protocol error: ${(err as Error).message}`));
      this.finish({ kind: 'crash', detail: `protocol error: ${(err as Error).message}`, ms: this.elapsed() });
      this.kill();
      return;
    }
    if (!decoded) return;
    this.consume(decoded.consumed);
    this.finish({ kind: 'ok', value: decoded.value, ms: this.elapsed() });
  }

  // Received bytes live in one growable buffer: big responses arrive in many
  // chunks, and re-concatenating them per chunk would be quadratic.
  private append(chunk: Buffer): void {
    const need = this.receivedBytes + chunk.length;
    if (need > this.received.length) {
      const grown = Buffer.allocUnsafe(Math.max(need, this.received.length * 2, 1 << 16));
      this.received.copy(grown, 0, 0, this.receivedBytes);
      this.received = grown;
    }
    chunk.copy(this.received, this.receivedBytes);
    this.receivedBytes = need;
  }

  private view(): Uint8Array {
    return new Uint8Array(this.received.buffer, this.received.byteOffset, this.receivedBytes);
  }

  private consume(n: number): void {
    this.received.copy(this.received, 0, n, this.receivedBytes);
    this.receivedBytes -= n;
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
