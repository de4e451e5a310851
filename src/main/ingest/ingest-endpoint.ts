/**
 * The loopback ingest endpoint: other tools on the analyst's laptop POST alerts
 * (a JSON object, a JSON array, or NDJSON) to http://127.0.0.1:PORT/alerts with
 * `Authorization: Bearer <token>`. Off by default; binds loopback only; a new
 * token every time it is started (never written to disk).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IngestEndpointInfo } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { CoreContext } from '../core/context';
import { bearerToken, newToken, readBody, tokenMatches } from '../http/auth';
import { importContent } from './ingest-service';

const MAX_BODY_BYTES = 64 * 1024 * 1024;

export class IngestEndpoint {
  private server: Server | null = null;
  private token: string | null = null;
  private url: string | null = null;

  constructor(private readonly ctx: CoreContext) {}

  info(): IngestEndpointInfo {
    return { enabled: this.server !== null, url: this.url, token: this.token };
  }

  async start(port: number): Promise<IngestEndpointInfo> {
    await this.stop();
    const token = newToken();
    const server = createServer((req, res) => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
        res.end(JSON.stringify(body));
      };
      if (!tokenMatches(bearerToken(req), token)) return send(401, { ok: false, error: { code: 'UNAUTHORIZED', message: 'Bearer token required' } });
      if (req.url !== '/alerts') return send(404, { ok: false, error: { code: 'NOT_FOUND', message: 'POST alerts to /alerts' } });
      if (req.method !== 'POST') return send(405, { ok: false, error: { code: 'VALIDATION', message: 'Use POST' } });
      readBody(req, MAX_BODY_BYTES).then(
        async (body) => {
          try {
            const result = await importContent(this.ctx, 'ingest-endpoint', body.toString('utf8'));
            send(200, { ok: true, data: result });
          } catch (error) {
            if (error instanceof AppError) send(400, { ok: false, error: error.toInfo() });
            else send(500, { ok: false, error: { code: 'INTERNAL', message: 'import failed' } });
          }
        },
        (error: Error) =>
          send(error.message === 'too-large' ? 413 : 400, {
            ok: false,
            error: { code: 'VALIDATION', message: error.message === 'too-large' ? `body larger than ${MAX_BODY_BYTES} bytes` : 'could not read body' },
          }),
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(new AppError('IO', `Cannot start the ingest endpoint on 127.0.0.1:${port}: ${error.code ?? error.message}`)),
      );
      server.listen(port, '127.0.0.1', () => resolve());
    });
    const address = server.address() as AddressInfo;
    this.server = server;
    this.token = token;
    this.url = `http://127.0.0.1:${address.port}/alerts`;
    return this.info();
  }

  async stop(): Promise<IngestEndpointInfo> {
    const server = this.server;
    this.server = null;
    this.token = null;
    this.url = null;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    return this.info();
  }
}
