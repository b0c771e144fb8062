// Where a streaming reader keeps the payloads of the event batches it reads.
// A stream cannot keep views of its input (the input buffer is reused), so
// each payload is copied; copying each into an allocation of its own made
// memory grow with the whole trace until the garbage collector caught up
// (it learns of such memory late). Instead, event batches are copied into
// one of two arenas, reused generation after generation: while a generation
// is read and replayed, the only other generation whose batches may be live
// is the next one (its first batch is read to find the end of this one), so
// the older arena can always be reset for a new generation. Memory: about
// twice the largest generation's event batches, whatever the trace's length.
//
// Only event batches go here: they are read by the batch cursors of their
// own generation and nothing else. Table batches (strings, stacks, …) stay
// referenced by the events of their generation for as long as a consumer
// keeps them, so those get copies of their own.
import type { U64 } from './u64';

// Blocks grow from small (most traces a test reads are tiny) to 1 MiB.
const FIRST_BLOCK = 1 << 12;
const MAX_BLOCK = 1 << 20;

class Arena {
  gen: U64 | null = null;
  /** When it was last reset (a counter), to find the older of the two. */
  started = 0;
  private readonly blocks: Uint8Array[] = [];
  private block = 0;
  private used = 0;

  reset(gen: U64, started: number): void {
    this.gen = gen;
    this.started = started;
    this.block = 0;
    this.used = 0;
  }

  copy(data: Uint8Array): Uint8Array {
    const n = data.length;
    let b = this.blocks[this.block];
    if (b === undefined || this.used + n > b.length) {
      if (b !== undefined) this.block++;
      b = this.blocks[this.block];
      if (b === undefined || b.length < n) {
        const prev = this.block > 0 ? this.blocks[this.block - 1].length : FIRST_BLOCK / 2;
        b = new Uint8Array(Math.max(Math.min(prev * 2, MAX_BLOCK), n));
        this.blocks[this.block] = b;
      }
      this.used = 0;
    }
    const out = b.subarray(this.used, this.used + n);
    out.set(data);
    this.used += n;
    return out;
  }
}

export class PayloadArenas {
  private readonly a = new Arena();
  private readonly b = new Arena();
  private resets = 0;

  /** A copy of an event batch's payload that stays valid while its generation (gen) can be replayed. */
  copy(data: Uint8Array, gen: U64): Uint8Array {
    let arena: Arena;
    if (this.a.gen === gen) arena = this.a;
    else if (this.b.gen === gen) arena = this.b;
    else {
      arena = this.a.started <= this.b.started ? this.a : this.b;
      arena.reset(gen, ++this.resets);
    }
    return arena.copy(data);
  }
}
