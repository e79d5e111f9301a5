#!/usr/bin/env node
'use strict';
// The CLI runs from the compiled tree that `npm install` (prepare) or `npm run build` produces at the repository root.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const entry = join(__dirname, '..', '..', '..', 'dist', 'apps', 'cli', 'src', 'main.js');
if (!existsSync(entry)) {
  process.stderr.write('cleanwire: the CLI is not built yet; run `npm run build` in the repository root\n');
  process.exit(1);
}
require(entry);
