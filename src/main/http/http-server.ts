/**
 * Browser mode: the same handlers over loopback HTTP. Binds 127.0.0.1 only; a
 * random token per start; every method at POST /api/<method> with a JSON body
 * and `Authorization: Bearer <token>`; UI events as server-sent events at
 * GET /api/events?token=…; the built renderer served as static files.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { UI_EVENT_NAMES } from '../../shared/contract';
import type { Result } from '../../shared/errors';
import { dispatch, consoleLogger, type Handlers, type Logger } from '../api/registry';
import type { EventHub } from '../core/context';
import { bearerToken, newToken, readBody, tokenMatches } from './auth';

export interface HttpServerOptions {
  handlers: Handlers;
  events: EventHub;
  /** Folder with the built renderer (index.html + assets); null serves the API only. */
  staticDir: string | null;
  port?: number;
  token?: string;
  logger?: Logger;
}

export interface RunningHttpServer {
  url: string;
  /** The URL to open: it carries the token for the UI to pick up. */
  openUrl: string;
  token: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 300 * 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
};

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
};

export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const token = options.token ?? newToken();
  const logger = options.logger ?? consoleLogger;
  const staticRoot = options.staticDir ? resolve(options.staticDir) : null;
  const sseClients = new Set<ServerResponse>();
  let port = 0;

  const sendJson = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  };
  const sendError = (res: ServerResponse, status: number, code: string, message: string) => sendJson(res, status, { ok: false, error: { code, message } });

  /** DNS-rebinding guard: only our own loopback origin may talk to us. */
  const hostAllowed = (req: IncomingMessage) => {
    const host = req.headers.host;
    return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
  };
  const originAllowed = (req: IncomingMessage) => {
    const origin = req.headers.origin;
    return origin === undefined || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
  };

  const server = createServer((req, res) => {
    void handle(req, res).catch((error) => {
      logger.error('http request failed', error);
      if (!res.headersSent) sendError(res, 500, 'INTERNAL', 'request failed');
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostAllowed(req)) return sendError(res, 403, 'FORBIDDEN', 'host not allowed');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname === '/api/events') {
      if (req.method !== 'GET') return sendError(res, 405, 'VALIDATION', 'use GET');
      const presented = url.searchParams.get('token') ?? bearerToken(req);
      if (!tokenMatches(presented, token)) return sendError(res, 401, 'UNAUTHORIZED', 'token required');
      res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(': connected\n\n');
      sseClients.add(res);
      const heartbeat = setInterval(() => res.write(': ping\n\n'), 15_000);
      req.on('close', () => {
        clearInterval(heartbeat);
        sseClients.delete(res);
      });
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return sendError(res, 405, 'VALIDATION', 'use POST');
      if (!originAllowed(req)) return sendError(res, 403, 'FORBIDDEN', 'origin not allowed');
      if (!tokenMatches(bearerToken(req), token)) return sendError(res, 401, 'UNAUTHORIZED', 'Authorization: Bearer <token> required');
      const method = decodeURIComponent(url.pathname.slice('/api/'.length));
      let input: unknown = {};
      try {
        const body = await readBody(req, MAX_BODY_BYTES);
        if (body.length) input = JSON.parse(body.toString('utf8'));
      } catch (error) {
        const tooLarge = (error as Error).message === 'too-large';
        return sendError(res, tooLarge ? 413 : 400, 'VALIDATION', tooLarge ? 'request body too large' : 'request body is not valid JSON');
      }
      const result: Result<unknown> = await dispatch(options.handlers, method, input, logger);
      const status = !result.ok && result.error.code === 'UNKNOWN_METHOD' ? 404 : 200;
      return sendJson(res, status, result);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, 'VALIDATION', 'method not allowed');
    return serveStatic(url.pathname, res);
  }

  function serveStatic(pathname: string, res: ServerResponse): void {
    if (!staticRoot) return sendError(res, 404, 'NOT_FOUND', 'no UI in this build');
    let relative: string;
    try {
      relative = decodeURIComponent(pathname);
    } catch {
      return sendError(res, 400, 'VALIDATION', 'bad path');
    }
    const candidate = normalize(join(staticRoot, relative));
    // Never serve anything outside the renderer folder.
    if (candidate !== staticRoot && !candidate.startsWith(staticRoot + sep)) return sendError(res, 403, 'FORBIDDEN', 'path not allowed');
    let file = candidate;
    if (!existsSync(file) || statSync(file).isDirectory()) file = join(staticRoot, 'index.html');
    if (!existsSync(file)) return sendError(res, 404, 'NOT_FOUND', 'UI not built: run npm run build');
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': file.endsWith('index.html') ? 'no-store' : 'public, max-age=31536000, immutable',
    });
    createReadStream(file).pipe(res);
  }

  const unsubscribe = options.events.subscribe((event, payload) => {
    if (!UI_EVENT_NAMES.includes(event)) return;
    const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const client of sseClients) client.write(frame);
  });

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolvePromise());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/`;
  return {
    url,
    openUrl: `${url}?token=${token}`,
    token,
    port,
    server,
    async close() {
      unsubscribe();
      for (const client of sseClients) client.end();
      sseClients.clear();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
