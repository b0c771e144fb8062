// What `import … from 'tracefuzz/arbitraries'` gives: fast-check arbitraries
// of valid Go execution traces (built from a model of the scheduler) and of
// corrupted ones, each case carrying what a conforming reader must do with it
// — for other people's fast-check properties of their own readers.
export { traceArb, traceScriptArb, generateTrace, describeScript, SMALL_KNOBS } from './trace';
export type { GeneratedTrace, TraceKnobs, TraceScript } from './trace';
export {
  anyBytesCaseArb,
  caseOperator,
  caseVersionName,
  headerAndRandomBytesCaseArb,
  randomBytesCaseArb,
  singleFaultCaseArb,
  twoFaultCaseArb,
  validCaseArb,
} from './traceCase';
export type { CaseKind, ExpectedOutcome, Fault, TraceCase } from './traceCase';
export { corruptedCaseArb, doubleFaultArb, operatorByName, OPERATORS } from './corruption';
export type { CorruptedCase, CorruptionOptions, CorruptionResult, Deviation, DoubleFaultCase, KnownGoIssue, Operator, OutcomeClass, TraceUnderTest } from './corruption';
