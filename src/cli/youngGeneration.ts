// The streaming commands (dump, decode) hold one generation of the trace, or
// one event, however long the trace is; everything else they allocate is
// text that dies at once. But V8 grows its young generation whenever the
// objects that survived collections since it last grew add up to its size —
// cumulatively, so every long run ends with two 16 MB semi-spaces, 32 MB,
// twice the largest generation of a typical trace.
// These commands keep the young generation at the size it has when they
// start. Their garbage dies young either way: measured, their CPU time does
// not change (README, Benchmark).
import { setFlagsFromString } from 'node:v8';

export function keepYoungGenerationSize(): void {
  try {
    // Read by V8 each time it would grow the young generation.
    setFlagsFromString('--semi-space-growth-factor=1');
  } catch {
    // A runtime that refuses the flag costs memory, not correctness.
  }
}
