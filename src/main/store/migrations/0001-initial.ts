import type { Migration } from './types';

/**
 * The initial workspace schema. Never edit after it has landed: add a new
 * numbered migration instead (the checksum check refuses edited history).
 */
export const migration0001: Migration = {
  version: 1,
  name: 'initial',
  sql: `
CREATE TABLE imports (
  id INTEGER PRIMARY KEY,
  file_name TEXT NOT NULL,
  path TEXT,
  format TEXT,
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  status TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'cancelled', 'failed')),
  records_read INTEGER NOT NULL DEFAULT 0,
  imported INTEGER NOT NULL DEFAULT 0,
  duplicates INTEGER NOT NULL DEFAULT 0,
  rejected INTEGER NOT NULL DEFAULT 0,
  events INTEGER NOT NULL DEFAULT 0,
  error TEXT
);

CREATE TABLE import_errors (
  id INTEGER PRIMARY KEY,
  import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
  line INTEGER NOT NULL,
  reason TEXT NOT NULL
);
CREATE INDEX import_errors_import ON import_errors(import_id);

CREATE TABLE alerts (
  id INTEGER PRIMARY KEY,
  fingerprint TEXT NOT NULL UNIQUE,
  ts INTEGER NOT NULL,
  ingested_at INTEGER NOT NULL,
  import_id INTEGER REFERENCES imports(id),
  source TEXT NOT NULL,
  format TEXT NOT NULL,
  rule_id TEXT,
  rule_name TEXT,
  rule_level INTEGER,
  title TEXT NOT NULL,
  message TEXT,
  severity TEXT NOT NULL CHECK (severity IN ('info', 'low', 'medium', 'high', 'critical')),
  severity_rank INTEGER NOT NULL,
  category TEXT,
  user TEXT,
  host TEXT,
  src_ip TEXT,
  src_port INTEGER,
  dst_ip TEXT,
  dst_port INTEGER,
  process TEXT,
  file_hash TEXT,
  url TEXT,
  domain TEXT,
  mitre TEXT,
  asset_tier INTEGER,
  entity_ids TEXT NOT NULL DEFAULT '',
  raw TEXT NOT NULL
);
CREATE INDEX alerts_ts ON alerts(ts);

-- Distinct alert sources with counts, kept by the importer (a filter list without scanning alerts).
CREATE TABLE alert_sources (
  source TEXT PRIMARY KEY,
  alert_count INTEGER NOT NULL DEFAULT 0
);

-- Records kept losslessly that are not alerts (e.g. Suricata flow/dns/fileinfo).
CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  fingerprint TEXT NOT NULL UNIQUE,
  ts INTEGER NOT NULL,
  ingested_at INTEGER NOT NULL,
  import_id INTEGER REFERENCES imports(id),
  source TEXT NOT NULL,
  format TEXT NOT NULL,
  event_type TEXT NOT NULL,
  raw TEXT NOT NULL
);

CREATE TABLE entities (
  id INTEGER PRIMARY KEY,
  type TEXT NOT NULL,
  value TEXT NOT NULL,
  alert_count INTEGER NOT NULL DEFAULT 0,
  first_seen INTEGER,
  last_seen INTEGER,
  UNIQUE (type, value)
);

-- Which alerts carry an entity, ordered by time: the pivot and the incremental
-- correlator's nearest-neighbour lookup.
CREATE TABLE alert_entities (
  entity_id INTEGER NOT NULL,
  ts INTEGER NOT NULL,
  alert_id INTEGER NOT NULL,
  PRIMARY KEY (entity_id, ts, alert_id)
) WITHOUT ROWID;

CREATE TABLE incidents (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'investigating', 'contained', 'resolved', 'closed')),
  verdict TEXT CHECK (verdict IS NULL OR verdict IN ('true_positive', 'false_positive', 'benign')),
  verdict_reason TEXT,
  assignee TEXT,
  severity TEXT NOT NULL,
  severity_rank INTEGER NOT NULL,
  risk INTEGER NOT NULL,
  confidence INTEGER NOT NULL,
  confidence_reasons TEXT NOT NULL DEFAULT '[]',
  risk_factors TEXT NOT NULL DEFAULT '[]',
  summary TEXT NOT NULL DEFAULT '',
  explanation TEXT NOT NULL DEFAULT '{}',
  entities TEXT NOT NULL DEFAULT '[]',
  mitre TEXT NOT NULL DEFAULT '[]',
  sources TEXT NOT NULL DEFAULT '[]',
  alert_count INTEGER NOT NULL DEFAULT 0,
  first_seen INTEGER,
  last_seen INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  -- Set once an analyst has changed anything; such incidents are never deleted.
  analyst_touched INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX incidents_risk ON incidents(risk DESC, last_seen DESC);
CREATE INDEX incidents_last_seen ON incidents(last_seen DESC);
-- The triage list: filter by status and severity, order by risk; also covers its counts.
CREATE INDEX incidents_triage ON incidents(status, severity_rank, risk DESC, last_seen DESC);

CREATE TABLE incident_alerts (
  alert_id INTEGER PRIMARY KEY REFERENCES alerts(id),
  incident_id TEXT NOT NULL REFERENCES incidents(id),
  -- 1 when an analyst put the alert here (split/merge); correlation keeps it.
  pinned INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX incident_alerts_incident ON incident_alerts(incident_id);

-- Analyst merges: clusters that correlation would give 'from_id' go to 'into_id'.
CREATE TABLE incident_merges (
  from_id TEXT PRIMARY KEY,
  into_id TEXT NOT NULL,
  merged_at INTEGER NOT NULL
);

CREATE TABLE incident_notes (
  id INTEGER PRIMARY KEY,
  incident_id TEXT NOT NULL REFERENCES incidents(id),
  author TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX incident_notes_incident ON incident_notes(incident_id);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target_type TEXT NOT NULL,
  target_id TEXT NOT NULL,
  before TEXT,
  after TEXT
);
CREATE INDEX audit_log_target ON audit_log(target_type, target_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- Contentless and without per-row sizes (results are sorted by time, never
-- ranked by bm25): the cheapest FTS5 shape to append a million rows to. Alerts
-- are not deleted; a future purge uses FTS5's 'delete' command with the values
-- still held in alerts.
CREATE VIRTUAL TABLE alerts_fts USING fts5(
  title, message, entities,
  content='', columnsize=0, tokenize='unicode61 remove_diacritics 2'
);

CREATE VIRTUAL TABLE incidents_fts USING fts5(
  title, summary, entities, notes,
  content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2'
);
`,
};
