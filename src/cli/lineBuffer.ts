// Output lines gathered in one byte buffer, reused write after write. The
// streaming commands print a line or a few per event; each line's text is
// copied into the buffer at once, so it dies before the next collection
// (texts held in an array until a write were copied by every young
// collection, then promoted and collected only by a full one), and the
// buffer is written to the output when full.
//
// Text is written as UTF-8, except that a trace string's bytes that are not
// UTF-8 (lone surrogates, see goString.ts) go out as those bytes, as Go
// prints them.
import type { Output } from './output';
import { encodeGoString, hasEscapedBytes } from '../trace/goString';

const SIZE = 1 << 16;
const NEWLINE = 10;

export class LineBuffer {
  private readonly buf = Buffer.allocUnsafe(SIZE);
  private pos = 0;

  constructor(private readonly out: Output) {}

  /** Whether the buffer is full enough to be written (flush()) before more lines. */
  get full(): boolean {
    return this.pos >= SIZE >> 1;
  }

  /**
   * Appends `text` and a newline. Call flush() when `full` says so; a line
   * longer than the buffer holds is written on its own (after what is
   * buffered), which is why this may return a promise.
   */
  add(text: string): Promise<void> | undefined {
    const room = SIZE - this.pos - 1;
    // Up to three bytes per UTF-16 unit.
    if (text.length * 3 > room) return this.addLong(text);
    const start = this.pos;
    const n = this.buf.write(text, start, 'utf8');
    // Only a text with a unit outside ASCII encodes longer than its length.
    if (n !== text.length && hasEscapedBytes(text)) {
      const bytes = encodeGoString(text);
      this.buf.set(bytes, start);
      this.pos = start + bytes.length;
    } else {
      this.pos = start + n;
    }
    this.buf[this.pos++] = NEWLINE;
    return undefined;
  }

  private async addLong(text: string): Promise<void> {
    await this.flush();
    if (text.length * 3 < SIZE) {
      await this.add(text);
      return;
    }
    await this.out.write(hasEscapedBytes(text) ? encodeGoString(text) : text);
    await this.out.write('\n');
  }

  /** Writes what is buffered; the buffer is reused once the write is done. */
  async flush(): Promise<void> {
    if (this.pos === 0) return;
    const n = this.pos;
    this.pos = 0;
    await this.out.write(this.buf.subarray(0, n));
  }
}
