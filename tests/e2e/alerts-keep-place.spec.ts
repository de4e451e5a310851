/**
 * The analyst keeps their place in the alerts grid: the cursor stays on the
 * same alert while new alerts arrive above it, and while they look at another view.
 */
import { join } from 'node:path';
import type { APIRequestContext, Page } from '@playwright/test';
import { DATASETS, expect, importSuricataAndCorrelate, test, type ServedApp } from './fixtures';

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
  const grid = page.getByRole('grid', { name: 'Alerts', exact: true });
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

test('switching views and back keeps the scroll, the cursor and focus', async ({ page, app, request }) => {
  await importAlerts(app, request, 0, 1000);
  const grid = await openAlertsGrid(page, app, '1,000');
  await page.keyboard.press('End');
  await page.keyboard.press('PageUp');
  await page.keyboard.press('PageUp');
  await expect(cursorRow(page)).toHaveAttribute('data-alert-id', /^\d+$/);
  const cursorId = (await cursorRow(page).getAttribute('data-alert-id'))!;
  const scrollTop = await grid.evaluate((el) => el.scrollTop);
  expect(scrollTop).toBeGreaterThan(20_000);

  await page.keyboard.press('Alt+2');
  await expect(grid).toBeHidden();
  await page.keyboard.press('Alt+1');
  await expect(cursorRow(page)).toHaveAttribute('data-alert-id', cursorId);
  await expect(cursorRow(page)).toBeInViewport();
  await expect(grid).toBeFocused();
  expect(await grid.evaluate((el) => el.scrollTop)).toBe(scrollTop);

  // Newer alerts came in meanwhile: the same alert, a few rows further down.
  await page.keyboard.press('Alt+2');
  await importAlerts(app, request, 1000, 5);
  await page.keyboard.press('Alt+1');
  await expect(page.getByTestId('alerts-total')).toHaveText('1,005 alerts');
  await expect(cursorRow(page)).toHaveAttribute('data-alert-id', cursorId);
  await expect(cursorRow(page)).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('alert-detail')).toBeVisible();
  await expect(page.getByRole('dialog', { name: `Alert #${cursorId}` })).toBeVisible();
});

test('Escape (or Back) from an incident opened from an alert comes back to that alert, its details open again', async ({ page, app }) => {
  await importSuricataAndCorrelate(page, app.url);

  await page.getByTestId('nav-alerts').click();
  const alert = page.getByTestId('alert-row').filter({ hasText: /INC-/ }).nth(5);
  const alertId = (await alert.getAttribute('data-alert-id'))!;
  await alert.click();
  await page.getByTestId('alert-detail').getByRole('button', { name: 'Open incident' }).click();
  await expect(page.getByTestId('incident-detail')).toBeVisible();
  await expect(page.getByTestId('incident-title')).toBeFocused();
  const incidentId = (await page.getByTestId('incident-id').innerText()).trim();
  await expect(page.getByRole('button', { name: '← Back to the alert' })).toBeVisible();

  // An alert opened from the incident's own Linked alerts does not offer to open the incident again.
  await page.getByTestId('incident-detail').getByTestId('alert-row').first().click();
  await expect(page.getByTestId('alert-incident')).toHaveText(`Part of this incident: ${incidentId}`);
  await expect(page.getByTestId('alert-detail').getByRole('button', { name: 'Open incident' })).toHaveCount(0);
  await page.keyboard.press('Escape');

  // Once the drawer has gone (its closing transition too), Escape leaves the incident: back where the
  // analyst was, the alert's details open on the grid they came from (↑/↓ step through it).
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await page.keyboard.press('Escape');
  const drawer = page.getByRole('dialog', { name: `Alert #${alertId}` });
  await expect(drawer).toBeVisible();
  await expect(drawer.getByRole('button', { name: /Next/ })).toBeVisible();
  await expect(cursorRow(page)).toHaveAttribute('data-alert-id', alertId);

  // Escape then closes the details and leaves focus on the alert's row.
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
  const grid = page.getByRole('grid', { name: 'Alerts', exact: true });
  await expect(grid).toBeFocused();
  await expect(cursorRow(page)).toHaveAttribute('data-alert-id', alertId);

  // The Back button does the same.
  await page.keyboard.press('Enter');
  await page.getByTestId('alert-detail').getByRole('button', { name: 'Open incident' }).click();
  await page.getByRole('button', { name: '← Back to the alert' }).click();
  await expect(drawer).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(grid).toBeFocused();
  await expect(cursorRow(page)).toHaveAttribute('data-alert-id', alertId);
});

test('with the drawer open, ↓/↑ and j/k step through the grid it was opened from', async ({ page, app, request }) => {
  await importAlerts(app, request, 0, 50);
  await page.goto(app.url);
  await page.getByTestId('nav-alerts').click();
  const rows = page.getByTestId('alert-row');
  await rows.nth(2).click();
  const drawer = page.getByTestId('alert-detail');
  await expect(drawer).toContainText('Detection 47');
  // The source address is not mistaken for the sensor ("Source / format").
  await expect(drawer.getByRole('rowheader', { name: 'Source IP', exact: true })).toBeVisible();

  await page.keyboard.press('ArrowDown');
  await expect(drawer).toContainText('Detection 46');
  await expect(cursorRow(page)).toContainText('Detection 46');
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await expect(drawer).toContainText('Detection 44');
  await page.keyboard.press('k');
  await expect(drawer).toContainText('Detection 45');
  await expect(page.getByRole('dialog', { name: /Alert #/ })).toHaveAccessibleName(`Alert #${await cursorRow(page).getAttribute('data-alert-id')}`);
  await page.getByRole('button', { name: /Previous/ }).click();
  await expect(drawer).toContainText('Detection 46');

  // On a control that uses arrows (the raw record's display switch), arrows are that control's.
  await page.getByRole('radio', { name: 'As received' }).focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('radio', { name: 'Indented JSON' })).toBeChecked();
  await expect(drawer).toContainText('Detection 46');

  // Escape closes the drawer; the grid's cursor is on the last alert shown.
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
  await expect(cursorRow(page)).toContainText('Detection 46');

  // The drawer belongs to its grid: another view closes it (it used to stay open there, its Previous/Next dead).
  await page.keyboard.press('Enter');
  await expect(drawer).toBeVisible();
  await page.keyboard.press('Alt+2');
  await expect(page.getByTestId('correlate-button')).toBeVisible();
  await expect(drawer).toBeHidden();
});

test('Reset filters hands focus to the search box', async ({ page, app, request }) => {
  await importAlerts(app, request, 0, 20);
  await page.goto(app.url);
  await page.getByTestId('nav-alerts').click();
  await page.getByTestId('search-input').fill('Detection 7');
  await expect(page.getByTestId('alerts-total')).toHaveText('1 alert');
  const reset = page.getByRole('button', { name: 'Reset filters' });
  await reset.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('alerts-total')).toHaveText('20 alerts');
  await expect(reset).toBeDisabled();
  await expect(page.getByTestId('search-input')).toBeFocused();
  await expect(page.getByTestId('search-input')).toHaveValue('');
});

test('the Source filter stays one line with a source chosen, and text fields show a focus ring', async ({ page, app }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(app.url);
  await page.getByTestId('nav-import').click();
  await page.getByTestId('import-file-input').setInputFiles(join(DATASETS, 'suricata/first-org-conf-2015.alerts-only.ndjson'));
  await expect(page.getByTestId('import-imported')).toContainText('136');
  await page.getByTestId('nav-alerts').click();
  const field = page.locator('.source-filter .mantine-MultiSelect-input');
  const before = (await field.boundingBox())!.height;
  await page.getByTestId('alert-source-filter').click();
  await page.getByRole('option', { name: 'suricata' }).click();
  await page.keyboard.press('Escape');
  await expect(field.locator('.mantine-Pill-root')).toHaveCount(1);
  expect((await field.boundingBox())!.height).toBe(before);

  const search = page.getByPlaceholder(/Title, message/);
  await search.focus();
  expect(await search.evaluate((e) => getComputedStyle(e).outlineStyle)).toBe('solid');
});

test('at 1280×720 the alert filters fit one row above the grid', async ({ page, app, request }) => {
  await importAlerts(app, request, 0, 20);
  await page.setViewportSize({ width: 1280, height: 720 });
  await openAlertsGrid(page, app, '20');
  const bar = page.getByRole('search', { name: 'Alert filters' });
  const controls = [
    page.getByTestId('search-input'),
    page.getByTestId('alert-severity-filter'),
    page.getByTestId('alert-source-filter'),
    page.getByTestId('alert-from-filter'),
    page.getByTestId('alert-to-filter'),
    bar.getByRole('button', { name: 'Reset filters' }),
  ];
  // The boxes line up on their bottom edge (the button has no label above it): one row, one bottom.
  const bottoms = await Promise.all(
    controls.map((control) => control.evaluate((el) => Math.round((el.closest('.mantine-Input-wrapper') ?? el).getBoundingClientRect().bottom))),
  );
  expect(bottoms).toEqual(controls.map(() => bottoms[0]));
  // Each control keeps a usable width: a typed time shows whole.
  for (const field of [page.getByTestId('alert-from-filter'), page.getByTestId('alert-to-filter')]) {
    await field.fill('2026-01-01 00:00:19');
    expect(await field.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  }
});

test('the time filters take UTC times as typed or pasted, one tab stop each, and say when a range is the wrong way round', async ({ page, app, request }) => {
  await importAlerts(app, request, 0, 50);
  await openAlertsGrid(page, app, '50');
  const from = page.getByTestId('alert-from-filter');
  const to = page.getByTestId('alert-to-filter');

  await from.fill('2026-01-01 00:00:10');
  await from.press('Enter');
  await expect(page.getByTestId('alerts-total')).toHaveText('40 alerts');
  // A pasted ISO time works too; Tab leaves the field at once and applies it.
  await from.focus();
  await page.keyboard.press('Tab');
  await expect(to).toBeFocused();
  await to.fill('2026-01-01T00:00:19.000Z');
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('alerts-total')).toHaveText('10 alerts');
  await expect(to).toHaveValue('2026-01-01 00:00:19.000');

  // A time it cannot read is shown as an error and not applied.
  await to.fill('yesterday');
  await to.press('Enter');
  await expect(page.getByText('Use YYYY-MM-DD HH:MM (UTC)')).toBeVisible();
  await expect(page.getByTestId('alerts-total')).toHaveText('10 alerts');

  // A bare date for To means the end of that day; To before From is named.
  await to.fill('2025-12-31');
  await to.press('Enter');
  await expect(page.getByText('Before From: nothing can match')).toBeVisible();
  await expect(page.getByTestId('alerts-total')).toHaveText('0 alerts');
  await page.getByRole('button', { name: 'Reset filters' }).click();
  await expect(page.getByTestId('alerts-total')).toHaveText('50 alerts');
  await expect(from).toHaveValue('');
});

test('Enter on a row still loading opens its alert once the row is in', async ({ page, app, request }) => {
  await importAlerts(app, request, 0, 450);
  const grid = await openAlertsGrid(page, app, '450');
  await expect(page.getByTestId('alert-row').first()).toBeVisible();
  // End lands on a row of a page not fetched yet; Enter at once.
  await grid.press('End');
  await grid.press('Enter');
  await expect(page.getByTestId('alert-detail')).toContainText('Detection 0');
});

test('scrolling on asks for the next rows before they come into view, so a wheel meets no "Loading…" rows', async ({ page, app, request }) => {
  await importAlerts(app, request, 0, 1000);
  const grid = await openAlertsGrid(page, app, '1,000');
  await expect(page.getByTestId('alert-row').first()).toContainText('Detection 999');
  const nextPage = page.waitForResponse((res) => res.url().includes('/api/alerts.list') && res.request().postDataJSON().offset === 200, {
    timeout: 10_000,
  });
  // Down a frame at a time, as a wheel scrolls, to about row 120: the rows from 200 on are asked for meanwhile.
  await grid.evaluate(
    (el) =>
      new Promise<void>((done) => {
        const step = () => {
          el.scrollTop += 64;
          if (el.scrollTop < 120 * 32) requestAnimationFrame(step);
          else done();
        };
        requestAnimationFrame(step);
      }),
  );
  await nextPage;
  const lastOnScreen = () =>
    grid.evaluate((el) => {
      const box = el.getBoundingClientRect();
      const rows = [...el.querySelectorAll('[data-testid="alert-row"]')].filter((row) => row.getBoundingClientRect().top < box.bottom);
      return Number(rows[rows.length - 1]!.getAttribute('aria-rowindex')) - 2;
    });
  expect(await lastOnScreen()).toBeLessThan(200);

  // On past row 200: the rows are there at once.
  await grid.evaluate((el) => (el.scrollTop = 230 * 32));
  await expect.poll(lastOnScreen).toBeGreaterThan(230);
  await expect(grid.locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 1 });
});
