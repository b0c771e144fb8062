// Every reader spec in one table: the TS reader (`ts`, `ts:strict`), its
// mutants, the TS reader at another revision (`ts@REV`), Go's readers (`go`,
// `go@VERSION`, `go-exp@VERSION`) and any program speaking the framed
// protocol (`cmd:COMMAND`). Whatever a reader needs beyond its spec (the
// per-case timeout of the readers that run as processes) is passed to `open`.
import type { TraceReader } from './traceReader';
import { openTsReader } from './tsReader';
import { MUTANTS, openMutant } from './mutants';
import { DEFAULT_CASE_TIMEOUT_MS, openCmdReader } from './cmdReader';
import { isTsRevSpec, openTsRevReader } from './tsRevReader';
import { isGoReaderSpec, openGoReader } from './goOracle';
import { ReaderSpecError } from './readerSpecError';

export interface OpenReaderOptions {
  /** Per-case limit of readers that run as a process, before a case is recorded as `timeout` (default 10 s). */
  timeoutMs?: number;
}

export interface ReaderSpec {
  /** Shown in listings, e.g. "mutant:NAME". */
  pattern: string;
  description: string;
  matches(spec: string): boolean;
  open(spec: string, opts: Required<OpenReaderOptions>): Promise<TraceReader> | TraceReader;
}

export const READER_SPECS: readonly ReaderSpec[] = [
  {
    pattern: 'ts',
    description: 'the TS reader in this tree (Go-compatible)',
    matches: (s) => s === 'ts',
    open: () => openTsReader(false),
  },
  {
    pattern: 'ts:strict',
    description: 'the TS reader in strict mode (P1/P2 strictly)',
    matches: (s) => s === 'ts:strict',
    open: () => openTsReader(true),
  },
  {
    pattern: 'mutant:NAME',
    description: `the TS reader with a known fault (${MUTANTS.map((m) => m.name).join(', ')})`,
    matches: (s) => s.startsWith('mutant:'),
    open: (s) => openMutant(s.slice('mutant:'.length)),
  },
  {
    pattern: 'ts@REV[:strict]',
    description: 'the TS reader at another git revision of this repository (built once per commit into the cache)',
    matches: isTsRevSpec,
    open: (s, o) => openTsRevReader(s, { timeoutMs: o.timeoutMs }),
  },
  {
    pattern: 'go | go@VERSION | go-exp@VERSION',
    description: "Go's own reader: the installed toolchain's, a Go release's, or golang.org/x/exp/trace at a module version",
    matches: isGoReaderSpec,
    open: (s, o) => openGoReader(s as Parameters<typeof openGoReader>[0], { timeoutMs: o.timeoutMs }),
  },
  {
    pattern: 'cmd:COMMAND',
    description: 'any program speaking the framed reader protocol (oracle/go/PROTOCOL.md), run as one persistent process',
    matches: (s) => s.startsWith('cmd:'),
    open: (s, o) => openCmdReader(s.slice('cmd:'.length), { timeoutMs: o.timeoutMs }),
  },
];

/** Opens the reader a spec names; a spec that names none is a ReaderSpecError listing the known patterns. */
export async function openReader(spec: string, opts: OpenReaderOptions = {}): Promise<TraceReader> {
  const entry = READER_SPECS.find((e) => e.matches(spec));
  if (!entry) throw new ReaderSpecError(`unknown reader spec ${JSON.stringify(spec)}; known: ${READER_SPECS.map((e) => e.pattern).join(', ')}`);
  return entry.open(spec, { timeoutMs: opts.timeoutMs ?? DEFAULT_CASE_TIMEOUT_MS });
}
