'use strict';
// Runs the built CLI bundle dist/cli/<name>.js (the bins are thin so they work from a clone after "npm run build").
const { existsSync } = require('node:fs');
const { join } = require('node:path');

module.exports = function launch(name) {
  const bundle = join(__dirname, '..', 'dist', 'cli', `${name}.js`);
  if (!existsSync(bundle)) {
    process.stderr.write(`${name}: ${bundle} is missing; build it first with "npm run build"\n`);
    process.exit(1);
  }
  require(bundle).run();
};
