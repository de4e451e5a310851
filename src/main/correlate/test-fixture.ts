/**
 * Test helper: a real workspace in a temp dir plus direct SQL inserts of
 * alerts, entities and alert_entities shaped like the importer's rows.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SEVERITIES, type EntityType, type Severity } from '../../shared/domain';
import type { CoreContext, EventSink } from '../core/context';
import { openWorkspace, type Workspace } from '../store/workspace';

export interface FixtureAlert {
  ts: number;
  entities: Array<{ type: EntityType; value: string }>;
  severity?: Severity;
  ruleId?: string;
  title?: string;
  source?: string;
  mitre?: string[];
  assetTier?: number;
  fingerprint?: string;
}

export interface Fixture {
  ctx: CoreContext;
  workspace: Workspace;
  events: Array<{ event: string; payload: unknown }>;
  /** Inserts alerts as the importer would; returns their ids. */
  insert(alerts: readonly FixtureAlert[]): number[];
  /** alert id → incident id. */
  links(): Map<number, string>;
  /** The grouping as sorted lists of alert ids, sorted. */
  partition(): number[][];
  close(): void;
}

export function partitionOf(links: Map<number, string>): number[][] {
  const groups = new Map<string, number[]>();
  for (const [alertId, incident] of links) {
    let g = groups.get(incident);
    if (!g) groups.set(incident, (g = []));
    g.push(alertId);
  }
  return [...groups.values()].map((g) => g.sort((a, b) => a - b)).sort((a, b) => a[0]! - b[0]!);
}

export function createFixture(options: { sink?: (event: string, payload: unknown) => void } = {}): Fixture {
  const dir = mkdtempSync(join(tmpdir(), 'socwb-correlate-'));
  const workspace = openWorkspace(dir);
  const events: Array<{ event: string; payload: unknown }> = [];
  const sink: EventSink = {
    emit(event, payload) {
      events.push({ event, payload });
      options.sink?.(event, payload);
    },
  };
  let now = Date.UTC(2024, 0, 1);
  const ctx: CoreContext = { workspace, clock: { now: () => now++ }, events: sink, actor: 'tester' };
  const sqlite = workspace.sqlite;
  const insertAlert = sqlite.prepare(
    `INSERT INTO alerts (fingerprint, ts, ingested_at, source, format, rule_id, rule_name, title, severity, severity_rank, user, host, src_ip, mitre, asset_tier, entity_ids, raw)
     VALUES (?, ?, ?, ?, 'generic', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', '{}')`,
  );
  const setEntityIds = sqlite.prepare('UPDATE alerts SET entity_ids = ? WHERE id = ?');
  const findEntity = sqlite.prepare('SELECT id FROM entities WHERE type = ? AND value = ?');
  const insertEntity = sqlite.prepare('INSERT INTO entities (type, value, alert_count, first_seen, last_seen) VALUES (?, ?, 0, ?, ?)');
  const bumpEntity = sqlite.prepare('UPDATE entities SET alert_count = alert_count + 1, first_seen = min(first_seen, ?), last_seen = max(last_seen, ?) WHERE id = ?');
  const insertAlertEntity = sqlite.prepare('INSERT OR IGNORE INTO alert_entities (entity_id, ts, alert_id) VALUES (?, ?, ?)');
  let serial = 0;

  const insert = (alerts: readonly FixtureAlert[]): number[] =>
    sqlite.transaction(() => {
      const ids: number[] = [];
      for (const a of alerts) {
        const severity = a.severity ?? 'medium';
        const first = (type: EntityType) => a.entities.find((e) => e.type === type)?.value.toLowerCase() ?? null;
        const info = insertAlert.run(
          a.fingerprint ?? `fx-${serial++}-${a.ts}`,
          a.ts,
          now,
          a.source ?? 'test',
          a.ruleId ?? 'r1',
          a.title ?? `Rule ${a.ruleId ?? 'r1'}`,
          a.title ?? `Rule ${a.ruleId ?? 'r1'}`,
          severity,
          SEVERITIES.indexOf(severity),
          first('user'),
          first('host'),
          first('ip'),
          JSON.stringify(a.mitre ?? []),
          a.assetTier ?? null,
        );
        const alertId = Number(info.lastInsertRowid);
        const entityIds = new Set<number>();
        for (const e of a.entities) {
          const value = e.value.toLowerCase();
          let row = findEntity.get(e.type, value) as { id: number } | undefined;
          if (!row) row = { id: Number(insertEntity.run(e.type, value, a.ts, a.ts).lastInsertRowid) };
          if (entityIds.has(row.id)) continue;
          entityIds.add(row.id);
          bumpEntity.run(a.ts, a.ts, row.id);
          insertAlertEntity.run(row.id, a.ts, alertId);
        }
        setEntityIds.run([...entityIds].sort((x, y) => x - y).join(','), alertId);
        ids.push(alertId);
      }
      return ids;
    })();

  const links = (): Map<number, string> =>
    new Map(
      (sqlite.prepare('SELECT alert_id, incident_id FROM incident_alerts').raw().all() as Array<[number, string]>).map(([a, i]) => [a, i]),
    );

  return {
    ctx,
    workspace,
    events,
    insert,
    links,
    partition: () => partitionOf(links()),
    close() {
      workspace.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export { mulberry32 } from '../core/prng';
