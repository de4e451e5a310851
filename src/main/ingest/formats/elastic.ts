/**
 * Elastic alerts, in the Elastic Common Schema (ECS):
 * - Elastic Security detection alerts (8.x: `kibana.alert.*`, from the
 *   `.alerts-security.alerts-*` indices or the detection engine's search API)
 *   and their 7.x predecessors, signals (`signal.rule.*`). The rule's fields
 *   are usually dotted keys at the top level and the matched event's ECS fields
 *   nested, but any mix of the two is read.
 * - Any other ECS document whose `event.kind` is `alert` or `signal`: what
 *   Elastic Defend and the Elastic Agent integrations (CrowdStrike, Microsoft
 *   Defender, Palo Alto, …) write for the alerts of their products.
 *
 * A Suricata alert shipped by Filebeat is also `event.kind: alert`; it is read
 * by the Suricata parser, which knows EVE's fields.
 */
import type { ImportFormat, NormalizedAlert, Severity } from '../../../shared/domain';
import {
  RecordError,
  addressField,
  firstName,
  firstText,
  hashValue,
  isObject,
  mitreIds,
  fieldPath,
  preview,
  requireTimestamp,
  qualifiedUrl,
  stringList,
  text,
  toNumber,
  toPort,
  type JsonObject,
} from './common';

/**
 * A field by its ECS name, wherever the document puts the dots: nested
 * (`{"host": {"name": …}}`), dotted (`{"host.name": …}`), or partly each
 * (`{"kibana.alert": {"rule": {…}}}`). The whole dotted name is tried first.
 */
export function ecsField(doc: JsonObject, name: string): unknown {
  if (name in doc) return doc[name];
  for (const [head, rest] of splitsOf(name)) {
    const value = doc[head];
    if (isObject(value)) {
      const found = ecsField(value, rest);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** Every way to cut a dotted name in two (`a.b.c` → `a`+`b.c`, `a.b`+`c`), kept: detection reads the same few names for every record. */
const SPLITS = new Map<string, ReadonlyArray<readonly [string, string]>>();

function splitsOf(name: string): ReadonlyArray<readonly [string, string]> {
  let splits = SPLITS.get(name);
  if (splits === undefined) {
    const cuts: Array<readonly [string, string]> = [];
    for (let dot = name.indexOf('.'); dot !== -1; dot = name.indexOf('.', dot + 1)) cuts.push([name.slice(0, dot), name.slice(dot + 1)]);
    splits = cuts;
    if (SPLITS.size < 1024) SPLITS.set(name, splits);
  }
  return splits;
}

/** The first meaningful string among the fields `names`. */
function ecsText(doc: JsonObject, ...names: string[]): string | null {
  for (const name of names) {
    const value = ecsField(doc, name);
    const found = Array.isArray(value) ? firstText(...value) : text(value);
    if (found !== null) return found;
  }
  return null;
}

/** ECS fields may hold one value or a list of them (`host.ip`, `event.category`). */
function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

/** The detection rule's namespace: 8.x alerts' `kibana.alert`, 7.x signals' `signal`; null for other ECS alerts. */
function detectionPrefix(doc: JsonObject): 'kibana.alert' | 'signal' | null {
  if (ecsText(doc, 'kibana.alert.rule.name', 'kibana.alert.rule.uuid') !== null) return 'kibana.alert';
  if (ecsText(doc, 'signal.rule.name', 'signal.rule.id') !== null) return 'signal';
  return null;
}

/** An Elastic Security detection alert or signal: read before any format its matched event is in. */
export function isElasticDetection(doc: JsonObject): boolean {
  return mayBeDetection(doc) && detectionPrefix(doc) !== null;
}

/**
 * False when no key a detection alert's rule could be under is present: the
 * cheap test every record of every format goes through (written out, so each
 * lookup is of a constant key).
 */
function mayBeDetection(doc: JsonObject): boolean {
  return (
    doc.kibana !== undefined ||
    doc['kibana.alert'] !== undefined ||
    doc['kibana.alert.rule'] !== undefined ||
    doc['kibana.alert.rule.name'] !== undefined ||
    doc['kibana.alert.rule.uuid'] !== undefined ||
    doc.signal !== undefined ||
    doc['signal.rule'] !== undefined ||
    doc['signal.rule.name'] !== undefined ||
    doc['signal.rule.id'] !== undefined
  );
}

/** Any other ECS document that says it is an alert. */
export function isEcsAlert(doc: JsonObject): boolean {
  const kind = ecsText(doc, 'event.kind')?.toLowerCase();
  return kind === 'alert' || kind === 'signal';
}

/**
 * What identifies a detection alert wherever it was saved: its uuid
 * (`kibana.alert.uuid`, which is also its document id). Undefined for signals
 * and other ECS alerts, whose own text identifies them.
 */
export function elasticIdentity(doc: JsonObject): string | undefined {
  const uuid = ecsText(doc, 'kibana.alert.uuid');
  return uuid === null ? undefined : `elastic-alert\u0000${uuid}`;
}

const SEVERITY_LABELS: Readonly<Record<string, Severity>> = {
  informational: 'info',
  info: 'info',
  low: 'low',
  medium: 'medium',
  moderate: 'medium',
  high: 'high',
  critical: 'critical',
};

/**
 * A 0–100 risk score in Elastic's bands: 0–21 low, 22–47 medium, 48–73 high,
 * 74–100 critical.
 */
function riskSeverity(score: number): Severity {
  if (score < 22) return 'low';
  if (score < 48) return 'medium';
  if (score < 74) return 'high';
  return 'critical';
}

/**
 * Severity, from the first of: the rule's label (`low` … `critical`), a 0–100
 * risk score, ECS `event.severity` (the product's own number: read as a risk
 * score above 10 and on a 0–10 scale like CVSS otherwise), `log.level`.
 * Medium when the alert says nothing. `level` is the number it came from.
 */
export function elasticSeverity(doc: JsonObject, prefix: string | null): { severity: Severity; level: number | null } {
  const names = prefix === null ? ['event.risk_score'] : [`${prefix}.severity`, `${prefix}.rule.severity`, `${prefix}.risk_score`, `${prefix}.rule.risk_score`, 'event.risk_score'];
  const score = firstNumber(doc, names.filter((name) => !name.endsWith('.severity')));
  for (const name of names) {
    if (!name.endsWith('.severity')) continue;
    const label = ecsText(doc, name)?.toLowerCase();
    if (label === undefined) continue;
    const severity = SEVERITY_LABELS[label];
    if (severity === undefined) throw new RecordError(`unrecognised severity '${preview(label)}' in field '${name}' (expected low, medium, high or critical)`);
    return { severity, level: score };
  }
  if (score !== null) return { severity: riskSeverity(score), level: score };
  const eventSeverity = toNumber(ecsField(doc, 'event.severity'));
  if (eventSeverity !== null && eventSeverity >= 0) {
    if (eventSeverity > 10) return { severity: riskSeverity(Math.min(eventSeverity, 100)), level: eventSeverity };
    return { severity: eventSeverity === 0 ? 'info' : eventSeverity < 4 ? 'low' : eventSeverity < 7 ? 'medium' : eventSeverity < 9 ? 'high' : 'critical', level: eventSeverity };
  }
  const logLevel = ecsText(doc, 'log.level')?.toLowerCase();
  const fromLog = logLevel === undefined ? undefined : LOG_LEVELS[logLevel];
  return { severity: fromLog ?? 'medium', level: null };
}

const LOG_LEVELS: Readonly<Record<string, Severity>> = {
  debug: 'info',
  info: 'info',
  notice: 'info',
  warning: 'medium',
  warn: 'medium',
  error: 'high',
  critical: 'critical',
  alert: 'critical',
  emergency: 'critical',
};

function firstNumber(doc: JsonObject, names: readonly string[]): number | null {
  for (const name of names) {
    const value = toNumber(ecsField(doc, name));
    if (value !== null && value >= 0 && value <= 100) return value;
  }
  return null;
}

/**
 * ATT&CK techniques from the rule's `threat` list (`[{tactic, technique:
 * [{id, subtechnique: [{id}]}]}]`) and from ECS `threat.technique.id` /
 * `threat.technique.subtechnique.id`. Sub-techniques are listed, as they name
 * what was seen more precisely; their parent is implied.
 */
function techniques(doc: JsonObject, prefix: string | null): string[] {
  const ids: unknown[] = [];
  const threats = prefix === null ? undefined : ecsField(doc, `${prefix}.rule.threat`);
  for (const threat of asList(threats)) {
    if (!isObject(threat)) continue;
    for (const technique of asList(threat.technique)) {
      if (!isObject(technique)) continue;
      const subtechniques = asList(technique.subtechnique).filter(isObject);
      if (subtechniques.length > 0) ids.push(...subtechniques.map((sub) => sub.id));
      else ids.push(technique.id);
    }
  }
  ids.push(ecsField(doc, 'threat.technique.subtechnique.id'), ecsField(doc, 'threat.technique.id'));
  return mitreIds(...ids.map((id) => (Array.isArray(id) ? id : [id])));
}

/** Messages are one line an analyst scans. */
function oneLine(value: string | null): string | null {
  if (value === null) return null;
  const clean = value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return clean.length <= 500 ? clean : `${clean.slice(0, 499)}…`;
}

export function normalizeElastic(doc: JsonObject, format: ImportFormat, raw: string): NormalizedAlert {
  const prefix = detectionPrefix(doc);
  if (prefix === null && !isEcsAlert(doc)) {
    throw new RecordError(`not an ${format} record: expected kibana.alert.rule.name, signal.rule.name or event.kind 'alert'`);
  }
  // A detection alert's @timestamp is when its rule ran; the time of the event it matched is what happened.
  const timeFields = prefix === null ? ['@timestamp', 'event.created'] : [`${prefix}.original_time`, '@timestamp'];
  const ts = requireTimestamp(doc, timeFields.map(fieldPath), (d, field) => ecsField(d, field.name));

  const ruleName = prefix === null ? ecsText(doc, 'rule.name') : ecsText(doc, `${prefix}.rule.name`);
  const ruleId =
    prefix === null
      ? ecsText(doc, 'rule.id', 'rule.uuid')
      : ecsText(doc, `${prefix}.rule.rule_id`, `${prefix}.rule.uuid`, `${prefix}.rule.id`);
  const { severity, level } = elasticSeverity(doc, prefix);
  const message = oneLine(prefix === null ? ecsText(doc, 'message') : ecsText(doc, `${prefix}.reason`, 'message'));
  const title = ruleName ?? message ?? ecsText(doc, 'event.action') ?? (prefix === null ? 'Elastic alert' : 'Elastic Security alert');
  const src = addressField(ecsText(doc, 'source.ip', 'client.ip', 'source.address'));
  const dst = addressField(ecsText(doc, 'destination.ip', 'server.ip', 'destination.address'));
  const url = ecsText(doc, 'url.full', 'url.original');
  const domain = firstName(ecsText(doc, 'url.domain'), ecsText(doc, 'dns.question.name'), ecsText(doc, 'destination.domain'), ecsText(doc, 'tls.client.server_name'));
  const category = stringList(ecsField(doc, 'event.category'));

  return {
    ts,
    source: prefix === null ? (ecsText(doc, 'event.module', 'event.provider') ?? 'elastic') : 'elastic',
    format,
    ruleId,
    ruleName,
    ruleLevel: level,
    title,
    message: message === title ? null : message,
    severity,
    category: category.length > 0 ? category.join(',') : null,
    user: ecsText(doc, 'user.name', 'user.target.name'),
    host: ecsText(doc, 'host.name', 'host.hostname', 'observer.name'),
    srcIp: src.ip,
    srcPort: toPort(ecsField(doc, 'source.port')) ?? toPort(ecsField(doc, 'client.port')) ?? src.port,
    dstIp: dst.ip,
    dstPort: toPort(ecsField(doc, 'destination.port')) ?? toPort(ecsField(doc, 'server.port')) ?? dst.port,
    process: ecsText(doc, 'process.executable', 'process.name'),
    fileHash:
      hashValue(ecsText(doc, 'file.hash.sha256')) ??
      hashValue(ecsText(doc, 'process.hash.sha256')) ??
      hashValue(ecsText(doc, 'file.hash.sha1')) ??
      hashValue(ecsText(doc, 'process.hash.sha1')) ??
      hashValue(ecsText(doc, 'file.hash.md5')) ??
      hashValue(ecsText(doc, 'process.hash.md5')),
    url: url === null ? null : qualifiedUrl(url, ecsField(doc, 'url.domain'), ecsField(doc, 'url.port')),
    domain,
    mitre: techniques(doc, prefix),
    assetTier: null,
    raw,
  };
}
