// Sequential reading of a structural batch's payload (strings, stacks, CPU
// samples, sync), mirroring Go's bytes.Reader + binary.ReadUvarint: a failed
// read leaves Go's error text ("EOF", "unexpected EOF", the overflow text)
// in `err` instead of throwing, so table parsing allocates nothing extra.
import { uvarintAt, uvValue, UV_TRUNCATED } from './uvarintScan';
import type { U64 } from './u64';
import { keepLayout } from './layoutKeeper';

const OVERFLOW = 'binary: varint overflows a 64-bit integer';

export class TableReader {
  pos = 0;
  err: string | null = null;

  constructor(readonly data: Uint8Array) {}

  done(): boolean {
    return this.pos >= this.data.length;
  }

  remaining(): number {
    return this.data.length - this.pos;
  }

  /** Next byte, or -1 (with err = "EOF") at the end. */
  byte(): number {
    if (this.pos >= this.data.length) {
      this.err = 'EOF';
      return -1;
    }
    return this.data[this.pos++];
  }

  /** Next uvarint; on failure sets err and returns 0. */
  uvarint(): U64 {
    const r = uvarintAt(this.data, this.pos, this.data.length, true);
    if (r < 0) {
      if (r === UV_TRUNCATED) {
        // ReadUvarint reports io.EOF only when not a single byte was read.
        this.err = this.pos >= this.data.length ? 'EOF' : 'unexpected EOF';
      } else {
        this.err = OVERFLOW;
      }
      this.pos = this.data.length;
      return 0;
    }
    this.pos = r;
    return uvValue();
  }

  /** Skips the next n bytes (fewer if the payload ends first); returns how many. */
  skip(n: number): number {
    const end = Math.min(this.data.length, this.pos + n);
    const got = end - this.pos;
    this.pos = end;
    return got;
  }

  /** The next n bytes (a view); fewer if the payload ends first. */
  take(n: number): Uint8Array {
    const end = Math.min(this.data.length, this.pos + n);
    const out = this.data.subarray(this.pos, end);
    this.pos = end;
    return out;
  }
}

// No table reader is alive once a generation is loaded: one is kept, with
// their layout (see layoutKeeper).
keepLayout(new TableReader(new Uint8Array(0)));
