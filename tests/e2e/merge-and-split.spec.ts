/**
 * The analyst corrects the correlation: merges two incidents that belong
 * together, splits an alert back out, and finds both decisions still in place
 * after a full rebuild.
 */
import { join } from 'node:path';
import type { Page, Request } from '@playwright/test';
import { DATASETS, expect, importSuricataAndCorrelate, test } from './fixtures';

const row = (page: Page, id: string) => page.locator(`[data-testid="incident-row"][data-incident-id="${id}"]`);
const alertCountOf = async (page: Page, id: string) => Number(await row(page, id).getByTestId('incident-alert-count').innerText());

test('merge two incidents, split an alert out, and keep both through a rebuild', async ({ page, app }) => {
  await page.goto(app.url);
  await page.getByTestId('nav-import').click();
  await page.getByTestId('import-file-input').setInputFiles(join(DATASETS, 'suricata/first-org-conf-2015.alerts-only.ndjson'));
  await expect(page.getByTestId('import-result')).toBeVisible();
  await expect(page.getByTestId('import-imported')).toContainText('136');

  await page.getByTestId('nav-incidents').click();
  await page.getByTestId('correlate-button').click();
  await expect(page.getByTestId('incident-row').nth(2)).toBeVisible();

  // Risk-sorted: the second row is riskier than the third, so it is the default survivor.
  const rows = page.getByTestId('incident-row');
  const riskier = (await rows.nth(1).getAttribute('data-incident-id'))!;
  const other = (await rows.nth(2).getAttribute('data-incident-id'))!;
  const riskierCount = await alertCountOf(page, riskier);
  const otherCount = await alertCountOf(page, other);
  const mergedCount = riskierCount + otherCount;

  // One by its checkbox, one from the keyboard (x on the focused row).
  await expect(page.getByTestId('merge-button')).toBeDisabled();
  await page.getByRole('checkbox', { name: `Select incident ${riskier}` }).check();
  await expect(page.getByTestId('merge-button')).toBeDisabled();
  await row(page, other).focus();
  await page.keyboard.press('x');
  await expect(page.getByTestId('incident-selection-count')).toHaveText('2 selected');
  await expect(page.getByTestId('merge-button')).toBeEnabled();
  await expect(page.getByTestId('merge-button')).toHaveText('Merge 2 incidents');

  // The dialog asks for the ticked incidents in one call, not one call per incident.
  const calls: Array<{ method: string; body: string | null }> = [];
  const record = (request: Request) => {
    const method = /\/api\/(incidents\.\w+)$/.exec(request.url())?.[1];
    if (method) calls.push({ method, body: request.postData() });
  };
  page.on('request', record);
  await page.getByTestId('merge-button').click();
  const mergeDialog = page.getByTestId('merge-dialog');
  await expect(mergeDialog).toBeVisible();
  await expect(mergeDialog.getByRole('radio', { name: new RegExp(`^${riskier}`) })).toBeChecked();
  await expect(mergeDialog.getByRole('radio', { name: new RegExp(`^${other}`) })).not.toBeChecked();
  page.off('request', record);
  expect(calls.filter((c) => c.method === 'incidents.get')).toEqual([]);
  const byIds = calls.filter((c) => c.method === 'incidents.list' && c.body?.includes('"ids"'));
  expect(byIds).toHaveLength(1);
  expect(JSON.parse(byIds[0]!.body!)).toMatchObject({ ids: [riskier, other] });
  await mergeDialog.getByTestId('merge-confirm').click();

  // The survivor opens, holding the alerts of both.
  const detail = page.getByTestId('incident-detail');
  await expect(detail).toHaveAttribute('data-incident-id', riskier);
  await expect(detail.getByTestId('alerts-total')).toHaveText(`${mergedCount} alerts`);

  // Split the first alert out (keyboard: the grid takes focus on its first row, x ticks it).
  await expect(page.getByTestId('split-button')).toBeDisabled();
  await expect(detail.getByTestId('alert-row').first()).toBeVisible();
  await detail.getByTestId('alerts-table').focus();
  await page.keyboard.press('x');
  await expect(page.getByTestId('split-button')).toHaveText('Split 1 alert into a new incident');
  await page.getByTestId('split-button').click();
  await page.getByTestId('split-confirm').click();

  await expect(detail).not.toHaveAttribute('data-incident-id', riskier);
  const splitId = (await detail.getAttribute('data-incident-id'))!;
  expect(splitId).toMatch(/^INC-/);
  await expect(detail.getByTestId('alerts-total')).toHaveText('1 alert');

  await page.getByRole('button', { name: /Back to incidents/ }).click();
  await expect(row(page, riskier)).toBeVisible();
  await expect(row(page, other)).toHaveCount(0);
  await expect(row(page, riskier).getByTestId('incident-alert-count')).toHaveText(String(mergedCount - 1));
  await expect(row(page, splitId).getByTestId('incident-alert-count')).toHaveText('1');

  // A full rebuild keeps the analyst's merge and split: same ids, same counts.
  await page.getByTestId('rebuild-button').click();
  await page.getByTestId('rebuild-confirm').click();
  // The list was remounted since the first correlation, so this result can only be the rebuild's.
  await expect(page.getByTestId('correlate-result')).toContainText('(rebuild');
  // Read the list fresh, not the rows that were on screen before the rebuild.
  await page.reload();
  await page.getByTestId('nav-incidents').click();
  await expect(page.getByTestId('incident-row').first()).toBeVisible();
  await expect(row(page, riskier).getByTestId('incident-alert-count')).toHaveText(String(mergedCount - 1));
  await expect(row(page, splitId).getByTestId('incident-alert-count')).toHaveText('1');
  await expect(row(page, other)).toHaveCount(0);
});

test('tick many alerts of an incident at once: ranges, Ctrl+A, Select all and Clear', async ({ page, app }) => {
  await importSuricataAndCorrelate(page, app.url);

  // The incident with the most alerts.
  const counts = await page.getByTestId('incident-alert-count').allInnerTexts();
  const most = counts.map(Number).reduce((best, n, i, all) => (n > all[best]! ? i : best), 0);
  const total = Number(counts[most]);
  expect(total).toBeGreaterThan(8);
  await page.getByTestId('incident-row').nth(most).click();
  const detail = page.getByTestId('incident-detail');
  const selected = detail.getByTestId('linked-alerts-selected');
  await expect(detail.getByTestId('alert-row').first()).toBeVisible();

  // x ticks the first row; Shift+↓ twice ticks the next two.
  await detail.getByTestId('alerts-table').focus();
  await page.keyboard.press('x');
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+ArrowDown');
  await expect(selected).toHaveText('3 selected');
  await expect(page.getByTestId('split-button')).toHaveText('Split 3 alerts into a new incident');
  // Back towards the first row: the range shrinks, then grows again.
  await page.keyboard.press('Shift+ArrowUp');
  await expect(selected).toHaveText('2 selected');
  await page.keyboard.press('Shift+ArrowDown');
  await expect(selected).toHaveText('3 selected');

  // Shift+click on the seventh row's box ticks rows 1–7 (from the row ticked on its own).
  await detail.getByTestId('alert-checkbox').nth(6).click({ modifiers: ['Shift'] });
  await expect(selected).toHaveText('7 selected');
  await expect(detail.locator('[data-testid="alert-row"][data-checked]')).toHaveCount(7);

  // Shift+Space on a ticked range's end unticks the range.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Shift+ ');
  await expect(selected).toHaveText('0 selected');

  await page.keyboard.press('Control+a');
  await expect(selected).toHaveText(`${total} selected`);
  await detail.getByRole('button', { name: 'Clear' }).click();
  await expect(selected).toHaveText('0 selected');
  await detail.getByRole('button', { name: 'Select all' }).click();
  await expect(selected).toHaveText(`${total} selected`);
  await expect(page.getByTestId('split-button')).toBeDisabled();
});

test('at 1280×720 the alerts grids fit their panels: no sideways scroll, and Linked alerts as tall as its rows', async ({ page, app }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await importSuricataAndCorrelate(page, app.url);
  const overflow = (grid: ReturnType<Page['getByTestId']>) => grid.evaluate((el) => el.scrollWidth - el.clientWidth);

  // The incident with the fewest alerts.
  const counts = (await page.getByTestId('incident-alert-count').allInnerTexts()).map(Number);
  const fewest = counts.indexOf(Math.min(...counts));
  await page.getByTestId('incident-row').nth(fewest).click();
  const linked = page.getByTestId('incident-detail').getByTestId('alerts-table');
  await expect(linked.getByTestId('alert-row')).toHaveCount(counts[fewest]!);
  expect(await overflow(linked)).toBe(0);
  // Linked alerts span the detail's width, below the summary: every column shows once scrolled to.
  await linked.scrollIntoViewIfNeeded();
  await expect(linked.getByRole('columnheader', { name: 'Src → Dst' })).toBeInViewport({ ratio: 1 });
  expect((await linked.getByRole('columnheader', { name: 'Title' }).boundingBox())!.width).toBeGreaterThan(250);
  await expect(linked.getByRole('columnheader', { name: 'Incident' })).toHaveCount(0);
  const box = (await linked.boundingBox())!;
  // Header and a row or two, not the 340 px of a long incident.
  expect(box.height).toBeLessThan(140);

  await page.getByTestId('nav-alerts').click();
  const grid = page.getByRole('grid', { name: 'Alerts', exact: true });
  await expect(grid.getByTestId('alert-row').first()).toBeVisible();
  expect(await overflow(grid)).toBe(0);
  await expect(grid.getByRole('columnheader', { name: 'Incident' })).toBeInViewport({ ratio: 1 });
});
