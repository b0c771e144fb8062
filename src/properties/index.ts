// P1–P7 as reusable checks over any TraceReader: `checkPn` reads and judges
// as tests and fuzzing do; `judgePn` judges outcomes under a given Judging
// (the report's cross-release comparison among them).
export * from './verdict';
export * from './stream';
export * from './failureMessage';
export * from './knownDeviations';
export * from './comparison';
export * from './judging';
export { checkP1, judgeP1 } from './p1ValidPrefix';
export type { P1Case } from './p1ValidPrefix';
export { checkP2, judgeP2 } from './p2EarlierErrorWins';
export type { P2Case } from './p2EarlierErrorWins';
export { checkP3, judgeP3 } from './p3NotSwallowed';
export type { P3Case } from './p3NotSwallowed';
export { checkP4, judgeP4, timeBudgetMs } from './p4NoCrash';
export { checkP5, judgeP5, splitChunks, DEFAULT_CHUNK_SIZES } from './p5Determinism';
export { checkP6 } from './p6WellFormed';
export { checkP7, sameOutcome } from './p7Conformance';
