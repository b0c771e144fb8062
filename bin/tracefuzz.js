#!/usr/bin/env node
// The CLI is TypeScript; tsx compiles it on the fly so `npx tracefuzz` works
// on a fresh clone after `npm ci` with no build step.
'use strict';
require('tsx/cjs');
require('../src/cli/main.ts');
