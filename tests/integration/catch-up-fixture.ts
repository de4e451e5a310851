/**
 * Stores as an import killed between writing alerts and indexing them leaves
 * them (alerts from the benchmark generator, real SQLite files), and the
 * checks the start-up catch-up tests make on them.
 */
import { copyFileSync, createReadStream } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { dispatch } from '../../src/main/api/registry';
import { generateAlertsFile } from '../../src/main/bench/generate';
import type { Core } from '../../src/main/core/app';
import { indexedThrough } from '../../src/main/ingest/alert-index';
import { AlertWriter } from '../../src/main/ingest/alert-writer';
import { parseBatches } from '../../src/main/ingest/parse-batches';
import { openWorkspace, WORKSPACE_FILE, type Sqlite } from '../../src/main/store/workspace';
import type { MethodInput, MethodName, MethodOutput } from '../../src/shared/contract';
import { tempDir } from './helpers';

export interface Backlog {
  alerts: number;
  /** A fresh copy of the killed import's workspace: its folder. */
  copy(): string;
  cleanup(): void;
}

/** Writes `alerts` alerts as an import does, commits them, and never indexes them. */
export async function killedImportBacklog(alerts: number): Promise<Backlog> {
  const template = tempDir('socwb-catch-up-');
  const dirs = [template];
  const file = join(template.dir, 'alerts.json');
  generateAlertsFile(file, { alerts, chains: 8 });
  const ws = openWorkspace(join(template.dir, 'killed'));
  try {
    // The import's writes, committed; its indexing never ran.
    const writer = new AlertWriter(ws.sqlite, null, () => 1);
    let written = 0;
    for await (const batch of parseBatches(createReadStream(file), { batchSize: 4000 })) written += writer.writeBatch([batch.records]).imported;
    expect(written).toBe(alerts);
    expect(indexedThrough(ws.sqlite)).toBe(0);
    ws.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    ws.close();
  }
  return {
    alerts,
    copy() {
      const dir = tempDir('socwb-catch-up-run-');
      dirs.push(dir);
      copyFileSync(ws.file, join(dir.dir, WORKSPACE_FILE));
      return dir.dir;
    },
    cleanup: () => dirs.forEach((d) => d.cleanup()),
  };
}

export async function call<M extends MethodName>(core: Core, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const result = await dispatch(core.handlers, method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
  return result.data as MethodOutput<M>;
}

function count(sqlite: Sqlite, sql: string, ...params: unknown[]): number {
  return sqlite.prepare(sql).pluck().get(...params) as number;
}

/** The alerts that have search rows (alerts_fts is contentless: its vocabulary says which rows it holds). */
function searchable(sqlite: Sqlite): { rows: number; newest: number | null } {
  sqlite.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.alerts_fts_terms USING fts5vocab(main, 'alerts_fts', 'instance')`);
  return sqlite.prepare('SELECT count(DISTINCT doc) AS rows, max(doc) AS newest FROM temp.alerts_fts_terms').get() as { rows: number; newest: number | null };
}

/** Links and search rows exist for exactly the alerts up to the mark; returns the mark. */
export function expectIndexedThroughMark(sqlite: Sqlite): number {
  const mark = indexedThrough(sqlite);
  expect(searchable(sqlite)).toEqual({ rows: mark, newest: mark === 0 ? null : mark });
  expect(count(sqlite, 'SELECT count(*) FROM alert_entities WHERE alert_id > ?', mark)).toBe(0);
  // alert_entities is keyed by entity: count, rather than look up per alert.
  expect(count(sqlite, 'SELECT count(DISTINCT alert_id) FROM alert_entities')).toBe(count(sqlite, "SELECT count(*) FROM alerts WHERE id <= ? AND entity_ids <> ''", mark));
  return mark;
}

/** Which alerts each incident holds. */
export function partition(sqlite: Sqlite): string[] {
  return sqlite.prepare('SELECT group_concat(alert_id) FROM (SELECT * FROM incident_alerts ORDER BY alert_id) GROUP BY incident_id ORDER BY min(alert_id)').pluck().all() as string[];
}

/** The newest alert's host, and whether searching for it lists that alert. */
export async function newestAlertFoundBySearch(core: Core): Promise<boolean> {
  const { sqlite } = core.ctx.workspace;
  const newest = sqlite.prepare('SELECT id, host FROM alerts WHERE host IS NOT NULL ORDER BY id DESC LIMIT 1').get() as { id: number; host: string };
  const { offset } = await call(core, 'alerts.position', { id: newest.id, text: newest.host });
  return offset !== null;
}
