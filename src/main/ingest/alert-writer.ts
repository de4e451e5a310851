/**
 * Bulk writer for normalised alerts and events: raw prepared statements, one
 * transaction per batch (never half a batch), fingerprint dedup, entity index
 * and FTS maintained in the same transaction.
 */
import { createHash } from 'node:crypto';
import { severityRank, type EntityRef, type NormalizedAlert, type NormalizedEvent } from '../../shared/domain';
import type { Sqlite } from '../store/workspace';

export interface PreparedAlert {
  alert: NormalizedAlert;
  entities: EntityRef[];
  fingerprint: string;
}

export interface PreparedEvent {
  event: NormalizedEvent;
  fingerprint: string;
}

export interface BatchOutcome {
  imported: number;
  duplicates: number;
  events: number;
}

/**
 * Identity of a record for dedup: the record text as received. Pretty-printed
 * (multi-line) records are first reduced to their non-whitespace structure so
 * re-indenting a file does not defeat dedup.
 */
export function fingerprintOf(text: string): string {
  const basis = text.includes('\n') ? minifyJson(text) : text;
  return createHash('sha256').update(basis).digest('base64url').slice(0, 27);
}

/** Removes whitespace outside JSON strings. */
function minifyJson(text: string): string {
  let out = '';
  let inString = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped char
      else if (c === 34) inString = false;
    } else if (c === 34) {
      inString = true;
    } else if (c === 32 || c === 10 || c === 13 || c === 9) {
      out += text.slice(start, i);
      start = i + 1;
    }
  }
  return out + text.slice(start);
}

export class AlertWriter {
  private readonly insertAlert;
  private readonly insertFts;
  private readonly insertEvent;
  private readonly selectEntity;
  private readonly insertEntity;
  private readonly insertAlertEntity;
  private readonly bumpEntity;
  private readonly bumpSource;
  private readonly entityIds = new Map<string, number>();

  constructor(
    private readonly sqlite: Sqlite,
    private readonly importId: number | null,
    private readonly now: () => number,
  ) {
    this.insertAlert = sqlite.prepare(
      `INSERT OR IGNORE INTO alerts (fingerprint, ts, ingested_at, import_id, source, format, rule_id, rule_name, rule_level, title, message,
        severity, severity_rank, category, user, host, src_ip, src_port, dst_ip, dst_port, process, file_hash, url, domain, mitre, asset_tier, entity_ids, raw)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertFts = sqlite.prepare('INSERT INTO alerts_fts (rowid, title, message, entities) VALUES (?, ?, ?, ?)');
    this.insertEvent = sqlite.prepare(
      'INSERT OR IGNORE INTO events (fingerprint, ts, ingested_at, import_id, source, format, event_type, raw) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.selectEntity = sqlite.prepare('SELECT id FROM entities WHERE type = ? AND value = ?').pluck();
    this.insertEntity = sqlite.prepare('INSERT INTO entities (type, value, alert_count) VALUES (?, ?, 0)');
    this.insertAlertEntity = sqlite.prepare('INSERT OR IGNORE INTO alert_entities (entity_id, ts, alert_id) VALUES (?, ?, ?)');
    this.bumpSource = sqlite.prepare(
      'INSERT INTO alert_sources (source, alert_count) VALUES (?, ?) ON CONFLICT(source) DO UPDATE SET alert_count = alert_count + excluded.alert_count',
    );
    this.bumpEntity = sqlite.prepare(
      `UPDATE entities SET alert_count = alert_count + ?,
         first_seen = min(coalesce(first_seen, ?), ?), last_seen = max(coalesce(last_seen, ?), ?)
       WHERE id = ?`,
    );
  }

  /** Writes one batch in one transaction. */
  writeBatch(alerts: readonly PreparedAlert[], events: readonly PreparedEvent[]): BatchOutcome {
    try {
      return this.sqlite.transaction(() => this.writeBatchUnsafe(alerts, events))();
    } catch (error) {
      // Entity ids created inside the rolled-back transaction no longer exist.
      this.entityIds.clear();
      throw error;
    }
  }

  private entityId(ref: EntityRef): number {
    const key = ref.type + '\u0000' + ref.value;
    let id = this.entityIds.get(key);
    if (id === undefined) {
      id = this.selectEntity.get(ref.type, ref.value) as number | undefined;
      if (id === undefined) id = Number(this.insertEntity.run(ref.type, ref.value).lastInsertRowid);
      if (this.entityIds.size > 2_000_000) this.entityIds.clear();
      this.entityIds.set(key, id);
    }
    return id;
  }

  private writeBatchUnsafe(alerts: readonly PreparedAlert[], events: readonly PreparedEvent[]): BatchOutcome {
    const ingestedAt = this.now();
    const counts = new Map<number, { n: number; first: number; last: number }>();
    const sources = new Map<string, number>();
    let imported = 0;
    let duplicates = 0;
    for (const { alert: a, entities, fingerprint } of alerts) {
      const ids = entities.map((e) => this.entityId(e));
      const sortedIds = [...new Set(ids)].sort((x, y) => x - y);
      const info = this.insertAlert.run(
        fingerprint,
        a.ts,
        ingestedAt,
        this.importId,
        a.source,
        a.format,
        a.ruleId,
        a.ruleName,
        a.ruleLevel,
        a.title,
        a.message,
        a.severity,
        severityRank(a.severity),
        a.category,
        a.user,
        a.host,
        a.srcIp,
        a.srcPort,
        a.dstIp,
        a.dstPort,
        a.process,
        a.fileHash,
        a.url,
        a.domain,
        a.mitre.length ? JSON.stringify(a.mitre) : null,
        a.assetTier,
        sortedIds.join(','),
        a.raw,
      );
      if (info.changes === 0) {
        duplicates++;
        continue;
      }
      imported++;
      sources.set(a.source, (sources.get(a.source) ?? 0) + 1);
      const alertId = Number(info.lastInsertRowid);
      this.insertFts.run(alertId, a.title, a.message ?? '', entities.map((e) => e.value).join(' '));
      for (const entityId of sortedIds) {
        this.insertAlertEntity.run(entityId, a.ts, alertId);
        const c = counts.get(entityId);
        if (c) {
          c.n++;
          if (a.ts < c.first) c.first = a.ts;
          if (a.ts > c.last) c.last = a.ts;
        } else counts.set(entityId, { n: 1, first: a.ts, last: a.ts });
      }
    }
    for (const [source, n] of sources) this.bumpSource.run(source, n);
    for (const [entityId, c] of counts) this.bumpEntity.run(c.n, c.first, c.first, c.last, c.last, entityId);
    let eventCount = 0;
    for (const { event: e, fingerprint } of events) {
      const info = this.insertEvent.run(fingerprint, e.ts, ingestedAt, this.importId, e.source, e.format, e.eventType, e.raw);
      if (info.changes === 0) duplicates++;
      else eventCount++;
    }
    return { imported, duplicates, events: eventCount };
  }
}
