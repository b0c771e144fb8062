// The framed reader protocol's client side: frames decode only when whole,
// garbage is an error, and event texts keep bytes that are not UTF-8 exactly
// as the TS reader keeps them, so Go's and the TS reader's outcomes compare equal.
import { encodeHello, encodeRequest, encodeResponse, helloDecoder, responseDecoder } from '../../src/readers/readerProtocol';

describe('reader protocol', () => {
  test('a response decodes only once complete, from any prefix split', () => {
    const frame = encodeResponse({ status: 'error', events: ['a', 'bé\nStack='], text: 'bad\nthing' });
    const dec = responseDecoder(true);
    for (let i = 0; i < frame.length; i++) expect(dec.decode(frame.subarray(0, i))).toBeNull();
    expect(dec.decode(frame)).toEqual({ value: { status: 'error', count: 2, events: ['a', 'bé\nStack='], text: 'bad\nthing' }, consumed: frame.length });
  });

  test('non-UTF-8 bytes from a Go server decode to the TS reader\'s byte-preserving form', () => {
    // What Go writes for a frame name with the byte 0xbf: raw bytes, no replacement.
    const text = Uint8Array.of(0x66, 0xbf, 0x67);
    const frame = new Uint8Array([0x4f, 1, 0, 0, 0, 3, 0, 0, 0, ...text, 0, 0, 0, 0]);
    const r = responseDecoder(true).decode(frame)!;
    expect(r.value.events).toEqual(['f\udcbfg']);
    // And the TS side sends them back as the same bytes.
    expect(Array.from(encodeResponse({ status: 'ok', events: ['f\udcbfg'], text: '' }))).toEqual(Array.from(frame));
  });

  test('hello and request frames', () => {
    const hello = encodeHello({ reader: 'x', versions: [22] });
    expect(helloDecoder.decode(hello.subarray(0, hello.length - 1))).toBeNull();
    expect(helloDecoder.decode(hello)).toEqual({ value: { reader: 'x', versions: [22] }, consumed: hello.length });
    expect(() => helloDecoder.decode(Uint8Array.of(0x58))).toThrow(/bad hello/);
    expect(Array.from(encodeRequest(Uint8Array.of(9, 8), 'count'))).toEqual([0x43, 2, 0, 0, 0, 9, 8]);
  });

  test('a bad status byte is a protocol error', () => {
    expect(() => responseDecoder(true).decode(Uint8Array.of(0x5a, 0, 0, 0, 0))).toThrow(/bad status byte 0x5a/);
  });
});
