// Where tracefuzz's own files are (package.json, the Go programs in oracle/go
// and testdata/programs, the checked-in corpus): under the nearest folder
// above this module that holds a package.json. Found rather than counted in
// `..`s because the TypeScript sources (src/readers) and the compiled package
// (dist/src/readers) sit at different depths.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

let root: string | null = null;

/** The package's folder: a checkout, or node_modules/tracefuzz. */
export function packageRoot(): string {
  if (root !== null) return root;
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = up;
  }
  return (root = dir);
}

/** A file or folder of the package, e.g. `packagePath('oracle', 'go')`. */
export function packagePath(...parts: string[]): string {
  return join(packageRoot(), ...parts);
}
