// Worker processes for `--jobs N`: the same `tracefuzz` program forked with
// a hidden `--worker` flag and an IPC channel that carries structured clones
// (Uint8Array included). The parent owns everything that is written to disk
// and decides what the results are; a worker runs the part of the work it is
// given and reports back. A worker ignores Ctrl-C (the terminal sends it to the
// whole process group): the parent tells it when to stop, and it exits when
// the parent goes away.
import { ChildProcess, fork } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { ownProgram } from '../readers/ownProgram';

/** The default of `--jobs`: one per core of the machine. */
export function defaultJobs(): number {
  return availableParallelism();
}

export interface WorkerProcess<Out> {
  index: number;
  send(msg: unknown): void;
  /** Resolves when the process is gone: its exit code, or the signal that ended it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  onMessage(handler: (msg: Out) => void): void;
  kill(): void;
}

/**
 * Forks `tracefuzz COMMAND --worker`; its stderr is the parent's (so a crash
 * says why). `start` is sent once the worker says it listens.
 */
export function forkWorker<Out>(command: string, index: number, start: unknown): WorkerProcess<Out> {
  const main = ownProgram(__dirname, 'main');
  const child: ChildProcess = fork(main.file, [command, '--worker'], { execArgv: main.execArgv, serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  // Until the worker listens, messages wait here (a stop sent too early would be lost).
  let waiting: unknown[] | null = [start];
  const deliver = (msg: unknown) => {
    if (child.connected) child.send(msg as never);
  };
  child.on('message', (m: { type?: string }) => {
    if (m?.type !== 'ready' || waiting === null) return;
    for (const msg of waiting) deliver(msg);
    waiting = null;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
    child.on('error', () => resolve({ code: null, signal: null }));
  });
  return {
    index,
    send: (msg) => {
      if (waiting) waiting.push(msg);
      else deliver(msg);
    },
    exited,
    onMessage: (handler) => child.on('message', (m: { type?: string }) => { if (m?.type !== 'ready') handler(m as Out); }),
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

/** In a worker: the channel to the parent. */
export interface ParentChannel<Start, In> {
  /** The work to do: the parent's `{type: 'start', …}` message. */
  started: Promise<Start>;
  /** Whether the parent said `{type: 'stop'}` (Ctrl-C, or the work is over). */
  stopped(): boolean;
  send(msg: unknown): void;
  /** Other messages of the parent (replies to requests). */
  onMessage(handler: (msg: In) => void): void;
  /** Closes the channel once the work is done and reported (the process can then exit). */
  close(): void;
}

export function parentChannel<Start extends { type: 'start' }, In = never>(): ParentChannel<Start, In> {
  if (!process.send) throw new Error('--worker is internal: tracefuzz starts its own workers (see --jobs)');
  process.on('SIGINT', () => undefined);
  // The parent went away: nobody wants the rest of the work.
  const orphaned = () => process.exit(0);
  process.on('disconnect', orphaned);
  let stop = false;
  let start: (m: Start) => void = () => undefined;
  const started = new Promise<Start>((resolve) => { start = resolve; });
  const handlers: ((msg: In) => void)[] = [];
  process.on('message', (m: { type?: string }) => {
    if (m?.type === 'start') start(m as Start);
    else if (m?.type === 'stop') stop = true;
    else for (const h of handlers) h(m as In);
  });
  // Messages sent before a listener is attached may be lost: the parent waits for this.
  process.send({ type: 'ready' });
  return {
    started,
    stopped: () => stop,
    close: () => {
      process.off('disconnect', orphaned);
      if (process.connected) process.disconnect();
    },
    send: (msg) => process.send!(msg as never),
    onMessage: (handler) => handlers.push(handler),
  };
}

/** Sends a request to the other side and waits for the reply with the same id. */
export class Requests<Reply> {
  private next = 0;
  private readonly waiting = new Map<number, (r: Reply) => void>();

  request(send: (id: number) => void): Promise<Reply> {
    const id = this.next++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      send(id);
    });
  }

  /** Hands a reply to the request it answers. */
  settle(id: number, reply: Reply): void {
    const r = this.waiting.get(id);
    this.waiting.delete(id);
    r?.(reply);
  }
}
