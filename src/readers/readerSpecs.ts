// Every reader spec in one table: the TS reader (`ts`, `ts:strict`), its
// mutants, the TS reader at another revision (`ts@REV`), Go's readers (`go`,
// `go@VERSION`, `go-exp@VERSION`, working trees `goroot:DIR` and `go-exp:DIR`,
// patched `…+FILE.diff`) and any program speaking the framed protocol
// (`cmd:COMMAND`). Whatever a reader needs beyond its spec (the per-case
// timeout of the readers that run as processes, a campaign's deadline) is
// passed to `open`.
import type { TraceReader } from './traceReader';
import { openTsReader } from './tsReader';
import { MUTANTS, openMutant } from './mutants';
import { DEFAULT_CASE_TIMEOUT_MS, openCmdReader } from './cmdReader';
import { isTsRevSpec, openTsRevReader } from './tsRevReader';
import { openGoReader, parseGoReaderSpec } from './goOracle';
import { ReaderSpecError } from './readerSpecError';
import type { ReadDeadline } from './readDeadline';

export interface OpenReaderOptions {
  /** Per-case limit of readers that run as a process, before a case is recorded as `timeout` (default 10 s, scaled up with a trace's size). */
  timeoutMs?: number;
  /** A wall-clock limit no read of a process reader may outlast (a campaign's time budget). */
  deadline?: ReadDeadline;
}

export interface ReaderSpec {
  /** Shown in listings, e.g. "mutant:NAME". */
  pattern: string;
  description: string;
  matches(spec: string): boolean;
  open(spec: string, opts: OpenReaderOptions & { timeoutMs: number }): Promise<TraceReader> | TraceReader;
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
    open: (s, o) => openTsRevReader(s, o),
  },
  {
    pattern: 'go | go@VERSION | go-exp@VERSION',
    description: "Go's own reader: the installed toolchain's, a Go release's, or golang.org/x/exp/trace at a module version",
    matches: (s) => parseGoReaderSpec(s)?.kind === 'release' || parseGoReaderSpec(s)?.kind === 'exp-version',
    open: (s, o) => openGoReader(s, o),
  },
  {
    pattern: 'go[@VERSION]+FILE.diff | go-exp@VERSION+FILE.diff',
    description: "that reader's source with a patch applied (paths relative to the Go or x/exp repository root), rebuilt when the patch changes",
    matches: (s) => { const p = parseGoReaderSpec(s); return p !== null && 'patch' in p && p.patch !== undefined; },
    open: (s, o) => openGoReader(s, o),
  },
  {
    pattern: 'goroot:DIR',
    description: "the reader of a Go source tree (DIR/src/internal/trace), built with DIR's toolchain (DIR/bin/go) or the installed one; rebuilt when its files change",
    matches: (s) => s.startsWith('goroot:'),
    open: (s, o) => openGoReader(s, o),
  },
  {
    pattern: 'go-exp:DIR',
    description: 'the reader of a golang.org/x/exp checkout (DIR/trace), built through a replace; rebuilt when its files change',
    matches: (s) => s.startsWith('go-exp:'),
    open: (s, o) => openGoReader(s, o),
  },
  {
    pattern: 'cmd:COMMAND',
    description: 'any program speaking the framed reader protocol (oracle/go/PROTOCOL.md), run as one persistent process',
    matches: (s) => s.startsWith('cmd:'),
    open: (s, o) => openCmdReader(s.slice('cmd:'.length), o),
  },
];

/** Opens the reader a spec names; a spec that names none is a ReaderSpecError listing the known patterns. */
export async function openReader(spec: string, opts: OpenReaderOptions = {}): Promise<TraceReader> {
  const entry = READER_SPECS.find((e) => e.matches(spec));
  if (!entry) throw new ReaderSpecError(`unknown reader spec ${JSON.stringify(spec)}; known: ${READER_SPECS.map((e) => e.pattern).join(', ')}`);
  return entry.open(spec, { ...opts, timeoutMs: opts.timeoutMs ?? DEFAULT_CASE_TIMEOUT_MS });
}
