// The `tracefuzz` command: a table-driven dispatcher (see commands.ts).
import { COMMANDS } from './commands';
import { classifyError, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, UsageError } from './usageError';

function packageVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../../package.json') as { version: string }).version;
}

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => {
    let summary = '';
    try {
      summary = c.load().summary;
    } catch {
      summary = '(failed to load)';
    }
    return `  ${c.name.padEnd(width)}  ${summary}`;
  });
  return [
    'usage: tracefuzz <command> [arguments]',
    '       tracefuzz <command> --help',
    '',
    'tracefuzz: property-based fuzzing and conformance harness for Go execution trace readers',
    '',
    'commands:',
    ...lines,
    '',
    'options:',
    '  --help      show this help',
    '  --version   print the version',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    process.stdout.write(mainHelp() + '\n');
    return first === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (first === '--version' || first === '-v') {
    process.stdout.write(`tracefuzz ${packageVersion()}\n`);
    return EXIT_OK;
  }
  const entry = COMMANDS.find((c) => c.name === first);
  try {
    if (!entry) throw new UsageError(first.startsWith('-') ? `unknown option ${first}` : `unknown command ${JSON.stringify(first)}`);
    const cmd = entry.load();
    if (rest.includes('--help') || rest.includes('-h')) {
      process.stdout.write(cmd.usage + '\n');
      return EXIT_OK;
    }
    return await cmd.run(rest);
  } catch (e) {
    const { code, message } = classifyError(e);
    const prefix = entry ? `tracefuzz ${entry.name}` : 'tracefuzz';
    process.stderr.write(`${prefix}: ${message}\n`);
    if (code === EXIT_USAGE) process.stderr.write(`run 'tracefuzz ${entry ? entry.name + ' ' : ''}--help' for usage\n`);
    if (code === EXIT_INTERNAL && process.env.TRACEFUZZ_DEBUG === '1' && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    return code;
  }
}

// Run when loaded as the program (directly or through bin/tracefuzz.js), not when imported by a test.
const mainFile = require.main?.filename ?? '';
if (require.main === module || /[\\/]bin[\\/]tracefuzz\.js$/.test(mainFile)) {
  // A closed pipe (e.g. `| head`) is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
  });
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`tracefuzz: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = EXIT_INTERNAL;
    },
  );
}
