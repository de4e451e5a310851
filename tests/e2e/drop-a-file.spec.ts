/** Drag-and-drop import: a file dropped on the drop zone is imported (browser mode sends its text, inflating gzip first). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { JSHandle, Page } from '@playwright/test';
import { DATASETS, expect, test } from './fixtures';

/** Drags `dataTransfer` over the import drop zone and drops it, as a file manager does. */
async function dropOnZone(page: Page, dataTransfer: JSHandle<DataTransfer>): Promise<void> {
  const zone = page.getByTestId('import-dropzone');
  await zone.dispatchEvent('dragenter', { dataTransfer });
  await zone.dispatchEvent('dragover', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });
}

test('dropping a Suricata EVE file imports it and offers correlation', async ({ page, app }) => {
  await page.goto(app.url);
  await page.getByTestId('nav-import').click();
  const content = readFileSync(join(DATASETS, 'suricata/honeypot-2018.alerts-only.ndjson'), 'utf8');
  const dataTransfer = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'eve.json', { type: 'application/json' }));
    return dt;
  }, content);
  await dropOnZone(page, dataTransfer);
  await expect(page.getByTestId('import-result')).toBeVisible();
  await expect(page.getByTestId('import-imported')).toContainText('44');
  await page.getByTestId('import-correlate').click();
  await page.getByTestId('nav-incidents').click();
  await expect(page.getByTestId('incident-row').first()).toBeVisible();
});

test('a dropped gzip file is inflated in the browser and imported', async ({ page, app }) => {
  await page.goto(app.url);
  await page.getByTestId('nav-import').click();
  const gzipped = [...gzipSync(readFileSync(join(DATASETS, 'suricata/honeypot-2018.alerts-only.ndjson')))];
  const dataTransfer = await page.evaluateHandle((bytes) => {
    const dt = new DataTransfer();
    // No .gz in the name: the magic bytes decide.
    dt.items.add(new File([new Uint8Array(bytes)], 'eve-rotated.1', { type: 'application/octet-stream' }));
    return dt;
  }, gzipped);
  await dropOnZone(page, dataTransfer);
  await expect(page.getByTestId('import-result')).toBeVisible();
  await expect(page.getByTestId('import-imported')).toContainText('44');
});

test('an import outlives a switch to another view: its progress and result are there on return', async ({ page, app }) => {
  test.setTimeout(120_000);
  await page.goto(app.url);
  await page.getByTestId('nav-import').click();
  // Large enough to still be running when the analyst looks elsewhere.
  const dataTransfer = await page.evaluateHandle(() => {
    const lines: string[] = [];
    for (let i = 0; i < 150_000; i++) {
      lines.push(JSON.stringify({ ts: 1767261600000 + i * 1000, source: 'edr', alert_type: `type ${i % 40}`, message: `event ${i}`, host: `h${i % 70}`, severity: 'low' }));
    }
    const dt = new DataTransfer();
    dt.items.add(new File([lines.join('\n')], 'edr.ndjson', { type: 'application/json' }));
    return dt;
  });
  await dropOnZone(page, dataTransfer);
  await expect(page.getByTestId('import-progress')).toBeVisible();
  await expect(page.getByTestId('nav-import-running')).toBeVisible();
  await page.getByTestId('nav-alerts').click();
  await expect(page.getByTestId('nav-import-running')).toBeVisible();
  await page.getByTestId('nav-import').click();
  // Still running (and the drop zone refuses a second import meanwhile), or finished with its result shown.
  await expect(page.getByTestId('import-progress').or(page.getByTestId('import-result'))).toBeVisible();
  await expect(page.getByTestId('import-result')).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('import-imported')).toContainText('150,000');
  await expect(page.getByTestId('nav-import-running')).toHaveCount(0);
});

/** Generic alert lines, as another tool writes them. */
function genericLines(count: number): string {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    lines.push(JSON.stringify({ ts: 1767261600000 + i * 1000, source: 'edr', alert_type: `type ${i}`, message: `event ${i}`, host: `h${i}`, severity: 'low' }));
  }
  return lines.join('\n') + '\n';
}

/** Chooses files with the "Choose files…" input, as a file dialog does. */
async function chooseFiles(page: Page, files: Array<{ name: string; text: string }>): Promise<void> {
  await page
    .getByTestId('import-file-input')
    .setInputFiles(files.map((f) => ({ name: f.name, mimeType: 'application/octet-stream', buffer: Buffer.from(f.text) })));
}

/** How many lines the text in an element takes. */
async function renderedLines(locator: ReturnType<Page['locator']>): Promise<number> {
  return locator.evaluate((el) => {
    const tops = new Set<number>();
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const rect of range.getClientRects()) tops.add(Math.round(rect.top));
    }
    return tops.size;
  });
}

test('a file that cannot be imported is reported once, in the result, in words', async ({ page, app }) => {
  await page.goto(app.url);
  await page.getByTestId('nav-import').click();
  await chooseFiles(page, [
    { name: 'notjson.txt', text: 'hello analyst\nthis is not JSON\n' },
    { name: 'good.ndjson', text: genericLines(3) + '{"half a record\n' },
  ]);
  await expect(page.getByTestId('import-result')).toBeVisible();
  await expect(page.getByTestId('import-imported')).toContainText('3');
  // No notice that stays over the results.
  await expect(page.getByTestId('notice-error')).toHaveCount(0);
  const files = page.getByRole('table', { name: 'Files' });
  const failed = files.getByRole('row').filter({ hasText: 'notjson.txt' });
  const problem = failed.getByRole('cell').last();
  await expect(problem).toHaveText(/^not JSON: expected NDJSON lines/);
  await expect(problem).not.toContainText('notjson.txt');
  await expect(problem).not.toContainText('UNSUPPORTED_FORMAT');
  await expect(problem).toHaveAttribute('title', /UNSUPPORTED_FORMAT/);
  // The failed file is not listed again among the rejected records; the bad line of the other is.
  const rejected = page.getByRole('table', { name: 'Rejected records' });
  await expect(rejected.getByRole('row').filter({ hasText: 'good.ndjson' })).toHaveCount(1);
  await expect(rejected.getByRole('row').filter({ hasText: 'notjson.txt' })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Import finished: 1 of 2 files could not be read' })).toBeVisible();

  // When no file could be read, the heading says so.
  await page.getByRole('button', { name: 'Import more' }).click();
  await chooseFiles(page, [{ name: 'notjson.txt', text: 'hello analyst\n' }]);
  await expect(page.getByRole('heading', { name: 'Import failed' })).toBeVisible();
});

test('a rejected record shows the start of its line, as text', async ({ page, app }) => {
  await page.goto(app.url);
  await page.getByTestId('nav-import').click();
  const bad = `{"ts": 1767261600000, "source": "edr", "note": "<b>not bold</b>", "pad": "${'y'.repeat(400)}"`;
  await chooseFiles(page, [{ name: 'bad.ndjson', text: genericLines(2) + bad + '\n' }]);
  await expect(page.getByTestId('import-result')).toBeVisible();
  const row = page.getByRole('table', { name: 'Rejected records' }).getByRole('row').filter({ hasText: 'bad.ndjson' });
  const snippet = row.getByTestId('import-error-snippet');
  await expect(snippet).toContainText('"note": "<b>not bold</b>"');
  // Bounded: the first 200 characters, marked as cut.
  expect((await snippet.textContent())!.length).toBeLessThanOrEqual(201);
  await expect(snippet).toHaveText(/…$/);
  await expect(row.locator('b')).toHaveCount(0);
});

test('a forced format applies to one import, and the result says when it is the likely cause of the rejections', async ({ page, app }) => {
  await page.goto(app.url);
  await page.getByTestId('nav-import').click();
  await page.getByTestId('import-format').selectOption('suricata-eve');
  await chooseFiles(page, [{ name: 'generic.ndjson', text: genericLines(30) }]);
  await expect(page.getByTestId('import-result')).toBeVisible();
  await expect(page.getByTestId('import-rejected')).toContainText('30');
  await expect(page.getByTestId('import-forced-format')).toContainText('suricata-eve');
  await expect(page.getByTestId('import-forced-format')).toContainText('likely cause');
  // The next import detects the format again.
  await expect(page.getByTestId('import-format')).toHaveValue('');
  await chooseFiles(page, [{ name: 'generic-2.ndjson', text: genericLines(30) }]);
  await expect(page.getByTestId('import-imported')).toContainText('30');
  await expect(page.getByTestId('import-forced-format')).toHaveCount(0);
});

test('when an import ends, focus moves to its result', async ({ page, app }) => {
  await page.goto(app.url);
  await page.getByTestId('nav-import').click();
  await page.getByTestId('import-choose').focus();
  await chooseFiles(page, [{ name: 'generic.ndjson', text: genericLines(5) }]);
  await expect(page.getByTestId('import-result')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Import finished' })).toBeFocused();
  // "Import more" closes the result: focus goes to choosing the next files.
  await page.getByRole('button', { name: 'Import more' }).click();
  await expect(page.getByTestId('import-choose')).toBeFocused();
});

test('file names in the result tables wrap between words, not inside them', async ({ page, app }) => {
  await page.setViewportSize({ width: 800, height: 900 });
  await page.goto(app.url);
  await page.getByTestId('nav-import').click();
  const badLines = Array.from({ length: 3 }, (_, i) => `{"ts": ${i}, "note": "${'a long record that is not finished '.repeat(3)}`).join('\n');
  await chooseFiles(page, [
    { name: 'bad.ndjson', text: genericLines(2) + badLines + '\n' },
    { name: 'notjson.txt', text: 'hello analyst, this is a long line of plain text and it is not JSON at all\n' },
  ]);
  await expect(page.getByTestId('import-result')).toBeVisible();
  const fileCells = page.getByRole('table', { name: 'Files' }).getByRole('row').getByRole('cell').first();
  const rejectedFileCells = page.getByRole('table', { name: 'Rejected records' }).getByRole('row').getByRole('cell').first();
  for (const cells of [fileCells, rejectedFileCells]) {
    for (const cell of await cells.all()) expect(await renderedLines(cell), await cell.textContent() ?? '').toBe(1);
  }
});

test('Elastic alerts and a Graylog events search dropped together become one incident across both products', async ({ page, app }) => {
  await page.goto(app.url);
  await page.getByTestId('nav-import').click();
  const detection = (uuid: string, minute: number, rule: string, technique: string) => ({
    '@timestamp': `2024-05-02T09:${String(minute + 4).padStart(2, '0')}:00.000Z`,
    'kibana.alert.original_time': `2024-05-02T09:${String(minute).padStart(2, '0')}:20.000Z`,
    'kibana.alert.uuid': uuid,
    'kibana.alert.rule.name': rule,
    'kibana.alert.severity': 'high',
    'kibana.alert.risk_score': 73,
    'kibana.alert.rule.threat': [{ framework: 'MITRE ATT&CK', tactic: { id: 'TA0002', name: 'Execution' }, technique: [{ id: technique, name: 'x' }] }],
    host: { name: 'ws-fin-07' },
    user: { name: 'jdoe' },
    source: { ip: '198.51.100.23' },
  });
  const elastic = [detection('e1', 0, 'Suspicious Windows Powershell Arguments', 'T1059'), detection('e2', 3, 'Remote File Download via PowerShell', 'T1105')].map((a) => JSON.stringify(a)).join('\n');
  const graylog = JSON.stringify({
    events: [
      {
        event: { id: '01HWXK3J9Q8ZV2T6M4N7P5R1S0', event_definition_id: 'def1', event_definition_type: 'aggregation-v1', timestamp: '2024-05-02 08:58:00.000', message: 'VPN brute force: count()=38.0', priority: 3, alert: true, key_tuple: ['jdoe'], fields: {}, group_by_fields: { username: 'jdoe', source_ip: '198.51.100.23' } },
        index_name: 'gl-events_0',
        index_type: 'message',
      },
    ],
    total_events: 1,
    context: { event_definitions: { def1: { id: 'def1', title: 'VPN brute force by user and source' } } },
  });
  const dataTransfer = await page.evaluateHandle(
    ([elasticText, graylogText]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([elasticText!], 'kibana-alerts.ndjson', { type: 'application/json' }));
      dt.items.add(new File([graylogText!], 'graylog-events.json', { type: 'application/json' }));
      return dt;
    },
    [elastic, graylog],
  );
  await dropOnZone(page, dataTransfer);
  await expect(page.getByTestId('import-result')).toBeVisible();
  await expect(page.getByTestId('import-imported')).toContainText('3');
  // Each file's format, as analysts name them.
  await expect(page.getByTestId('import-result')).toContainText('Elastic alerts');
  await expect(page.getByTestId('import-result')).toContainText('Graylog events');
  await page.getByTestId('import-correlate').click();
  await expect(page.getByTestId('import-correlate-result')).toBeVisible();

  await page.getByTestId('nav-incidents').click();
  await expect(page.getByTestId('incident-row')).toHaveCount(1);
  await page.getByTestId('incident-row').first().click();
  const summary = page.getByTestId('incident-summary');
  await expect(summary).toContainText('3 alerts from elastic, graylog');
  await expect(summary).toContainText('VPN brute force by user and source');
  await expect(summary).toContainText('Execution');
});
