/**
 * The analyst keeps their place in the alerts grid: the cursor stays on the
 * same alert while new alerts arrive above it.
 */
import type { APIRequestContext, Page } from '@playwright/test';
import { expect, test, type ServedApp } from './fixtures';

const T0 = Date.UTC(2026, 0, 1);

/** Imports `count` alerts numbered from `from`, one second apart from T0 + from seconds. */
async function importAlerts(app: ServedApp, request: APIRequestContext, from: number, count: number): Promise<void> {
  const content = Array.from({ length: count }, (_, k) => {
    const i = from + k;
    return JSON.stringify({
      ts: new Date(T0 + i * 1000).toISOString(),
      source: i % 2 ? 'edr' : 'proxy',
      alert_type: `Detection ${i}`,
      message: `record number ${i}`,
      host: `host${i % 30}`,
      severity: ['low', 'medium', 'high', 'critical'][i % 4],
    });
  }).join('\n');
  const url = new URL(app.url);
  const res = await request.post(`${url.origin}/api/ingest.importContent`, {
    data: { fileName: `alerts-${from}.ndjson`, content },
    headers: { authorization: `Bearer ${url.searchParams.get('token')}` },
  });
  expect(await res.json()).toMatchObject({ ok: true, data: { imported: count } });
}

const cursorRow = (page: Page) => page.locator('[data-testid="alert-row"][data-selected]');

async function openAlertsGrid(page: Page, app: ServedApp, total: string) {
  await page.goto(app.url);
  await page.getByTestId('nav-alerts').click();
  await expect(page.getByTestId('alerts-total')).toHaveText(`${total} alerts`);
  const grid = page.getByRole('grid', { name: 'Alerts' });
  await grid.focus();
  return grid;
}

test('the cursor stays on its alert when newer alerts arrive above it', async ({ page, app, request }) => {
  await importAlerts(app, request, 0, 1000);
  const grid = await openAlertsGrid(page, app, '1,000');

  // Far down the list: newest first, row 600 is alert "Detection 399".
  await page.keyboard.press('End');
  for (let i = 0; i < 399; i++) await page.keyboard.press('ArrowUp');
  await expect(cursorRow(page)).toContainText('Detection 399');
  const cursorId = (await cursorRow(page).getAttribute('data-alert-id'))!;

  await importAlerts(app, request, 1000, 250);
  await expect(page.getByTestId('alerts-total')).toHaveText('1,250 alerts');
  await expect(cursorRow(page)).toHaveAttribute('data-alert-id', cursorId);
  await expect(cursorRow(page)).toContainText('Detection 399');
  await expect(cursorRow(page)).toBeInViewport();
  await expect(grid).toHaveAttribute('aria-activedescendant', /row-850$/);

  // The keys go on from there, and Enter opens that alert.
  await page.keyboard.press('ArrowDown');
  await expect(cursorRow(page)).toContainText('Detection 398');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('alert-detail')).toContainText('Detection 399');
});

test('at the top of the list, new alerts appear above the cursor', async ({ page, app, request }) => {
  await importAlerts(app, request, 0, 50);
  await openAlertsGrid(page, app, '50');
  // Focus puts the cursor on the first row.
  await page.keyboard.press('ArrowDown');
  await expect(cursorRow(page)).toContainText('Detection 48');

  await importAlerts(app, request, 50, 3);
  await expect(page.getByTestId('alerts-total')).toHaveText('53 alerts');
  await expect(page.getByTestId('alert-row').first()).toContainText('Detection 52');
  await expect(cursorRow(page)).toContainText('Detection 48');
  await expect(cursorRow(page)).toBeInViewport();
});
