/**
 * The incident queue as an analyst works it: a page of 100 incidents of long
 * detection titles, found by the id pasted from a ticket, walked with the
 * keyboard, ticked for merging, filtered and reset.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const T0 = Date.UTC(2026, 0, 1);
const INCIDENTS = 130;

/** Two high (every 7th critical) alerts on a host of their own: one incident each, titled by a long signature. */
function queueAlerts(): string {
  const lines: string[] = [];
  for (let i = 0; i < INCIDENTS; i++) {
    for (let k = 0; k < 2; k++) {
      lines.push(
        JSON.stringify({
          ts: new Date(T0 + i * 3_600_000 + k * 60_000).toISOString(),
          source: 'ids',
          alert_type: `ET TROJAN Possible Win32/Emotet Variant ${i} CnC Beacon via HTTP POST to compromised WordPress host`,
          message: 'beacon',
          host: `ws${i}`,
          ip: `10.1.0.${i}`,
          severity: i % 7 === 0 ? 'critical' : 'high',
        }),
      );
    }
  }
  return lines.join('\n') + '\n';
}

async function openQueue(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId('nav-import').click();
  await page.getByTestId('import-file-input').setInputFiles({ name: 'queue.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(queueAlerts()) });
  await expect(page.getByTestId('import-imported')).toContainText(String(INCIDENTS * 2));
  await page.getByTestId('nav-incidents').click();
  await page.getByTestId('correlate-button').click();
  await expect(page.getByTestId('incidents-total')).toHaveText(`${INCIDENTS} incidents`);
}

const rows = (page: Page) => page.getByTestId('incident-row');
const focusedIncidentId = (page: Page) => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.incidentId ?? null);

test('the table is one tab stop: arrows move between rows, Tab goes on to the pages, focus comes back to the last row', async ({ page, app }) => {
  await openQueue(page, app.url);
  await expect(rows(page)).toHaveCount(100);
  await expect(page.locator('[data-testid="incident-row"][tabindex="0"]')).toHaveCount(1);

  await rows(page).first().focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const third = (await rows(page).nth(2).getAttribute('data-incident-id'))!;
  expect(await focusedIncidentId(page)).toBe(third);
  await expect(page.locator('[data-testid="incident-row"][tabindex="0"]')).toHaveAttribute('data-incident-id', third);

  // Tab leaves the table for the pagination, Shift+Tab comes back to the same row.
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.closest('[aria-label="Incident pages"]') !== null)).toBe(true);
  await page.keyboard.press('Shift+Tab');
  expect(await focusedIncidentId(page)).toBe(third);

  // End and Home jump to the last and first row of the page.
  await page.keyboard.press('End');
  expect(await focusedIncidentId(page)).toBe(await rows(page).last().getAttribute('data-incident-id'));
  await page.keyboard.press('Home');
  expect(await focusedIncidentId(page)).toBe(await rows(page).first().getAttribute('data-incident-id'));
  // PageDown and PageUp move ten rows.
  await page.keyboard.press('PageDown');
  expect(await focusedIncidentId(page)).toBe(await rows(page).nth(10).getAttribute('data-incident-id'));
  await page.keyboard.press('PageUp');
  expect(await focusedIncidentId(page)).toBe(await rows(page).first().getAttribute('data-incident-id'));

  // Enter opens the row; back in the queue, focus and the tab stop are on it again.
  await page.keyboard.press('ArrowDown');
  const second = (await rows(page).nth(1).getAttribute('data-incident-id'))!;
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('incident-detail')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('incident-detail')).toBeHidden();
  await expect.poll(() => focusedIncidentId(page)).toBe(second);
  await expect(page.locator('[data-testid="incident-row"][tabindex="0"]')).toHaveAttribute('data-incident-id', second);
});

test('at 1280×720 the queue fits its pane, the title has the room, the verdict has a column of its own', async ({ page, app }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openQueue(page, app.url);
  // A verdict on the top incident: it used to sit in the title cell and squeeze the title.
  const first = rows(page).first();
  const id = (await first.getAttribute('data-incident-id'))!;
  await first.click();
  await page.getByTestId('status-select').selectOption('investigating');
  await page.getByTestId('verdict-select').selectOption('true_positive');
  await page.getByTestId('verdict-save').click();
  await expect(page.getByTestId('verdict-save')).toBeDisabled();
  await page.keyboard.press('Escape');
  const row = page.locator(`[data-testid="incident-row"][data-incident-id="${id}"]`);
  await expect(row).toContainText('Investigating');
  await expect(row.locator('.mantine-Badge-root', { hasText: /^(True positive|TP)$/i })).toBeVisible();

  const queue = page.locator('section[aria-label="Incidents"]');
  const overflow = await queue.evaluate((el) => el.scrollWidth - el.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const titleCell = row.getByTestId('incident-title-cell');
  expect((await titleCell.boundingBox())!.width).toBeGreaterThanOrEqual(330);
  await expect(titleCell.locator('.mantine-Badge-root')).toHaveCount(0);
  await expect(row.getByTestId('incident-verdict')).toHaveText('TP');
  await expect(row.getByTestId('incident-verdict').locator('abbr')).toHaveAttribute('title', 'True positive');
  const title = (await titleCell.innerText()).replace(/\s+/g, ' ').trim();
  await expect(titleCell.locator('[title]')).toHaveAttribute('title', /^ET TROJAN Possible Win32\/Emotet Variant \d+ CnC Beacon via HTTP POST to compromised WordPress host/);
  expect(title).toMatch(/^ET TROJAN Possible Win32\/Emotet Variant/);

  // Nothing spills out of its cell: every badge and the id lie within their column.
  const spills = await row.evaluate((tr) =>
    Array.from(tr.querySelectorAll('td')).flatMap((td) => {
      const cell = td.getBoundingClientRect();
      return Array.from(td.querySelectorAll('.mantine-Badge-root')).filter((b) => b.getBoundingClientRect().right > cell.right + 0.5).map((b) => b.textContent);
    }),
  );
  expect(spills).toEqual([]);
  const idCell = row.locator('td').nth(1);
  expect(await idCell.evaluate((td) => td.scrollWidth <= td.clientWidth)).toBe(true);
});

test('"Clear selection" leaves focus on the current row', async ({ page, app }) => {
  await openQueue(page, app.url);
  await rows(page).first().focus();
  await page.keyboard.press('x');
  await page.keyboard.press('ArrowDown');
  // Space ticks too, as in linked alerts; Enter is what opens.
  await page.keyboard.press('Space');
  const second = (await rows(page).nth(1).getAttribute('data-incident-id'))!;
  await expect(page.getByTestId('incident-selection-count')).toHaveText('2 selected');
  await expect(page.getByTestId('incident-detail')).toHaveCount(0);

  await page.getByRole('button', { name: 'Clear selection' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('incident-selection-count')).toHaveText('Tick incidents (x) to merge them');
  await expect.poll(() => focusedIncidentId(page)).toBe(second);
});

test('ticked rows are highlighted, not only their checkbox', async ({ page, app }) => {
  await openQueue(page, app.url);
  const background = (i: number) => rows(page).nth(i).evaluate((tr) => getComputedStyle(tr).backgroundColor);
  // Rows 3 and 5 share a stripe, so only the tick can tell them apart.
  expect(await background(2)).toBe(await background(4));
  await rows(page).nth(2).getByTestId('incident-checkbox').check();
  await expect(page.getByTestId('incident-selection-count')).toHaveText('1 selected');
  await page.mouse.move(0, 0);
  expect(await background(2)).not.toBe(await background(4));
});

test('"Reset filters" clears search, severity and status, and puts focus in the search box', async ({ page, app }) => {
  await openQueue(page, app.url);
  const reset = page.getByTestId('incident-filters-reset');
  await expect(reset).toBeDisabled();
  await page.getByTestId('search-input').fill('Variant 12');
  await expect(page.getByTestId('incidents-total')).not.toHaveText(`${INCIDENTS} incidents`);
  await page.getByTestId('incident-severity-filter').click();
  await page.getByRole('option', { name: 'critical' }).click();
  await page.keyboard.press('Escape');
  await expect(reset).toBeEnabled();

  await reset.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('incidents-total')).toHaveText(`${INCIDENTS} incidents`);
  await expect(page.getByTestId('search-input')).toHaveValue('');
  await expect(page.getByTestId('search-input')).toBeFocused();
  await expect(reset).toBeDisabled();
});

test('an incident id pasted into the search box finds that incident', async ({ page, app }) => {
  await openQueue(page, app.url);
  const id = (await rows(page).nth(50).getAttribute('data-incident-id'))!;
  await page.getByTestId('search-input').fill(id.toUpperCase());
  await expect(page.getByTestId('incidents-total')).toHaveText('1 incident');
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toHaveAttribute('data-incident-id', id);
});
