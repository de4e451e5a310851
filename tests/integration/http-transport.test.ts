import { request } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, type RunningHttpServer } from '../../src/main/http/http-server';
import { tempCore, tempDir } from './helpers';

const core = tempCore();
const staticDir = tempDir('socwb-static-');
let server: RunningHttpServer;

beforeAll(async () => {
  mkdirSync(join(staticDir.dir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir.dir, 'index.html'), '<!doctype html><title>SOC Workbench</title>');
  writeFileSync(join(staticDir.dir, 'assets', 'app.js'), 'console.log(1)');
  server = await startHttpServer({ handlers: core.handlers, events: core.events, staticDir: staticDir.dir, logger: { error: () => undefined, warn: () => undefined } });
});
afterAll(async () => {
  await server.close();
  await core.dispose();
  staticDir.cleanup();
});

function raw(path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

const api = (method: string, body: unknown, token: string | null = server.token) =>
  raw(`/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });

describe('browser-mode HTTP transport', () => {
  it('binds loopback and prints a URL carrying the token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(server.openUrl).toBe(`${server.url}?token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(32);
    expect(server.server.address()).toMatchObject({ address: '127.0.0.1' });
  });

  it('refuses calls without the token (401) or with a wrong one', async () => {
    expect((await api('app.getInfo', {}, null)).status).toBe(401);
    expect((await api('app.getInfo', {}, 'x'.repeat(32))).status).toBe(401);
  });

  it('serves methods with the token, in the result envelope', async () => {
    const res = await api('app.getInfo', {});
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ ok: true, data: { transport: 'http', alerts: 0 } });
  });

  it('rejects unknown methods and invalid input', async () => {
    const unknown = await api('admin.shell', {});
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    const invalid = await api('incidents.get', { id: 42 });
    expect(JSON.parse(invalid.body)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const notJson = await raw('/api/app.getInfo', { method: 'POST', headers: { authorization: `Bearer ${server.token}` }, body: '{nope' });
    expect(notJson.status).toBe(400);
  });

  it('guards against DNS rebinding and foreign origins', async () => {
    const rebinding = await raw('/api/app.getInfo', { method: 'POST', headers: { host: 'evil.example', authorization: `Bearer ${server.token}` }, body: '{}' });
    expect(rebinding.status).toBe(403);
    const foreignOrigin = await raw('/api/app.getInfo', {
      method: 'POST',
      headers: { origin: 'https://evil.example', authorization: `Bearer ${server.token}` },
      body: '{}',
    });
    expect(foreignOrigin.status).toBe(403);
  });

  it('serves the UI with a CSP and never a file outside its folder', async () => {
    const index = await raw('/');
    expect(index.status).toBe(200);
    expect(index.body).toContain('SOC Workbench');
    expect(String(index.headers['content-security-policy'])).toContain("default-src 'self'");
    expect((await raw('/assets/app.js')).body).toBe('console.log(1)');
    const traversal = await raw('/..%2f..%2f..%2fetc%2fpasswd');
    expect(traversal.body).not.toContain('root:');
    expect([403, 200]).toContain(traversal.status);
    if (traversal.status === 200) expect(traversal.body).toContain('SOC Workbench');
  });

  it('streams UI events over SSE only with the token', async () => {
    expect((await raw('/api/events')).status).toBe(401);
    const received = await new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: `/api/events?token=${server.token}` }, (res) => {
        let buffer = '';
        let emitted = false;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          if (buffer.includes(': connected') && !emitted) {
            emitted = true;
            core.events.emit('db.changed', { tables: ['incidents'] });
            core.events.emit('index.progress', { done: 8000, total: 20_000, finished: false });
          }
          if (buffer.includes('event: db.changed') && buffer.includes('event: index.progress')) {
            req.destroy();
            resolve(buffer);
          }
        });
      });
      req.on('error', (e) => (e.message.includes('socket hang up') ? undefined : reject(e)));
      req.end();
    });
    expect(received).toContain('data: {"tables":["incidents"]}');
    expect(received).toContain('event: index.progress\ndata: {"done":8000,"total":20000,"finished":false}');
  });
});
