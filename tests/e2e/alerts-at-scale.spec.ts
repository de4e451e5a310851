/**
 * The alerts table at 100,000 rows: only a window of rows is in the DOM, and
 * scrolling to the far end pages in the oldest alerts.
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './fixtures';

/** Past the 100,000 count cap, so the grid's end has to be found by paging. */
const N = 100_150;
const T0 = Date.UTC(2026, 0, 1);

async function writeAlerts(path: string): Promise<void> {
  const out = createWriteStream(path);
  for (let i = 0; i < N; i++) {
    const line = JSON.stringify({
      ts: new Date(T0 + i * 1000).toISOString(),
      source: i % 2 ? 'edr' : 'proxy',
      alert_type: `Detection ${i % 97}`,
      message: `record number ${i}`,
      user: `user${i % 500}`,
      host: `host${i % 300}`,
      ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      severity: ['low', 'medium', 'high', 'critical'][i % 4],
    });
    if (!out.write(line + '\n')) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
}

test('virtualised alerts table stays windowed at 100k rows', async ({ page, app, request }) => {
  test.setTimeout(180_000);
  const dir = mkdtempSync(join(tmpdir(), 'socwb-100k-'));
  try {
    const file = join(dir, 'alerts.ndjson');
    await writeAlerts(file);
    const url = new URL(app.url);
    const res = await request.post(`${url.origin}/api/ingest.importFiles`, {
      data: { paths: [file] },
      headers: { authorization: `Bearer ${url.searchParams.get('token')}` },
      timeout: 150_000,
    });
    expect(await res.json()).toMatchObject({ ok: true, data: { imported: N, rejected: 0 } });

    await page.goto(app.url);
    await page.getByTestId('nav-alerts').click();
    await expect(page.getByTestId('alerts-total').first()).toContainText(/100,000|100000/, { timeout: 60_000 });
    await expect(page.getByTestId('alert-row').first()).toBeVisible({ timeout: 60_000 });
    // Newest first: the top row is the last record.
    await expect(page.getByTestId('alert-row').first()).toContainText(`Detection ${(N - 1) % 97}`);
    expect(await page.getByTestId('alert-row').count()).toBeLessThan(200);

    // Jump to the end with the keyboard: the oldest alert appears, the DOM stays small.
    await page.getByTestId('alert-row').first().click();
    await expect(page.getByTestId('alert-detail')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('alert-detail')).toBeHidden();
    const grid = page.getByRole('grid').first();
    await grid.focus();
    await expect(grid).toBeFocused();
    await page.keyboard.press('End');
    // Past the cap the count grows as full pages come in; the rows just after may already be in
    // (the grid asks for the rows next to those on screen at once), and then the count is exact.
    await expect(page.getByTestId('alerts-total').first()).toHaveText(new RegExp(`^(100,200\\+|${N.toLocaleString('en-US')}) alerts$`), { timeout: 60_000 });
    // The count was a lower bound; End again reaches the real end, and the count becomes exact (no rows left "Loading…").
    await page.keyboard.press('End');
    await expect(page.getByTestId('alerts-total').first()).toHaveText(`${N.toLocaleString('en-US')} alerts`, { timeout: 60_000 });
    await expect(page.locator(`[data-testid="alert-row"][data-alert-id="1"]`)).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('alert-row').filter({ hasText: 'Loading' })).toHaveCount(0);
    expect(await page.getByTestId('alert-row').count()).toBeLessThan(200);

    // However many there are, the oldest are one click away: the Time header flips the order.
    await page.getByTestId('alerts-table-sort-time').click();
    await expect(page.getByTestId('alert-row').first()).toHaveAttribute('data-alert-id', '1', { timeout: 60_000 });
    await expect(page.getByRole('columnheader', { name: /Time/ }).first()).toHaveAttribute('aria-sort', 'ascending');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
