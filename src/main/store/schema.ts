/** Kysely table types for the workspace database (see migrations/). */
import type { Generated } from 'kysely';

export interface AlertsTable {
  id: Generated<number>;
  /** First 16 bytes of the record's SHA-256 (migration 0002). */
  fingerprint: Uint8Array;
  ts: number;
  ingested_at: number;
  import_id: number | null;
  source: string;
  format: string;
  rule_id: string | null;
  rule_name: string | null;
  rule_level: number | null;
  title: string;
  message: string | null;
  severity: string;
  severity_rank: number;
  category: string | null;
  user: string | null;
  host: string | null;
  src_ip: string | null;
  src_port: number | null;
  dst_ip: string | null;
  dst_port: number | null;
  process: string | null;
  file_hash: string | null;
  url: string | null;
  domain: string | null;
  mitre: string | null;
  asset_tier: number | null;
  entity_ids: string;
  /** The original record, or '' when it is kept in raw_blocks. */
  raw: string;
  raw_block: number | null;
  raw_slot: number | null;
}

export interface RawBlocksTable {
  id: Generated<number>;
  codec: string;
  records: number;
  data: Uint8Array;
}

export interface IncidentsTable {
  id: string;
  title: string;
  status: string;
  verdict: string | null;
  verdict_reason: string | null;
  assignee: string | null;
  severity: string;
  severity_rank: number;
  risk: number;
  confidence: number;
  confidence_reasons: string;
  risk_factors: string;
  summary: string;
  explanation: string;
  entities: string;
  mitre: string;
  sources: string;
  alert_count: number;
  first_seen: number | null;
  last_seen: number | null;
  created_at: number;
  updated_at: number;
  analyst_touched: number;
}

export interface IncidentAlertsTable {
  alert_id: number;
  incident_id: string;
  pinned: number;
}

export interface IncidentMergesTable {
  from_id: string;
  into_id: string;
  merged_at: number;
}

export interface IncidentNotesTable {
  id: Generated<number>;
  incident_id: string;
  author: string;
  body: string;
  created_at: number;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: number;
  actor: string;
  action: string;
  target_type: string;
  target_id: string;
  before: string | null;
  after: string | null;
}

export interface EntitiesTable {
  id: Generated<number>;
  type: string;
  value: string;
  alert_count: number;
  first_seen: number | null;
  last_seen: number | null;
}

export interface ImportsTable {
  id: Generated<number>;
  file_name: string;
  path: string | null;
  format: string | null;
  started_at: number;
  finished_at: number | null;
  status: string;
  records_read: number;
  imported: number;
  duplicates: number;
  rejected: number;
  events: number;
  error: string | null;
}

export interface AlertSourcesTable {
  source: string;
  alert_count: number;
}

export interface MetaTable {
  key: string;
  value: string;
}

export interface Database {
  alerts: AlertsTable;
  raw_blocks: RawBlocksTable;
  incidents: IncidentsTable;
  incident_alerts: IncidentAlertsTable;
  incident_merges: IncidentMergesTable;
  incident_notes: IncidentNotesTable;
  audit_log: AuditLogTable;
  entities: EntitiesTable;
  imports: ImportsTable;
  meta: MetaTable;
  alert_sources: AlertSourcesTable;
}
