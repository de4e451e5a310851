/**
 * After an import was killed before indexing what it wrote, the app starts
 * with alerts that are listed but not yet found by search. The Alerts view
 * says so under the search box while they are indexed in the background, and
 * the search finds them once that is done, without the analyst doing anything.
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, ROOT, startServe, test } from './fixtures';

const N = 3000;
const T0 = Date.UTC(2026, 2, 1);

/** N alerts; the newest is the only one that mentions Kerberoasting. */
function alertsFile(path: string): void {
  const lines: string[] = [];
  for (let i = 0; i < N; i++) {
    const last = i === N - 1;
    lines.push(
      JSON.stringify({
        ts: new Date(T0 + i * 1000).toISOString(),
        source: 'edr',
        alert_type: last ? 'Kerberoasting: TGS requests for many SPNs' : `Detection ${i % 53}`,
        message: `record ${i}`,
        user: `user${i % 40}`,
        host: last ? 'ws-4711' : `host${i % 30}`,
        severity: ['low', 'medium', 'high'][i % 3],
      }),
    );
  }
  writeFileSync(path, lines.join('\n') + '\n');
}

test('search explains, then finds, alerts an interrupted import left unindexed', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'socwb-e2e-backlog-'));
  const workspace = join(dir, 'workspace');
  let other: Database.Database | null = null;
  let served: Awaited<ReturnType<typeof startServe>> | null = null;
  try {
    const file = join(dir, 'alerts.ndjson');
    alertsFile(file);
    const imported = spawnSync(process.execPath, [join(ROOT, 'bin/socwb.js'), 'import', file, '--workspace', workspace, '--json'], { cwd: ROOT, encoding: 'utf8' });
    expect(imported.status, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ imported: N });

    // What a kill between writing the alerts and indexing them leaves: no entity links, no search rows, the mark at 0.
    other = new Database(join(workspace, 'workspace.sqlite'));
    other.exec(`DELETE FROM alert_entities;
      INSERT INTO alerts_fts (alerts_fts) VALUES ('delete-all');
      UPDATE meta SET value = '0' WHERE key = 'alerts_indexed_through';`);
    // Another process (an import elsewhere) holds the write lock for now: the indexing waits for it.
    other.exec('BEGIN IMMEDIATE');

    served = await startServe(workspace);
    await page.goto(served.url);
    await page.getByTestId('nav-alerts').click();
    await expect(page.getByTestId('alerts-total').first()).toHaveText(`${N.toLocaleString('en-US')} alerts`);
    const status = page.getByRole('status').filter({ hasText: 'Indexing' });
    await expect(status).toHaveText(`Indexing ${N.toLocaleString('en-US')} alerts for search… 0%`);
    await expect(status).toHaveAttribute('data-testid', 'index-progress');

    // The newest alert is listed, but a search for it misses while it is not indexed; the line says why.
    await expect(page.getByTestId('alert-row').first()).toContainText('Kerberoasting');
    await page.getByTestId('search-input').fill('kerberoasting');
    await page.getByTestId('search-input').press('Enter');
    await expect(page.getByTestId('alerts-total').first()).toHaveText('0 alerts');
    await expect(status).toContainText('results may be incomplete');

    // The lock is released: the indexing finishes, the line goes, and the same search now finds the alert.
    other.exec('COMMIT');
    await expect(page.getByTestId('index-progress')).toHaveText('');
    await expect(page.getByTestId('alerts-total').first()).toHaveText('1 alert');
    await expect(page.getByTestId('alert-row').first()).toContainText('ws-4711');
  } finally {
    if (other?.inTransaction) other.exec('ROLLBACK');
    other?.close();
    if (served) {
      const { child } = served;
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    rmSync(dir, { recursive: true, force: true });
  }
});
