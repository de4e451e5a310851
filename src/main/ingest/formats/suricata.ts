/**
 * Suricata EVE JSON. `event_type: alert` becomes an alert; every other event
 * type (flow, dns, http, fileinfo, anomaly, …) is kept as an event.
 *
 * Also EVE as Filebeat and Elastic Agent ship it to Elasticsearch (ECS): the
 * record under `suricata.eve`, addresses moved to `source` / `destination`,
 * the time to `@timestamp`, and usually the original line in `event.original`,
 * which is then read instead (it is the record as Suricata wrote it).
 */
import { SEVERITIES, severityRank, type ImportFormat, type NormalizedAlert, type ParsedRecord, type Severity } from '../../../shared/domain';
import {
  RecordError,
  addressField,
  endpointText,
  fieldPath,
  firstName,
  firstText,
  hashValue,
  isObject,
  mitreIds,
  oneLine,
  preview,
  qualifiedUrl,
  readField,
  requireTimestamp,
  stringList,
  text,
  toNumber,
  toPort,
  type Endpoint,
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
  return typeof doc.event_type === 'string' || shippedEve(doc) !== null;
}

/** `suricata.eve` of a document shipped by Filebeat / Elastic Agent, or null. */
function shippedEve(doc: JsonObject): JsonObject | null {
  const suricata = doc.suricata;
  return isObject(suricata) && isObject(suricata.eve) && typeof suricata.eve.event_type === 'string' ? suricata.eve : null;
}

export function normalizeSuricata(doc: JsonObject, format: ImportFormat, raw: string): ParsedRecord {
  const { eve, original } = eveRecord(doc);
  const eventType = text(readField(eve, F.eventType));
  if (eventType === null) throw new RecordError(`not a ${format} record: missing event_type`);
  const ts = requireTimestamp(eve, TIMESTAMP_FIELDS);
  const parsed: ParsedRecord =
    eventType !== 'alert'
      ? { kind: 'event', event: { ts, source: 'suricata', format, eventType, raw } }
      : { kind: 'alert', alert: suricataAlert(eve, ts, format, raw) };
  // The shipped copy of a line is the same record as the line itself.
  if (original !== null) parsed.identity = original;
  return parsed;
}

/**
 * The EVE record a document holds: itself, or for a shipped document the
 * original line (when kept) or `suricata.eve` with the fields ECS moved out put
 * back. `original` is the original line's text.
 */
function eveRecord(doc: JsonObject): { eve: JsonObject; original: string | null } {
  const shipped = shippedEve(doc);
  if (shipped === null) return { eve: doc, original: null };
  const event = isObject(doc.event) ? doc.event : {};
  const original = typeof event.original === 'string' ? event.original : null;
  if (original !== null) {
    try {
      const eve: unknown = JSON.parse(original);
      if (isObject(eve) && typeof eve.event_type === 'string') return { eve: { host: doc.host, ...eve }, original };
    } catch {
      // not the EVE line after all: read the shipped fields
    }
  }
  const source = isObject(doc.source) ? doc.source : {};
  const destination = isObject(doc.destination) ? doc.destination : {};
  const network = isObject(doc.network) ? doc.network : {};
  const rule = isObject(doc.rule) ? doc.rule : {};
  const url = isObject(doc.url) ? doc.url : {};
  const tls = isObject(doc.tls) && isObject(doc.tls.client) ? doc.tls.client : {};
  const dns = isObject(doc.dns) && isObject(doc.dns.question) ? doc.dns.question : {};
  const eve: JsonObject = {
    ...shipped,
    timestamp: shipped.timestamp ?? doc['@timestamp'],
    src_ip: shipped.src_ip ?? source.ip ?? source.address,
    src_port: shipped.src_port ?? source.port,
    dest_ip: shipped.dest_ip ?? destination.ip ?? destination.address,
    dest_port: shipped.dest_port ?? destination.port,
    proto: shipped.proto ?? network.transport,
    host: shipped.host ?? doc.host,
    http: shipped.http ?? (url.original !== undefined || url.domain !== undefined ? { url: url.original ?? url.path, hostname: url.domain } : undefined),
    tls: shipped.tls ?? (tls.server_name !== undefined ? { sni: tls.server_name } : undefined),
    dns: shipped.dns ?? (dns.name !== undefined ? { rrname: dns.name } : undefined),
  };
  if (shipped.event_type === 'alert') {
    // ECS copies (or moves) the signature to rule.* and the priority to event.severity.
    eve.alert = { signature: rule.name, signature_id: rule.id, category: rule.category, severity: event.severity, ...(isObject(shipped.alert) ? shipped.alert : {}) };
  }
  return { eve, original: null };
}

function suricataAlert(doc: JsonObject, ts: number, format: ImportFormat, raw: string): NormalizedAlert {
  const alert = doc.alert;
  if (!isObject(alert)) throw new RecordError("missing 'alert' object (event_type is 'alert')");
  const severityValue = alert.severity;
  const priority = toNumber(severityValue);
  if (severityValue !== undefined && severityValue !== null && (priority === null || !Number.isInteger(priority) || priority < 1 || priority > 255)) {
    throw new RecordError(`invalid alert.severity '${preview(severityValue)}' (expected a priority, a whole number 1–255: 1 high, 2 medium, 3 low, 4 and above info)`);
  }
  const sid = text(alert.signature_id);
  const ruleId = sid === null ? null : `${text(alert.gid) ?? '1'}:${sid}:${text(alert.rev) ?? '0'}`;
  const signature = text(alert.signature);
  const http = isObject(doc.http) ? doc.http : {};
  const src = addressField(doc.src_ip);
  const dst = addressField(doc.dest_ip);
  const metadata = isObject(alert.metadata) ? alert.metadata : {};
  // ICMP has types and codes, not ports (Suricata writes port 0, or nothing).
  const icmp = /^(?:ipv6-)?icmp$/i.test(text(doc.proto) ?? '');
  const srcPort = icmp ? null : (toPort(doc.src_port) ?? src.port);
  const dstPort = icmp ? null : (toPort(doc.dest_port) ?? dst.port);
  const url = httpUrl(http);
  return {
    ts,
    source: 'suricata',
    format,
    ruleId,
    ruleName: signature,
    ruleLevel: priority,
    title: signature ?? (ruleId !== null ? `Suricata alert ${ruleId}` : 'Suricata alert'),
    message: flowMessage(doc, { ip: src.ip, port: srcPort }, { ip: dst.ip, port: dstPort }, icmp, url),
    severity: capBySignatureSeverity(suricataSeverity(priority), metadata.signature_severity),
    category: text(alert.category),
    user: null,
    host: sensorName(doc.host),
    srcIp: src.ip,
    srcPort,
    dstIp: dst.ip,
    dstPort,
    process: null,
    fileHash: fileHash(doc),
    url,
    domain: firstName(http.hostname, isObject(doc.tls) ? doc.tls.sni : undefined, dnsName(doc.dns)),
    mitre: mitreIds(metadata.mitre_technique_id, metadata.mitre_attack),
    assetTier: null,
    raw,
  };
}

/**
 * What the alert saw, on one line: the flow, what it carried, and whether
 * Suricata (inline, as an IPS) blocked it, e.g.
 * `TCP 10.0.0.5:52484 → 10.0.0.9:80 · http GET http://a.example/x · blocked`.
 * ICMP has a type and code instead of ports. Null when the record names no
 * address, protocol or application data.
 */
function flowMessage(doc: JsonObject, source: Endpoint, destination: Endpoint, icmp: boolean, url: string | null): string | null {
  const parts: string[] = [];
  const from = endpointText(source);
  const to = endpointText(destination);
  const proto = text(doc.proto)?.toUpperCase() ?? null;
  const flow = from !== null || to !== null ? `${from ?? '?'} → ${to ?? '?'}` : null;
  if (proto !== null || flow !== null) parts.push([proto, flow].filter((p) => p !== null).join(' '));
  const icmpType = toNumber(doc.icmp_type);
  if (icmp && icmpType !== null) parts.push(`type ${icmpType} code ${toNumber(doc.icmp_code) ?? 0}`);
  const http = isObject(doc.http) ? doc.http : null;
  const tls = isObject(doc.tls) ? doc.tls : null;
  const query = dnsName(doc.dns);
  if (http !== null && (url !== null || text(http.http_method) !== null)) {
    parts.push(['http', text(http.http_method), url, toNumber(http.status)].filter((p) => p !== null).join(' '));
  } else if (tls !== null && text(tls.sni) !== null) {
    parts.push(`tls ${text(tls.sni)}`);
  } else if (query !== null) {
    parts.push(`dns ${query}`);
  } else {
    const app = text(doc.app_proto);
    if (app !== null && app !== 'failed') parts.push(app);
  }
  const action = isObject(doc.alert) ? text(doc.alert.action) : null;
  if (action !== null && action.toLowerCase() === 'blocked') parts.push('blocked');
  return parts.length > 0 ? oneLine(parts.join(' · ')) : null;
}

/**
 * Emerging Threats rules say how much a hit matters in `signature_severity`,
 * apart from the classtype's priority: many policy rules ("Potential
 * Corporate Privacy Violation") have priority 1 but are Informational. Such a
 * rule is at most low, a Minor one at most medium.
 */
function capBySignatureSeverity(severity: Severity, signatureSeverity: unknown): Severity {
  const levels = stringList(signatureSeverity).map((level) => level.toLowerCase());
  const cap: Severity | null = levels.includes('informational') ? 'low' : levels.includes('minor') ? 'medium' : null;
  return cap !== null && severityRank(severity) > severityRank(cap) ? SEVERITIES[severityRank(cap)]! : severity;
}

/** The requested URL, qualified with its Host; libhtp's placeholder for a missing request line is no URL. */
function httpUrl(http: JsonObject): string | null {
  const url = text(http.url);
  if (url === null || url.startsWith('/libhtp::') || /[\u0000-\u001f]/.test(url)) return null;
  return qualifiedUrl(url, http.hostname, http.http_port);
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
