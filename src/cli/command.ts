// What a CLI command is. Each command lives in its own file exporting
// `command: Command`, and is listed once in commands.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs, ParseArgsConfig } from 'node:util';
import { UsageError } from './usageError';

export interface Command {
  name: string;
  /** One line for `tracefuzz --help`. */
  summary: string;
  /** Full usage text for `tracefuzz CMD --help`. */
  usage: string;
  /** Runs with the arguments after the command name; returns the exit code. Throws UsageError/InputError. */
  run(argv: string[]): Promise<number> | number;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs with errors turned into UsageErrors. */
export function parseCommandArgs<O extends Options>(argv: string[], options: O, maxPositionals = Infinity) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]);
  }
  if (parsed.positionals.length > maxPositionals) {
    throw new UsageError(`unexpected argument ${JSON.stringify(parsed.positionals[maxPositionals])}`);
  }
  return parsed;
}

/** tracefuzz's version, from its package.json. */
export function toolVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
