// Layer rules, enforced at build time (npm run build runs this first):
//  - src/shared imports nothing of ours outside src/shared, and no Node/Electron modules;
//  - src/renderer never imports src/main or src/preload, nor Node or Electron modules;
//  - only the Electron shell (src/main/index.ts) and the preload import `electron`/`electron-store`.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ELECTRON_SHELL = new Set(['src/main/index.ts', 'src/preload/index.ts']);
const ELECTRON_MODULES = /^(electron|electron-store)(\/|$)/;
const NODE_BUILTIN = /^node:|^(fs|path|os|child_process|crypto|http|https|net|worker_threads|stream|zlib|url|util)$/;
const IMPORT_RE = /(?:^|[\s;])(?:import|export)\s[^'"`]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;(])import\s*\(\s*['"]([^'"]+)['"]\s*\)|(?:^|[\s;(=])require\(\s*['"]([^'"]+)['"]\s*\)|(?:^|[\s;])import\s+['"]([^'"]+)['"]/gm;

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) yield* walk(full);
    else if (/\.(ts|tsx|mts|cts|js|mjs)$/.test(name)) yield full;
  }
}

export function checkLayers(root) {
  const violations = [];
  const src = join(root, 'src');
  for (const file of walk(src)) {
    const rel = relative(root, file).split(sep).join('/');
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(IMPORT_RE)) {
      const spec = match[1] ?? match[2] ?? match[3] ?? match[4];
      if (!spec) continue;
      const target = spec.startsWith('.') ? relative(root, resolve(dirname(file), spec)).split(sep).join('/') : null;
      const say = (why) => violations.push(`${rel}: imports '${spec}' — ${why}`);
      if (ELECTRON_MODULES.test(spec) && !ELECTRON_SHELL.has(rel)) say('only the Electron shell (src/main/index.ts, src/preload/index.ts) may import electron');
      if (rel.startsWith('src/shared/')) {
        if (target && !target.startsWith('src/shared/')) say('src/shared must not import anything of ours outside src/shared');
        if (NODE_BUILTIN.test(spec) || ELECTRON_MODULES.test(spec)) say('src/shared is pure TypeScript (no Node or Electron modules)');
      }
      if (rel.startsWith('src/renderer/')) {
        if (target && (target.startsWith('src/main/') || target.startsWith('src/preload/'))) say('the renderer must not import main or preload code');
        if (NODE_BUILTIN.test(spec) || ELECTRON_MODULES.test(spec)) say('the renderer must not import Node or Electron modules');
      }
      if (rel.startsWith('src/preload/') && target && target.startsWith('src/main/')) say('the preload may import only src/shared');
    }
  }
  return violations;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = process.argv[2] ? resolve(process.argv[2]) : join(dirname(fileURLToPath(import.meta.url)), '..');
  const violations = checkLayers(root);
  if (violations.length) {
    console.error(`Layer check failed (${violations.length}):\n  ${violations.join('\n  ')}`);
    process.exit(1);
  }
  console.log('Layer check passed.');
}
