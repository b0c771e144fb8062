// Where a streaming reader keeps the payloads of the event batches it reads.
// A stream cannot keep views of its input (the input buffer is reused), so
// each payload is copied; copying each into an allocation of its own made
// memory grow with the whole trace until the garbage collector caught up
// (it learns of such memory late). Instead, event batches are copied into
// one arena, reset generation after generation.
//
// The reader asks for the batches of a generation only once it has replayed
// the one before, with one exception: before go1.26 nothing marks the end of
// a generation, so the first batch of the next one is read to find it (and
// held while this one is replayed). So the first event batch of a new
// generation gets a copy of its own, and the arena is reset only at the
// second: by then the generation it held has been replayed. Memory: the
// largest generation's event batches, whatever the trace's length.
//
// A stream that spools event batches to a file (see PayloadRereader) starts
// its file over at the same turns (GenerationTurns).
//
// Only event batches go here: they are read by the batch cursors of their
// own generation and nothing else. Table batches (strings, stacks, …) stay
// referenced by the events of their generation for as long as a consumer
// keeps them, so those get copies of their own.
import type { U64 } from './u64';

// Blocks grow from small (most traces a test reads are tiny) to 1 MiB.
const FIRST_BLOCK = 1 << 12;
const MAX_BLOCK = 1 << 20;

/** What to do with an event batch (see GenerationTurns). */
export const OWN_COPY = 0;
export const REUSE = 1;
export const APPEND = 2;

/**
 * When the space of the generation before can be reused, batch by batch:
 * the first event batch of a new generation gets a copy of its own
 * (OWN_COPY); the second finds the space free (REUSE: start it over, then
 * add); the rest are added after (APPEND).
 */
export class GenerationTurns {
  /** The generation whose batches the space holds. */
  private gen: U64 | null = null;
  /** A generation of which one event batch has been copied on its own. */
  private pending: U64 | null = null;

  next(gen: U64): typeof OWN_COPY | typeof REUSE | typeof APPEND {
    if (gen === this.gen) return APPEND;
    if (gen !== this.pending) {
      this.pending = gen;
      return OWN_COPY;
    }
    this.gen = gen;
    this.pending = null;
    return REUSE;
  }
}

export class PayloadArena {
  private readonly turns = new GenerationTurns();
  private readonly blocks: Uint8Array[] = [];
  private block = 0;
  private used = 0;

  /** A copy of an event batch's payload that stays valid while its generation (gen) can be replayed. */
  copy(data: Uint8Array, gen: U64): Uint8Array {
    const turn = this.turns.next(gen);
    if (turn === OWN_COPY) return data.slice();
    if (turn === REUSE) {
      this.block = 0;
      this.used = 0;
    }
    return this.place(data);
  }

  private place(data: Uint8Array): Uint8Array {
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
