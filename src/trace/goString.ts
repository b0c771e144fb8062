// Go strings are byte strings; JS strings are UTF-16. Trace strings are
// decoded so that valid UTF-8 becomes the ordinary JS string, and every byte
// that is not part of valid UTF-8 becomes a lone low surrogate U+DC80+byte
// ("surrogateescape"). Valid UTF-8 never decodes to a lone surrogate, so the
// mapping is lossless: Go's %q can print such a byte as \xNN, exactly as Go.

import { goQuote, goQuoteBytes } from './goQuote';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The JS string for Go string bytes (byte-preserving, see above). */
export function decodeGoString(b: Uint8Array): string {
  let ascii = true;
  for (let i = 0; i < b.length; i++) {
    if (b[i] >= 0x80) { ascii = false; break; }
  }
  if (ascii) {
    // Short ASCII strings dominate trace string tables.
    if (b.length <= 64) return String.fromCharCode.apply(null, b as unknown as number[]);
    return utf8.decode(b);
  }
  try {
    return utf8.decode(b);
  } catch {
    return decodeEscaping(b);
  }
}

// A lone low surrogate of an escaped byte: one not preceded by a high surrogate.
const ESCAPED_BYTE = /(?<![\uD800-\uDBFF])[\uDC80-\uDCFF]/;

/** True when `s` holds at least one escaped (non-UTF-8) byte. */
export function hasEscapedBytes(s: string): boolean {
  // A regular expression, not a loop: V8 answers at once for strings it
  // stores one byte per character, and scans the others natively.
  return ESCAPED_BYTE.test(s);
}

/** The Go string bytes of `s` (inverse of decodeGoString). */
export function encodeGoString(s: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) { out.push(c); continue; }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
        out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
        continue;
      }
    }
    if (c >= 0xdc80 && c <= 0xdcff) { out.push(c - 0xdc00); continue; }
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd; // any other lone surrogate
    if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  }
  return Uint8Array.from(out);
}

// Decodes UTF-8 the way Go's utf8.DecodeRune does (one invalid byte at a
// time), escaping each byte that does not start a valid sequence.
function decodeEscaping(b: Uint8Array): string {
  let s = '';
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    if (c < 0x80) { s += String.fromCharCode(c); i++; continue; }
    const n = validSeqLen(b, i);
    if (n === 0) { s += String.fromCharCode(0xdc00 + c); i++; continue; }
    let r: number;
    if (n === 2) r = ((c & 0x1f) << 6) | (b[i + 1] & 0x3f);
    else if (n === 3) r = ((c & 0x0f) << 12) | ((b[i + 1] & 0x3f) << 6) | (b[i + 2] & 0x3f);
    else r = ((c & 0x07) << 18) | ((b[i + 1] & 0x3f) << 12) | ((b[i + 2] & 0x3f) << 6) | (b[i + 3] & 0x3f);
    s += String.fromCodePoint(r);
    i += n;
  }
  return s;
}

// Length of the valid UTF-8 sequence at b[i], or 0 (Go's accept ranges:
// no overlongs, no surrogates, nothing above U+10FFFF).
function validSeqLen(b: Uint8Array, i: number): number {
  const c = b[i];
  const cont = (j: number, lo = 0x80, hi = 0xbf): boolean =>
    i + j < b.length && b[i + j] >= lo && b[i + j] <= hi;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if ((c >= 0xe1 && c <= 0xec) || c === 0xee || c === 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (c === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (c === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xf1 && c <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

/**
 * Go's %q of a trace string: goQuote, except that escaped bytes (see above)
 * print as Go prints invalid UTF-8, \xNN.
 */
export function goQuoteString(s: string): string {
  return hasEscapedBytes(s) ? goQuoteBytes(encodeGoString(s)) : goQuote(s);
}
