import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './api-error';
import { createHttpClient, takeSessionToken } from './http-client';

/** Minimal browser globals for the transport (vitest runs in node). */
function installBrowser(href: string) {
  const store = new Map<string, string>();
  const location = new URL(href);
  const replaceState = vi.fn((_state: unknown, _title: string, url: string) => {
    const next = new URL(url, location);
    location.search = next.search;
  });
  vi.stubGlobal('sessionStorage', {
    getItem: (k: string) => store.get(k) ?? null,
    setItem: (k: string, v: string) => store.set(k, v),
  });
  vi.stubGlobal('window', { location, history: { state: null, replaceState } });
  return { replaceState, location };
}

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

describe('http transport', () => {
  beforeEach(() => vi.unstubAllGlobals());
  afterEach(() => vi.unstubAllGlobals());

  it('takes the token from the address bar once, keeps it for the tab and removes it from the URL', () => {
    const { replaceState, location } = installBrowser('http://127.0.0.1:4000/?token=abc123&x=1#top');
    expect(takeSessionToken()).toBe('abc123');
    expect(replaceState).toHaveBeenCalledOnce();
    expect(location.search).toBe('?x=1');
    // A reload (no token in the URL any more) still finds it.
    expect(takeSessionToken()).toBe('abc123');
  });

  it('posts JSON with the bearer token and resolves with data', async () => {
    const fetchMock = vi.fn(async () => jsonResponse(200, { ok: true, data: ['wazuh', 'suricata'] }));
    vi.stubGlobal('fetch', fetchMock);
    const client = createHttpClient('tok');
    await expect(client.call('alerts.sources', {})).resolves.toEqual(['wazuh', 'suricata']);
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/alerts.sources');
    expect(init.method).toBe('POST');
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer tok');
    expect(init.body).toBe('{}');
  });

  it('throws an ApiError carrying the envelope code, message and details', async () => {
    vi.stubGlobal('fetch', async () => jsonResponse(200, { ok: false, error: { code: 'NOT_FOUND', message: 'no such incident', details: { id: 'x' } } }));
    const error = await createHttpClient('tok').call('incidents.get', { id: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'NOT_FOUND', message: 'no such incident', details: { id: 'x' } });
  });

  it('reports a missing or wrong token as UNAUTHORIZED and an unreachable server as IO', async () => {
    vi.stubGlobal('fetch', async () => jsonResponse(401, { ok: false, error: { code: 'UNAUTHORIZED', message: 'token required' } }));
    await expect(createHttpClient('bad').call('app.getInfo', {})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('fetch failed');
    });
    await expect(createHttpClient('tok').call('app.getInfo', {})).rejects.toMatchObject({ code: 'IO' });
  });

  it('delivers server-sent events to subscribers of that event only', () => {
    const sources: FakeEventSource[] = [];
    class FakeEventSource {
      readonly listeners = new Map<string, Array<(e: { data: string }) => void>>();
      constructor(readonly url: string) {
        sources.push(this);
      }
      addEventListener(type: string, fn: (e: { data: string }) => void) {
        this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
      }
      emit(type: string, data: string) {
        for (const fn of this.listeners.get(type) ?? []) fn({ data });
      }
    }
    vi.stubGlobal('EventSource', FakeEventSource);
    const client = createHttpClient('t k');
    const changed = vi.fn();
    const progress = vi.fn();
    const stop = client.subscribe('db.changed', changed);
    client.subscribe('ingest.progress', progress);

    expect(sources).toHaveLength(1);
    expect(sources[0]!.url).toBe('/api/events?token=t%20k');
    sources[0]!.emit('db.changed', '{"tables":["alerts"]}');
    sources[0]!.emit('db.changed', 'not json');
    expect(changed).toHaveBeenCalledExactlyOnceWith({ tables: ['alerts'] });
    expect(progress).not.toHaveBeenCalled();

    stop();
    sources[0]!.emit('db.changed', '{"tables":["incidents"]}');
    expect(changed).toHaveBeenCalledOnce();
  });
});
