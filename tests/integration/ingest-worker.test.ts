/**
 * Imports through the built parser worker, which indexes written alerts while
 * it is ahead of the writer (and the writer while it waits for the parser):
 * the store must end up exactly as an in-process import leaves it, and a
 * cancel must stop the worker without leaving a lock or half a batch.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../src/main/api/registry';
import { listAlerts } from '../../src/main/alerts/alerts-repository';
import { generateAlertsFile } from '../../src/main/bench/generate';
import type { EventHub } from '../../src/main/core/context';
import { INDEXED_THROUGH_KEY } from '../../src/main/ingest/alert-index';
import { setParserWorkerFile } from '../../src/main/ingest/batch-source';
import { WRITE_BATCH_ROWS } from '../../src/main/ingest/ingest-service';
import { getMeta, type Sqlite } from '../../src/main/store/workspace';
import { tempCore, tempDir } from './helpers';

const root = join(__dirname, '..', '..');
const workerFile = join(root, 'out/main/ingest-worker.js');
const built = existsSync(workerFile);
if (!built) console.log('[skip] parser worker tests: out/main/ingest-worker.js is not built (npm run build)');

const ALERTS = 120_000;
const files = tempDir('socwb-worker-files-');
const file = join(files.dir, 'alerts.json');
afterAll(() => {
  setParserWorkerFile(null);
  files.cleanup();
});

function digest(sqlite: Sqlite) {
  const one = (sql: string) => sqlite.prepare(sql).pluck().get();
  return {
    alerts: one('SELECT count(*) FROM alerts'),
    indexedThrough: getMeta(sqlite, INDEXED_THROUGH_KEY),
    newest: String(one('SELECT max(id) FROM alerts')),
    links: one('SELECT count(*) FROM alert_entities'),
    linkSum: one('SELECT sum(entity_id * 7 + alert_id * 13 + ts % 1000) FROM alert_entities'),
    entities: one('SELECT sum(alert_count) FROM entities'),
    searches: ['sshd scan', 'srv-0270', '10.0.50.10', 'logon failure'].map((text) => listAlerts(sqlite, { text, limit: 5, offset: 0, order: 'desc' }).total),
  };
}

describe.skipIf(!built)('importing through the built parser worker', () => {
  beforeAll(() => {
    generateAlertsFile(file, { alerts: ALERTS });
  }, 60_000);

  it('leaves the same alerts, entity links and search rows as an in-process import', async () => {
    setParserWorkerFile(null);
    const inProcess = tempCore();
    setParserWorkerFile(workerFile);
    const withWorker = tempCore();
    try {
      const a = await dispatch(inProcess.handlers, 'ingest.importFiles', { paths: [file] });
      const b = await dispatch(withWorker.handlers, 'ingest.importFiles', { paths: [file] });
      expect(a).toMatchObject({ ok: true, data: { imported: ALERTS, rejected: 0 } });
      expect(b).toMatchObject({ ok: true, data: { imported: ALERTS, rejected: 0 } });
      const expected = digest(inProcess.ctx.workspace.sqlite);
      expect(expected.indexedThrough).toBe(expected.newest);
      expect(expected.searches.every((n) => n > 0)).toBe(true);
      expect(digest(withWorker.ctx.workspace.sqlite)).toEqual(expected);
    } finally {
      setParserWorkerFile(null);
      await inProcess.dispose();
      await withWorker.dispose();
    }
  }, 120_000);

  it('cancels mid-file: whole batches only, the worker gone, the store writable and fully indexed', async () => {
    setParserWorkerFile(workerFile);
    const core = tempCore();
    try {
      const unsubscribe = (core.ctx.events as EventHub).subscribe((event, payload) => {
        const p = payload as { imported: number; done: boolean };
        if (event === 'ingest.progress' && !p.done && p.imported >= 40_000) void dispatch(core.handlers, 'ingest.cancel', { jobId: 'big' });
      });
      const result = await dispatch(core.handlers, 'ingest.importFiles', { paths: [file], jobId: 'big' });
      unsubscribe();
      expect(result).toMatchObject({ ok: true, data: { cancelled: true } });
      const { sqlite } = core.ctx.workspace;
      const d = digest(sqlite);
      expect(d.alerts).toBeGreaterThanOrEqual(40_000);
      expect(d.alerts).toBeLessThan(ALERTS);
      expect((d.alerts as number) % WRITE_BATCH_ROWS).toBe(0);
      expect(d.indexedThrough).toBe(d.newest);
      // No connection is left holding the write lock.
      sqlite.pragma('busy_timeout = 0');
      expect(() => sqlite.exec("BEGIN IMMEDIATE; INSERT INTO meta (key, value) VALUES ('probe', '1'); ROLLBACK")).not.toThrow();
      const rest = await dispatch(core.handlers, 'ingest.importFiles', { paths: [file] });
      expect(rest).toMatchObject({ ok: true, data: { imported: ALERTS - (d.alerts as number), duplicates: d.alerts } });
    } finally {
      setParserWorkerFile(null);
      await core.dispose();
    }
  }, 120_000);
});
