/**
 * Graylog events: what an event definition (a filter, an aggregation, a
 * correlation) writes when it fires, with `alert: true` when it is to be
 * notified. Read in the shapes an analyst meets:
 * - the event document itself, as stored in the `gl-events_*` and
 *   `gl-system-events_*` indices;
 * - an HTTP notification's body (`event_definition_title`, `event`,
 *   `backlog`), as Graylog POSTs it, for example to the ingest endpoint;
 * - the events search API's response (`{"events": [{"event": {…},
 *   "index_name": …}], "total_events": …}`), unpacked hit by hit.
 *
 * What the event is about is in its custom fields (`fields`) and the values it
 * was grouped by (`group_by_fields`), under names each team chooses; the usual
 * ones (`source_ip`, `username`, …) are read. Graylog's own `source` is the
 * Graylog node that raised the event, not a host involved.
 */
import type { ImportFormat, NormalizedAlert, ParsedRecord, Severity } from '../../../shared/domain';
import {
  RecordError,
  addressField,
  fieldPath,
  firstName,
  hashValue,
  isObject,
  mitreIds,
  preview,
  requireTimestamp,
  text,
  toNumber,
  toPort,
  type JsonObject,
} from './common';

/** An event document, or a notification body that carries one. */
export function isGraylogEvent(doc: JsonObject): boolean {
  if (typeof doc.event_definition_id !== 'string') return false;
  return isObject(doc.event) || 'priority' in doc || 'event_definition_type' in doc;
}

/**
 * An event's id (a ULID, unique per event): the notification about an event
 * and the event as stored are one alert.
 */
export function graylogIdentity(doc: JsonObject): string | undefined {
  const id = text(eventOf(doc).id);
  return id === null ? undefined : `graylog-event\u0000${id}`;
}

function eventOf(doc: JsonObject): JsonObject {
  return isObject(doc.event) && typeof doc.event_definition_id === 'string' ? doc.event : doc;
}

/** Graylog's priorities: 0 info, 1 low, 2 medium (called normal before 6.0), 3 high, 4 critical. */
const PRIORITIES: readonly Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

export function graylogSeverity(value: unknown): Severity {
  if (value === undefined || value === null) return 'medium';
  const priority = toNumber(value);
  if (priority === null || !Number.isInteger(priority) || priority < 0 || priority > 4) {
    throw new RecordError(`invalid priority '${preview(value)}' (expected 0 info, 1 low, 2 medium, 3 high or 4 critical)`);
  }
  return PRIORITIES[priority]!;
}

/** Field names teams give what an event is about, compared without case, `.`, `-` or `_`. */
const NAMES = {
  user: ['user', 'username', 'userid', 'srcuser', 'sourceuser', 'targetuser', 'targetusername', 'account', 'accountname', 'subjectusername'],
  host: ['host', 'hostname', 'computer', 'computername', 'agentname', 'device', 'devicename'],
  srcIp: ['sourceip', 'srcip', 'sourceaddress', 'srcaddr', 'clientip', 'remoteip', 'ipaddress', 'ip'],
  srcPort: ['sourceport', 'srcport', 'clientport'],
  dstIp: ['destinationip', 'dstip', 'destip', 'destinationaddress', 'dstaddr', 'serverip'],
  dstPort: ['destinationport', 'dstport', 'destport', 'serverport'],
  process: ['processpath', 'processname', 'process', 'image', 'executable'],
  hash: ['sha256', 'filehash', 'hash', 'sha1', 'md5'],
  url: ['url', 'httpurl', 'requesturl'],
  domain: ['dnsquery', 'queryname', 'httphost', 'urldomain', 'domainname'],
  mitre: ['mitretechniqueid', 'mitretechnique', 'mitreattackid', 'mitreid', 'techniqueid', 'mitre'],
} as const;

type Fields = ReadonlyMap<string, unknown>;

/** One lookup over the event's fields, its group-by values and (in a notification) the first message behind it. */
function fieldsOf(doc: JsonObject, event: JsonObject): Fields {
  const fields = new Map<string, unknown>();
  const add = (source: unknown) => {
    if (!isObject(source)) return;
    for (const [name, value] of Object.entries(source)) {
      const key = name.toLowerCase().replace(/[._-]/g, '');
      if (!fields.has(key)) fields.set(key, value);
    }
  };
  add(event.group_by_fields);
  add(event.fields);
  const first = Array.isArray(doc.backlog) ? doc.backlog[0] : undefined;
  if (isObject(first)) {
    add(first.fields);
    // A message's `source` is the host that sent it.
    if (!fields.has('host') && text(first.source) !== null) fields.set('host', first.source);
  }
  return fields;
}

/**
 * The first of `names` the fields hold; failing that, a field whose name ends
 * in one of `suffixes` (`winlogbeat_host_name`, `target_user_name`).
 */
function pick(fields: Fields, names: readonly string[], suffixes: readonly string[] = []): string | null {
  for (const name of names) {
    const value = text(fields.get(name));
    if (value !== null) return value;
  }
  for (const [name, value] of fields) {
    if (suffixes.some((suffix) => name.endsWith(suffix))) {
      const found = text(value);
      if (found !== null) return found;
    }
  }
  return null;
}

const TIMESTAMP_FIELDS = [fieldPath('timestamp'), fieldPath('timerange_end'), fieldPath('timestamp_processing')];

/** The type of the event Graylog makes up when an analyst tests a notification. */
const TEST_EVENT_TYPE = 'notification-test-v1';

/**
 * An event marked `alert: true` (or saying nothing) is an alert. One an event
 * definition raised without notifying (`alert: false`, a building block of a
 * correlation) and a notification test's made-up event are kept as events, as
 * Suricata's non-alert records are.
 */
export function normalizeGraylog(doc: JsonObject, format: ImportFormat, raw: string, definitionTitles?: ReadonlyMap<string, string>): ParsedRecord {
  if (!isGraylogEvent(doc)) throw new RecordError(`not a ${format} record: expected event_definition_id and priority, or a notification's event`);
  const event = eventOf(doc);
  const ts = requireTimestamp(event, TIMESTAMP_FIELDS);
  const identity = graylogIdentity(doc);
  // "Execute Test Notification" sends a made-up event of this type: proof the endpoint is reached, not an alert.
  const type = text(doc.event_definition_type) ?? text(event.event_definition_type);
  if (event.alert === false || type === TEST_EVENT_TYPE) {
    return { kind: 'event', event: { ts, source: 'graylog', format, eventType: type ?? 'event', raw }, identity };
  }
  return { kind: 'alert', alert: graylogAlert(doc, event, ts, format, raw, definitionTitles), identity };
}

function graylogAlert(doc: JsonObject, event: JsonObject, ts: number, format: ImportFormat, raw: string, definitionTitles?: ReadonlyMap<string, string>): NormalizedAlert {
  const fields = fieldsOf(doc, event);
  const message = text(event.message);
  // A notification carries its definition's title; the events search names each definition in its context.
  const definitionId = text(doc.event_definition_id) ?? text(event.event_definition_id);
  const definitionTitle = text(doc.event_definition_title) ?? (definitionId === null ? null : (definitionTitles?.get(definitionId) ?? null));
  const title = definitionTitle ?? message ?? 'Graylog event';
  const src = addressField(pick(fields, NAMES.srcIp, ['sourceip', 'srcip']));
  const dst = addressField(pick(fields, NAMES.dstIp, ['destinationip', 'dstip']));
  let fileHash: string | null = null;
  for (const name of NAMES.hash) fileHash ??= hashValue(fields.get(name));
  return {
    ts,
    source: 'graylog',
    format,
    ruleId: definitionId,
    // The definition's title where the record carries it (a notification); a stored event has only its message.
    ruleName: definitionTitle,
    ruleLevel: toNumber(event.priority),
    title,
    message: message === title ? null : message,
    severity: graylogSeverity(event.priority),
    category: text(doc.event_definition_type) ?? text(event.event_definition_type),
    user: pick(fields, NAMES.user, ['username']),
    host: pick(fields, NAMES.host, ['hostname']),
    srcIp: src.ip,
    srcPort: toPort(pick(fields, NAMES.srcPort)) ?? src.port,
    dstIp: dst.ip,
    dstPort: toPort(pick(fields, NAMES.dstPort)) ?? dst.port,
    process: pick(fields, NAMES.process),
    fileHash,
    url: pick(fields, NAMES.url),
    domain: firstName(pick(fields, NAMES.domain)),
    mitre: mitreIds(...NAMES.mitre.map((name) => fields.get(name))),
    assetTier: null,
    raw,
  };
}
