// The command table: each command's name, its line in `tracefuzz --help`,
// and how to load it. A command's module (its usage and what it runs, with
// all it imports) loads only when that command is asked for, so `--help` and
// `--version` start at once. To add a command: write src/cli/<name>Command.ts
// exporting `command: Command`, and add it here.
//
// Loaded with require rather than import(): the same lazy load under tsc's
// CommonJS output, ts-jest and tsx's CommonJS hook (which leaves import() to
// Node's ESM loader, where the extensionless .ts sources do not resolve).
import type { Command } from './command';

export interface CommandEntry {
  name: string;
  /** One line for `tracefuzz --help`. */
  summary: string;
  load(): Command;
}

export const COMMANDS: readonly CommandEntry[] = [
  { name: 'encode', summary: 'text trace or .test file -> binary trace', load: () => (require('./encodeCommand') as typeof import('./encodeCommand')).command },
  { name: 'decode', summary: 'binary trace -> text format on stdout', load: () => (require('./decodeCommand') as typeof import('./decodeCommand')).command },
  { name: 'dump', summary: "parsed events on stdout, as 'go tool trace -d=parsed'", load: () => (require('./dumpCommand') as typeof import('./dumpCommand')).command },
  { name: 'minimize', summary: 'reduce a failing trace while the same failure reproduces', load: () => (require('./minimizeCommand') as typeof import('./minimizeCommand')).command },
  { name: 'replay', summary: 'replay corpus cases against a reader and check their expectations', load: () => (require('./replayCommand') as typeof import('./replayCommand')).command },
  { name: 'corpus', summary: 'corpus maintenance: merge shard corpora', load: () => (require('./corpusCommand') as typeof import('./corpusCommand')).command },
  { name: 'fuzz', summary: 'fuzz a reader with the properties; keep minimized findings', load: () => (require('./fuzzCommand') as typeof import('./fuzzCommand')).command },
  { name: 'report', summary: 'compare a baseline and a candidate reader; write reports/<name>/ (exit 1 on regression)', load: () => (require('./reportCommand') as typeof import('./reportCommand')).command },
  { name: 'coverage', summary: "statement coverage of a Go reader's files reached by the campaign, corpora and traces; HTML view", load: () => (require('./coverageCommand') as typeof import('./coverageCommand')).command },
  { name: 'export', summary: "write generated traces as a Go fuzz corpus for FuzzReader, or as raw trace files", load: () => (require('./exportCommand') as typeof import('./exportCommand')).command },
  { name: 'mutants', summary: "mutation testing: how many mutants of a Go reader's source the harness kills", load: () => (require('./mutantsCommand') as typeof import('./mutantsCommand')).command },
];
