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
import { severityRank, type ImportFormat, type NormalizedAlert, type Severity } from '../../../shared/domain';
import {
  RecordError,
  addressField,
  firstName,
  firstText,
  hashValue,
  isObject,
  mitreIds,
  oneLine,
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
import { isSystemBinary } from '../os-programs';

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
export function ecsText(doc: JsonObject, ...names: string[]): string | null {
  for (const name of names) {
    const value = ecsField(doc, name);
    const found = Array.isArray(value) ? firstText(...value) : text(value);
    if (found !== null) return found;
  }
  return null;
}

/** ECS fields may hold one value or a list of them (`host.ip`, `event.category`). */
export function asList(value: unknown): unknown[] {
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
 * (`kibana.alert.uuid`, which is also its document id); for a 7.x signal, its
 * rule and the event it matched (its text changes when an analyst triages it
 * in Kibana: `signal.status`). Undefined for other ECS alerts, whose own text
 * identifies them.
 */
export function elasticIdentity(doc: JsonObject): string | undefined {
  const uuid = ecsText(doc, 'kibana.alert.uuid');
  if (uuid !== null) return `elastic-alert\u0000${uuid}`;
  const rule = ecsText(doc, 'signal.rule.id');
  const parent = ecsText(doc, 'signal.parent.id');
  return rule === null || parent === null ? undefined : `elastic-signal\u0000${rule}\u0000${parent}`;
}

/** `event.module` values that name a product less clearly than its own name. */
const MODULE_SOURCES: Readonly<Record<string, string>> = { endpoint: 'elastic-defend' };

/** The file the alert is about, else the process's own image unless it is a system binary. */
function alertHash(doc: JsonObject): string | null {
  const executable = ecsText(doc, 'process.executable');
  const processHash = isSystemBinary(executable) ? [] : ['process.hash.sha256', 'process.hash.sha1', 'process.hash.md5'];
  for (const name of ['file.hash.sha256', 'file.hash.sha1', 'file.hash.md5', ...processHash]) {
    const hash = hashValue(ecsText(doc, name));
    if (hash !== null) return hash;
  }
  return null;
}

/**
 * What the alert says, then what it is about when its words don't name it:
 * the file (a malware alert names only its rule) and the command line, on
 * one line, e.g. `Malware Prevention Alert · file C:\Users\…\upd.exe`.
 */
export function alertMessage(doc: JsonObject, said: string | null): string | null {
  const parts = said === null ? [] : [said];
  const file = ecsText(doc, 'file.path', 'file.name');
  if (file !== null && !(said ?? '').includes(file)) parts.push(`file ${file}`);
  const commandLine = ecsText(doc, 'process.command_line');
  if (commandLine !== null && !(said ?? '').includes(commandLine)) parts.push(`command ${commandLine}`);
  return parts.length > 0 ? oneLine(parts.join(' · ')) : null;
}

/** Severity words: the rule's labels, and the `log.level` words products write. */
const SEVERITY_WORDS: Readonly<Record<string, Severity>> = {
  debug: 'info',
  informational: 'info',
  info: 'info',
  notice: 'info',
  low: 'low',
  medium: 'medium',
  moderate: 'medium',
  warning: 'medium',
  warn: 'medium',
  high: 'high',
  error: 'high',
  critical: 'critical',
  alert: 'critical',
  emergency: 'critical',
};

/** A severity word (`high`, Sigma's `informational`, `log.level`'s `warning`, …) on the five-step scale; undefined for any other word. */
export function severityWord(word: string | null): Severity | undefined {
  return SEVERITY_WORDS[word?.toLowerCase() ?? ''];
}

/**
 * ECS `event.severity` is each product's own number. The integrations that
 * write small ones mostly count down (PAN-OS: 1 critical … 5 informational;
 * syslog: 0 emergency), so a small number is read only for a module known to
 * use it that way; above 10 it is a 0–100 risk score (Elastic Defend).
 */
const DESCENDING_SEVERITY: Readonly<Record<string, readonly Severity[]>> = {
  panw: ['critical', 'critical', 'high', 'medium', 'low', 'info'],
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
 * risk score, the `log.level` word, ECS `event.severity` (a risk score above
 * 10; a small number only for a module known to count it down). Medium when
 * the alert says nothing readable: an unknown label is passed over, never a
 * reason to refuse the alert. `level` is the number it came from.
 */
export function elasticSeverity(doc: JsonObject, prefix: string | null): { severity: Severity; level: number | null } {
  const scores = prefix === null ? ['event.risk_score'] : [`${prefix}.risk_score`, `${prefix}.rule.risk_score`, 'event.risk_score'];
  const score = firstNumber(doc, scores);
  const labels = prefix === null ? ['log.level'] : [`${prefix}.severity`, `${prefix}.rule.severity`];
  for (const name of labels) {
    const severity = severityWord(ecsText(doc, name));
    if (severity !== undefined) return { severity, level: score };
  }
  if (score !== null) return { severity: riskSeverity(score), level: score };
  const eventSeverity = toNumber(ecsField(doc, 'event.severity'));
  if (eventSeverity === null || eventSeverity < 0) return { severity: 'medium', level: null };
  if (eventSeverity > 10) return { severity: riskSeverity(Math.min(eventSeverity, 100)), level: eventSeverity };
  const descending = DESCENDING_SEVERITY[ecsText(doc, 'event.module')?.toLowerCase() ?? ''];
  return { severity: descending?.[Math.round(eventSeverity)] ?? 'medium', level: eventSeverity };
}

function firstNumber(doc: JsonObject, names: readonly string[]): number | null {
  for (const name of names) {
    const value = toNumber(ecsField(doc, name));
    if (value !== null && value >= 0 && value <= 100) return value;
  }
  return null;
}

/**
 * ATT&CK techniques from the rule's `threat` list and from ECS `threat`: each
 * a list (or one object) of `{tactic, technique: [{id, subtechnique: [{id}]}]}`,
 * where an id may itself be a list (`threat.technique.id: ["T1059"]`).
 * Sub-techniques are listed where given, as they name what was seen more
 * precisely; their parent is implied.
 */
export function threatTechniques(doc: JsonObject, prefix: string | null): string[] {
  const ids: unknown[] = [];
  const threats = [...(prefix === null ? [] : asList(ecsField(doc, `${prefix}.rule.threat`))), ...asList(ecsField(doc, 'threat'))];
  for (const threat of threats) {
    if (!isObject(threat)) continue;
    for (const technique of asList(ecsField(threat, 'technique'))) {
      if (!isObject(technique)) continue;
      const subtechniques = asList(ecsField(technique, 'subtechnique')).filter(isObject);
      const subIds = subtechniques.flatMap((sub) => asList(sub.id));
      ids.push(...(subIds.length > 0 ? subIds : asList(technique.id)));
    }
  }
  // Dotted at the top level: `"threat.technique.id": ["T1059"]`.
  ids.push(...asList(ecsField(doc, 'threat.technique.subtechnique.id')), ...asList(ecsField(doc, 'threat.technique.id')));
  return mitreIds(ids);
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
  const rated = elasticSeverity(doc, prefix);
  // A building-block rule's alerts are evidence for other rules, hidden in Kibana by default: at most low here.
  const buildingBlock = prefix === 'kibana.alert' && ecsText(doc, 'kibana.alert.building_block_type') !== null;
  const severity = buildingBlock && severityRank(rated.severity) > severityRank('low') ? 'low' : rated.severity;
  const level = rated.level;
  const said = prefix === null ? ecsText(doc, 'message') : ecsText(doc, `${prefix}.reason`, 'message');
  const saidLine = said === null ? null : oneLine(said);
  const title = ruleName ?? saidLine ?? ecsText(doc, 'event.action') ?? (prefix === null ? 'Elastic alert' : 'Elastic Security alert');
  const words = saidLine === title ? null : saidLine;
  const message = alertMessage(doc, buildingBlock ? ['building block', words].filter((part) => part !== null).join(' · ') : words);
  const module = ecsText(doc, 'event.module', 'event.provider')?.toLowerCase() ?? null;

  return {
    ts,
    source: prefix === null && module !== null ? (MODULE_SOURCES[module] ?? module) : 'elastic',
    format,
    ruleId,
    ruleName,
    ruleLevel: level,
    title,
    message,
    severity,
    ...ecsSubjects(doc),
    host: ecsText(doc, 'host.name', 'host.hostname', 'observer.name'),
    mitre: threatTechniques(doc, prefix),
    assetTier: null,
    raw,
  };
}

/** What an ECS alert is about, read from ECS's own fields: every ECS-shaped format reads them the same way. */
export type EcsSubjects = Pick<NormalizedAlert, 'category' | 'user' | 'srcIp' | 'srcPort' | 'dstIp' | 'dstPort' | 'process' | 'fileHash' | 'url' | 'domain'>;

export function ecsSubjects(doc: JsonObject): EcsSubjects {
  const src = addressField(ecsText(doc, 'source.ip', 'client.ip', 'source.address'));
  const dst = addressField(ecsText(doc, 'destination.ip', 'server.ip', 'destination.address'));
  const url = ecsText(doc, 'url.full', 'url.original');
  const category = stringList(ecsField(doc, 'event.category'));
  return {
    category: category.length > 0 ? category.join(',') : null,
    user: ecsText(doc, 'user.name', 'user.target.name'),
    srcIp: src.ip,
    srcPort: toPort(ecsField(doc, 'source.port')) ?? toPort(ecsField(doc, 'client.port')) ?? src.port,
    dstIp: dst.ip,
    dstPort: toPort(ecsField(doc, 'destination.port')) ?? toPort(ecsField(doc, 'server.port')) ?? dst.port,
    process: ecsText(doc, 'process.executable', 'process.name'),
    fileHash: alertHash(doc),
    url: url === null ? null : qualifiedUrl(url, ecsField(doc, 'url.domain'), ecsField(doc, 'url.port')),
    domain: firstName(ecsText(doc, 'url.domain'), ecsText(doc, 'dns.question.name'), ecsText(doc, 'destination.domain'), ecsText(doc, 'tls.client.server_name')),
  };
}
