// How to run one of tracefuzz's own modules as a Node program, so that a
// child process runs the same code as its parent: the compiled JavaScript
// (dist/, what bin/tracefuzz.js runs), or — when this code itself runs from
// its TypeScript sources (the tests, tsx) — the module's .ts file through tsx.
import { extname, join } from 'node:path';

const FROM_SOURCES = extname(__filename) === '.ts';

export interface OwnProgram {
  /** Node's options, before the file. */
  execArgv: string[];
  file: string;
}

/** `dir` is the caller's `__dirname`, `name` the module's file name without extension. */
export function ownProgram(dir: string, name: string): OwnProgram {
  if (!FROM_SOURCES) return { execArgv: [], file: join(dir, `${name}.js`) };
  // tsx is a dev dependency: sources run only in a checkout.
  return { execArgv: ['--require', require.resolve('tsx/cjs')], file: join(dir, `${name}.ts`) };
}
