// The `tracefuzz` command run from its TypeScript sources, for the tests: the
// same program as bin/tracefuzz.js, without the build that one needs (so the
// tests see the sources as they are, never a stale dist/).
'use strict';
require('tsx/cjs');
require('../../src/cli/main.ts').runProgram();
