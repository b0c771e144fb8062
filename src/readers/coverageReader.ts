// A Go reader built for coverage (goCoverageBuild.ts) as a TraceReader that
// also says which of the reader's blocks each case reached first. The server
// appends the ids of the blocks a case reached for the first time to every
// outcome (PROTOCOL.md, "Coverage"); this side keeps the union, so a server
// restarted after a crash (which forgets what it had seen) changes nothing.
import type { Outcome, TraceReader } from './traceReader';
import type { Version } from '../trace/version';
import { FramedProcess, ResponseDecoder } from './framedProcess';
import { DEFAULT_MAX_RESPONSE_BYTES, encodeRequest, helloDecoder, ReaderHello, ReaderResponse, ResponseFrameDecoder, responseDecoder } from './readerProtocol';
import type { ReadDeadline } from './readDeadline';
import { exchangeOutcome, RESPONSE_BYTES_PER_TRACE_BYTE } from './cmdReader';
import { buildCoverageServer, CoverageBuild } from './goCoverageBuild';

/** One coverable block of the reader (a counter of the coverage build). */
export interface CoverBlock {
  /** Import-path file name as the coverage build records it, e.g. internal/trace/order.go. */
  file: string;
  func: string;
  line0: number;
  col0: number;
  line1: number;
  col1: number;
  stmts: number;
}

type Answer = { kind: 'outcome'; response: ReaderResponse; fresh: number[] } | { kind: 'blocks'; blocks: CoverBlock[] } | { kind: 'reset' };

function u32(buf: Uint8Array, at: number): number {
  return (buf[at] | (buf[at + 1] << 8) | (buf[at + 2] << 16)) + buf[at + 3] * 0x1000000;
}

const MAX_TABLE = 64 << 20;

/**
 * Decodes the server's answer to one request (`kind` says which), fed the
 * bytes as they arrive: an outcome frame by frame (readerProtocol.ts) and then
 * its coverage trailer, the ids of the blocks the case reached first.
 */
class CoverageDecoder implements ResponseDecoder<Answer> {
  private response: ReaderResponse | null = null;
  private readonly outcome: ResponseFrameDecoder;

  constructor(private readonly kind: Answer['kind'], maxBytes: number) {
    this.outcome = responseDecoder('dump', maxBytes);
  }

  push(buf: Uint8Array): { consumed: number; value?: Answer } {
    if (this.kind === 'blocks') {
      if (buf.length < 4) return { consumed: 0 };
      const n = u32(buf, 0);
      if (n > MAX_TABLE) throw new Error(`block table of ${n} bytes`);
      if (buf.length < 4 + n) return { consumed: 0 };
      const blocks = JSON.parse(new TextDecoder().decode(buf.subarray(4, 4 + n))) as CoverBlock[];
      return { consumed: 4 + n, value: { kind: 'blocks', blocks } };
    }
    if (this.kind === 'reset') return buf.length < 4 ? { consumed: 0 } : { consumed: 4, value: { kind: 'reset' } };
    let pos = 0;
    if (this.response === null) {
      const head = this.outcome.push(buf);
      pos = head.consumed;
      if (head.value === undefined) return { consumed: pos };
      this.response = head.value;
    }
    if (buf.length < pos + 4) return { consumed: pos };
    const k = u32(buf, pos);
    if (k > 1 << 24) throw new Error(`coverage trailer of ${k} blocks`);
    if (buf.length < pos + 4 + 4 * k) return { consumed: pos };
    const fresh: number[] = [];
    for (let i = 0; i < k; i++) fresh.push(u32(buf, pos + 4 + 4 * i));
    return { consumed: pos + 4 + 4 * k, value: { kind: 'outcome', response: this.response, fresh } };
  }
}

export interface CoverageReaderOptions {
  timeoutMs: number;
  /** The shared deadline that cuts reads when a time budget ends. */
  deadline?: ReadDeadline;
  /** Told after each case that reached blocks no earlier case reached (since the last reset). */
  onFresh?: (trace: Uint8Array, blocks: readonly number[]) => void;
}

export class CoverageReader implements TraceReader {
  /** The kind of answer the request in flight expects. */
  private expect: Answer['kind'] = 'outcome';
  private readonly proc: FramedProcess<Answer>;
  private hello: ReaderHello = {};
  /** The reader's blocks, indexed by id. */
  blocks: CoverBlock[] = [];
  private readonly seen = new Set<number>();
  /** Statements of the blocks reached since the start or the last reset. */
  stmtsReached = 0;
  onFresh?: (trace: Uint8Array, blocks: readonly number[]) => void;
  /** A coverage build is one of Go's readers: judged by its release's semantics. */
  readonly lineage = 'go' as const;

  constructor(readonly name: string, readonly build: CoverageBuild, opts: CoverageReaderOptions) {
    this.proc = new FramedProcess({ command: build.binary, timeoutMs: opts.timeoutMs, deadline: opts.deadline, greeting: helloDecoder },
      (request) => new CoverageDecoder(this.expect, Math.max(DEFAULT_MAX_RESPONSE_BYTES, RESPONSE_BYTES_PER_TRACE_BYTE * request.length)),
    );
    this.onFresh = opts.onFresh;
  }

  get versions(): readonly Version[] | undefined {
    const v = this.hello.versions;
    return Array.isArray(v) ? (v.filter((x) => typeof x === 'number') as Version[]) : undefined;
  }

  async start(): Promise<this> {
    this.hello = ((await this.proc.ready()) as ReaderHello | undefined) ?? {};
    if (typeof (this.hello.coverage as { blocks?: unknown } | undefined)?.blocks !== 'number') {
      throw new Error(`${this.build.binary}: not a coverage build (its hello names no blocks)`);
    }
    this.expect = 'blocks';
    const r = await this.proc.exchange(encodeOp(0x42));
    if (r.kind !== 'ok' || r.value.kind !== 'blocks') throw new Error(`${this.name}: no block table (${r.kind === 'crash' ? r.detail : r.kind})`);
    this.blocks = r.value.blocks;
    return this;
  }

  /** Ids of the blocks reached since the start or the last reset. */
  reached(): ReadonlySet<number> {
    return this.seen;
  }

  /** Adds blocks another process's copy of this reader reached (a report's workers). */
  addReached(ids: Iterable<number>): void {
    for (const id of ids) {
      if (id >= this.blocks.length || this.seen.has(id)) continue;
      this.seen.add(id);
      this.stmtsReached += this.blocks[id].stmts;
    }
  }

  /** Forgets what was reached (to measure one input set apart from another). */
  async reset(): Promise<void> {
    this.seen.clear();
    this.stmtsReached = 0;
    this.expect = 'reset';
    await this.proc.exchange(encodeOp(0x52));
  }

  async read(trace: Uint8Array): Promise<Outcome> {
    this.expect = 'outcome';
    const r = await this.proc.exchange(encodeRequest(trace, 'dump'));
    if (r.kind !== 'ok') return exchangeOutcome(r);
    if (r.value.kind !== 'outcome') throw new Error(`${this.name}: answer of the wrong kind`);
    const fresh = r.value.fresh.filter((id) => id < this.blocks.length && !this.seen.has(id));
    for (const id of fresh) {
      this.seen.add(id);
      this.stmtsReached += this.blocks[id].stmts;
    }
    if (fresh.length > 0) this.onFresh?.(trace, fresh);
    return exchangeOutcome({ ...r, value: r.value.response });
  }

  close(): Promise<void> {
    return this.proc.close();
  }
}

function encodeOp(op: number): Uint8Array {
  const out = new Uint8Array(5);
  out[0] = op;
  return out;
}

/** Builds the coverage server of a Go reader spec and starts it. */
export async function openCoverageReader(spec: string, opts: CoverageReaderOptions): Promise<CoverageReader> {
  const build = await buildCoverageServer(spec);
  return new CoverageReader(build.name, build, opts).start();
}
