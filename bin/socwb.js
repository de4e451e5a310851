#!/usr/bin/env node
'use strict';
// SOC Workbench CLI launcher: runs the built CLI (npm run build) on Node 22.15+.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const [major, minor] = process.versions.node.split('.').map(Number);
// 22.15 brought zstd, which stored alert records are compressed with.
if (major < 22 || (major === 22 && minor < 15)) {
  console.error(`socwb needs Node.js 22.15 or newer (this is ${process.version}). Run it through npm, which uses the project's Node 22: npm run cli -- <command>`);
  process.exit(1);
}
const cli = join(__dirname, '..', 'out', 'main', 'cli.js');
if (!existsSync(cli)) {
  console.error('socwb is not built yet: run `npm run build` first.');
  process.exit(1);
}
require(cli).run(process.argv.slice(2));
