// The command table. To add a command: write src/cli/<name>Command.ts
// exporting `command: Command`, and add one line here. Commands are loaded
// only when run (or for help), so a slow import does not slow the others.
import type { Command } from './command';

export interface CommandEntry {
  name: string;
  load: () => Command;
}

/* eslint-disable @typescript-eslint/no-require-imports */
export const COMMANDS: readonly CommandEntry[] = [
  { name: 'encode', load: () => require('./encodeCommand').command },
  { name: 'decode', load: () => require('./decodeCommand').command },
  { name: 'dump', load: () => require('./dumpCommand').command },
  { name: 'minimize', load: () => require('./minimizeCommand').command },
  { name: 'replay', load: () => require('./replayCommand').command },
  { name: 'corpus', load: () => require('./corpusCommand').command },
  { name: 'fuzz', load: () => require('./fuzzCommand').command },
  { name: 'report', load: () => require('./reportCommand').command },
];
