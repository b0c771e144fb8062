// The per-generation string and stack tables. Every generation has its own
// tables; ids start at 1 (0 means "none") and are assigned on first use.
import type { Frame } from './frames';
import type { StackEntry } from './plan';

export class GenTables {
  readonly strings = new Map<string, number>();
  readonly stacks = new Map<string, StackEntry>();

  str(s: string): number {
    let id = this.strings.get(s);
    if (id === undefined) {
      id = this.strings.size + 1;
      this.strings.set(s, id);
    }
    return id;
  }

  /** Interns a stack; an empty stack is id 0. Frame strings are interned too. */
  stack(frames: Frame[]): number {
    if (frames.length === 0) return 0;
    const key = frames.map((f) => f.pc).join(',');
    let e = this.stacks.get(key);
    if (!e) {
      for (const f of frames) {
        this.str(f.func);
        this.str(f.file);
      }
      e = { id: this.stacks.size + 1, frames };
      this.stacks.set(key, e);
    }
    return e.id;
  }
}
