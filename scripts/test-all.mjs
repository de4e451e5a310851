// npm test: the whole suite — layer check, typecheck, build, unit + integration
// (vitest, real SQLite), end-to-end (Playwright in Chromium through browser
// mode, plus the Electron shell when its binary exists). Ends with one line
// `N passed, N failed[, N skipped]` counting every test and check.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tmp = join(root, '.tmp');
mkdirSync(tmp, { recursive: true });
const bin = (name) => join(root, 'node_modules', '.bin', name);
const only = process.argv.slice(2); // e.g. `npm test -- unit` runs one stage

let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];

function run(label, command, args, env = {}) {
  console.log(`\n=== ${label} ===`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

function check(label, command, args) {
  if (run(label, command, args)) passed++;
  else {
    failed++;
    failures.push(label);
  }
}

const want = (stage) => only.length === 0 || only.includes(stage);

if (want('static')) {
  check('layer check', process.execPath, [join(root, 'scripts/check-layers.mjs')]);
  check('typecheck (node)', bin('tsc'), ['-p', 'tsconfig.node.json', '--noEmit']);
  check('typecheck (web)', bin('tsc'), ['-p', 'tsconfig.web.json', '--noEmit']);
  check('typecheck (e2e)', bin('tsc'), ['-p', 'tsconfig.e2e.json', '--noEmit']);
}
if (want('build') || want('e2e')) {
  check('build', bin('electron-vite'), ['build']);
}

if (want('unit')) {
  const report = join(tmp, 'vitest.json');
  rmSync(report, { force: true });
  const ok = run('unit + integration (vitest)', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile=${report}`]);
  if (existsSync(report)) {
    const r = JSON.parse(readFileSync(report, 'utf8'));
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
    if (r.numFailedTests > 0 || !ok) failures.push('vitest');
    if (!ok && r.numFailedTests === 0) failed++; // a suite that failed to load
  } else {
    failed++;
    failures.push('vitest (no report)');
  }
}

if (want('e2e')) {
  const report = join(tmp, 'playwright.json');
  rmSync(report, { force: true });
  const ok = run('end-to-end (playwright)', bin('playwright'), ['test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: report });
  if (existsSync(report)) {
    const s = JSON.parse(readFileSync(report, 'utf8')).stats ?? {};
    passed += (s.expected ?? 0) + (s.flaky ?? 0);
    failed += s.unexpected ?? 0;
    skipped += s.skipped ?? 0;
    if ((s.unexpected ?? 0) > 0 || !ok) failures.push('playwright');
    if (!ok && !(s.unexpected > 0)) failed++;
  } else {
    failed++;
    failures.push('playwright (no report)');
  }
}

if (failures.length) console.log(`\nFailed: ${failures.join(', ')}`);
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
