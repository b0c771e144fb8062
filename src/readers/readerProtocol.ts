// The framed reader protocol (oracle/go/PROTOCOL.md) seen from the client:
// how a trace is sent and how an outcome comes back. Every external reader —
// Go's, `ts@REV`, any `cmd:` program — speaks it, so it lives in one place.
//
//   hello    (server → client, once):  "TFZ1" u32 len, JSON {reader, goVersion?, versions?}
//   request  (client → server):        op byte ('D' dump | 'C' count), u32 len, trace bytes
//   response (server → client):        status ('O' ok | 'E' error | 'P' reader panic),
//                                       u32 event count, [dump: count × (u32 len, text)],
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
  [key: string]: unknown;
}

export interface ReaderResponse {
  status: 'ok' | 'error' | 'panic';
  count: number;
  events: string[];
  text: string;
}

export function encodeRequest(trace: Uint8Array, op: 'dump' | 'count' = 'dump'): Uint8Array {
  const out = new Uint8Array(5 + trace.length);
  out[0] = op === 'dump' ? 0x44 : 0x43;
  new DataView(out.buffer).setUint32(1, trace.length, true);
  out.set(trace, 5);
  return out;
}

const utf8 = new TextDecoder('utf-8');

export const helloDecoder: ResponseDecoder<ReaderHello> = {
  decode(buf) {
    const magic = PROTOCOL_MAGIC.length;
    for (let i = 0; i < Math.min(magic, buf.length); i++) {
      if (buf[i] !== PROTOCOL_MAGIC.charCodeAt(i)) throw new Error(`bad hello: expected ${PROTOCOL_MAGIC}`);
    }
    if (buf.length < magic + 4) return null;
    const n = u32(buf, magic);
    if (n > 1 << 20) throw new Error(`hello of ${n} bytes`);
    if (buf.length < magic + 4 + n) return null;
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

/** Decodes responses; `dump` says whether event texts follow the count. */
export function responseDecoder(dump = true): ResponseDecoder<ReaderResponse> {
  return {
    decode(buf) {
      if (buf.length < 5) return null;
      const s = buf[0];
      const status = s === 0x4f ? 'ok' : s === 0x45 ? 'error' : s === 0x50 ? 'panic' : null;
      if (!status) throw new Error(`bad status byte 0x${s.toString(16)}`);
      const count = u32(buf, 1);
      let pos = 5;
      const events: string[] = [];
      if (dump) {
        // Check each length against what has arrived before decoding anything,
        // so a half-received response costs no string allocations.
        for (let i = 0; i < count; i++) {
          if (buf.length < pos + 4) return null;
          pos += 4 + u32(buf, pos);
          if (pos > buf.length) return null;
        }
        pos = 5;
        for (let i = 0; i < count; i++) {
          const n = u32(buf, pos);
          // Event texts are Go strings: bytes that are not UTF-8 are kept
          // (as the TS reader keeps them), not replaced, so they compare equal.
          events.push(decodeGoString(buf.subarray(pos + 4, pos + 4 + n)));
          pos += 4 + n;
        }
      }
      if (buf.length < pos + 4) return null;
      const n = u32(buf, pos);
      if (buf.length < pos + 4 + n) return null;
      const text = decodeGoString(buf.subarray(pos + 4, pos + 4 + n));
      return { value: { status, count, events, text }, consumed: pos + 4 + n };
    },
  };
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
