// P1–P7 as reusable checks over any TraceReader.
export * from './verdict';
export * from './stream';
export * from './failureMessage';
export * from './knownDeviations';
export { checkP1 } from './p1ValidPrefix';
export type { InvariantMode } from './p1ValidPrefix';
export { checkP2 } from './p2EarlierErrorWins';
export { checkP3 } from './p3NotSwallowed';
export { checkP4, timeBudgetMs } from './p4NoCrash';
export { checkP5, splitChunks } from './p5Determinism';
export { checkP6 } from './p6WellFormed';
export { checkP7, normalizeError, sameOutcome } from './p7Conformance';
