// The reader specs this part of the harness adds: `cmd:COMMAND` and
// `ts@REV[:strict]`. One function opens either, and `openAnyReader` resolves
// every spec the command line accepts by delegating the rest (ts, ts:strict,
// mutant:NAME, go, go@…, go-exp@…) to their owners.
import type { TraceReader } from './traceReader';
import { openCmdReader, ExternalReaderOptions } from './cmdReader';
import { isTsRevSpec, openTsRevReader } from './tsRevReader';

export function isExternalReaderSpec(spec: string): boolean {
  return spec.startsWith('cmd:') || isTsRevSpec(spec);
}

export function openExternalReader(spec: string, opts: ExternalReaderOptions = {}): Promise<TraceReader> {
  if (spec.startsWith('cmd:')) return openCmdReader(spec.slice('cmd:'.length), opts);
  if (isTsRevSpec(spec)) return openTsRevReader(spec, opts);
  throw new Error(`${spec}: not a cmd: or ts@ reader spec`);
}

export interface OpenAnyOptions {
  timeoutMs?: number;
}

/** Opens any reader spec: external ones here, Go's in goOracle, in-process ones in traceReader. */
export async function openAnyReader(spec: string, opts: OpenAnyOptions = {}): Promise<TraceReader> {
  if (isExternalReaderSpec(spec)) return openExternalReader(spec, { timeoutMs: opts.timeoutMs });
  // Loaded on demand: each brings its own dependencies (Go toolchain, reader).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const go = require('./goOracle') as typeof import('./goOracle');
  if (go.isGoReaderSpec(spec)) return go.openGoReader(spec, { timeoutMs: opts.timeoutMs });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const local = require('./traceReader') as { openReader(spec: string): TraceReader | Promise<TraceReader> };
  return local.openReader(spec);
}
