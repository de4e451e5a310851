import type { AlertFilterInput, AlertListInput, AlertPositionInput, Page } from '../../shared/contract';
import type { AlertDetail, AlertRow, ImportFormat, Severity } from '../../shared/domain';
import { severityRank } from '../../shared/domain';
import { AppError } from '../../shared/errors';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema';
import type { Sqlite } from '../store/workspace';
import { toFtsQuery } from '../search/fts-query';
import { parseIncidentId, type IncidentIdMatch } from '../search/incident-id';
import { RawBlockError, readRawRecord } from '../ingest/raw-blocks';

/** Totals above this are reported as "at least" to keep filtered counts fast at a million rows. */
export const COUNT_CAP = 100_000;
/** Above this many full-text matches, search pages by scanning the time index. */
const SCAN_BY_TIME_ABOVE = 2_000;

const ROW_COLUMNS = `a.id, a.ts, a.source, a.title, a.severity, a.rule_id, a.rule_level, a.user, a.host, a.src_ip, a.dst_ip, a.mitre, ia.incident_id`;

interface AlertRowDb {
  id: number;
  ts: number;
  source: string;
  title: string;
  severity: string;
  rule_id: string | null;
  rule_level: number | null;
  user: string | null;
  host: string | null;
  src_ip: string | null;
  dst_ip: string | null;
  mitre: string | null;
  incident_id: string | null;
}

function toRow(r: AlertRowDb): AlertRow {
  return {
    id: r.id,
    ts: r.ts,
    source: r.source,
    title: r.title,
    severity: r.severity as Severity,
    ruleId: r.rule_id,
    ruleLevel: r.rule_level,
    user: r.user,
    host: r.host,
    srcIp: r.src_ip,
    dstIp: r.dst_ip,
    mitre: r.mitre ? (JSON.parse(r.mitre) as string[]) : [],
    incidentId: r.incident_id,
  };
}

/** An incident id, or its start, typed with its `INC-` prefix (any case): the range of stored ids it names; otherwise null. */
function pastedIncidentIds(text: string): IncidentIdMatch | null {
  const trimmed = text.trim();
  return /^inc-/i.test(trimmed) ? parseIncidentId(trimmed) : null;
}

const TEXT_FILTER = 'a.id IN (SELECT rowid FROM alerts_fts WHERE alerts_fts MATCH ?)';

/** How many alerts the text matches, up to one past the count cap. */
function textMatchCount(sqlite: Sqlite, ftsQuery: string): number {
  return sqlite.prepare(`SELECT count(*) FROM (SELECT rowid FROM alerts_fts WHERE alerts_fts MATCH ? LIMIT ${COUNT_CAP + 1})`).pluck().get(ftsQuery) as number;
}

/** The filter part of an alerts query as SQL over `alerts a`; null when the text can match nothing. */
function alertFilter(input: AlertFilterInput): { where: string[]; params: unknown[]; ftsQuery: string | null } | null {
  const where: string[] = [];
  const params: unknown[] = [];
  if (input.severities?.length) {
    where.push(`a.severity_rank IN (${input.severities.map(() => '?').join(',')})`);
    params.push(...input.severities.map((s) => severityRank(s)));
  }
  if (input.sources?.length) {
    where.push(`a.source IN (${input.sources.map(() => '?').join(',')})`);
    params.push(...input.sources);
  }
  if (input.from !== undefined) {
    where.push('a.ts >= ?');
    params.push(input.from);
  }
  if (input.to !== undefined) {
    where.push('a.ts <= ?');
    params.push(input.to);
  }
  if (input.incidentId !== undefined) {
    // Driven by the incident's own links, never by a scan of all alerts.
    where.push('a.id IN (SELECT alert_id FROM incident_alerts WHERE incident_id = ?)');
    params.push(input.incidentId);
  }
  let ftsQuery: string | null = null;
  const incidentIds = input.text === undefined ? null : pastedIncidentIds(input.text);
  if (incidentIds !== null) {
    // "INC-…" pasted from a ticket: the alerts of that incident (or of those its start names; an id merged
    // away names the incident it went into), and alerts whose text says it (a host called INC-DB01).
    const textQuery = toFtsQuery(input.text!);
    where.push(
      `(a.id IN (SELECT alert_id FROM incident_alerts WHERE (incident_id >= ? AND incident_id < ?)
         OR incident_id IN (SELECT into_id FROM incident_merges WHERE from_id >= ? AND from_id < ?))
        OR a.id IN (SELECT rowid FROM alerts_fts WHERE alerts_fts MATCH ?))`,
    );
    params.push(incidentIds.from, incidentIds.to, incidentIds.from, incidentIds.to, textQuery ?? '""');
  } else if (input.text !== undefined && input.text.trim() !== '') {
    ftsQuery = toFtsQuery(input.text);
    if (ftsQuery === null) return null;
    where.push(TEXT_FILTER);
    params.push(ftsQuery);
  }
  return { where, params, ftsQuery };
}

export function listAlerts(sqlite: Sqlite, input: AlertListInput): Page<AlertRow> {
  const filter = alertFilter(input);
  if (filter === null) return { rows: [], total: 0, totalCapped: false };
  const { where, params, ftsQuery } = filter;
  let textMatches: number | null = null;
  if (ftsQuery !== null) {
    textMatches = textMatchCount(sqlite, ftsQuery);
    if (textMatches === 0) return { rows: [], total: 0, totalCapped: false };
  }
  const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const order = input.order === 'asc' ? 'ASC' : 'DESC';
  // Many text matches: walk the time index and test membership (stops after a
  // page). Few matches: fetch them and sort (never walks the whole index).
  const indexHint = textMatches !== null && textMatches > SCAN_BY_TIME_ABOVE ? 'INDEXED BY alerts_ts' : '';
  const rows = sqlite
    .prepare(
      `SELECT ${ROW_COLUMNS} FROM alerts a ${indexHint} LEFT JOIN incident_alerts ia ON ia.alert_id = a.id ${whereSql}
       ORDER BY a.ts ${order}, a.id ${order} LIMIT ? OFFSET ?`,
    )
    .all(...params, input.limit, input.offset) as AlertRowDb[];
  const onlyText = textMatches !== null && where.length === 1;
  const total = onlyText
    ? textMatches!
    : (sqlite
        .prepare(`SELECT count(*) FROM (SELECT 1 FROM alerts a LEFT JOIN incident_alerts ia ON ia.alert_id = a.id ${whereSql} LIMIT ${COUNT_CAP + 1})`)
        .pluck()
        .get(...params) as number);
  return { rows: rows.map(toRow), total: Math.min(total, COUNT_CAP), totalCapped: total > COUNT_CAP };
}

/**
 * Where an alert stands in `alerts.list` with the same filters and order: the
 * number of matching alerts listed before it, or null when it does not match,
 * no longer exists, or stands past the list's count cap. Lets a table keep its
 * cursor on an alert when newer alerts arrive above it; it runs on every refresh,
 * so it costs what a page of the list costs, never a walk of all text matches.
 */
export function alertPosition(sqlite: Sqlite, input: AlertPositionInput): number | null {
  const filter = alertFilter(input);
  if (filter === null) return null;
  const anchor = sqlite.prepare('SELECT ts FROM alerts WHERE id = ?').pluck().get(input.id) as number | undefined;
  if (anchor === undefined) return null;
  // The alert itself is tested through its own search row, not against the whole match list.
  const ownRow = filter.where.map((clause) => (clause === TEXT_FILTER ? 'EXISTS (SELECT 1 FROM alerts_fts WHERE alerts_fts MATCH ? AND rowid = a.id)' : clause));
  const matches = sqlite.prepare(`SELECT 1 FROM alerts a WHERE ${[...ownRow, 'a.id = ?'].join(' AND ')}`).get(...filter.params, input.id);
  if (matches === undefined) return null;
  // Listed before it: newer (or older, oldest first) by time, then id; a range of the time index.
  const before = input.order === 'asc' ? 'a.ts <= ? AND (a.ts < ? OR a.id < ?)' : 'a.ts >= ? AND (a.ts > ? OR a.id > ?)';
  const indexHint = filter.ftsQuery !== null && textMatchCount(sqlite, filter.ftsQuery) > SCAN_BY_TIME_ABOVE ? 'INDEXED BY alerts_ts' : '';
  const count = sqlite
    .prepare(`SELECT count(*) FROM (SELECT 1 FROM alerts a ${indexHint} WHERE ${[...filter.where, before].join(' AND ')} LIMIT ${COUNT_CAP})`)
    .pluck()
    .get(...filter.params, anchor, anchor, input.id) as number;
  return count < COUNT_CAP ? count : null;
}

export function getAlert(sqlite: Sqlite, id: number): AlertDetail {
  const r = sqlite
    .prepare(
      `SELECT ${ROW_COLUMNS}, a.fingerprint, a.format, a.ingested_at, a.rule_name, a.message, a.category, a.src_port, a.dst_port,
              a.process, a.file_hash, a.url, a.domain, a.asset_tier, a.raw, a.raw_slot, b.codec AS raw_codec, b.data AS raw_data
       FROM alerts a LEFT JOIN incident_alerts ia ON ia.alert_id = a.id LEFT JOIN raw_blocks b ON b.id = a.raw_block WHERE a.id = ?`,
    )
    .get(id) as
    | (AlertRowDb & {
        fingerprint: Uint8Array | string;
        format: string;
        ingested_at: number;
        rule_name: string | null;
        message: string | null;
        category: string | null;
        src_port: number | null;
        dst_port: number | null;
        process: string | null;
        file_hash: string | null;
        url: string | null;
        domain: string | null;
        asset_tier: number | null;
        raw: string;
        raw_slot: number | null;
        raw_codec: string | null;
        raw_data: Uint8Array | null;
      })
    | undefined;
  if (!r) throw new AppError('NOT_FOUND', `Alert ${id} does not exist`);
  const raw = storedRecord(id, r.raw, r.raw_slot, r.raw_codec, r.raw_data);
  return {
    ...toRow(r),
    fingerprint: typeof r.fingerprint === 'string' ? r.fingerprint : Buffer.from(r.fingerprint).toString('hex'),
    format: r.format as ImportFormat,
    ingestedAt: r.ingested_at,
    ruleName: r.rule_name,
    message: r.message,
    category: r.category,
    srcPort: r.src_port,
    dstPort: r.dst_port,
    process: r.process,
    fileHash: r.file_hash,
    url: r.url,
    domain: r.domain,
    assetTier: r.asset_tier,
    raw,
  };
}

/** The original record of an alert, as received (null if there is no such alert). */
export function alertRaw(sqlite: Sqlite, id: number): string | null {
  const r = sqlite
    .prepare('SELECT a.raw, a.raw_slot, b.codec, b.data FROM alerts a LEFT JOIN raw_blocks b ON b.id = a.raw_block WHERE a.id = ?')
    .raw()
    .get(id) as [string, number | null, string | null, Uint8Array | null] | undefined;
  return r ? storedRecord(id, ...r) : null;
}

/** An alert's record: its `raw` text, or (since migration 0002) its slot of a compressed block. */
function storedRecord(id: number, raw: string, slot: number | null, codec: string | null, data: Uint8Array | null): string {
  if (codec === null || data === null || slot === null) return raw;
  try {
    return readRawRecord(codec, data, slot);
  } catch (error) {
    if (error instanceof RawBlockError) throw new AppError(error.unsupported ? 'INTERNAL' : 'WORKSPACE_CORRUPT', `Alert ${id}: ${error.message}`);
    throw error;
  }
}

export async function listSources(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('alert_sources').select('source').where('alert_count', '>', 0).orderBy('source').execute();
  return rows.map((r) => r.source);
}

export function countAlerts(sqlite: Sqlite): number {
  return sqlite.prepare('SELECT count(*) FROM alerts').pluck().get() as number;
}
