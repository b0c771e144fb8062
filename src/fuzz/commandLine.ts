// The command lines tracefuzz prints for people to run (replay a failure,
// minimize a reproducer): `npx tracefuzz …`, which works in a fresh clone
// after `npm ci`, with every argument quoted for a POSIX shell where needed.

export const TRACEFUZZ = 'npx tracefuzz';

/** An argument as a shell reads it back: bare when it is plain, else in single quotes. */
export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** `npx tracefuzz ARG…`, quoted. */
export function tracefuzzCommand(args: readonly string[]): string {
  return [TRACEFUZZ, ...args.map(shellQuote)].join(' ');
}
