// Go string quoting and unquoting (strconv.Quote / strconv.Unquote), exact to
// the byte: Go's `%q` and the text format's `data="..."` must print the same
// as Go. Quoting escapes \" and \\, uses \a \b \f \n \r \t \v, \xNN for
// control bytes and for each byte that is not valid UTF-8, \uNNNN/\UNNNNNNNN for
// other non-printable runes, and keeps printable runes as they are. "Printable"
// is Go's unicode.IsPrint (letters, marks, numbers, punctuation, symbols and
// the ASCII space) under Go's Unicode version; the table below was generated
// from Go (Unicode 15.0.0) so that it does not depend on Node's ICU.

// Non-ASCII printable ranges [lo, hi] as base-36 deltas from the previous bound.
const PRINT_TABLE =
  '4h,b,2,jt,3,5,5,6,2,0,2,j,2,b0,2,11,3,1d,3,2,2,1i,9,q,5,5,i,l,2,5b,2,1b,3,1m,3,2s,f,1m,3,1c,3,e,2,r,3,0,2,a,6,u,a,21,2,4g,2,7,3,1,3,l,2,6,2,0,4,3,3,8,3,1,3,3,9,0,5,1,2,4,3,o,3,2,2,5,5,1,3,l,2,6,2,1,2,1,2,1,3,0,2,4,5,1,3,2,4,0,8,3,2,0,8,g,b,2,2,8,2,2,2,l,2,6,2,1,2,4,3,9,2,2,2,2,3,0,g,3,3,b,8,6,2,2,2,7,3,1,3,l,2,6,2,1,2,4,3,8,3,1,3,2,8,2,5,1,2,4,3,h,b,1,2,5,4,2,2,3,4,1,2,0,2,1,4,1,4,2,4,b,5,4,4,2,2,3,3,0,7,0,f,k,6,c,2,2,2,m,2,f,3,8,2,2,2,3,8,1,2,2,3,0,3,3,3,9,8,l,2,2,2,m,2,9,2,4,3,8,2,2,2,3,8,1,7,1,2,3,3,9,2,2,d,c,2,2,2,1e,2,2,2,5,5,f,3,p,2,2,2,h,4,n,2,8,2,0,3,6,4,0,5,5,2,0,2,7,7,9,3,2,d,1l,5,s,12,1,2,0,2,4,2,n,2,0,2,m,3,4,2,0,2,6,2,9,3,3,x,1z,2,z,5,12,2,z,2,e,2,c,12,5h,2,0,6,0,3,ag,2,3,3,6,2,0,2,3,3,14,2,3,3,w,2,3,3,6,2,0,2,3,3,e,2,1k,2,3,3,1u,3,v,4,p,7,2d,3,5,3,hr,2,r,4,2g,8,l,a,n,a,j,d,c,2,2,2,1,d,2l,3,9,7,9,7,d,2,a,7,2g,8,16,6,1x,b,u,2,b,5,b,5,0,4,15,3,4,c,17,5,p,7,a,4,1p,3,1s,2,s,3,a,7,9,7,d,3,u,1e,24,4,1a,2,37,9,1n,4,e,4,1n,8,16,3,a,9,16,6,et,3,5,3,11,3,5,3,7,2,0,2,0,2,0,2,u,3,1g,2,e,2,d,3,5,2,i,3,2,2,8,i,n,9,1a,i,1,3,q,2,c,4,w,g,w,g,3v,5,ie,q,a,m,1eb,3,v,2,9o,6,18,2,0,6,0,3,1j,8,1,f,n,a,6,2,6,2,6,2,6,2,6,2,6,2,6,2,6,2,3h,z,p,2,2g,d,5x,r,b,6,1q,2,2d,3,2u,6,16,2,2l,2,2b,d,1a,2,mlo,4,1i,a,9n,l,53,9,5m,6,1,2,0,2,4,p,1m,4,9,7,1j,9,1x,9,b,7,37,c,t,4,25,2,a,5,w,2,1i,a,d,3,9,3,2u,p,r,b,5,3,5,3,5,a,6,2,6,2,1n,5,3h,3,9,7,8mb,d,m,5,1c,6it,a5,3,2x,13,6,d,4,6,p,2,4,2,0,2,1,2,1,2,3g,h,cc,3,1h,8,0,x,15,7,1e,2,i,2,3,5,4,2,3q,5,59,4,5,3,5,3,5,3,2,4,6,2,6,e,1,3,b,2,p,2,i,2,1,2,e,3,d,z,3e,6,2,5,18,4,2f,2,c,4,0,1c,19,3n,s,4,1c,g,r,5,z,a,t,6,16,6,t,2,10,5,d,17,4d,3,9,7,z,5,z,5,13,9,1f,c,b,2,e,2,6,2,1,2,a,2,e,2,6,2,1,1w,8m,a,l,b,7,p,5,2,15,2,8,1y,5,3,0,2,17,2,1,4,0,3,m,2,1z,9,8,1d,i,2,1,6,w,4,q,6,0,1t,1j,5,j,3,1d,2,1,6,7,2,2,2,s,3,2,5,9,8,8,8,1r,x,12,5,b,a,1h,4,s,3,q,6,p,8,3,d,6,29,20,1k,1e,e,1e,8,19,9,9,87,u,2,15,2,2,3,1,24,16,9,15,n,p,13,r,l,m,a,25,5,z,a,1p,2,4,e,o,8,9,7,1g,2,h,9,12,a,2n,2,j,c,h,2,1a,1r,6,2,0,2,3,2,e,2,a,7,1m,6,9,7,3,2,7,3,1,3,l,2,6,2,1,2,4,2,9,3,1,3,2,3,0,7,0,6,6,3,6,4,4,3w,2j,2,4,v,1z,9,9,4n,1h,3,11,z,1w,c,9,7,c,k,1l,7,9,1j,q,3,e,5,m,56,1n,2t,2a,d,7,3,0,3,7,2,1,2,t,2,1,3,b,a,9,1z,7,3,19,3,a,s,1z,9,2a,e,20,8,9,6v,8,2,18,2,d,b,s,4,v,3,l,2,d,22,6,2,1,2,17,4,0,2,1,2,8,9,9,7,5,2,1,2,10,2,1,2,5,8,9,8n,o,8,g,2,14,4,r,2f,0,g,1d,e,pm,2v,32,2,4,c,5f,219,2q,e,tr,h,l,33f,g6,6nu,fs,8,u,2,9,5,28,2,9,7,t,3,5,b,1x,b,9,2,6,2,k,6,i,j5,2i,2u,22,5,1k,8,g,1t,4,c,1,f,4qf,9,yd,17,8,6w8,3,2,6,2,1,2,82,g,0,u,2,3,0,f,3,9,az,1s5,2y,6,c,4,8,8,9,3,3,3mp,19,3,m,a,37,1p,6t,b,12,3,21,9,33,m,1x,3f,j,d,j,d,2e,a,o,3s,2c,2,1y,2,1,3,0,3,1,3,3,2,b,2,0,2,6,2,1s,2,3,3,7,2,6,2,r,2,3,2,4,2,0,4,6,2,9f,3,83,3,jh,g,4,2,e,up,u,7,5,5y,6,2,g,3,6,2,1,2,4,6,1p,y,0,35,18,4,d,3,9,5,1,8x,u,i,1l,6,0,cx,15,kn,6,2,3,2,1,2,e,2,5g,3,f,16,23,5,9,5,1,lu,1v,25,1o,5f,3,2,q,2,1,2,0,3,0,2,9,2,3,2,0,2,0,7,0,5,0,2,0,2,0,2,2,2,1,2,0,3,0,2,0,2,0,2,0,2,0,2,1,2,0,3,3,2,6,2,3,2,3,2,0,2,9,2,g,6,2,2,4,2,g,1h,1,7j,17,5,2r,d,e,3,e,2,e,2,10,b,4t,1l,s,e,17,5,8,8,1,f,5,4b,rb,5,g,4,c,4,3a,5,2m,7,b,5,0,g,b,5,1j,9,9,7,13,9,t,3,1,27,9f,d,d,3,c,4,8,8,19,2,6,9,d,5,8,8,8,8,42,2,1i,12,9,sn,wyn,x,37d,7,65,3,4g1,f,5rk,2e8,f1,15v,3t6,6,38f,f9e9,6n';

const printRanges: Uint32Array = (() => {
  const parts = PRINT_TABLE.split(',');
  const out = new Uint32Array(parts.length);
  let prev = 0;
  for (let i = 0; i < parts.length; i++) {
    prev += parseInt(parts[i], 36);
    out[i] = prev;
  }
  return out;
})();

/** Go's unicode.IsPrint (as strconv.IsPrint). */
export function goIsPrint(r: number): boolean {
  if (r < 0x80) return r >= 0x20 && r < 0x7f;
  // Binary search for the last range start <= r.
  let lo = 0;
  let hi = printRanges.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (printRanges[2 * mid] <= r) lo = mid + 1;
    else hi = mid - 1;
  }
  return hi >= 0 && r <= printRanges[2 * hi + 1];
}

const HEX = '0123456789abcdef';

function hexN(v: number, n: number): string {
  let s = '';
  for (let i = n - 1; i >= 0; i--) s += HEX[(v >>> (4 * i)) & 0xf];
  return s;
}

// Appends the quoted form of one valid rune (strconv.appendEscapedRune with quote '"').
function escapeRune(r: number): string {
  if (r === 0x22) return '\\"';
  if (r === 0x5c) return '\\\\';
  if (goIsPrint(r)) return String.fromCodePoint(r);
  switch (r) {
    case 0x07:
      return '\\a';
    case 0x08:
      return '\\b';
    case 0x0c:
      return '\\f';
    case 0x0a:
      return '\\n';
    case 0x0d:
      return '\\r';
    case 0x09:
      return '\\t';
    case 0x0b:
      return '\\v';
  }
  if (r < 0x20 || r === 0x7f) return '\\x' + hexN(r, 2);
  if (r < 0x10000) return '\\u' + hexN(r, 4);
  return '\\U' + hexN(r, 8);
}

/** strconv.Quote of a byte string. */
export function goQuoteBytes(b: Uint8Array): string {
  let out = '"';
  const n = b.length;
  let p = 0;
  while (p < n) {
    const c0 = b[p];
    if (c0 < 0x80) {
      // Printable ASCII other than '"' and '\\' goes through as is.
      if (c0 >= 0x20 && c0 < 0x7f && c0 !== 0x22 && c0 !== 0x5c) {
        let q = p + 1;
        while (q < n) {
          const c = b[q];
          if (c < 0x20 || c >= 0x7f || c === 0x22 || c === 0x5c) break;
          q++;
        }
        out += String.fromCharCode.apply(null, b.subarray(p, q) as unknown as number[]);
        p = q;
        continue;
      }
      out += escapeRune(c0);
      p++;
      continue;
    }
    const [r, w] = decodeRuneGo(b, p);
    if (w === 1) out += '\\x' + hexN(c0, 2);
    else out += escapeRune(r);
    p += w;
  }
  return out + '"';
}

/** utf8.DecodeRune for a non-ASCII lead byte: (rune, width); invalid input gives (0xFFFD, 1). */
export function decodeRuneGo(b: Uint8Array, p: number): [number, number] {
  const c0 = b[p];
  if (c0 < 0x80) return [c0, 1];
  const n = b.length - p;
  if (c0 >= 0xc2 && c0 <= 0xdf) {
    if (n >= 2 && (b[p + 1] & 0xc0) === 0x80) return [((c0 & 0x1f) << 6) | (b[p + 1] & 0x3f), 2];
  } else if (c0 >= 0xe0 && c0 <= 0xef) {
    const lo = c0 === 0xe0 ? 0xa0 : 0x80;
    const hi = c0 === 0xed ? 0x9f : 0xbf;
    if (n >= 3 && b[p + 1] >= lo && b[p + 1] <= hi && (b[p + 2] & 0xc0) === 0x80) {
      return [((c0 & 0x0f) << 12) | ((b[p + 1] & 0x3f) << 6) | (b[p + 2] & 0x3f), 3];
    }
  } else if (c0 >= 0xf0 && c0 <= 0xf4) {
    const lo = c0 === 0xf0 ? 0x90 : 0x80;
    const hi = c0 === 0xf4 ? 0x8f : 0xbf;
    if (n >= 4 && b[p + 1] >= lo && b[p + 1] <= hi && (b[p + 2] & 0xc0) === 0x80 && (b[p + 3] & 0xc0) === 0x80) {
      return [((c0 & 0x07) << 18) | ((b[p + 1] & 0x3f) << 12) | ((b[p + 2] & 0x3f) << 6) | (b[p + 3] & 0x3f), 4];
    }
  }
  return [0xfffd, 1];
}

/**
 * strconv.Quote (Go's %q for strings). A Uint8Array is Go's byte string as is;
 * a JS string stands for its UTF-8 encoding (a lone surrogate, which UTF-8
 * cannot hold, is taken as U+FFFD, as TextEncoder does).
 */
export function goQuote(s: string | Uint8Array): string {
  if (typeof s !== 'string') return goQuoteBytes(s);
  const n = s.length;
  let i = 0;
  // Fast path: a prefix of printable ASCII without '"' or '\\'.
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c >= 0x7f || c === 0x22 || c === 0x5c) break;
    i++;
  }
  if (i === n) return '"' + s + '"';
  let out = '"' + s.slice(0, i);
  while (i < n) {
    let r = s.codePointAt(i)!;
    i += r > 0xffff ? 2 : 1;
    if (r >= 0xd800 && r <= 0xdfff) r = 0xfffd;
    out += escapeRune(r);
  }
  return out + '"';
}

function unhex(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

function pushUtf8(out: number[], r: number): void {
  if (r < 0x80) out.push(r);
  else if (r < 0x800) out.push(0xc0 | (r >> 6), 0x80 | (r & 0x3f));
  else if (r < 0x10000) out.push(0xe0 | (r >> 12), 0x80 | ((r >> 6) & 0x3f), 0x80 | (r & 0x3f));
  else out.push(0xf0 | (r >> 18), 0x80 | ((r >> 12) & 0x3f), 0x80 | ((r >> 6) & 0x3f), 0x80 | (r & 0x3f));
}

/**
 * strconv.Unquote of a Go string literal ("...", `...`, or a one-rune '...')
 * given as text; returns its bytes, or undefined where Go reports
 * "invalid syntax". The text's characters stand for their UTF-8 encoding.
 */
export function goUnquote(s: string): Uint8Array | undefined {
  const q = goUnquoteAt(s, 0);
  return q && q.end === s.length ? q.bytes : undefined;
}

/**
 * The Go literal that starts at s[start], unquoted as strconv.Unquote does:
 * its bytes and the index just past its closing quote, or undefined where Go
 * reports "invalid syntax". Surrogates follow Go: a \u or \U escape of one is
 * invalid (not a valid rune), and a lone surrogate in the text (which has no
 * UTF-8 form) reads as U+FFFD, as an invalid byte does in Go.
 */
export function goUnquoteAt(s: string, start: number): { bytes: Uint8Array; end: number } | undefined {
  const n = s.length;
  if (n - start < 2) return undefined;
  const quote = s.charCodeAt(start);
  if (quote === 0x60 /* ` */) {
    const end = s.indexOf('`', start + 1);
    if (end < 0) return undefined;
    const out: number[] = [];
    for (let i = start + 1; i < end; ) {
      const r = s.codePointAt(i)!;
      i += r > 0xffff ? 2 : 1;
      if (r !== 0x0d) pushUtf8(out, r >= 0xd800 && r <= 0xdfff ? 0xfffd : r);
    }
    return { bytes: Uint8Array.from(out), end: end + 1 };
  }
  if (quote !== 0x22 && quote !== 0x27) return undefined;
  const out: number[] = [];
  let i = start + 1;
  let count = 0;
  while (i < n && s.charCodeAt(i) !== quote) {
    if (quote === 0x27 && count === 1) break;
    count++;
    const c = s.charCodeAt(i);
    if (c === 0x0a) return undefined;
    if (c !== 0x5c) {
      let r = s.codePointAt(i)!;
      i += r > 0xffff ? 2 : 1;
      if (r >= 0xd800 && r <= 0xdfff) r = 0xfffd;
      pushUtf8(out, r);
      continue;
    }
    // Backslash escape.
    if (i + 1 >= n) return undefined;
    const e = s.charCodeAt(i + 1);
    i += 2;
    switch (e) {
      case 0x61: out.push(0x07); break; // a
      case 0x62: out.push(0x08); break; // b
      case 0x66: out.push(0x0c); break; // f
      case 0x6e: out.push(0x0a); break; // n
      case 0x72: out.push(0x0d); break; // r
      case 0x74: out.push(0x09); break; // t
      case 0x76: out.push(0x0b); break; // v
      case 0x5c: out.push(0x5c); break; // backslash
      case 0x78: // x
      case 0x75: // u
      case 0x55: { // U
        const digits = e === 0x78 ? 2 : e === 0x75 ? 4 : 8;
        if (n - i < digits) return undefined;
        let v = 0;
        for (let j = 0; j < digits; j++) {
          const h = unhex(s.charCodeAt(i + j));
          if (h < 0) return undefined;
          v = v * 16 + h;
        }
        i += digits;
        if (e === 0x78) out.push(v);
        else {
          if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) return undefined;
          pushUtf8(out, v);
        }
        break;
      }
      case 0x30: case 0x31: case 0x32: case 0x33: case 0x34: case 0x35: case 0x36: case 0x37: {
        if (n - i < 2) return undefined;
        let v = e - 0x30;
        for (let j = 0; j < 2; j++) {
          const x = s.charCodeAt(i + j) - 0x30;
          if (x < 0 || x > 7) return undefined;
          v = (v << 3) | x;
        }
        i += 2;
        if (v > 255) return undefined;
        out.push(v);
        break;
      }
      case 0x27: // '
      case 0x22: // "
        if (e !== quote) return undefined;
        out.push(e);
        break;
      default:
        return undefined;
    }
  }
  // The literal must end right here with its closing quote.
  if (i >= n || s.charCodeAt(i) !== quote) return undefined;
  return { bytes: Uint8Array.from(out), end: i + 1 };
}
