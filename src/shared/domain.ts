/** Domain types shared by the core, the transports and the renderer. Pure TS. */

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** 0 = info … 4 = critical; used for sorting and SQL filters. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export const INCIDENT_STATUSES = ['new', 'investigating', 'contained', 'resolved', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const VERDICTS = ['true_positive', 'false_positive', 'benign'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** The most incidents one `incidents.merge` call accepts. */
export const MAX_MERGE_INCIDENTS = 100;

/** Record formats the importer recognises. */
export const IMPORT_FORMATS = ['wazuh-alerts', 'wazuh-index', 'wazuh-finding', 'suricata-eve', 'elastic-alert', 'graylog-event', 'generic'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export const ENTITY_TYPES = ['user', 'host', 'ip', 'hash', 'domain', 'url', 'process'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

export interface EntityRef {
  type: EntityType;
  value: string;
}

/**
 * What a format parser produces from one source record. Everything but `raw`
 * is derived; `raw` is the record exactly as received (the line, or the
 * array element's bytes), so nothing a source sends is lost.
 */
export interface NormalizedAlert {
  /** Event time, UTC epoch milliseconds. */
  ts: number;
  /** Product that produced it: 'wazuh', 'suricata', or the generic record's own source. */
  source: string;
  format: ImportFormat;
  ruleId: string | null;
  ruleName: string | null;
  /** The source's own severity number (Wazuh level, Suricata severity), if any. */
  ruleLevel: number | null;
  title: string;
  message: string | null;
  severity: Severity;
  category: string | null;
  user: string | null;
  host: string | null;
  srcIp: string | null;
  srcPort: number | null;
  dstIp: string | null;
  dstPort: number | null;
  process: string | null;
  fileHash: string | null;
  url: string | null;
  domain: string | null;
  /** ATT&CK technique ids, e.g. ['T1110', 'T1003.001']. */
  mitre: string[];
  /** Asset criticality 1 (crown jewel) … 4 (low), when the source says. */
  assetTier: number | null;
  raw: string;
}

/** A record that is kept but is not an alert (e.g. Suricata `flow`, `dns`, `fileinfo`). */
export interface NormalizedEvent {
  ts: number;
  source: string;
  format: ImportFormat;
  eventType: string;
  raw: string;
}

/**
 * `identity`: the text that identifies the record for dedup when it is not
 * the record's own text: a search hit's document (Elasticsearch `_source`,
 * Graylog `message`), whatever query found it; a shipped copy's original line;
 * for a Wazuh alert, its manager, agent, alert id and rule, wherever it was
 * saved.
 */
export type ParsedRecord =
  | { kind: 'alert'; alert: NormalizedAlert; identity?: string }
  | { kind: 'event'; event: NormalizedEvent; identity?: string };

/** Why one record of a file could not be imported. */
export interface ImportRejection {
  file: string;
  line: number;
  reason: string;
  /** The record's first 200 characters (`…` ends one cut there), when it was read as text and could not be parsed. */
  snippet?: string;
}

export interface ImportResult {
  imported: number;
  duplicates: number;
  rejected: number;
  /** Non-alert records kept (e.g. Suricata flow events). */
  events: number;
  errors: ImportRejection[];
  /** More rejections than `errors` lists (the list is capped). */
  errorsTruncated: boolean;
  cancelled: boolean;
  files: Array<{ file: string; format: ImportFormat | null; imported: number; duplicates: number; rejected: number; events: number; error?: string }>;
}

export interface AlertRow {
  id: number;
  ts: number;
  source: string;
  title: string;
  severity: Severity;
  ruleId: string | null;
  ruleLevel: number | null;
  user: string | null;
  host: string | null;
  srcIp: string | null;
  dstIp: string | null;
  mitre: string[];
  incidentId: string | null;
}

export interface AlertDetail extends AlertRow {
  fingerprint: string;
  format: ImportFormat;
  ingestedAt: number;
  ruleName: string | null;
  message: string | null;
  category: string | null;
  srcPort: number | null;
  dstPort: number | null;
  process: string | null;
  fileHash: string | null;
  url: string | null;
  domain: string | null;
  assetTier: number | null;
  raw: string;
}

export interface IncidentSummaryRow {
  id: string;
  title: string;
  severity: Severity;
  risk: number;
  confidence: number;
  status: IncidentStatus;
  verdict: Verdict | null;
  alertCount: number;
  firstSeen: number;
  lastSeen: number;
}

export interface ConfidenceInfo {
  score: number;
  reasons: string[];
}

export interface IncidentExplanation {
  /** Plain-language paragraph: why these alerts are together. */
  text: string;
  /** Entities shared by two or more alerts of the incident, most shared first. */
  sharedEntities: Array<EntityRef & { alertCount: number }>;
  /** Entities present but ignored for grouping because they touch too much of the workspace. */
  ignoredHubs: Array<EntityRef & { share: number }>;
  windowMinutes: number;
  manual: boolean;
  /**
   * Set when the incident is one severity level above its worst alert: that alert's level and why
   * correlation raised it. Absent when not raised, and on incidents written before it was recorded.
   */
  severityRaised?: { from: Severity; reason: string };
}

export interface IncidentNote {
  id: number;
  incidentId: string;
  author: string;
  body: string;
  createdAt: number;
}

export interface IncidentDetail extends IncidentSummaryRow {
  verdictReason: string | null;
  assignee: string | null;
  summary: string;
  explanation: IncidentExplanation;
  confidenceReasons: string[];
  riskFactors: Array<{ factor: string; points: number }>;
  entities: Array<EntityRef & { alertCount: number }>;
  mitre: string[];
  sources: string[];
  alertIds: number[];
  notes: IncidentNote[];
  createdAt: number;
  updatedAt: number;
}

export interface CorrelateResult {
  incidents: number;
  alerts: number;
  ms: number;
  mode: 'rebuild' | 'incremental';
  newAlerts: number;
  /** Alerts left outside incidents: lone low/medium alerts with nothing corroborating them (still in the Alerts view). */
  uncorrelated: number;
}

export interface AuditEntry {
  id: number;
  at: number;
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  before: unknown;
  after: unknown;
}
