/** The loopback ingest endpoint, switched on from the Import view and used as another tool on the laptop would. */
import { expect, test } from './fixtures';

test('enable the ingest endpoint, push an alert with its token, see it in the alerts view', async ({ page, app, request }) => {
  await page.goto(app.url);
  await page.getByTestId('nav-import').click();
  await expect(page.getByTestId('ingest-endpoint')).toContainText('Off');
  await expect(page.getByTestId('ingest-endpoint-toggle')).toBeEnabled();
  await page.getByTestId('ingest-endpoint-toggle').click();
  await expect(page.getByTestId('ingest-endpoint-url')).toBeVisible();
  const url = (await page.getByTestId('ingest-endpoint-url').textContent())!.trim();
  const header = (await page.getByTestId('ingest-endpoint-token').textContent())!.trim();
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/alerts$/);
  const token = header.replace(/^Authorization: Bearer /, '');

  const alert = { ts: '2026-11-20T09:15:00Z', source: 'edr-agent', alert_type: 'Credential dumping via comsvcs.dll', message: 'rundll32 comsvcs.dll MiniDump lsass', user: 'alice', host: 'ws-042', severity: 'critical' };
  expect((await request.post(url, { data: alert })).status()).toBe(401);
  const pushed = await request.post(url, { data: alert, headers: { authorization: `Bearer ${token}` } });
  expect(await pushed.json()).toMatchObject({ ok: true, data: { imported: 1 } });

  await page.getByTestId('nav-alerts').click();
  await expect(page.getByTestId('alert-row').filter({ hasText: 'Credential dumping via comsvcs.dll' })).toBeVisible();

  await page.getByTestId('nav-import').click();
  await expect(page.getByTestId('ingest-endpoint-toggle')).toBeEnabled();
  await page.getByTestId('ingest-endpoint-toggle').click();
  await expect(page.getByTestId('ingest-endpoint')).toContainText('Off');
  await expect(request.post(url, { data: alert, headers: { authorization: `Bearer ${token}` } })).rejects.toThrow();
});
