// The framed reader protocol's client side: frames decode only when whole,
// from any split; garbage is an error; event texts keep bytes that are not
// UTF-8 exactly as the TS reader keeps them, so Go's and the TS reader's
// outcomes compare equal; decoding is linear in the answer, however it is
// chunked; and a length beyond the limit is refused before its bytes arrive.
import { encodeHello, encodeRequest, encodeResponse, helloDecoder, ReaderResponse, requestOp, responseDecoder } from '../../src/readers/readerProtocol';
import type { ResponseDecoder } from '../../src/readers/framedProcess';

/** Feeds `bytes` to a decoder in chunks of `size`, as a pipe delivers them; returns the value and the bytes left. */
function feed<T>(dec: ResponseDecoder<T>, bytes: Uint8Array, size: number): { value?: T; left: number } {
  let buf = new Uint8Array(0);
  for (let at = 0; at < bytes.length; at += size) {
    const next = new Uint8Array(buf.length + Math.min(size, bytes.length - at));
    next.set(buf);
    next.set(bytes.subarray(at, at + size), buf.length);
    const r = dec.push(next);
    buf = next.subarray(r.consumed);
    if (r.value !== undefined) return { value: r.value, left: buf.length + bytes.length - at - Math.min(size, bytes.length - at) };
  }
  return { left: buf.length };
}

describe('reader protocol', () => {
  test('a response decodes only once complete, from any split', () => {
    const frame = encodeResponse({ status: 'error', events: ['a', 'bé\nStack='], text: 'bad\nthing' });
    const want = { status: 'error', count: 2, events: ['a', 'bé\nStack='], text: 'bad\nthing' };
    for (let size = 1; size <= frame.length; size++) {
      expect(feed(responseDecoder('dump'), frame.subarray(0, frame.length - 1), size).value).toBeUndefined();
      expect(feed(responseDecoder('dump'), frame, size)).toEqual({ value: want, left: 0 });
    }
  });

  test('a digest response: the count, the digest frame, then the error, from any split', () => {
    const digest = 'ab'.repeat(32);
    const enc = (t: string) => [t.length, 0, 0, 0, ...Array.from(t, (c) => c.charCodeAt(0))];
    const frame = Uint8Array.from([0x45, 7, 0, 0, 0, ...enc(digest), ...enc('bad')]);
    const want = { status: 'error', count: 7, events: [], text: 'bad', digest };
    for (let size = 1; size <= frame.length; size++) {
      expect(feed(responseDecoder('digest'), frame.subarray(0, frame.length - 1), size).value).toBeUndefined();
      expect(feed(responseDecoder('digest'), frame, size)).toEqual({ value: want, left: 0 });
    }
    expect(requestOp(encodeRequest(Uint8Array.of(1), 'digest'))).toBe('digest');
    expect(encodeRequest(Uint8Array.of(1), 'digest')[0]).toBe(0x48);
  });

  test('non-UTF-8 bytes from a Go server decode to the TS reader\'s byte-preserving form', () => {
    // What Go writes for a frame name with the byte 0xbf: raw bytes, no replacement.
    const text = Uint8Array.of(0x66, 0xbf, 0x67);
    const frame = new Uint8Array([0x4f, 1, 0, 0, 0, 3, 0, 0, 0, ...text, 0, 0, 0, 0]);
    const r = responseDecoder('dump').push(frame);
    expect(r.value!.events).toEqual(['f\udcbfg']);
    // And the TS side sends them back as the same bytes.
    expect(Array.from(encodeResponse({ status: 'ok', events: ['f\udcbfg'], text: '' }))).toEqual(Array.from(frame));
  });

  test('hello and request frames', () => {
    const hello = encodeHello({ reader: 'x', versions: [22] });
    expect(helloDecoder().push(hello.subarray(0, hello.length - 1))).toEqual({ consumed: 0 });
    expect(helloDecoder().push(hello)).toEqual({ value: { reader: 'x', versions: [22] }, consumed: hello.length });
    expect(() => helloDecoder().push(Uint8Array.of(0x58))).toThrow(/bad hello/);
    expect(Array.from(encodeRequest(Uint8Array.of(9, 8), 'count'))).toEqual([0x43, 2, 0, 0, 0, 9, 8]);
  });

  test('a bad status byte is a protocol error', () => {
    expect(() => responseDecoder('dump').push(Uint8Array.of(0x5a, 0, 0, 0, 0))).toThrow(/bad status byte 0x5a/);
  });

  test('an answer of 400k events in 64 KiB chunks costs work linear in its size', () => {
    // Measured by counting the frames the decoder looks at, not by a clock:
    // the old decoder rescanned every length on each chunk (~ events × chunks / 2).
    const work = (n: number) => {
      const events = Array.from({ length: n }, (_, i) => `M=1 P=0 G=${i} GoCreate Time=${i} Resource=1 Stack=0`);
      const frame = encodeResponse({ status: 'ok', events, text: '' });
      const dec = responseDecoder('dump');
      const r = feed(dec, frame, 1 << 16);
      expect(r.value?.count).toBe(n);
      expect((r.value as ReaderResponse).events[n - 1]).toBe(events[n - 1]);
      return dec.steps;
    };
    const small = work(100_000);
    const big = work(400_000);
    // One look per event and one for the error, plus one retry per chunk boundary.
    expect(big).toBeLessThanOrEqual(400_000 + 1 + Math.ceil((400_000 * 56) / (1 << 16)) + 1);
    expect(big / small).toBeLessThan(4.2);
  });

  test('a length beyond the limit is refused before its bytes arrive', () => {
    // A frame announcing a 4 GB event: refused from its 9 header bytes alone.
    const head = Uint8Array.of(0x4f, 1, 0, 0, 0, 0xf0, 0xff, 0xff, 0xff);
    expect(() => responseDecoder('dump', 1 << 20).push(head)).toThrow(/response exceeds 1048576 bytes \(a frame of 4294967280 bytes announced/);
    // An event count no answer under the limit can hold.
    expect(() => responseDecoder('dump', 1 << 20).push(Uint8Array.of(0x4f, 0xff, 0xff, 0xff, 0x0f))).toThrow(/response exceeds/);
    // Many small frames: refused once their sum passes the limit, long before the stream ends.
    const many = encodeResponse({ status: 'ok', events: Array.from({ length: 1000 }, () => 'x'.repeat(60)), text: '' });
    const dec = responseDecoder('dump', 4096);
    let delivered = 0;
    expect(() => {
      let buf = new Uint8Array(0);
      for (let at = 0; at < many.length; at += 256) {
        const chunk = many.subarray(at, at + 256);
        delivered += chunk.length;
        const next = new Uint8Array(buf.length + chunk.length);
        next.set(buf);
        next.set(chunk, buf.length);
        buf = next.subarray(dec.push(next).consumed);
      }
    }).toThrow(/response exceeds 4096 bytes/);
    expect(delivered).toBeLessThanOrEqual(4096 + 256);
  });
});
