#!/usr/bin/env node
// The `tracefuzz` command: the compiled CLI in dist/, plain JavaScript (no
// TypeScript at run time). `npm run build` writes dist/; in a checkout
// `npm ci` runs it (the prepare script), and the package ships it.
'use strict';
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const main = join(root, 'dist', 'src', 'cli', 'main.js');
if (!existsSync(main)) {
  process.stderr.write(`tracefuzz: dist/ is not built: run \`npm run build\` in ${root}\n`);
  process.exit(1);
}
// In a checkout (the package ships no sources), say when a source is newer
// than the build: the command would run old code. A few ms of stat calls.
if (existsSync(join(root, 'src'))) {
  const built = statSync(main).mtimeMs;
  const newer = (dir) => readdirSync(dir, { withFileTypes: true }).some((e) =>
    e.isDirectory() ? newer(join(dir, e.name)) : e.name.endsWith('.ts') && statSync(join(dir, e.name)).mtimeMs > built);
  if (newer(join(root, 'src')) || newer(join(root, 'arbitraries'))) {
    process.stderr.write('tracefuzz: warning: src/ or arbitraries/ changed since the last `npm run build`; running the old build\n');
  }
}
require(main).runProgram();
