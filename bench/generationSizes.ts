// How many bytes each generation of a trace occupies (its batches, headers
// included): the bound the streaming reader's memory is judged against.
import { parseBatch } from '../src/trace/batch';
import { readHeader } from '../src/trace/version';

/** Bytes per generation, in trace order; a go1.26 end-of-generation marker counts toward the generation it ends. */
export function generationSizes(trace: Uint8Array): number[] {
  const sizes: number[] = [];
  let pos = readHeader(trace).length;
  let current: bigint | null = null;
  for (;;) {
    const b = parseBatch(trace, pos, trace.length, true, 0, false);
    if (typeof b !== 'object' || b.kind !== 'batch') break;
    const gen = BigInt(b.gen);
    const bytes = b.end - pos;
    pos = b.end;
    if (gen !== 0n && gen !== current) {
      current = gen;
      sizes.push(0);
    }
    if (sizes.length > 0) sizes[sizes.length - 1] += bytes;
  }
  return sizes;
}
