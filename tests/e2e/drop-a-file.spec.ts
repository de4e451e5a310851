/** Drag-and-drop import: a file dropped on the drop zone is imported (browser mode sends its text). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATASETS, expect, test } from './fixtures';

test('dropping a Suricata EVE file imports it and offers correlation', async ({ page, app }) => {
  await page.goto(app.url);
  await page.getByTestId('nav-import').click();
  const content = readFileSync(join(DATASETS, 'suricata/honeypot-2018.alerts-only.ndjson'), 'utf8');
  const dataTransfer = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'eve.json', { type: 'application/json' }));
    return dt;
  }, content);
  const zone = page.getByTestId('import-dropzone');
  await zone.dispatchEvent('dragenter', { dataTransfer });
  await zone.dispatchEvent('dragover', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });
  await expect(page.getByTestId('import-result')).toBeVisible();
  await expect(page.getByTestId('import-imported')).toContainText('44');
  await page.getByTestId('import-correlate').click();
  await page.getByTestId('nav-incidents').click();
  await expect(page.getByTestId('incident-row').first()).toBeVisible();
});
