// The benchmarks run the TS reader as users do: compiled by tsc with the
// project's settings, run by plain node.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

/** Compiles the TS entry points (the two measuring children and the CLI) with tsc into dir/out; returns dir. */
export function compileTs(dir: string): string {
  const config = join(dir, 'tsconfig.json');
  // The project's own compiler options; only the entry points and the output differ.
  writeFileSync(config, JSON.stringify({
    extends: join(ROOT, 'tsconfig.json'),
    compilerOptions: {
      outDir: join(dir, 'out'),
      rootDir: ROOT,
      noEmitOnError: true,
      // Type packages are found next to a tsconfig; this one is not in the project.
      typeRoots: [join(ROOT, 'node_modules', '@types')],
      types: ['node'],
    },
    files: ['bench/tsParse.ts', 'bench/tsStream.ts', 'src/cli/main.ts', 'src/cli/dumpCommand.ts'].map((f) => join(ROOT, f)),
    include: [],
  }));
  execFileSync(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', config], { stdio: 'inherit' });
  return dir;
}
