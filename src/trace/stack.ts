// Stacks: the per-generation stack records (a list of PCs), the PC → frame
// table entries, and the public Stack handle whose frames resolve through
// the generation's tables (Go's stack, frame, Stack, StackFrame).
import type { EvTable } from './base';
import { decimal } from './decimal';
import type { U64 } from './u64';

/** One stack table entry: its PCs, leaf first (Go's internal `stack`). */
export interface StackRecord {
  readonly pcs: readonly U64[];
}

/** One PC table entry (Go's internal `frame`): IDs index the string table. */
export interface Frame {
  readonly pc: U64;
  readonly funcID: U64;
  readonly fileID: U64;
  readonly line: U64;
}

/** A resolved stack frame (Go's StackFrame). */
export interface StackFrame {
  readonly pc: U64;
  readonly func: string;
  readonly file: string;
  readonly line: U64;
}

const EMPTY_RECORD: StackRecord = { pcs: [] };
const ZERO_FRAME: Frame = { pc: 0, funcID: 0, fileID: 0, line: 0 };

/** The zero stack record (what stack ID 0 maps to). */
export function emptyStackRecord(): StackRecord {
  return EMPTY_RECORD;
}

/** Go's %v of a stack record (its String method): one "\t0x<pc>\n" per PC. */
export function stackRecordString(s: StackRecord): string {
  let out = '';
  for (const pc of s.pcs) out += `\t0x${pc.toString(16)}\n`;
  return out;
}

/**
 * A handle to a stack in one generation's tables. Two handles are the same
 * stack when table and id are; NO_STACK (no table, id 0) means "no stack".
 * A handle with a table and id 0 is NOT NO_STACK (it has no frames, but Go
 * still prints its header) — Go makes that distinction and so do we.
 */
export class Stack {
  constructor(readonly table: EvTable | null, readonly id: U64) {}

  /** Whether this is NO_STACK. */
  isNone(): boolean {
    return this.table === null && this.id === 0;
  }

  equals(o: Stack): boolean {
    return this.table === o.table && this.id === o.id;
  }

  /** The frames, leaf first. A PC without a table entry gives a zero frame, as in Go. */
  *frames(): IterableIterator<StackFrame> {
    if (this.id === 0 || this.table === null) return;
    const t = this.table;
    const rec = t.stacks.mustGet(this.id);
    for (const pc of rec.pcs) {
      const f = t.pcs.get(pc) ?? ZERO_FRAME;
      yield { pc: f.pc, func: t.strings.mustGet(f.funcID), file: t.strings.mustGet(f.fileID), line: f.line };
    }
  }

  /** Go's Stack.String(). */
  toString(): string {
    return printStack('', this.frames());
  }

  /**
   * The frames as Event.String() prints them (each line indented by a tab).
   * Stacks repeat across events, so the text is cached per generation table.
   */
  tabbedText(): string {
    if (this.table === null) return '';
    const cache = this.table.stackTextCache;
    let text = cache.get(this.id);
    if (text === undefined) {
      text = printStack('\t', this.frames());
      cache.set(this.id, text);
    }
    return text;
  }
}

export const NO_STACK = new Stack(null, 0);

/** Go's printStack: two lines per frame, each with `prefix`. */
export function printStack(prefix: string, frames: Iterable<StackFrame>): string {
  let out = '';
  for (const f of frames) {
    out += `${prefix}${f.func} @ 0x${f.pc.toString(16)}\n${prefix}\t${f.file}:${decimal(f.line)}\n`;
  }
  return out;
}
