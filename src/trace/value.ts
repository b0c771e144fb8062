// A dynamically typed value from a trace (Go's Value): metric values, range
// attributes and experimental event arguments.
import { decimal } from './decimal';
import type { U64 } from './u64';

export enum ValueKind {
  Bad = 0,
  Uint64 = 1,
  String = 2,
}

export class Value {
  private constructor(
    readonly kind: ValueKind,
    private readonly scalar: U64,
    private readonly str: string,
  ) {}

  static uint64(x: U64): Value {
    return new Value(ValueKind.Uint64, x, '');
  }

  static string(s: string): Value {
    return new Value(ValueKind.String, 0, s);
  }

  static bad(): Value {
    return new Value(ValueKind.Bad, 0, '');
  }

  /** The uint64 of a Uint64 value. */
  uint64(): U64 {
    if (this.kind !== ValueKind.Uint64) throw new Error('Uint64 called on Value of a different Kind');
    return this.scalar;
  }

  /** Go's Value.String(): the string itself for strings, else a description. */
  toString(): string {
    if (this.kind === ValueKind.String) return this.str;
    if (this.kind === ValueKind.Uint64) return `Value{Uint64(${decimal(this.scalar)})}`;
    return 'Value{Bad}';
  }
}
