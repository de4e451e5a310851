/**
 * Browser-mode fixture: starts the built app (`socwb serve`) on a fresh
 * workspace, on a random loopback port, and hands the tokened URL to the test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test as base, type Page } from '@playwright/test';

export const ROOT = resolve(__dirname, '../..');
export const DATASETS = resolve(ROOT, '../shared/datasets');

export interface ServedApp {
  url: string;
  workspace: string;
  /** Runs the CLI against the same workspace (while the server runs). */
}

export async function startServe(workspace: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/socwb.js'), 'serve', '--port', '0', '--no-open', '--workspace', workspace], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolvePromise, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${out}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Open: (\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolvePromise(match[1]!);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
  });
  return { url, child };
}

export const test = base.extend<{ app: ServedApp }>({
  app: async ({}, use) => {
    const workspace = mkdtempSync(join(tmpdir(), 'socwb-e2e-'));
    const { url, child } = await startServe(workspace);
    await use({ url, workspace });
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(workspace, { recursive: true, force: true });
  },
});

export { expect } from '@playwright/test';

/** The FIRST 2015 Suricata alerts (136): imported through the Import view, then correlated; leaves the incident queue open. */
export async function importSuricataAndCorrelate(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId('nav-import').click();
  await page.getByTestId('import-file-input').setInputFiles(join(DATASETS, 'suricata/first-org-conf-2015.alerts-only.ndjson'));
  await expect(page.getByTestId('import-imported')).toContainText('136');
  await page.getByTestId('nav-incidents').click();
  await page.getByTestId('correlate-button').click();
  await expect(page.getByTestId('incident-row').first()).toBeVisible();
}
