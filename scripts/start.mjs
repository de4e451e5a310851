// npm start: build, then launch the desktop app. Where the Electron binary
// cannot be obtained (no network to its download host), say so in one line and
// start browser mode instead, so the first command always gives a working app.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

const build = spawnSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

function electronBinary() {
  // require('electron') returns the binary path, downloading it on first use.
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
    cwd: root,
    encoding: 'utf8',
    timeout: 300_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const path = probe.status === 0 ? probe.stdout.trim() : '';
  return path && existsSync(path) ? path : null;
}

const binary = process.env.SOCWB_BROWSER_MODE ? null : electronBinary();
let child;
if (binary) {
  child = spawn(binary, [root, ...args], { cwd: root, stdio: 'inherit' });
} else {
  console.log('Electron binary not available on this machine (it could not be downloaded); starting browser mode instead.');
  child = spawn(process.execPath, [join(root, 'bin/socwb.js'), 'serve', ...args], { cwd: root, stdio: 'inherit' });
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
