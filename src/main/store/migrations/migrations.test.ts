import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { openWorkspace, WORKSPACE_FILE } from '../workspace';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './index';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'socwb-mig-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('migrations', () => {
  it('are numbered 1..N without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  it('0001 creates the workspace schema with WAL, foreign keys and FTS5', () => {
    const ws = openWorkspace(tempDir());
    try {
      expect(ws.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
      expect(ws.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(ws.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
      const tables = (ws.sqlite.prepare("SELECT name FROM sqlite_master WHERE type IN ('table')").all() as Array<{ name: string }>).map((r) => r.name);
      for (const t of ['alerts', 'events', 'incidents', 'incident_alerts', 'entities', 'alert_entities', 'audit_log', 'alerts_fts', 'incidents_fts']) {
        expect(tables).toContain(t);
      }
      ws.sqlite.prepare("INSERT INTO audit_log (at, actor, action, target_type, target_id) VALUES (1, 'a', 'x', 'incident', 'i')").run();
      expect(() => ws.sqlite.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
      expect(() => ws.sqlite.prepare("UPDATE audit_log SET actor = 'b'").run()).toThrow(/append-only/);
    } finally {
      ws.close();
    }
  });

  it('reopening applies nothing twice and keeps data', () => {
    const dir = tempDir();
    const ws = openWorkspace(dir);
    ws.sqlite.prepare("INSERT INTO meta (key, value) VALUES ('k', 'v')").run();
    ws.close();
    const again = openWorkspace(dir);
    try {
      expect(again.sqlite.prepare("SELECT value FROM meta WHERE key = 'k'").get()).toEqual({ value: 'v' });
      expect(again.sqlite.prepare('SELECT count(*) AS n FROM schema_migrations').get()).toEqual({ n: MIGRATIONS.length });
    } finally {
      again.close();
    }
  });

  it('refuses a workspace written by a newer app, without changing it', () => {
    const dir = tempDir();
    openWorkspace(dir).close();
    const raw = new BetterSqlite3(join(dir, WORKSPACE_FILE));
    raw.prepare("INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (999, 'future', 'x', 0)").run();
    raw.close();
    let caught: unknown;
    try {
      openWorkspace(dir).close();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe('WORKSPACE_TOO_NEW');
    expect((caught as AppError).message).toMatch(/newer SOC Workbench/);
    const check = new BetterSqlite3(join(dir, WORKSPACE_FILE));
    expect(check.prepare('SELECT max(version) AS v FROM schema_migrations').get()).toEqual({ v: 999 });
    check.close();
  });

  it('refuses a workspace whose recorded migration differs from the app copy', () => {
    const dir = tempDir();
    openWorkspace(dir).close();
    const raw = new BetterSqlite3(join(dir, WORKSPACE_FILE));
    raw.prepare("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1").run();
    raw.close();
    expect(() => openWorkspace(dir)).toThrow(/does not match/);
  });

  it('a failing migration leaves the workspace at the previous version', () => {
    const dir = tempDir();
    const broken = [...MIGRATIONS, { version: MIGRATIONS.length + 1, name: 'broken', sql: 'CREATE TABLE ok_table (x); CREATE TABLE alerts (x);' }];
    expect(() => openWorkspace(dir, { migrations: broken })).toThrow();
    const ws = openWorkspace(dir);
    try {
      expect(ws.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
      expect(ws.sqlite.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'ok_table'").get()).toEqual({ n: 0 });
    } finally {
      ws.close();
    }
  });
});
