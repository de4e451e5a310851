/**
 * What an analyst does to incidents: list, open, set status/verdict/assignee,
 * write notes, merge and split. Every change is written with its audit entry in
 * one transaction; merges and splits are recorded so re-correlation keeps them.
 */
import { randomBytes } from 'node:crypto';
import type { IncidentListInput, IncidentUpdateInput, Page } from '../../shared/contract';
import {
  severityRank,
  type AuditEntry,
  type EntityRef,
  type IncidentDetail,
  type IncidentExplanation,
  type IncidentNote,
  type IncidentStatus,
  type IncidentSummaryRow,
  type Severity,
  type Verdict,
} from '../../shared/domain';
import { AppError } from '../../shared/errors';
import type { CoreContext } from '../core/context';
import { appendAudit } from '../core/audit';
import { refreshIncidents } from '../correlate/correlate-service';
import type { Kysely } from 'kysely';
import type { Database, IncidentsTable } from '../store/schema';
import type { Sqlite } from '../store/workspace';
import { toFtsQuery } from '../search/fts-query';
import { parseIncidentId } from '../search/incident-id';

/** An incidents row as read with its rowid (the key of incidents_fts). */
type IncidentDb = IncidentsTable & { rowid: number };

const SUMMARY_COLUMNS = 'id, title, severity, risk, confidence, status, verdict, alert_count, first_seen, last_seen';

function toSummary(r: Pick<IncidentDb, 'id' | 'title' | 'severity' | 'risk' | 'confidence' | 'status' | 'verdict' | 'alert_count' | 'first_seen' | 'last_seen'>): IncidentSummaryRow {
  return {
    id: r.id,
    title: r.title,
    severity: r.severity as Severity,
    risk: r.risk,
    confidence: r.confidence,
    status: r.status as IncidentStatus,
    verdict: r.verdict as Verdict | null,
    alertCount: r.alert_count,
    firstSeen: r.first_seen ?? 0,
    lastSeen: r.last_seen ?? 0,
  };
}

const SORT_SQL: Record<IncidentListInput['sort'], string> = {
  risk: 'risk',
  lastSeen: 'last_seen',
  firstSeen: 'first_seen',
  alertCount: 'alert_count',
  severity: 'severity_rank',
};

export function listIncidents(sqlite: Sqlite, input: IncidentListInput): Page<IncidentSummaryRow> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (input.ids !== undefined) {
    // An id merged away lists the incident it went into, following merges as resolveIncidentId does (UNION: cycle-safe).
    where.push(
      `id IN (WITH RECURSIVE named(id) AS (SELECT value FROM json_each(?) UNION SELECT m.into_id FROM incident_merges m JOIN named n ON m.from_id = n.id)
        SELECT id FROM named)`,
    );
    params.push(JSON.stringify(input.ids));
  }
  if (input.severities?.length) {
    where.push(`severity_rank IN (${input.severities.map(() => '?').join(',')})`);
    params.push(...input.severities.map((s) => severityRank(s)));
  }
  if (input.statuses?.length) {
    where.push(`status IN (${input.statuses.map(() => '?').join(',')})`);
    params.push(...input.statuses);
  }
  // An id (or the start of one) pasted from a ticket: matched on the primary key, the exact one first.
  let idFirst = '';
  const idFirstParams: unknown[] = [];
  if (input.search !== undefined && input.search.trim() !== '') {
    const query = toFtsQuery(input.search);
    if (query === null) return { rows: [], total: 0, totalCapped: false };
    const id = parseIncidentId(input.search);
    if (id === null) {
      where.push('rowid IN (SELECT rowid FROM incidents_fts WHERE incidents_fts MATCH ?)');
      params.push(query);
    } else {
      // An id merged away finds the incident it was merged into.
      where.push(
        `(rowid IN (SELECT rowid FROM incidents_fts WHERE incidents_fts MATCH ?) OR (id >= ? AND id < ?)
          OR id IN (SELECT into_id FROM incident_merges WHERE from_id >= ? AND from_id < ?))`,
      );
      params.push(query, id.from, id.to, id.from, id.to);
      idFirst = '(id = ? OR id IN (SELECT into_id FROM incident_merges WHERE from_id = ?)) DESC, (id >= ? AND id < ?) DESC, ';
      idFirstParams.push(id.exact, id.exact, id.from, id.to);
    }
  }
  const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const dir = input.order === 'asc' ? 'ASC' : 'DESC';
  const rows = sqlite
    .prepare(`SELECT ${SUMMARY_COLUMNS} FROM incidents ${whereSql} ORDER BY ${idFirst}${SORT_SQL[input.sort]} ${dir}, last_seen ${dir}, id LIMIT ? OFFSET ?`)
    .all(...params, ...idFirstParams, input.limit, input.offset) as IncidentDb[];
  const total = sqlite.prepare(`SELECT count(*) FROM incidents ${whereSql}`).pluck().get(...params) as number;
  return { rows: rows.map(toSummary), total, totalCapped: false };
}

/** Follows analyst merges: the id an incident lives on under now. */
export function resolveIncidentId(sqlite: Sqlite, id: string): string {
  const seen = new Set<string>();
  let current = id;
  const next = sqlite.prepare('SELECT into_id FROM incident_merges WHERE from_id = ?').pluck();
  for (;;) {
    if (seen.has(current)) return current;
    seen.add(current);
    const into = next.get(current) as string | undefined;
    if (into === undefined) return current;
    current = into;
  }
}

function loadIncident(sqlite: Sqlite, id: string): IncidentDb {
  const row = sqlite.prepare('SELECT rowid, * FROM incidents WHERE id = ?').get(id) as IncidentDb | undefined;
  if (row) return row;
  const resolved = resolveIncidentId(sqlite, id);
  if (resolved !== id) {
    const merged = sqlite.prepare('SELECT rowid, * FROM incidents WHERE id = ?').get(resolved) as IncidentDb | undefined;
    if (merged) return merged;
  }
  throw new AppError('NOT_FOUND', `Incident ${id} does not exist`);
}

export function getIncident(sqlite: Sqlite, id: string): IncidentDetail {
  const r = loadIncident(sqlite, id);
  const alertIds = sqlite.prepare('SELECT alert_id FROM incident_alerts WHERE incident_id = ? ORDER BY alert_id').pluck().all(r.id) as number[];
  const notes = (
    sqlite.prepare('SELECT id, incident_id, author, body, created_at FROM incident_notes WHERE incident_id = ? ORDER BY id').all(r.id) as Array<{
      id: number;
      incident_id: string;
      author: string;
      body: string;
      created_at: number;
    }>
  ).map((n): IncidentNote => ({ id: n.id, incidentId: n.incident_id, author: n.author, body: n.body, createdAt: n.created_at }));
  const explanation = parseJson<IncidentExplanation>(r.explanation, {
    text: '',
    sharedEntities: [],
    ignoredHubs: [],
    windowMinutes: 0,
    manual: false,
  });
  return {
    ...toSummary(r),
    verdictReason: r.verdict_reason,
    assignee: r.assignee,
    summary: r.summary,
    explanation,
    confidenceReasons: parseJson<string[]>(r.confidence_reasons, []),
    riskFactors: parseJson<Array<{ factor: string; points: number }>>(r.risk_factors, []),
    entities: parseJson<Array<EntityRef & { alertCount: number }>>(r.entities, []),
    mitre: parseJson<string[]>(r.mitre, []),
    sources: parseJson<string[]>(r.sources, []),
    alertIds,
    notes,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export function updateIncident(ctx: CoreContext, input: IncidentUpdateInput): IncidentDetail {
  const { sqlite } = ctx.workspace;
  const id = sqlite.transaction(() => {
    const current = loadIncident(sqlite, input.id);
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    const fields: Array<[keyof IncidentUpdateInput, keyof IncidentDb]> = [
      ['status', 'status'],
      ['verdict', 'verdict'],
      ['verdictReason', 'verdict_reason'],
      ['assignee', 'assignee'],
    ];
    const sets: string[] = [];
    const params: unknown[] = [];
    for (const [key, column] of fields) {
      const value = input[key];
      if (value === undefined || value === current[column]) continue;
      before[key] = current[column];
      after[key] = value;
      sets.push(`${column} = ?`);
      params.push(value);
    }
    if (sets.length === 0) return current.id;
    const now = ctx.clock.now();
    sqlite.prepare(`UPDATE incidents SET ${sets.join(', ')}, analyst_touched = 1, updated_at = ? WHERE id = ?`).run(...params, now, current.id);
    appendAudit(sqlite, { at: now, actor: ctx.actor, action: 'incident.update', targetType: 'incident', targetId: current.id, before, after });
    return current.id;
  }).immediate();
  ctx.events.emit('db.changed', { tables: ['incidents', 'audit_log'] });
  return getIncident(sqlite, id);
}

export function addNote(ctx: CoreContext, incidentId: string, body: string): IncidentNote {
  const { sqlite } = ctx.workspace;
  const note = sqlite.transaction(() => {
    const incident = loadIncident(sqlite, incidentId);
    const now = ctx.clock.now();
    const noteId = Number(
      sqlite.prepare('INSERT INTO incident_notes (incident_id, author, body, created_at) VALUES (?, ?, ?, ?)').run(incident.id, ctx.actor, body, now).lastInsertRowid,
    );
    sqlite.prepare('UPDATE incidents SET analyst_touched = 1, updated_at = ? WHERE id = ?').run(now, incident.id);
    appendAudit(sqlite, { at: now, actor: ctx.actor, action: 'incident.note', targetType: 'incident', targetId: incident.id, after: { noteId, body } });
    // In the note's transaction: a note is never stored while its incident's search row misses it (and reported as failed).
    refreshIncidents(ctx, [incident.id]);
    return { id: noteId, incidentId: incident.id, author: ctx.actor, body, createdAt: now } satisfies IncidentNote;
  }).immediate();
  ctx.events.emit('db.changed', { tables: ['incidents', 'incident_notes', 'audit_log'] });
  return note;
}

/** Merges every other incident into the first. Their alerts and notes move; the merge is remembered for rebuilds. */
export function mergeIncidents(ctx: CoreContext, ids: string[]): IncidentDetail {
  const { sqlite } = ctx.workspace;
  const unique = [...new Set(ids.map((id) => resolveIncidentId(sqlite, id)))];
  if (unique.length < 2) throw new AppError('VALIDATION', 'Merge needs at least two different incidents');
  const [target, ...others] = unique as [string, ...string[]];
  sqlite.transaction(() => {
    const now = ctx.clock.now();
    loadIncident(sqlite, target);
    for (const other of others) {
      const before = loadIncident(sqlite, other);
      const moved = sqlite.prepare('UPDATE incident_alerts SET incident_id = ?, pinned = 1 WHERE incident_id = ?').run(target, other).changes;
      sqlite.prepare('UPDATE incident_notes SET incident_id = ? WHERE incident_id = ?').run(target, other);
      sqlite.prepare('UPDATE incident_merges SET into_id = ? WHERE into_id = ?').run(target, other);
      sqlite
        .prepare('INSERT INTO incident_merges (from_id, into_id, merged_at) VALUES (?, ?, ?) ON CONFLICT(from_id) DO UPDATE SET into_id = excluded.into_id, merged_at = excluded.merged_at')
        .run(other, target, now);
      sqlite.prepare("DELETE FROM incidents_fts WHERE rowid = ?").run(before.rowid);
      sqlite.prepare('DELETE FROM incidents WHERE id = ?').run(other);
      appendAudit(sqlite, {
        at: now,
        actor: ctx.actor,
        action: 'incident.merge',
        targetType: 'incident',
        targetId: other,
        before: { id: before.id, title: before.title, status: before.status, verdict: before.verdict, alertCount: before.alert_count },
        after: { mergedInto: target, alertsMoved: moved },
      });
    }
    sqlite.prepare('UPDATE incidents SET analyst_touched = 1, updated_at = ? WHERE id = ?').run(now, target);
    appendAudit(sqlite, { at: now, actor: ctx.actor, action: 'incident.merge', targetType: 'incident', targetId: target, after: { absorbed: others } });
    refreshIncidents(ctx, [target]);
  }).immediate();
  ctx.events.emit('db.changed', { tables: ['incidents', 'incident_alerts', 'incident_notes', 'incident_merges', 'audit_log'] });
  return getIncident(sqlite, target);
}

/** Moves the given alerts of an incident into a new incident. */
export function splitIncident(ctx: CoreContext, incidentId: string, alertIds: number[]): IncidentDetail {
  const { sqlite } = ctx.workspace;
  const wanted = [...new Set(alertIds)];
  const newId = sqlite.transaction(() => {
    const source = loadIncident(sqlite, incidentId);
    const member = sqlite.prepare('SELECT incident_id FROM incident_alerts WHERE alert_id = ?').pluck();
    const foreign = wanted.filter((a) => member.get(a) !== source.id);
    if (foreign.length) {
      throw new AppError('VALIDATION', `Alerts ${foreign.slice(0, 10).join(', ')}${foreign.length > 10 ? '…' : ''} are not in incident ${source.id}`, {
        alertIds: foreign,
      });
    }
    if (wanted.length >= source.alert_count) throw new AppError('CONFLICT', 'A split must leave at least one alert in the original incident');
    const now = ctx.clock.now();
    let id: string;
    do id = `INC-${randomBytes(5).toString('hex')}`;
    while (sqlite.prepare('SELECT 1 FROM incidents WHERE id = ?').get(id));
    sqlite
      .prepare(
        `INSERT INTO incidents (id, title, severity, severity_rank, risk, confidence, created_at, updated_at, analyst_touched)
         VALUES (?, ?, ?, ?, 0, 0, ?, ?, 1)`,
      )
      .run(id, `Split from ${source.id}`, source.severity, severityRank(source.severity as Severity), now, now);
    const move = sqlite.prepare('UPDATE incident_alerts SET incident_id = ?, pinned = 1 WHERE alert_id = ?');
    for (const alertId of wanted) move.run(id, alertId);
    sqlite.prepare('UPDATE incidents SET analyst_touched = 1, updated_at = ? WHERE id = ?').run(now, source.id);
    appendAudit(sqlite, { at: now, actor: ctx.actor, action: 'incident.split', targetType: 'incident', targetId: source.id, after: { newIncident: id, alertIds: wanted } });
    appendAudit(sqlite, { at: now, actor: ctx.actor, action: 'incident.create', targetType: 'incident', targetId: id, after: { splitFrom: source.id, alertIds: wanted } });
    refreshIncidents(ctx, [source.id, id]);
    return { id, sourceId: source.id };
  }).immediate();
  ctx.events.emit('db.changed', { tables: ['incidents', 'incident_alerts', 'audit_log'] });
  return getIncident(sqlite, newId.id);
}

/** The incident's audit trail, including what happened to incidents merged into it (oldest first). */
export async function incidentAudit(db: Kysely<Database>, id: string): Promise<AuditEntry[]> {
  const absorbed = await db.selectFrom('incident_merges').select('from_id').where('into_id', '=', id).execute();
  const rows = await db
    .selectFrom('audit_log')
    .select(['id', 'at', 'actor', 'action', 'target_type', 'target_id', 'before', 'after'])
    .where('target_type', '=', 'incident')
    .where('target_id', 'in', [id, ...absorbed.map((r) => r.from_id)])
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actor: r.actor,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    before: r.before ? parseJson<unknown>(r.before, null) : null,
    after: r.after ? parseJson<unknown>(r.after, null) : null,
  }));
}
