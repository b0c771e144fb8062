// What a CLI command is. Each command lives in its own file exporting
// `command: Command`, and is listed once in commands.ts (with its name and
// summary, so that listing the commands loads none of them).
import { readFileSync } from 'node:fs';
import { parseArgs, ParseArgsConfig } from 'node:util';
import { packagePath } from '../readers/packageFiles';
import { UsageError } from './usageError';

export interface Command {
  /** Full usage text for `tracefuzz CMD --help`. */
  usage: string;
  /** Runs with the arguments after the command name; returns the exit code. Throws UsageError/InputError. */
  run(argv: string[]): Promise<number> | number;
}

type Options = NonNullable<ParseArgsConfig['options']>;
// Spelled out so that the declaration `npm run build` emits can name it.
type ParsedCommandArgs<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>>;

/**
 * `--runs -1` as `--runs=-1`: a value that looks like a negative number after
 * an option that takes a value is that value (so the option's own check says
 * what is wrong with it), not an unknown option.
 */
function joinNegativeValues(argv: readonly string[], options: Options): string[] {
  const takesValue = new Set<string>();
  for (const [name, o] of Object.entries(options)) {
    if (o.type !== 'string') continue;
    takesValue.add(`--${name}`);
    if (o.short) takesValue.add(`-${o.short}`);
  }
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') { out.push(...argv.slice(i)); break; }
    if (takesValue.has(a) && i + 1 < argv.length && /^-[\d.]/.test(argv[i + 1])) {
      out.push(`${a.startsWith('--') ? a : `--${Object.entries(options).find(([, o]) => `-${o.short}` === a)![0]}`}=${argv[i + 1]}`);
      i++;
    } else out.push(a);
  }
  return out;
}

/** node:util parseArgs with errors turned into UsageErrors. */
export function parseCommandArgs<O extends Options>(argv: string[], options: O, maxPositionals = Infinity): ParsedCommandArgs<O> {
  let parsed;
  try {
    parsed = parseArgs({ args: joinNegativeValues(argv, options), options, allowPositionals: true, strict: true });
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
    return (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
