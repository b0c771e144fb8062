// The command table. To add a command: write src/cli/<name>Command.ts
// exporting `command: Command`, and add it here.
import type { Command } from './command';
import { command as encode } from './encodeCommand';
import { command as decode } from './decodeCommand';
import { command as dump } from './dumpCommand';
import { command as minimize } from './minimizeCommand';
import { command as replay } from './replayCommand';
import { command as corpus } from './corpusCommand';
import { command as fuzz } from './fuzzCommand';
import { command as report } from './reportCommand';
import { command as coverage } from './coverageCommand';
import { command as exportCmd } from './exportCommand';
import { command as mutants } from './mutantsCommand';

export const COMMANDS: readonly Command[] = [encode, decode, dump, minimize, replay, corpus, fuzz, report, coverage, exportCmd, mutants];
