/**
 * Suricata EVE JSON. `event_type: alert` becomes an alert; every other event
 * type (flow, dns, http, fileinfo, anomaly, …) is kept as an event.
 */
import type { ImportFormat, NormalizedAlert, ParsedRecord, Severity } from '../../../shared/domain';
import {
  RecordError,
  addressField,
  fieldPath,
  firstText,
  hashValue,
  isObject,
  mitreIds,
  preview,
  readField,
  requireTimestamp,
  text,
  toNumber,
  toPort,
  type JsonObject,
} from './common';

const F = {
  timestamp: fieldPath('timestamp'),
  atTimestamp: fieldPath('@timestamp'),
  eventType: fieldPath('event_type'),
} as const;

const TIMESTAMP_FIELDS = [F.timestamp, F.atTimestamp];

/**
 * Suricata's alert.severity is the rule's priority: 1 is the most urgent and
 * the classification.config defaults run 1–4 (3 when a rule has no
 * classtype). Mapped 1 → high, 2 → medium, 3 → low, 4 and above → info;
 * "critical" is left to correlation, since one IDS signature alone rarely
 * warrants it. A missing severity is treated as Suricata's default, 3.
 */
export function suricataSeverity(priority: number | null): Severity {
  if (priority === null) return 'low';
  if (priority <= 1) return 'high';
  if (priority === 2) return 'medium';
  if (priority === 3) return 'low';
  return 'info';
}

export function isSuricataEve(doc: JsonObject): boolean {
  return typeof doc.event_type === 'string';
}

export function normalizeSuricata(doc: JsonObject, format: ImportFormat, raw: string): ParsedRecord {
  const eventType = text(readField(doc, F.eventType));
  if (eventType === null) throw new RecordError(`not a ${format} record: missing event_type`);
  const ts = requireTimestamp(doc, TIMESTAMP_FIELDS);
  if (eventType !== 'alert') {
    return { kind: 'event', event: { ts, source: 'suricata', format, eventType, raw } };
  }
  return { kind: 'alert', alert: suricataAlert(doc, ts, format, raw) };
}

function suricataAlert(doc: JsonObject, ts: number, format: ImportFormat, raw: string): NormalizedAlert {
  const alert = doc.alert;
  if (!isObject(alert)) throw new RecordError("missing 'alert' object (event_type is 'alert')");
  const severityValue = alert.severity;
  const priority = toNumber(severityValue);
  if (severityValue !== undefined && severityValue !== null && (priority === null || priority < 0)) {
    throw new RecordError(`invalid alert.severity '${preview(severityValue)}' (expected a number 1–4)`);
  }
  const sid = text(alert.signature_id);
  const ruleId = sid === null ? null : `${text(alert.gid) ?? '1'}:${sid}:${text(alert.rev) ?? '0'}`;
  const signature = text(alert.signature);
  const http = isObject(doc.http) ? doc.http : {};
  const src = addressField(doc.src_ip);
  const dst = addressField(doc.dest_ip);
  const metadata = isObject(alert.metadata) ? alert.metadata : {};
  return {
    ts,
    source: 'suricata',
    format,
    ruleId,
    ruleName: signature,
    ruleLevel: priority,
    title: signature ?? (ruleId !== null ? `Suricata alert ${ruleId}` : 'Suricata alert'),
    message: null,
    severity: suricataSeverity(priority),
    category: text(alert.category),
    user: null,
    host: sensorName(doc.host),
    srcIp: src.ip,
    srcPort: toPort(doc.src_port) ?? src.port,
    dstIp: dst.ip,
    dstPort: toPort(doc.dest_port) ?? dst.port,
    process: null,
    fileHash: fileHash(doc),
    url: text(http.url),
    domain: firstText(http.hostname, isObject(doc.tls) ? doc.tls.sni : undefined, dnsName(doc.dns)),
    mitre: mitreIds(metadata.mitre_technique_id),
    assetTier: null,
    raw,
  };
}

/** `host` is the sensor name in eve.json; shippers (Filebeat, ECS) turn it into an object. */
function sensorName(host: unknown): string | null {
  if (isObject(host)) return firstText(host.name, host.hostname);
  return text(host);
}

/** The queried name: Suricata ≤ 6 writes `dns.rrname`, newer versions `dns.queries[].rrname` or `dns.query[]`. */
function dnsName(dns: unknown): string | null {
  if (!isObject(dns)) return null;
  const direct = text(dns.rrname);
  if (direct !== null) return direct;
  for (const list of [dns.queries, dns.query]) {
    if (Array.isArray(list) && isObject(list[0])) {
      const name = text(list[0].rrname);
      if (name !== null) return name;
    }
  }
  return null;
}

function fileHash(doc: JsonObject): string | null {
  const candidates: unknown[] = [doc.fileinfo];
  if (Array.isArray(doc.files)) candidates.push(...doc.files);
  for (const file of candidates) {
    if (!isObject(file)) continue;
    const hash = hashValue(file.sha256) ?? hashValue(file.sha1) ?? hashValue(file.md5);
    if (hash !== null) return hash;
  }
  return null;
}
