// Reading back a Go %q string from a dump line. Go releases quote with
// different Unicode tables (what counts as printable changes), so the same
// string may be quoted differently by two readers; comparing the decoded bytes
// makes those spellings equal.

/**
 * Decodes the Go double-quoted literal starting at `s[start]` (which must be
 * '"'). Returns the decoded bytes and the index just past the closing quote,
 * or null when the text is not a well-formed literal.
 */
export function goUnquoteAt(s: string, start: number): { bytes: number[]; end: number } | null {
  if (s[start] !== '"') return null;
  const out: number[] = [];
  const enc = new TextEncoder();
  let i = start + 1;
  while (i < s.length) {
    const c = s[i];
    if (c === '"') return { bytes: out, end: i + 1 };
    if (c === '\n') return null;
    if (c !== '\\') {
      const cp = s.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      out.push(...enc.encode(ch));
      i += ch.length;
      continue;
    }
    const e = s[i + 1];
    i += 2;
    switch (e) {
      case 'a': out.push(7); break;
      case 'b': out.push(8); break;
      case 'f': out.push(12); break;
      case 'n': out.push(10); break;
      case 'r': out.push(13); break;
      case 't': out.push(9); break;
      case 'v': out.push(11); break;
      case '\\': out.push(92); break;
      case '"': out.push(34); break;
      case "'": out.push(39); break;
      case 'x': {
        const v = hex(s, i, 2);
        if (v === null) return null;
        out.push(v);
        i += 2;
        break;
      }
      case 'u':
      case 'U': {
        const n = e === 'u' ? 4 : 8;
        const v = hex(s, i, n);
        if (v === null || v > 0x10ffff) return null;
        out.push(...enc.encode(String.fromCodePoint(v)));
        i += n;
        break;
      }
      default: {
        if (e !== undefined && e >= '0' && e <= '7') {
          const oct = s.slice(i - 1, i + 2);
          if (!/^[0-7]{3}$/.test(oct)) return null;
          const v = parseInt(oct, 8);
          if (v > 255) return null;
          out.push(v);
          i += 2;
          break;
        }
        return null;
      }
    }
  }
  return null;
}

function hex(s: string, at: number, n: number): number | null {
  const t = s.slice(at, at + n);
  if (t.length !== n || !/^[0-9a-fA-F]+$/.test(t)) return null;
  return parseInt(t, 16);
}

/** A canonical text for decoded bytes: the UTF-8 string, or hex when not valid UTF-8. */
export function canonicalBytes(bytes: number[]): string {
  const u8 = Uint8Array.from(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(u8);
  } catch {
    return 'bytes:' + Array.from(u8, (b) => b.toString(16).padStart(2, '0')).join('');
  }
}
