// Registers the reader specs this part of the harness adds — `cmd:COMMAND`
// and `ts@REV[:strict]` — in the reader spec table (traceReader.ts), and gives
// the command line one function that opens any spec: these, Go's readers
// (goOracle.ts, registered here too when its owner has not), and the built-in
// ts, ts:strict and mutant:NAME.
import { openReader, readerSpecs, registerReaderSpec, TraceReader } from './traceReader';
import { DEFAULT_CASE_TIMEOUT_MS, openCmdReader } from './cmdReader';
import { isTsRevSpec, openTsRevReader } from './tsRevReader';

/** Per-case timeout of external readers opened through the spec table. */
let caseTimeoutMs = DEFAULT_CASE_TIMEOUT_MS;

registerReaderSpec({
  pattern: 'cmd:COMMAND',
  description: 'any program speaking the framed reader protocol (oracle/go/PROTOCOL.md), run as one persistent process',
  matches: (spec) => spec.startsWith('cmd:'),
  open: (spec) => openCmdReader(spec.slice('cmd:'.length), { timeoutMs: caseTimeoutMs }),
});

registerReaderSpec({
  pattern: 'ts@REV[:strict]',
  description: 'the TS reader at another git revision of this repository (built once per commit into the cache)',
  matches: isTsRevSpec,
  open: (spec) => openTsRevReader(spec, { timeoutMs: caseTimeoutMs }),
});

function ensureGoSpecs(): void {
  if (readerSpecs().some((e) => e.matches('go'))) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const go = require('./goOracle') as typeof import('./goOracle');
  registerReaderSpec({
    pattern: 'go | go@VERSION | go-exp@VERSION',
    description: "Go's own reader: the installed toolchain's, a Go release's, or golang.org/x/exp/trace at a module version",
    matches: go.isGoReaderSpec,
    open: (spec) => go.openGoReader(spec as Parameters<typeof go.openGoReader>[0], { timeoutMs: caseTimeoutMs }),
  });
}

export interface OpenAnyOptions {
  /** Per-case timeout for external readers (crash/timeout outcomes). */
  timeoutMs?: number;
}

/** Opens any reader spec the command line accepts. */
export function openAnyReader(spec: string, opts: OpenAnyOptions = {}): Promise<TraceReader> {
  ensureGoSpecs();
  if (opts.timeoutMs !== undefined) caseTimeoutMs = opts.timeoutMs;
  return openReader(spec);
}
