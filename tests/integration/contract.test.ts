import { afterAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../src/main/api/registry';
import { handleIpcInvoke, isAllowedExternalUrl, isTrustedSender } from '../../src/main/ipc/ipc-bridge';
import { MAX_LISTED_INCIDENT_IDS, METHOD_NAMES, contract } from '../../src/shared/contract';
import { tempCore } from './helpers';

const silent = { error: () => undefined, warn: () => undefined };
const core = tempCore();
afterAll(() => core.dispose());

describe('contract dispatch', () => {
  it('registers exactly one handler per contract method', () => {
    expect(Object.keys(core.handlers).sort()).toEqual([...METHOD_NAMES].sort());
    expect(Object.keys(contract).length).toBeGreaterThan(10);
  });

  it('rejects an unknown method with UNKNOWN_METHOD', async () => {
    const result = await dispatch(core.handlers, 'alerts.dropAll', {}, silent);
    expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    const proto = await dispatch(core.handlers, '__proto__', {}, silent);
    expect(proto).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });

  it('rejects bad input with VALIDATION naming the field', async () => {
    const result = await dispatch(core.handlers, 'incidents.list', { severities: ['apocalyptic'] }, silent);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('VALIDATION');
      expect(result.error.message).toMatch(/severities/);
    }
    const extra = await dispatch(core.handlers, 'alerts.get', { id: 1, sql: 'DROP TABLE alerts' }, silent);
    expect(extra).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const wrongType = await dispatch(core.handlers, 'alerts.get', { id: '1' }, silent);
    expect(wrongType).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('takes incidents.list ids as a bounded list of incident ids, and nothing else', async () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `INC-${String(i).padStart(10, '0')}`);
    for (const bad of [[], ids(MAX_LISTED_INCIDENT_IDS + 1), [''], ['x'.repeat(65)], [42], 'INC-0000000001', null]) {
      const result = await dispatch(core.handlers, 'incidents.list', { ids: bad }, silent);
      expect(result, JSON.stringify(bad).slice(0, 40)).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(/ids/) } });
    }
    const most = await dispatch(core.handlers, 'incidents.list', { ids: ids(MAX_LISTED_INCIDENT_IDS) }, silent);
    expect(most).toMatchObject({ ok: true, data: { rows: [], total: 0 } });
  });

  it('maps service errors to their code and applies defaults', async () => {
    expect(await dispatch(core.handlers, 'alerts.get', { id: 424242 }, silent)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const list = await dispatch(core.handlers, 'incidents.list', {}, silent);
    expect(list).toMatchObject({ ok: true, data: { rows: [], total: 0 } });
  });

  it('maps unexpected failures to INTERNAL without leaking the stack', async () => {
    const broken = { ...core.handlers, 'alerts.sources': () => { throw new Error('secret /home/x stack'); } };
    const result = await dispatch(broken, 'alerts.sources', {}, silent);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('INTERNAL');
      expect(result.error.message).not.toMatch(/secret/);
    }
  });
});

describe('IPC bridge', () => {
  const rendererUrl = 'file:///opt/socwb/out/renderer/index.html';

  it('accepts only the main frame of the app page', async () => {
    expect(isTrustedSender('file:///opt/socwb/out/renderer/index.html#/incidents', rendererUrl)).toBe(true);
    expect(isTrustedSender('file:///tmp/evil.html', rendererUrl)).toBe(false);
    expect(isTrustedSender('https://example.com/', rendererUrl)).toBe(false);
    expect(isTrustedSender(undefined, rendererUrl)).toBe(false);
  });

  it('refuses a foreign sender with FORBIDDEN and never runs the handler', async () => {
    let ran = false;
    const handlers = { ...core.handlers, 'app.getInfo': () => { ran = true; return core.handlers['app.getInfo']({}); } };
    const foreign = await handleIpcInvoke(handlers, { url: 'https://evil.example/', isMainFrame: true }, rendererUrl, 'app.getInfo', {}, silent);
    expect(foreign).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const subframe = await handleIpcInvoke(handlers, { url: rendererUrl, isMainFrame: false }, rendererUrl, 'app.getInfo', {}, silent);
    expect(subframe).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(ran).toBe(false);
    const own = await handleIpcInvoke(handlers, { url: rendererUrl, isMainFrame: true }, rendererUrl, 'app.getInfo', {}, silent);
    expect(own).toMatchObject({ ok: true, data: { transport: 'http' } });
    expect(ran).toBe(true);
  });

  it('opens only allow-listed https links externally', () => {
    expect(isAllowedExternalUrl('https://attack.mitre.org/techniques/T1110/')).toBe(true);
    expect(isAllowedExternalUrl('http://attack.mitre.org/')).toBe(false);
    expect(isAllowedExternalUrl('https://evil.example/')).toBe(false);
    expect(isAllowedExternalUrl('file:///etc/passwd')).toBe(false);
  });
});
