#!/usr/bin/env node
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const bundle = join(__dirname, '..', 'dist', 'cli', 'gan-train.js');
if (!existsSync(bundle)) {
  process.stderr.write(`gan-train: ${bundle} is missing; build it first with "npm run build"\n`);
  process.exit(1);
}
require(bundle).run();
