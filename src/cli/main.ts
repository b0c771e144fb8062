// The `tracefuzz` command: a table-driven dispatcher (see commands.ts).
import { COMMANDS } from './commands';
import { toolVersion } from './command';
import { classifyError, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, UsageError } from './usageError';
import { noteStdoutError, stdoutError, writeStdout } from './output';

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
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
  const cmd = COMMANDS.find((c) => c.name === first);
  try {
    if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
      await writeStdout(mainHelp() + '\n');
      return first === undefined ? EXIT_USAGE : EXIT_OK;
    }
    if (first === '--version' || first === '-v') {
      await writeStdout(`tracefuzz ${toolVersion()}\n`);
      return EXIT_OK;
    }
    if (!cmd) throw new UsageError(first.startsWith('-') ? `unknown option ${first}` : `unknown command ${JSON.stringify(first)}`);
    const command = cmd.load();
    if (rest.includes('--help') || rest.includes('-h')) {
      await writeStdout(command.usage + '\n');
      return EXIT_OK;
    }
    const code = await command.run(rest);
    // Output written without waiting for it (a summary line) may have failed too.
    const lost = stdoutError();
    if (lost) throw lost;
    return code;
  } catch (e) {
    const { code, message } = classifyError(e);
    const prefix = cmd ? `tracefuzz ${cmd.name}` : 'tracefuzz';
    process.stderr.write(`${prefix}: ${message}\n`);
    if (code === EXIT_USAGE) process.stderr.write(`run 'tracefuzz ${cmd ? cmd.name + ' ' : ''}--help' for usage\n`);
    if (code === EXIT_INTERNAL && process.env.TRACEFUZZ_DEBUG === '1' && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    return code;
  }
}

/** Runs the CLI as this process's program: process.argv in, the exit code out. */
export function runProgram(): void {
  // A closed pipe (e.g. `| head`) is not an error; any other failure to write
  // stdout (a full disk, /dev/full) is, and the command reports it (exit 1).
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    noteStdoutError(e);
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

// Run when loaded as the program (a --jobs worker, a benchmark), not when
// imported; bin/tracefuzz.js calls runProgram itself.
if (require.main === module) runProgram();
