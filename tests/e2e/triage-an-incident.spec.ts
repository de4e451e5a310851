/**
 * The analyst's first journey in browser mode: import real Wazuh alerts by
 * file, correlate, open the riskiest incident, read why it exists, triage it
 * (status, note) and find the work still there after a reload.
 */
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { DATASETS, expect, importSuricataAndCorrelate, test } from './fixtures';

test('import real Wazuh alerts, correlate, open and triage an incident', async ({ page, app }) => {
  await page.goto(app.url);
  await expect(page.getByTestId('nav-import')).toBeVisible();
  // The token left the address bar once the page picked it up.
  await expect.poll(() => page.url()).not.toContain('token=');

  await page.getByTestId('nav-import').click();
  await page.getByTestId('import-file-input').setInputFiles(join(DATASETS, 'wazuh/ossec_insect.json'));
  await expect(page.getByTestId('import-result')).toBeVisible();
  await expect(page.getByTestId('import-imported')).toContainText('497');
  await expect(page.getByTestId('import-rejected')).toContainText('0');

  await page.getByTestId('nav-incidents').click();
  await page.getByTestId('correlate-button').click();
  await expect(page.getByTestId('incident-row').first()).toBeVisible();

  // Risk-sorted list: the first row is the riskiest incident, the attack of 192.168.10.18.
  const first = page.getByTestId('incident-row').first();
  await expect(first).toContainText('192.168.10.18');
  const incidentId = await first.getAttribute('data-incident-id');
  expect(incidentId).toMatch(/^INC-/);
  await first.click();
  const detail = page.getByTestId('incident-detail');
  await expect(detail).toBeVisible();
  await expect(page.getByTestId('incident-title')).not.toBeEmpty();
  await expect(page.getByTestId('incident-summary')).toContainText(/alert/i);
  await expect(page.getByTestId('incident-explanation')).not.toBeEmpty();
  await expect(page.getByTestId('incident-risk')).toBeVisible();
  // Its severity is above its worst alert's; the risk panel says why.
  await expect(detail.locator('[data-severity]').first()).toHaveText('critical');
  await expect(page.getByTestId('incident-severity-raised')).toHaveText(/^Raised to critical from high: \d+ different high-severity detections/);
  await expect(detail.getByTestId('alert-row').first()).toBeVisible();

  await page.getByTestId('status-select').selectOption('investigating');

  // Unsaved work survives leaving the incident with Escape: the draft note, verdict and reason are there on return.
  await page.getByTestId('note-input').fill('draft: check the web logs');
  await page.getByTestId('verdict-select').selectOption('true_positive');
  await page.getByTestId('verdict-reason').fill('root shell seen');
  await page.getByTestId('incident-title').click();
  await page.keyboard.press('Escape');
  await expect(detail).toBeHidden();
  await page.locator(`[data-testid="incident-row"][data-incident-id="${incidentId}"]`).click();
  await expect(page.getByTestId('note-input')).toHaveValue('draft: check the web logs');
  await expect(page.getByTestId('verdict-select')).toHaveValue('true_positive');
  await expect(page.getByTestId('verdict-reason')).toHaveValue('root shell seen');
  await page.getByTestId('verdict-save').click();
  await expect(page.getByTestId('verdict-save')).toBeDisabled();

  await page.getByTestId('note-input').fill('Attacker 192.168.10.18 confirmed; escalating.');
  await page.getByTestId('note-submit').click();
  await expect(page.getByTestId('incident-note').last()).toContainText('Attacker 192.168.10.18 confirmed');
  await expect(page.getByTestId('note-input')).toHaveValue('');

  // After a full reload (token kept for the session) the analyst's work is there.
  await page.reload();
  await page.getByTestId('nav-incidents').click();
  await page.locator(`[data-testid="incident-row"][data-incident-id="${incidentId}"]`).click();
  await expect(page.getByTestId('status-select')).toHaveValue('investigating');
  await expect(page.getByTestId('verdict-select')).toHaveValue('true_positive');
  await expect(page.getByTestId('incident-note').last()).toContainText('Attacker 192.168.10.18 confirmed');
  await expect(page.getByTestId('activity-entry').first()).toBeVisible();
});

/**
 * The tallest stretch, down the middle of either column of the incident above its linked alerts,
 * that no panel covers (the gaps between panels are a few px).
 */
async function tallestEmptyStretch(page: Page): Promise<number> {
  return page.getByTestId('incident-detail').evaluate((detail) => {
    const linkedTop = [...detail.querySelectorAll('h3')].find((h) => h.textContent === 'Linked alerts')!.closest('.mantine-Paper-root')!.getBoundingClientRect().top;
    const panels = [...detail.querySelectorAll('.mantine-Paper-root')].map((p) => p.getBoundingClientRect()).filter((r) => r.bottom <= linkedTop);
    const area = detail.getBoundingClientRect();
    let tallest = 0;
    // The middle of the narrow column and of the wide one.
    for (const x of [area.left + area.width / 6, area.left + (area.width * 2) / 3]) {
      let reached = Math.min(...panels.map((r) => r.top));
      for (const r of panels.filter((p) => p.left <= x && x <= p.right).sort((a, b) => a.top - b.top)) {
        tallest = Math.max(tallest, r.top - reached);
        reached = Math.max(reached, r.bottom);
      }
      tallest = Math.max(tallest, linkedTop - reached);
    }
    return Math.round(tallest);
  });
}

test('at 1280 px no column of an incident is left empty beside a long explanation, or a short one', async ({ page, app }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await importSuricataAndCorrelate(page, app.url);
  // The riskiest incident has the longest summary and explanation (54 alerts); the last, a single alert.
  for (const row of [page.getByTestId('incident-row').first(), page.getByTestId('incident-row').last()]) {
    await row.click();
    await expect(page.getByTestId('incident-explanation')).toBeVisible();
    expect(await tallestEmptyStretch(page)).toBeLessThan(40);
    await page.keyboard.press('Escape');
  }
});

test('alerts view filters by text and severity and opens the raw record as text', async ({ page, app }) => {
  await page.goto(app.url);
  await page.getByTestId('nav-import').click();
  await page.getByTestId('import-file-input').setInputFiles([
    join(DATASETS, 'suricata/first-org-conf-2015.alerts-only.ndjson'),
    join(DATASETS, 'wazuh/wazuh-4.14-test-alerts.jsonl'),
  ]);
  await expect(page.getByTestId('import-result')).toBeVisible();
  await expect(page.getByTestId('import-imported')).toContainText('137');

  await page.getByTestId('nav-alerts').click();
  await expect(page.getByTestId('alert-row').first()).toBeVisible();
  await page.keyboard.press('/');
  await expect(page.getByTestId('search-input').first()).toBeFocused();
  await page.keyboard.type('brute force');
  await expect(page.getByTestId('alert-row')).toHaveCount(1);
  await page.getByTestId('alert-row').first().click();
  const raw = page.getByTestId('alert-raw');
  await expect(raw).toContainText('"rule"');
  await expect(raw).toContainText('5712');
});

test('keyboard navigation and theme toggle', async ({ page, app }) => {
  await page.goto(app.url);
  await expect(page.getByTestId('nav-alerts')).toBeVisible();
  await page.keyboard.press('Alt+2');
  await expect(page.getByTestId('correlate-button')).toBeVisible();
  await page.keyboard.press('Alt+3');
  await expect(page.getByTestId('import-dropzone')).toBeVisible();
  const scheme = () => page.locator('html').getAttribute('data-mantine-color-scheme');
  const before = await scheme();
  await page.getByTestId('theme-toggle').click();
  await expect.poll(scheme).not.toBe(before);
});

test('the API refuses calls without the token', async ({ request, app }) => {
  const base = new URL(app.url);
  const res = await request.post(`${base.origin}/api/app.getInfo`, { data: {} });
  expect(res.status()).toBe(401);
  const token = base.searchParams.get('token')!;
  const ok = await request.post(`${base.origin}/api/app.getInfo`, { data: {}, headers: { authorization: `Bearer ${token}` } });
  expect(await ok.json()).toMatchObject({ ok: true, data: { transport: 'http' } });
});
