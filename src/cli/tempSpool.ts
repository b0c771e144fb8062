// A PayloadSpool in a temporary file, for dump reading standard input or a
// pipe: the event batches of the generation being read go to the file (the
// page cache, then the disk), not to memory, and are read back as replayed.
// The file is removed as soon as it is open, so nothing is left behind
// however the process ends (kill -9 included); it starts over at each
// generation, so it holds about one generation's event batches.
import { closeSync, ftruncateSync, mkdtempSync, openSync, readSync, rmdirSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PayloadSpool } from '../trace/payloadRereader';
import { InputError } from './usageError';

export class TempSpool implements PayloadSpool {
  /** A spool, or null when no temporary file can be made (the caller keeps the batches in memory then). */
  static open(): TempSpool | null {
    let dir: string;
    try {
      dir = mkdtempSync(join(tmpdir(), 'tracefuzz-spool-'));
    } catch {
      return null;
    }
    const path = join(dir, 'batches');
    try {
      return new TempSpool(openSync(path, 'w+', 0o600));
    } catch {
      return null;
    } finally {
      // The name goes at once: the open file outlives it.
      try { unlinkSync(path); } catch { /* never created */ }
      try { rmdirSync(dir); } catch { /* left for the OS's cleaning of its temporary folder */ }
    }
  }

  private constructor(private fd: number) {}

  /** Input offset of the file's first byte: input byte k is at k - base. */
  private base = 0;
  private size = 0;

  keep(offset: number, bytes: Uint8Array): void {
    if (this.size === 0) this.base = offset;
    // At its place in the input, counted from the first batch kept: the
    // generation's table batches between make holes (read as zeros, never read).
    const at = offset - this.base;
    try {
      let n = 0;
      while (n < bytes.length) n += writeSync(this.fd, bytes, n, bytes.length - n, at + n);
    } catch (e) {
      throw new InputError(`cannot keep the generation being read in a temporary file: ${(e as Error).message}`);
    }
    this.size = at + bytes.length;
  }

  startOver(): void {
    if (this.fd < 0 || this.size === 0) return;
    ftruncateSync(this.fd, 0);
    this.size = 0;
  }

  readonly readAt = (offset: number, into: Uint8Array): number => {
    const at = offset - this.base;
    if (this.fd < 0 || at < 0 || at >= this.size) return 0;
    const want = Math.min(into.length, this.size - at);
    let n = 0;
    while (n < want) {
      const r = readSync(this.fd, into, n, want - n, at + n);
      if (r === 0) break;
      n += r;
    }
    return n;
  };

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}
