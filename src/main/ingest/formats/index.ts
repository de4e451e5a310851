/**
 * Record parsing for the importer: JSON text in, a normalised alert or event
 * out, or a RecordError whose message tells the analyst which field is wrong
 * and why. Pure and stateless, so it runs the same in worker threads.
 */
import type { ImportFormat, ParsedRecord } from '../../../shared/domain';
import { RecordError, isObject, type JsonObject } from './common';
import { elasticIdentity, isEcsAlert, isElasticDetection, normalizeElastic } from './elastic';
import { isGenericAlert, normalizeGeneric } from './generic';
import { isGraylogEvent, normalizeGraylog } from './graylog';
import { hitSourceText, type SearchContext } from './search-response';
import { isSuricataEve, normalizeSuricata } from './suricata';
import { hasWazuhRuleLevel, normalizeWazuh, wazuhIdentity } from './wazuh';
import { isEarlyWazuhFinding, isWazuhFinding, normalizeWazuhFinding, wazuhFindingIdentity } from './wazuh-finding';

export { RecordError } from './common';
export { parseTimestamp } from './timestamps';

const UNRECOGNISED =
  'unrecognised record format: expected a Wazuh alert (rule.level), a wazuh-alerts index document, a Wazuh 5 finding (wazuh.rule), ' +
  'a Suricata EVE record (event_type), an Elastic alert (kibana.alert.*, signal.* or event.kind: alert), ' +
  'a Graylog event (event_definition_id) or a generic alert (ts, alert_type)';

/**
 * Elasticsearch/OpenSearch search hits wrap the document in `_source`, and
 * Graylog's in `message` (beside the `index` it was found in) or, for its
 * events, `event` (beside `index_name`); the document
 * itself is what every format reads. So does a Wazuh active-response message
 * (what wazuh-execd hands a response script, and 4.2+ logs in
 * active-responses.log): the alert that triggered the response is in
 * `parameters.alert`, and is the same alert as its alerts.json line.
 */
export function unwrapHit(obj: JsonObject): { doc: JsonObject; isHit: boolean } {
  const source = obj._source;
  if (isObject(source)) return { doc: source, isHit: true };
  const message = obj.message;
  if (isObject(message) && typeof obj.index === 'string') return { doc: message, isHit: true };
  // Graylog's events search wraps each event in `event`, beside `index_name`.
  const event = obj.event;
  if (isObject(event) && typeof obj.index_name === 'string' && typeof event.event_definition_id === 'string') return { doc: event, isHit: true };
  const parameters = obj.parameters;
  if (isObject(parameters) && isObject(parameters.alert) && typeof obj.command === 'string' && isObject(obj.origin)) {
    return { doc: parameters.alert, isHit: false };
  }
  return { doc: obj, isHit: false };
}

/**
 * What an unrecognised record is, when it is one of the raw logs analysts
 * most often export next to their alerts, so its rejection says so: a
 * Windows event (NXLog, Winlogbeat, Log Analytics, Security-Datasets), a Zeek
 * log line, a Wazuh archived event, or another Log Analytics table row. Null when it is none of these.
 */
function logKind(doc: JsonObject): string | null {
  // A Wazuh 5 event: the normalized log a finding is made from, with the agent and integration that sent and decoded it.
  const wazuh = isObject(doc.wazuh) ? doc.wazuh : null;
  if (wazuh !== null && (isObject(wazuh.agent) || isObject(wazuh.integration) || isObject(wazuh.protocol) || isObject(wazuh.event))) {
    return 'a Wazuh 5 event (wazuh-events-v5-*; the alerts Wazuh 5 raises on it are its findings, in wazuh-findings-v5-*)';
  }
  const winlog = isObject(doc.winlog) ? doc.winlog : null;
  const eventId = doc.EventID ?? doc.EventId ?? doc.event_id ?? winlog?.event_id;
  const channel = doc.Channel ?? winlog?.channel;
  if ((typeof eventId === 'number' || typeof eventId === 'string') && (channel !== undefined || doc.Hostname !== undefined || doc.Computer !== undefined || winlog !== null)) {
    const where = typeof channel === 'string' ? `, ${channel.slice(0, 60)}` : '';
    return `a Windows event (event ${String(eventId).slice(0, 10)}${where})`;
  }
  if (typeof doc.uid === 'string' && 'id.orig_h' in doc) return 'a Zeek log line';
  const ecsKind = isObject(doc.event) ? doc.event.kind : doc['event.kind'];
  if (typeof ecsKind === 'string' && ecsKind !== 'alert' && ecsKind !== 'signal') return `an ECS ${ecsKind.slice(0, 20)} (event.kind: ${ecsKind.slice(0, 20)})`;
  // archives.json keeps every event the manager received; only those a rule fired on (with `rule`) are alerts.
  if (isObject(doc.agent) && isObject(doc.manager) && typeof doc.location === 'string' && doc.rule === undefined) {
    return 'a Wazuh archives.json event (no rule fired on it; its alerts are in alerts.json)';
  }
  if (typeof doc.TimeGenerated === 'string' && typeof doc.SourceSystem === 'string') {
    const message = typeof doc.SyslogMessage === 'string' ? doc.SyslogMessage : '';
    if (message.includes('<EventID>')) return 'a Sysmon event forwarded through syslog (Log Analytics)';
    if (/\baudit\(\d/.test(message)) return 'an auditd record forwarded through syslog (Log Analytics)';
    return 'a Log Analytics (Microsoft Sentinel) log row';
  }
  return null;
}

/** Which format a parsed record is in, or null when none fits. */
export function detectFormat(obj: Record<string, unknown>): ImportFormat | null {
  const { doc, isHit } = unwrapHit(obj);
  // A detection alert copies the fields of the event it matched, which may be a Wazuh or Suricata alert.
  if (isElasticDetection(doc)) return 'elastic-alert';
  if (isGraylogEvent(doc)) return 'graylog-event';
  if (hasWazuhRuleLevel(doc)) {
    const rule = doc.rule;
    const nested = isObject(rule);
    // An early 5.0 build's finding has its Sigma rule at the top level, its level a word (a 4.x alert's is a number).
    if (nested && typeof rule.level === 'string' && isEarlyWazuhFinding(doc)) return 'wazuh-finding';
    // alerts.json lines carry `rule` as an object and no `@timestamp`; the index
    // adds `@timestamp`, and Graylog flattens `rule` into `rule_level` & co.
    const indexed = isHit || '@timestamp' in doc || !nested;
    return indexed ? 'wazuh-index' : 'wazuh-alerts';
  }
  // Before the ECS readers: a finding copies the event it matched, which may say event.kind: alert.
  if (isWazuhFinding(doc)) return 'wazuh-finding';
  if (isSuricataEve(doc)) return 'suricata-eve';
  if (isEcsAlert(doc)) return 'elastic-alert';
  if (isGenericAlert(doc)) return 'generic';
  return null;
}

/**
 * Parses one record's text. With `forced`, detection is skipped and the
 * record must fit that format. `context`: what the search response a hit
 * came from says about its hits. `raw` in the result is `text` unchanged (never
 * re-stringified: Suricata flow ids exceed 2^53).
 */
export function parseRecord(text: string, forced?: ImportFormat, context?: SearchContext | null): ParsedRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new RecordError(`malformed JSON: ${(error as Error).message}`);
  }
  if (!isObject(value)) throw new RecordError('record is not a JSON object');
  const format = forced ?? detectFormat(value);
  const { doc, isHit } = unwrapHit(value);
  if (format === null) {
    const kind = logKind(doc);
    throw new RecordError(kind === null ? UNRECOGNISED : `${UNRECOGNISED}; this is ${kind}, a log record rather than an alert`);
  }
  const parsed = normalize(doc, format, text, context ?? null);
  if (isHit && parsed.identity === undefined) parsed.identity = hitSourceText(text) ?? undefined;
  return parsed;
}

function normalize(doc: JsonObject, format: ImportFormat, text: string, context: SearchContext | null): ParsedRecord {
  switch (format) {
    case 'wazuh-alerts':
    case 'wazuh-index':
      return { kind: 'alert', alert: normalizeWazuh(doc, format, text), identity: wazuhIdentity(doc) };
    case 'wazuh-finding':
      return { kind: 'alert', alert: normalizeWazuhFinding(doc, format, text), identity: wazuhFindingIdentity(doc) };
    case 'suricata-eve':
      return normalizeSuricata(doc, format, text);
    case 'graylog-event':
      return normalizeGraylog(doc, format, text, context?.definitionTitles);
    case 'elastic-alert':
      return { kind: 'alert', alert: normalizeElastic(doc, format, text), identity: elasticIdentity(doc) };
    case 'generic':
      return { kind: 'alert', alert: normalizeGeneric(doc, format, text) };
  }
}
