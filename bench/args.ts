// The command line of a benchmark that `npm run bench` chains to the next:
// its own options come before `--and`, and `--and CMD ARGS…` is run once it
// is done, with the remaining arguments.
import { spawnSync } from 'node:child_process';

const argv = process.argv.slice(2);
const andAt = argv.indexOf('--and');
const own = andAt < 0 ? argv : argv.slice(0, andAt);
const then = andAt < 0 ? [] : argv.slice(andAt + 1);

/** The value of `--NAME` among this benchmark's own options. */
export function option(name: string, fallback: string): string {
  const i = own.indexOf(`--${name}`);
  return i >= 0 && i + 1 < own.length ? own[i + 1] : fallback;
}

/** Runs the command after `--and`, if any; its exit status becomes this one's. */
export function runNext(): void {
  if (then.length === 0) return;
  const r = spawnSync(then[0], then.slice(1), { stdio: 'inherit' });
  process.exitCode = r.status ?? 1;
}
