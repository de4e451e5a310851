/**
 * SQL for correlation. Bulk reads use prepared statements with raw iteration;
 * everything here runs on the workspace's one connection.
 */
import { ipEntityValue } from '../ingest/entities';
import type { Sqlite } from '../store/workspace';
import type { EntityType } from '../../shared/domain';
import { type AlertColumns, isStoplisted, parseEntityIds } from './engine';
import type { NarrativeAlert } from './narrative';

/** incident_alerts' index by incident, exactly as migration 0001 creates it. */
const LINK_INDEX = 'incident_alerts_incident';
const LINK_INDEX_SQL = `CREATE INDEX ${LINK_INDEX} ON incident_alerts(incident_id)`;

export interface IncidentLink {
  incidentId: string;
  pinned: boolean;
}

export interface LinkRow {
  alertId: number;
  incidentId: string;
  pinned: boolean;
}

export class CorrelateRepository {
  private readonly stmts: ReturnType<typeof prepare>;

  /**
   * `throughId`: the highest alert id a run may read (alerts above it may
   * still lack their entity links, written after each stretch of an import).
   */
  constructor(
    readonly sqlite: Sqlite,
    private readonly throughId = Number.MAX_SAFE_INTEGER,
  ) {
    this.stmts = prepare(sqlite);
  }

  /**
   * A write transaction. It takes the write lock when it begins (BEGIN
   * IMMEDIATE), waiting for it as long as busy_timeout allows: a transaction
   * that reads first and only then writes fails at once, whatever the timeout,
   * when another connection (an import, the start-up indexing) wrote in
   * between. Inside another transaction it is a savepoint.
   */
  transaction<T>(fn: () => T): T {
    return this.sqlite.transaction(fn).immediate();
  }

  /** A read-only snapshot: several reads that must agree, without holding the write lock. */
  readTransaction<T>(fn: () => T): T {
    return this.sqlite.transaction(fn).deferred();
  }

  countAlerts(): number {
    return (this.stmts.countAlerts.get(this.throughId) as { n: number }).n;
  }

  maxAlertId(): number {
    return (this.stmts.maxAlertId.get(this.throughId) as { m: number | null }).m ?? 0;
  }

  /** Entities whose alert_count reaches `threshold` (hub candidates), id order. */
  hubCandidates(threshold: number): Array<{ id: number; type: EntityType; value: string; alertCount: number }> {
    return (this.stmts.hubs.raw().all(threshold) as Array<[number, string, string, number]>).map((r) => ({
      id: r[0],
      type: r[1] as EntityType,
      value: r[2],
      alertCount: r[3],
    }));
  }

  /**
   * Distinct peers of an entity: other entities of `peerTypes` (not stoplisted)
   * on the same alerts, counted up to `cap`. Reads the entity's alert_entities
   * rows and each alert's entity_ids, and stops as soon as `cap` is reached, so
   * a diverse hub costs about `cap` alerts; only a common but non-diverse
   * entity (an attacker and its one victim) is read in full.
   */
  countPeers(entityId: number, peerTypes: readonly EntityType[], cap: number): number {
    const peers = new Set<number>();
    const isPeer = new Map<number, boolean>();
    const buffer = new Int32Array(64);
    for (const row of this.stmts.coEntities.raw().iterate(entityId) as Iterable<[string]>) {
      const ids = row[0].length / 2 + 1 > buffer.length ? new Int32Array(row[0].length / 2 + 1) : buffer;
      const end = parseEntityIds(row[0], ids, 0);
      for (let j = 0; j < end; j++) {
        const e = ids[j]!;
        if (e === entityId || peers.has(e)) continue;
        let peer = isPeer.get(e);
        if (peer === undefined) {
          const info = this.entity(e);
          peer = info !== undefined && peerTypes.includes(info.type) && !isStoplisted(info.type, info.value);
          isPeer.set(e, peer);
        }
        if (peer) peers.add(e);
      }
      if (peers.size >= cap) break; // leaving the loop resets the statement
    }
    return Math.min(peers.size, cap);
  }

  /**
   * Distinct aligned windows (floor(ts / windowMs)) holding at least one alert:
   * a skip-scan over the alerts_ts index, one seek per active window.
   */
  activeWindows(windowMs: number): number {
    let windows = 0;
    for (let row = this.stmts.firstAlertFrom.raw().get(-Number.MAX_VALUE) as [number] | undefined; row; ) {
      windows++;
      row = this.stmts.firstAlertFrom.raw().get(nextWindow(row[0], windowMs)) as [number] | undefined;
    }
    return windows;
  }

  /**
   * Distinct aligned windows in which the entity has an alert, counted up to
   * `cap`: a skip-scan over the alert_entities (entity_id, ts) key, one seek
   * per active window, stopping at `cap`.
   */
  entityActiveWindows(entityId: number, windowMs: number, cap: number): number {
    let windows = 0;
    for (let row = this.stmts.firstWithEntityFrom.raw().get(entityId, -Number.MAX_VALUE) as [number] | undefined; row && windows < cap; ) {
      windows++;
      row = this.stmts.firstWithEntityFrom.raw().get(entityId, nextWindow(row[0], windowMs)) as [number] | undefined;
    }
    return windows;
  }

  /** ts and entity_ids of the alerts with afterId < id <= throughId (alerts added since an earlier count). */
  alertEntitiesBetween(afterId: number, throughId: number): Iterable<[number, string]> {
    return this.stmts.alertEntitiesBetween.raw().iterate(afterId, throughId) as Iterable<[number, string]>;
  }

  /** Whether the entity has an alert with id <= throughId and from <= ts < to (a range read on the (entity_id, ts) key). */
  entityActiveIn(entityId: number, from: number, to: number, throughId: number): boolean {
    return this.stmts.entityActiveIn.raw().get(entityId, from, to, throughId) !== undefined;
  }

  /** Stoplisted entity ids with id > afterId (the stoplist is static, so callers remember how far they checked). */
  stoplistedEntityIds(afterId: number): number[] {
    const out: number[] = [];
    for (const row of this.stmts.entitiesAfter.raw().iterate(afterId) as Iterable<[number, string, string]>) {
      if (isStoplisted(row[1], row[2])) out.push(row[0]);
    }
    return out;
  }

  maxEntityId(): number {
    return (this.stmts.maxEntityId.get() as { m: number | null }).m ?? 0;
  }

  entity(id: number): { type: EntityType; value: string; alertCount: number } | undefined {
    const row = this.stmts.entity.raw().get(id) as [string, string, number] | undefined;
    return row ? { type: row[0] as EntityType, value: row[1], alertCount: row[2] } : undefined;
  }

  /**
   * Alerts with id > afterId (id order) as columns for the engine, with the
   * narrative columns read in the same scan, so a rebuild can write the
   * narratives of the incidents it creates without reading each one's alerts
   * back.
   */
  loadAlertColumns(afterId = 0): AlertColumnsWithDetails {
    const count = (this.stmts.countAlertsAfter.get(afterId, this.throughId) as { n: number }).n;
    return buildAlertColumns(count, this.stmts.alertsAfterWithDetails.raw().iterate(afterId, this.throughId) as Iterable<AlertRow>);
  }

  /**
   * These alerts (ascending ids) as columns with details, like loadAlertColumns
   * (a local re-clustering reads only the alerts it re-groups).
   */
  loadAlertColumnsFor(alertIds: readonly number[]): AlertColumnsWithDetails {
    const statement = this.stmts.alertWithDetails.raw();
    function* rows(): Generator<AlertRow> {
      for (const id of alertIds) {
        const row = statement.get(id) as AlertRow | undefined;
        if (row) yield row;
      }
    }
    return buildAlertColumns(alertIds.length, rows());
  }

  /** Ids of the alerts carrying the entity (any time). */
  alertIdsWithEntity(entityId: number): number[] {
    return (this.stmts.alertIdsWithEntity.raw().all(entityId) as Array<[number]>).map((r) => r[0]);
  }

  /** Ids of the alerts linked to the incident (pinned or not). */
  incidentAlertIds(incidentId: string): number[] {
    return (this.stmts.incidentAlertIds.raw().all(incidentId) as Array<[number]>).map((r) => r[0]);
  }

  /** Every entity in one scan (a rebuild that writes many incidents needs most of them). */
  iterateEntities(): Iterable<[number, string, string, number]> {
    return this.stmts.allEntities.raw().iterate() as Iterable<[number, string, string, number]>;
  }

  iterateLinks(): Iterable<[number, string, number]> {
    return this.stmts.allLinks.raw().iterate() as Iterable<[number, string, number]>;
  }

  link(alertId: number): IncidentLink | null {
    const row = this.stmts.link.raw().get(alertId) as [string, number] | undefined;
    return row ? { incidentId: row[0], pinned: row[1] === 1 } : null;
  }

  /** Pinned links plus every link of the given incidents, with the alerts' ts and entities. */
  looseAlerts(incidentIds: readonly string[]): Array<{ alertId: number; ts: number; entityIds: string; incidentId: string; pinned: boolean }> {
    const out = new Map<number, { alertId: number; ts: number; entityIds: string; incidentId: string; pinned: boolean }>();
    for (const r of this.stmts.pinnedLinks.raw().iterate() as Iterable<[number, number, string, string, number]>) {
      out.set(r[0], { alertId: r[0], ts: r[1], entityIds: r[2], incidentId: r[3], pinned: r[4] === 1 });
    }
    for (const id of incidentIds) {
      for (const r of this.stmts.incidentLinksWithAlert.raw().iterate(id) as Iterable<[number, number, string, string, number]>) {
        out.set(r[0], { alertId: r[0], ts: r[1], entityIds: r[2], incidentId: r[3], pinned: r[4] === 1 });
      }
    }
    return [...out.values()].sort((a, b) => a.alertId - b.alertId);
  }

  /** Nearest alert carrying the entity strictly before (ts, alertId) and no earlier than minTs. */
  previousWithEntity(entityId: number, ts: number, alertId: number, minTs: number): [number, number] | undefined {
    return this.stmts.prevWithEntity.raw().get(entityId, minTs, ts, ts, alertId) as [number, number] | undefined;
  }

  /** Nearest alert carrying the entity strictly after (ts, alertId) and no later than maxTs. */
  nextWithEntity(entityId: number, ts: number, alertId: number, maxTs: number): [number, number] | undefined {
    return this.stmts.nextWithEntity.raw().get(entityId, maxTs, ts, ts, alertId) as [number, number] | undefined;
  }

  /** Alerts carrying the entity with minTs ≤ ts ≤ maxTs, in (ts, alert_id) order. */
  alertsWithEntity(entityId: number, minTs: number, maxTs: number): Array<[number, number]> {
    return this.stmts.rangeWithEntity.raw().all(entityId, minTs, maxTs) as Array<[number, number]>;
  }

  /**
   * The alerts in several (entity, ts range) windows, `ranges` being flat
   * [entityId, minTs, maxTs, …] triples: rows [range index, alert id, ts],
   * by range, then ts and id. One statement instead of a call per range.
   */
  *alertsInEntityRanges(ranges: readonly number[]): Generator<[number, number, number]> {
    // A few thousand ranges per statement: the sort behind its ORDER BY stays small.
    const perStatement = 2_000;
    for (let first = 0; first * 3 < ranges.length; first += perStatement) {
      const json: Array<[number, number, number]> = [];
      for (let k = first * 3; k + 2 < ranges.length && json.length < perStatement; k += 3) json.push([ranges[k]!, ranges[k + 1]!, ranges[k + 2]!]);
      for (const [key, alertId, ts] of this.stmts.entityRanges.raw().iterate(JSON.stringify(json)) as Iterable<[number, number, number]>) {
        yield [first + key, alertId, ts];
      }
    }
  }

  /** Links of alerts with id > afterId. */
  linksAfter(afterId: number): Array<[number, string, number]> {
    return this.stmts.linksAfter.raw().all(afterId) as Array<[number, string, number]>;
  }

  nonPinnedCount(incidentId: string): number {
    return (this.stmts.nonPinnedCount.get(incidentId) as { n: number }).n;
  }

  merges(): Array<{ fromId: string; intoId: string }> {
    return (this.stmts.merges.raw().all() as Array<[string, string]>).map(([fromId, intoId]) => ({ fromId, intoId }));
  }

  countIncidents(): number {
    return (this.stmts.countIncidents.get() as { n: number }).n;
  }

  incidentIds(): Set<string> {
    return new Set((this.stmts.incidentIds.raw().all() as Array<[string]>).map((r) => r[0]));
  }

  incidentExists(id: string): boolean {
    return this.stmts.incidentExists.get(id) !== undefined;
  }

  /** Fingerprints of these alerts, read in id order (sequential pages even for a million). */
  fingerprints(alertIds: readonly number[]): Map<number, Uint8Array> {
    const out = new Map<number, Uint8Array>();
    for (const id of [...alertIds].sort((a, b) => a - b)) {
      const row = this.stmts.fingerprint.raw().get(id) as [Uint8Array] | undefined;
      if (row) out.set(id, row[0]);
    }
    return out;
  }

  /** Foreign-key enforcement for this connection (a no-op inside a transaction, so call between them). */
  setForeignKeys(on: boolean): void {
    this.sqlite.pragma(`foreign_keys = ${on ? 'ON' : 'OFF'}`);
  }

  /** Drops incident_alerts' incident_id index for a bulk write; false if it was not there. Call in a transaction. */
  dropLinkIndex(): boolean {
    if (!this.stmts.linkIndexExists.get()) return false;
    this.sqlite.exec(`DROP INDEX ${LINK_INDEX}`);
    return true;
  }

  /** Recreates the index as migration 0001 defines it, if missing. */
  ensureLinkIndex(): void {
    if (!this.stmts.linkIndexExists.get()) this.sqlite.exec(LINK_INDEX_SQL);
  }

  /** The alert's fingerprint (16 bytes since migration 0002). */
  fingerprint(alertId: number): Uint8Array | string {
    return (this.stmts.fingerprint.get(alertId) as { fingerprint: Uint8Array } | undefined)?.fingerprint ?? String(alertId);
  }

  /** Foreign keys checked at commit, so links may be written before their new incident row. */
  deferForeignKeys(): void {
    this.sqlite.pragma('defer_foreign_keys = ON');
  }

  insertLink(alertId: number, incidentId: string): void {
    this.stmts.insertLink.run(alertId, incidentId);
  }

  /** Removes an alert's link (its cluster is no incident). */
  deleteLink(alertId: number): void {
    this.stmts.deleteLink.run(alertId);
  }

  /** Alerts linked to some incident. */
  countLinks(): number {
    return (this.stmts.countLinks.get() as { n: number }).n;
  }

  upsertLink(alertId: number, incidentId: string): void {
    this.stmts.upsertLink.run(alertId, incidentId);
  }

  moveNonPinned(fromIncident: string, toIncident: string): void {
    this.stmts.moveNonPinned.run(toIncident, fromIncident);
  }

  /**
   * The alerts of each given incident, each list in (ts, id) order, read in one
   * query: refreshing many small incidents, the per-query cost was most of it
   * (10k new alerts refreshed ~2,000 incidents of 1–4 alerts).
   */
  incidentsAlerts(incidentIds: readonly string[]): Map<string, NarrativeAlert[]> {
    const byIncident = new Map<string, NarrativeAlert[]>();
    for (const id of incidentIds) byIncident.set(id, []);
    if (incidentIds.length === 0) return byIncident;
    const rows = this.stmts.incidentsAlerts.raw().all(JSON.stringify(incidentIds)) as Array<
      [string, number, number, number, string | null, string, string, string | null, string | null, number | null, string, number, string | null]
    >;
    const srcIp = sourceAddresses();
    for (const r of rows) {
      const entityIds = new Int32Array(r[10].length / 2 + 1);
      const end = parseEntityIds(r[10], entityIds, 0);
      byIncident.get(r[0])?.push({
        id: r[1],
        ts: r[2],
        severityRank: r[3],
        ruleId: r[4],
        title: r[5],
        source: r[6],
        category: r[7],
        mitre: parseMitre(r[8]),
        assetTier: r[9],
        entityIds: Array.from(entityIds.subarray(0, end)),
        srcIp: srcIp(r[12]),
        pinned: r[11] === 1,
      });
    }
    for (const alerts of byIncident.values()) alerts.sort((a, b) => a.ts - b.ts || a.id - b.id);
    return byIncident;
  }

  incidentRow(id: string): { rowid: number; analystTouched: boolean; searchHash: string | null; alertCount: number } | undefined {
    const row = this.stmts.incidentRow.raw().get(id) as [number, number, string | null, number] | undefined;
    return row ? { rowid: row[0], analystTouched: row[1] === 1, searchHash: row[2], alertCount: row[3] } : undefined;
  }

  notesText(incidentId: string): string {
    return ((this.stmts.notes.raw().all(incidentId) as Array<[string]>).map((r) => r[0]).join('\n'));
  }

  /** Inserts (create) or updates the incident's derived fields; returns its rowid. */
  writeDerived(id: string, d: DerivedFields, now: number, create: boolean): number | null {
    const values = [
      d.title,
      d.severity,
      d.severityRank,
      d.risk,
      d.confidence,
      JSON.stringify(d.confidenceReasons),
      JSON.stringify(d.riskFactors),
      d.summary,
      JSON.stringify(d.explanation),
      JSON.stringify(d.entities),
      JSON.stringify(d.mitre),
      JSON.stringify(d.sources),
      d.alertCount,
      d.firstSeen,
      d.lastSeen,
      now,
      id,
    ];
    if (create) return Number(this.stmts.insertIncident.run(...values, now).lastInsertRowid);
    this.stmts.updateDerived.run(...values);
    return null;
  }

  /** Merges incidents_fts into one segment (after a rebuild). */
  optimizeIncidentSearch(): void {
    this.sqlite.exec("INSERT INTO incidents_fts(incidents_fts) VALUES('optimize')");
  }

  /** Writes the incident's full-text row and records which text it holds. */
  writeFts(rowid: number, text: { title: string; summary: string; entities: string; notes: string }, hash: string, replace: boolean): void {
    if (replace) this.stmts.ftsDelete.run(rowid);
    this.stmts.ftsInsert.run(rowid, text.title, text.summary, text.entities, text.notes);
    this.stmts.setSearchHash.run(hash, rowid);
  }

  deleteIncident(id: string, rowid: number): void {
    this.stmts.ftsDelete.run(rowid);
    this.stmts.deleteIncident.run(id);
  }

  deleteMeta(key: string): void {
    this.stmts.deleteMeta.run(key);
  }
}

/** The narrative columns of loaded alerts, by position in their AlertColumns (repeated strings shared). */
export interface AlertDetails {
  severityRank: Int8Array;
  /** -1 for none. */
  assetTier: Int16Array;
  ruleId: Array<string | null>;
  title: string[];
  source: string[];
  category: Array<string | null>;
  mitre: Array<readonly string[]>;
  /** As NarrativeAlert.srcIp. */
  srcIp: Array<string | null>;
}

/** One alert row as the loaders read it: id, ts, entity_ids, then the narrative columns. */
/** The engine's columns and the narrative columns of the same alerts. */
export type AlertColumnsWithDetails = AlertColumns & { details: AlertDetails };

type AlertRow = [number, number, string, number, string | null, string, string, string | null, string | null, number | null, string | null];

/**
 * Packs alert rows (ascending ids, at most `count`) into the engine's columns
 * and the narrative columns, with repeated texts and ATT&CK lists shared so a
 * million rows stay small.
 */
function buildAlertColumns(count: number, rows: Iterable<AlertRow>): AlertColumnsWithDetails {
  const ids = new Int32Array(count);
  const ts = new Float64Array(count);
  const entityStart = new Int32Array(count + 1);
  let entityIds = new Int32Array(Math.max(16, count * 4));
  let i = 0;
  let at = 0;
  const d = newAlertDetails(count);
  const intern = new Map<string, string>();
  const same = (text: string | null): string | null => {
    if (text === null) return null;
    const known = intern.get(text);
    if (known !== undefined) return known;
    intern.set(text, text);
    return text;
  };
  const mitreOf = new Map<string, readonly string[]>();
  const srcIp = sourceAddresses();
  for (const row of rows) {
    if (i >= count) break; // rows added meanwhile are left for the next run
    d.severityRank[i] = row[3];
    d.ruleId[i] = same(row[4]);
    d.title[i] = same(row[5])!;
    d.source[i] = same(row[6])!;
    d.category[i] = same(row[7]);
    const mitreText = row[8] ?? '';
    let mitre = mitreOf.get(mitreText);
    if (mitre === undefined) mitreOf.set(mitreText, (mitre = Object.freeze(parseMitre(mitreText))));
    d.mitre[i] = mitre;
    d.assetTier[i] = row[9] ?? -1;
    d.srcIp[i] = srcIp(row[10]);
    if (entityIds.length - at < row[2].length / 2 + 2) {
      const grown = new Int32Array(Math.max(entityIds.length * 2, at + row[2].length));
      grown.set(entityIds.subarray(0, at));
      entityIds = grown;
    }
    ids[i] = row[0];
    ts[i] = row[1];
    entityStart[i] = at;
    at = parseEntityIds(row[2], entityIds, at);
    i++;
  }
  for (let k = i; k <= count; k++) entityStart[k] = at;
  const columns = { count: i, ids: ids.subarray(0, i), ts: ts.subarray(0, i), entityStart: entityStart.subarray(0, i + 1), entityIds: entityIds.subarray(0, at) };
  return { ...columns, details: d };
}

/**
 * Start of the aligned window after the one holding `ts`. Past 2^53 ms a
 * window no longer moves the number (the loops above would seek the same
 * alert forever): the search then ends. Imports refuse such times since
 * timestamps.ts bounded them; workspaces written before may hold them.
 */
function nextWindow(ts: number, windowMs: number): number {
  const next = (Math.floor(ts / windowMs) + 1) * windowMs;
  return next > ts ? next : Number.POSITIVE_INFINITY;
}

/** src_ip values as their ip entity holds them, each distinct value normalised once (and the result shared). */
function sourceAddresses(): (value: string | null) => string | null {
  const known = new Map<string, string | null>();
  return (value) => {
    if (value === null) return null;
    let ip = known.get(value);
    if (ip === undefined) known.set(value, (ip = ipEntityValue(value)));
    return ip;
  };
}

function newAlertDetails(count: number): AlertDetails {
  return {
    severityRank: new Int8Array(count),
    assetTier: new Int16Array(count),
    ruleId: new Array<string | null>(count),
    title: new Array<string>(count),
    source: new Array<string>(count),
    category: new Array<string | null>(count),
    mitre: new Array<readonly string[]>(count),
    srcIp: new Array<string | null>(count),
  };
}

/** The narrative view of loaded alert i. */
export function narrativeAlertAt(columns: AlertColumns, details: AlertDetails, i: number): NarrativeAlert {
  const tier = details.assetTier[i]!;
  return {
    id: columns.ids[i]!,
    ts: columns.ts[i]!,
    severityRank: details.severityRank[i]!,
    ruleId: details.ruleId[i] ?? null,
    title: details.title[i]!,
    source: details.source[i]!,
    category: details.category[i] ?? null,
    mitre: details.mitre[i]!,
    assetTier: tier < 0 ? null : tier,
    entityIds: Array.from(columns.entityIds.subarray(columns.entityStart[i]!, columns.entityStart[i + 1]!)),
    srcIp: details.srcIp[i] ?? null,
    pinned: false,
  };
}

export interface DerivedFields {
  title: string;
  severity: string;
  severityRank: number;
  risk: number;
  confidence: number;
  confidenceReasons: string[];
  riskFactors: unknown;
  summary: string;
  explanation: unknown;
  entities: unknown;
  mitre: string[];
  sources: string[];
  alertCount: number;
  firstSeen: number | null;
  lastSeen: number | null;
}

function parseMitre(text: string | null): string[] {
  if (!text) return [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

function prepare(sqlite: Sqlite) {
  return {
    // All alerts (counted on the smallest index) less the few above the bound; `id <= ?` alone would walk the table.
    countAlerts: sqlite.prepare('SELECT (SELECT count(*) FROM alerts) - (SELECT count(*) FROM alerts WHERE id > ?) AS n'),
    countAlertsAfter: sqlite.prepare('SELECT count(*) AS n FROM alerts WHERE id > ? AND id <= ?'),
    maxAlertId: sqlite.prepare('SELECT max(id) AS m FROM alerts WHERE id <= ?'),
    alertsAfterWithDetails: sqlite.prepare(
      'SELECT id, ts, entity_ids, severity_rank, rule_id, title, source, category, mitre, asset_tier, src_ip FROM alerts WHERE id > ? AND id <= ? ORDER BY id',
    ),
    alertWithDetails: sqlite.prepare(
      'SELECT id, ts, entity_ids, severity_rank, rule_id, title, source, category, mitre, asset_tier, src_ip FROM alerts WHERE id = ?',
    ),
    alertIdsWithEntity: sqlite.prepare('SELECT alert_id FROM alert_entities WHERE entity_id = ?'),
    incidentAlertIds: sqlite.prepare('SELECT alert_id FROM incident_alerts WHERE incident_id = ?'),
    allEntities: sqlite.prepare('SELECT id, type, value, alert_count FROM entities'),
    hubs: sqlite.prepare('SELECT id, type, value, alert_count FROM entities WHERE alert_count >= ? ORDER BY id'),
    coEntities: sqlite.prepare('SELECT a.entity_ids FROM alert_entities ae JOIN alerts a ON a.id = ae.alert_id WHERE ae.entity_id = ?'),
    firstAlertFrom: sqlite.prepare('SELECT ts FROM alerts WHERE ts >= ? ORDER BY ts LIMIT 1'),
    firstWithEntityFrom: sqlite.prepare('SELECT ts FROM alert_entities WHERE entity_id = ? AND ts >= ? ORDER BY ts LIMIT 1'),
    entitiesAfter: sqlite.prepare('SELECT id, type, value FROM entities WHERE id > ? ORDER BY id'),
    alertEntitiesBetween: sqlite.prepare('SELECT ts, entity_ids FROM alerts WHERE id > ? AND id <= ?'),
    entityActiveIn: sqlite.prepare('SELECT 1 FROM alert_entities WHERE entity_id = ? AND ts >= ? AND ts < ? AND alert_id <= ? LIMIT 1'),
    maxEntityId: sqlite.prepare('SELECT max(id) AS m FROM entities'),
    entity: sqlite.prepare('SELECT type, value, alert_count FROM entities WHERE id = ?'),
    allLinks: sqlite.prepare('SELECT alert_id, incident_id, pinned FROM incident_alerts'),
    link: sqlite.prepare('SELECT incident_id, pinned FROM incident_alerts WHERE alert_id = ?'),
    pinnedLinks: sqlite.prepare(
      'SELECT ia.alert_id, a.ts, a.entity_ids, ia.incident_id, ia.pinned FROM incident_alerts ia JOIN alerts a ON a.id = ia.alert_id WHERE ia.pinned = 1',
    ),
    incidentLinksWithAlert: sqlite.prepare(
      'SELECT ia.alert_id, a.ts, a.entity_ids, ia.incident_id, ia.pinned FROM incident_alerts ia JOIN alerts a ON a.id = ia.alert_id WHERE ia.incident_id = ?',
    ),
    prevWithEntity: sqlite.prepare(
      'SELECT alert_id, ts FROM alert_entities WHERE entity_id = ? AND ts >= ? AND ts <= ? AND (ts, alert_id) < (?, ?) ORDER BY ts DESC, alert_id DESC LIMIT 1',
    ),
    nextWithEntity: sqlite.prepare(
      'SELECT alert_id, ts FROM alert_entities WHERE entity_id = ? AND ts <= ? AND ts >= ? AND (ts, alert_id) > (?, ?) ORDER BY ts, alert_id LIMIT 1',
    ),
    rangeWithEntity: sqlite.prepare('SELECT alert_id, ts FROM alert_entities WHERE entity_id = ? AND ts >= ? AND ts <= ? ORDER BY ts, alert_id'),
    entityRanges: sqlite.prepare(
      `SELECT r.key, ae.alert_id, ae.ts FROM json_each(?) r
       JOIN alert_entities ae ON ae.entity_id = r.value ->> 0 AND ae.ts >= r.value ->> 1 AND ae.ts <= r.value ->> 2
       ORDER BY r.key, ae.ts, ae.alert_id`,
    ),
    linksAfter: sqlite.prepare('SELECT alert_id, incident_id, pinned FROM incident_alerts WHERE alert_id > ?'),
    nonPinnedCount: sqlite.prepare('SELECT count(*) AS n FROM incident_alerts WHERE incident_id = ? AND pinned = 0'),
    merges: sqlite.prepare('SELECT from_id, into_id FROM incident_merges ORDER BY from_id'),
    incidentIds: sqlite.prepare('SELECT id FROM incidents'),
    countIncidents: sqlite.prepare('SELECT count(*) AS n FROM incidents'),
    incidentExists: sqlite.prepare('SELECT 1 FROM incidents WHERE id = ?'),
    fingerprint: sqlite.prepare('SELECT fingerprint FROM alerts WHERE id = ?'),
    insertIncident: sqlite.prepare(
      `INSERT INTO incidents (title, severity, severity_rank, risk, confidence, confidence_reasons, risk_factors, summary, explanation,
         entities, mitre, sources, alert_count, first_seen, last_seen, updated_at, id, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertLink: sqlite.prepare('INSERT INTO incident_alerts (alert_id, incident_id, pinned) VALUES (?, ?, 0)'),
    linkIndexExists: sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = '${LINK_INDEX}'`),
    upsertLink: sqlite.prepare(
      'INSERT INTO incident_alerts (alert_id, incident_id, pinned) VALUES (?, ?, 0) ON CONFLICT(alert_id) DO UPDATE SET incident_id = excluded.incident_id',
    ),
    deleteLink: sqlite.prepare('DELETE FROM incident_alerts WHERE alert_id = ?'),
    countLinks: sqlite.prepare('SELECT count(*) AS n FROM incident_alerts'),
    moveNonPinned: sqlite.prepare('UPDATE incident_alerts SET incident_id = ? WHERE incident_id = ? AND pinned = 0'),
    incidentsAlerts: sqlite.prepare(
      `SELECT ia.incident_id, a.id, a.ts, a.severity_rank, a.rule_id, a.title, a.source, a.category, a.mitre, a.asset_tier, a.entity_ids, ia.pinned, a.src_ip
       FROM json_each(?) j JOIN incident_alerts ia ON ia.incident_id = j.value JOIN alerts a ON a.id = ia.alert_id`,
    ),
    incidentRow: sqlite.prepare('SELECT rowid, analyst_touched, search_hash, alert_count FROM incidents WHERE id = ?'),
    setSearchHash: sqlite.prepare('UPDATE incidents SET search_hash = ? WHERE rowid = ?'),
    notes: sqlite.prepare('SELECT body FROM incident_notes WHERE incident_id = ? ORDER BY id'),
    updateDerived: sqlite.prepare(
      `UPDATE incidents SET title = ?, severity = ?, severity_rank = ?, risk = ?, confidence = ?, confidence_reasons = ?,
         risk_factors = ?, summary = ?, explanation = ?, entities = ?, mitre = ?, sources = ?, alert_count = ?,
         first_seen = ?, last_seen = ?, updated_at = ? WHERE id = ?`,
    ),
    ftsDelete: sqlite.prepare('DELETE FROM incidents_fts WHERE rowid = ?'),
    ftsInsert: sqlite.prepare('INSERT INTO incidents_fts (rowid, title, summary, entities, notes) VALUES (?, ?, ?, ?, ?)'),
    deleteIncident: sqlite.prepare('DELETE FROM incidents WHERE id = ? AND analyst_touched = 0'),
    deleteMeta: sqlite.prepare('DELETE FROM meta WHERE key = ?'),
  };
}

