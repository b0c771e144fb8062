// The framed reader protocol (oracle/go/PROTOCOL.md) seen from the client:
// how a trace is sent and how an outcome comes back. Every external reader —
// Go's, `ts@REV`, any `cmd:` program — speaks it, so it lives in one place.
//
//   hello    (server → client, once):  "TFZ1" u32 len, JSON {reader, goVersion?, versions?}
//   request  (client → server):        op byte ('D' dump | 'C' count | 'H' digest), u32 len, trace bytes
//   response (server → client):        status ('O' ok | 'E' error | 'P' reader panic),
//                                       u32 event count, [dump: count × (u32 len, text)],
//                                       [digest: u32 len, hex sha256 of the framed texts],
//                                       u32 len, error text
// All integers are little-endian uint32.
import type { ResponseDecoder } from './framedProcess';
import { decodeGoString, encodeGoString } from '../trace/goString';

const PROTOCOL_MAGIC = 'TFZ1';

export interface ReaderHello {
  reader?: string;
  goVersion?: string;
  /** Trace versions the reader supports (e.g. [22, 23]); absent means all. */
  versions?: number[];
  /** Request ops the server serves beyond 'D' and 'C' (Go's oracle: 'H'). */
  ops?: string[];
  [key: string]: unknown;
}

export interface ReaderResponse {
  status: 'ok' | 'error' | 'panic';
  count: number;
  events: string[];
  text: string;
  /** For a digest request: hex sha256 over the event texts, each preceded by its u32 length. */
  digest?: string;
}

export type RequestOp = 'dump' | 'count' | 'digest';
const OP_BYTES: Record<RequestOp, number> = { dump: 0x44, count: 0x43, digest: 0x48 };

/** The op of an encoded request (its first byte). */
export function requestOp(request: Uint8Array): RequestOp {
  return request[0] === 0x48 ? 'digest' : request[0] === 0x43 ? 'count' : 'dump';
}

export function encodeRequest(trace: Uint8Array, op: RequestOp = 'dump'): Uint8Array {
  const out = new Uint8Array(5 + trace.length);
  out[0] = OP_BYTES[op];
  new DataView(out.buffer).setUint32(1, trace.length, true);
  out.set(trace, 5);
  return out;
}

const utf8 = new TextDecoder('utf-8');

/** The hello frame, decoded once it is complete (it is small: at most 1 MiB). */
export function helloDecoder(): ResponseDecoder<ReaderHello> {
  return {
    push(buf) {
      const magic = PROTOCOL_MAGIC.length;
      for (let i = 0; i < Math.min(magic, buf.length); i++) {
        if (buf[i] !== PROTOCOL_MAGIC.charCodeAt(i)) throw new Error(`bad hello: expected ${PROTOCOL_MAGIC}`);
      }
      if (buf.length < magic + 4) return { consumed: 0 };
      const n = u32(buf, magic);
      if (n > 1 << 20) throw new Error(`hello of ${n} bytes`);
      if (buf.length < magic + 4 + n) return { consumed: 0 };
      const text = utf8.decode(buf.subarray(magic + 4, magic + 4 + n));
      let value: ReaderHello;
      try {
        const parsed: unknown = JSON.parse(text);
        value = typeof parsed === 'object' && parsed !== null ? (parsed as ReaderHello) : {};
      } catch {
        throw new Error('hello is not JSON');
      }
      return { value, consumed: magic + 4 + n };
    },
  };
}

export interface ResponseLimits {
  /** Whether event texts follow the count ('D' requests). */
  dump?: boolean;
  /** Whether a digest frame follows the count ('H' requests). */
  digest?: boolean;
  /** The whole response may not exceed this many bytes (default 1 GiB). */
  maxBytes?: number;
}

export const DEFAULT_MAX_RESPONSE_BYTES = 1 << 30;

/**
 * A decoder for one response. It is fed the bytes as they arrive and decodes
 * each frame (an event's text, the error) once, as soon as it is complete, so
 * a response of n events costs O(n) however it is chunked; `steps` counts the
 * frames it looked at. Every length is checked against the limit before any
 * byte of it is awaited, so a reader announcing a 4 GB answer is refused at
 * once, and memory stays within the limit.
 */
export class ResponseFrameDecoder implements ResponseDecoder<ReaderResponse> {
  private status: ReaderResponse['status'] | null = null;
  private count = 0;
  private readonly events: string[] = [];
  private total = 0;
  /** Frames examined (a length read or a text decoded): linear in the response. */
  steps = 0;
  private readonly dump: boolean;
  private readonly digest: boolean;
  private digestText: string | null = null;
  private readonly maxBytes: number;

  constructor(limits: ResponseLimits = {}) {
    this.digest = limits.digest ?? false;
    this.dump = !this.digest && (limits.dump ?? true);
    this.maxBytes = limits.maxBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  }

  push(buf: Uint8Array): { consumed: number; value?: ReaderResponse } {
    let pos = 0;
    if (this.status === null) {
      if (buf.length < 5) return { consumed: 0 };
      const s = buf[0];
      this.status = s === 0x4f ? 'ok' : s === 0x45 ? 'error' : s === 0x50 ? 'panic' : null;
      if (!this.status) throw new Error(`bad status byte 0x${s.toString(16)}`);
      this.count = u32(buf, 1);
      // Each event needs at least its 4-byte length.
      if (this.dump) this.grow(5 + 4 * this.count);
      else this.grow(5);
      pos = 5;
    }
    while (this.dump && this.events.length < this.count) {
      const text = this.frame(buf, pos);
      if (text === null) return { consumed: pos };
      this.events.push(text.value);
      pos = text.end;
    }
    if (this.digest && this.digestText === null) {
      const d = this.frame(buf, pos);
      if (d === null) return { consumed: pos };
      this.digestText = d.value;
      pos = d.end;
    }
    const err = this.frame(buf, pos);
    if (err === null) return { consumed: pos };
    const value: ReaderResponse = { status: this.status, count: this.count, events: this.events, text: err.value };
    if (this.digestText !== null) value.digest = this.digestText;
    return { consumed: err.end, value };
  }

  /** One length-prefixed text at pos, or null when it has not all arrived. */
  private frame(buf: Uint8Array, pos: number): { value: string; end: number } | null {
    if (buf.length < pos + 4) return null;
    this.steps++;
    const n = u32(buf, pos);
    // Checked before waiting for the bytes: the length alone may exceed the limit.
    if (n > this.maxBytes - this.total) throw new Error(`response exceeds ${this.maxBytes} bytes (a frame of ${n} bytes announced after ${this.total})`);
    if (buf.length < pos + 4 + n) return null;
    this.grow(n);
    // Event texts are Go strings: bytes that are not UTF-8 are kept
    // (as the TS reader keeps them), not replaced, so they compare equal.
    return { value: decodeGoString(buf.subarray(pos + 4, pos + 4 + n)), end: pos + 4 + n };
  }

  private grow(n: number): void {
    this.total += n;
    if (this.total > this.maxBytes) throw new Error(`response exceeds ${this.maxBytes} bytes`);
  }
}

/** A fresh decoder for one response to a request of this op. */
export function responseDecoder(op: RequestOp = 'dump', maxBytes?: number): ResponseFrameDecoder {
  return new ResponseFrameDecoder({ dump: op === 'dump', digest: op === 'digest', maxBytes });
}

function u32(buf: Uint8Array, at: number): number {
  return (buf[at] | (buf[at + 1] << 8) | (buf[at + 2] << 16)) + buf[at + 3] * 0x1000000;
}

/** Server side: the hello frame. */
export function encodeHello(hello: ReaderHello): Uint8Array {
  const body = new TextEncoder().encode(JSON.stringify(hello));
  const out = new Uint8Array(PROTOCOL_MAGIC.length + 4 + body.length);
  out.set(new TextEncoder().encode(PROTOCOL_MAGIC), 0);
  new DataView(out.buffer).setUint32(PROTOCOL_MAGIC.length, body.length, true);
  out.set(body, PROTOCOL_MAGIC.length + 4);
  return out;
}

/** Server side: one response frame. */
export function encodeResponse(r: { status: ReaderResponse['status']; events: readonly string[]; text: string }, dump = true): Uint8Array {
  const enc = { encode: encodeGoString };
  const parts: Uint8Array[] = [];
  const head = new Uint8Array(5);
  head[0] = r.status === 'ok' ? 0x4f : r.status === 'error' ? 0x45 : 0x50;
  new DataView(head.buffer).setUint32(1, r.events.length, true);
  parts.push(head);
  const pushBytes = (b: Uint8Array) => {
    const len = new Uint8Array(4);
    new DataView(len.buffer).setUint32(0, b.length, true);
    parts.push(len, b);
  };
  if (dump) for (const e of r.events) pushBytes(enc.encode(e));
  pushBytes(enc.encode(r.text));
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let pos = 0;
  for (const p of parts) { out.set(p, pos); pos += p.length; }
  return out;
}
