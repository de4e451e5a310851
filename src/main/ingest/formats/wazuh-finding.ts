/**
 * Wazuh 5 findings: what Wazuh 5 writes where 4.x wrote alerts. The Wazuh
 * indexer's detectors match the normalized events (`wazuh-events-v5-*`, in the
 * Wazuh Common Schema: ECS plus `wazuh.*`) against Sigma rules and write one
 * finding per event and matching rule to `wazuh-findings-v5-<category>`: the
 * event's document, copied whole (`event.original`, `source.*`, `user.*`,
 * `wazuh.agent.*`, …), with the rule in `wazuh.rule` (`id`, `title`, `level`
 * informational … critical, `tags`, `mitre`, `compliance`) and the event it
 * matched in `event.doc_id` and `event.index`. Read bare, as a search hit
 * (`_source`, unwrapped before this runs) or hit by hit from a saved search
 * response. Fields are read nested or dotted (`ecsField`).
 *
 * Findings of early 5.0 builds carry the rule at the top level instead
 * (`rule.title`, `rule.sigma_id`, `rule.level: "high"`), their `@timestamp`
 * being when the detector ran and the event's own in `event.ingested`; they
 * are read too.
 *
 * Shapes: wazuh/wazuh-indexer-security-analytics, WazuhEnrichedFindingService
 * and its tests (the document, its id from event.index, event.doc_id and
 * wazuh.rule.id), SigmaMitre (`mitre`); documentation.wazuh.com 5.0 (rules,
 * findings, "How Wazuh uses WCS fields").
 */
import type { ImportFormat, NormalizedAlert, Severity } from '../../../shared/domain';
import { RecordError, fieldPath, isObject, mitreIds, oneLine, requireTimestamp, stringList, type JsonObject } from './common';
import { alertMessage, asList, ecsField, ecsSubjects, ecsText, severityWord, threatTechniques } from './elastic';

/**
 * A Wazuh 5 finding: `wazuh.rule`, nested or dotted as some exports write it.
 * Only constant keys are looked up.
 */
export function isWazuhFinding(doc: JsonObject): boolean {
  const wazuh = doc.wazuh;
  // Nested (`wazuh.rule`), partly dotted within it (`wazuh: {"rule.id": …}`), or dotted at the top beside a nested `wazuh`.
  if (isObject(wazuh) && (isObject(wazuh.rule) || wazuh['rule.id'] !== undefined || wazuh['rule.title'] !== undefined)) return true;
  return doc['wazuh.rule'] !== undefined || doc['wazuh.rule.id'] !== undefined || doc['wazuh.rule.title'] !== undefined;
}

/**
 * An early 5.0 build's finding: a Sigma rule (a level word, a title or
 * sigma_id) at the top level, beside the event it matched. It has a
 * `rule.level`, as a 4.x alert does; a 4.x alert's is a number, and fails the
 * second lookup.
 */
export function isEarlyWazuhFinding(doc: JsonObject): boolean {
  const rule = doc.rule;
  if (!isObject(rule) || typeof rule.level !== 'string' || (rule.title === undefined && rule.sigma_id === undefined)) return false;
  const event = doc.event;
  return isObject(event) && event.doc_id !== undefined;
}

/** Where the finding's rule is: `wazuh.rule`, or an early build's top-level `rule`; null when it is not a finding. */
function rulePrefix(doc: JsonObject): 'wazuh.rule' | 'rule' | null {
  if (isObject(ecsField(doc, 'wazuh.rule')) || ecsField(doc, 'wazuh.rule.id') !== undefined || ecsField(doc, 'wazuh.rule.title') !== undefined) return 'wazuh.rule';
  return isEarlyWazuhFinding(doc) ? 'rule' : null;
}

/**
 * What identifies a finding wherever it was saved: the event it matched (its
 * index and document id) and the rule, the key the indexer itself derives the
 * finding's document id from. One event matching two rules is two findings.
 * Without `event.doc_id`, the event's own id (`wazuh.event.id`, one per log)
 * with its space and the rule. Undefined when the finding has neither: its
 * text identifies it then.
 */
export function wazuhFindingIdentity(doc: JsonObject): string | undefined {
  const rule = ecsText(doc, `${rulePrefix(doc) ?? 'wazuh.rule'}.id`) ?? '';
  const docId = ecsText(doc, 'event.doc_id');
  if (docId !== null) return `wazuh-finding\u0000${ecsText(doc, 'event.index') ?? ''}\u0000${docId}\u0000${rule}`;
  const eventId = ecsText(doc, 'wazuh.event.id');
  if (eventId !== null) return `wazuh-finding-event\u0000${eventId}\u0000${ecsText(doc, 'wazuh.space.name') ?? ''}\u0000${rule}`;
  return undefined;
}

/**
 * A rule's level, a Sigma word: informational, low, medium, high, critical.
 * An unknown or missing word is passed over (medium), never a reason to refuse
 * the finding. Wazuh 5 rules have no numeric level.
 */
export function findingSeverity(level: string | null): Severity {
  return severityWord(level) ?? 'medium';
}

/** `@timestamp`: when Wazuh received the event. Early builds stamped the detector's run there and kept the event's in `event.ingested`. */
const TIME_FIELDS = [fieldPath('@timestamp')];
const EARLY_TIME_FIELDS = [fieldPath('event.ingested'), fieldPath('@timestamp')];

/** Sigma's ATT&CK tags: `attack.t1110`, `attack.t1059.001`. */
const ATTACK_TAG = /^attack\.(t\d{4}(?:\.\d{3})?)$/i;

/**
 * ATT&CK techniques: the rule's `mitre` (`technique.id` and `subtechnique.id`
 * lists, or in builds before names were added, plain lists of ids), its Sigma
 * tags, and ECS `threat` where the event's integration maps one.
 */
function findingTechniques(doc: JsonObject, prefix: string): string[] {
  const ids: unknown[] = [];
  for (const key of ['technique', 'subtechnique']) {
    const value = ecsField(doc, `${prefix}.mitre.${key}`) ?? ecsField(doc, `${prefix}.mitre.${key}.id`);
    for (const item of asList(value)) ids.push(...(isObject(item) ? asList(item.id) : [item]));
  }
  for (const tag of stringList(ecsField(doc, `${prefix}.tags`))) {
    const id = ATTACK_TAG.exec(tag)?.[1];
    if (id !== undefined) ids.push(id);
  }
  return mitreIds(ids, threatTechniques(doc, null));
}

export function normalizeWazuhFinding(doc: JsonObject, format: ImportFormat, raw: string): NormalizedAlert {
  const prefix = rulePrefix(doc);
  if (prefix === null) throw new RecordError(`not a ${format} record: expected wazuh.rule (a finding of the wazuh-findings-v5-* indices)`);
  const ts = requireTimestamp(doc, prefix === 'rule' ? EARLY_TIME_FIELDS : TIME_FIELDS, (d, field) => ecsField(d, field.name));

  const ruleId = ecsText(doc, `${prefix}.id`, `${prefix}.sigma_id`);
  const ruleName = ecsText(doc, `${prefix}.title`);
  // The log as received is in event.original; a decoder may also have written a message.
  const said = ecsText(doc, 'message', 'event.original');
  const saidLine = said === null ? null : oneLine(said);
  const title = ruleName ?? saidLine ?? ecsText(doc, 'event.action') ?? (ruleId !== null ? `Wazuh rule ${ruleId}` : 'Wazuh finding');
  const subjects = ecsSubjects(doc);

  return {
    ts,
    source: 'wazuh',
    format,
    ruleId,
    ruleName,
    ruleLevel: null,
    title,
    message: alertMessage(doc, saidLine === title ? null : saidLine),
    severity: findingSeverity(ecsText(doc, `${prefix}.level`)),
    ...subjects,
    category: subjects.category ?? ecsText(doc, 'wazuh.integration.category'),
    user: subjects.user ?? ecsText(doc, 'source.user.name', 'destination.user.name'),
    // The agent that sent the log, as a 4.x alert's agent.name; else the host the log names.
    host: ecsText(doc, 'wazuh.agent.name', 'agent.name', 'host.hostname', 'host.name'),
    mitre: findingTechniques(doc, prefix),
    assetTier: null,
    raw,
  };
}
