#!/usr/bin/env node
'use strict';
// SOC Workbench CLI launcher: runs the built CLI (npm run build) on Node 22+.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  console.error(`socwb needs Node.js 22 or newer (this is ${process.version}). Run it through npm, which uses the project's Node 22: npm run cli -- <command>`);
  process.exit(1);
}
const cli = join(__dirname, '..', 'out', 'main', 'cli.js');
if (!existsSync(cli)) {
  console.error('socwb is not built yet: run `npm run build` first.');
  process.exit(1);
}
require(cli)
  .main(process.argv.slice(2))
  .then(
    (code) => process.exit(code),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
