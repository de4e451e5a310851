/**
 * The seed app's generic JSON alert:
 * `{ ts, source, alert_type, message, user, host, ip, severity, asset_tier }`.
 * A few optional extras (dst_ip, process, hash, url, domain, mitre, rule_id,
 * category) are read when present so simple custom exports lose nothing.
 */
import type { ImportFormat, NormalizedAlert, Severity } from '../../../shared/domain';
import {
  RecordError,
  addressField,
  fieldPath,
  firstText,
  hashValue,
  mitreIds,
  preview,
  requireTimestamp,
  text,
  toNumber,
  toPort,
  type JsonObject,
} from './common';

const TIMESTAMP_FIELDS = [fieldPath('ts'), fieldPath('timestamp'), fieldPath('@timestamp')];

const SEVERITY_WORDS: Readonly<Record<string, Severity>> = {
  info: 'info',
  informational: 'info',
  information: 'info',
  notice: 'info',
  debug: 'info',
  low: 'low',
  minor: 'low',
  medium: 'medium',
  moderate: 'medium',
  warning: 'medium',
  warn: 'medium',
  high: 'high',
  major: 'high',
  error: 'high',
  err: 'high',
  critical: 'critical',
  crit: 'critical',
  severe: 'critical',
  fatal: 'critical',
  emergency: 'critical',
};

/** When a generic record says nothing about severity. */
const DEFAULT_SEVERITY: Severity = 'medium';

/**
 * Generic severity: a word (info/informational/notice/debug, low/minor,
 * medium/moderate/warning, high/major/error, critical/crit/severe/fatal/
 * emergency) or a number on a 0–10 scale like CVSS: 0 → info, up to 4 → low,
 * up to 7 → medium, up to 9 → high, 9 and above → critical.
 */
export function genericSeverity(value: unknown): { severity: Severity; level: number | null } {
  if (value === undefined || value === null || value === '') return { severity: DEFAULT_SEVERITY, level: null };
  const level = toNumber(value);
  if (level !== null && level >= 0 && level <= 10) return { severity: severityFromScore(level), level };
  if (typeof value === 'string') {
    const word = SEVERITY_WORDS[value.trim().toLowerCase()];
    if (word !== undefined) return { severity: word, level: null };
  }
  throw new RecordError(
    `unrecognised severity '${preview(value)}' in field 'severity' (expected info, low, medium, high, critical or a number 0–10)`,
  );
}

function severityFromScore(score: number): Severity {
  if (score <= 0) return 'info';
  if (score < 4) return 'low';
  if (score < 7) return 'medium';
  if (score < 9) return 'high';
  return 'critical';
}

export function isGenericAlert(doc: JsonObject): boolean {
  return 'alert_type' in doc;
}

export function normalizeGeneric(doc: JsonObject, format: ImportFormat, raw: string): NormalizedAlert {
  if (!('alert_type' in doc)) throw new RecordError(`not a ${format} record: missing alert_type`);
  const title = text(doc.alert_type);
  if (title === null) throw new RecordError(`empty alert_type '${preview(doc.alert_type)}'`);
  const ts = requireTimestamp(doc, TIMESTAMP_FIELDS);
  const { severity, level } = genericSeverity(doc.severity);
  const src = addressField(firstText(doc.ip, doc.src_ip));
  const dst = addressField(firstText(doc.dst_ip, doc.dest_ip));
  const tier = toNumber(doc.asset_tier);
  return {
    ts,
    source: text(doc.source) ?? 'generic',
    format,
    ruleId: text(doc.rule_id),
    ruleName: title,
    ruleLevel: level,
    title,
    message: text(doc.message),
    severity,
    category: text(doc.category),
    user: text(doc.user),
    host: text(doc.host),
    srcIp: src.ip,
    srcPort: toPort(doc.src_port) ?? src.port,
    dstIp: dst.ip,
    dstPort: toPort(doc.dst_port) ?? dst.port,
    process: text(doc.process),
    fileHash: hashValue(doc.hash) ?? hashValue(doc.file_hash),
    url: text(doc.url),
    domain: text(doc.domain),
    mitre: mitreIds(doc.mitre),
    assetTier: tier !== null && Number.isInteger(tier) && tier >= 1 && tier <= 4 ? tier : null,
    raw,
  };
}
