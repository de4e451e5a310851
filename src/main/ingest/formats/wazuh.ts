/**
 * Wazuh alerts: alerts.json lines (3.x and 4.x), documents of the
 * wazuh-alerts-* index (search hits are unwrapped before this runs) and the
 * flattened copies Graylog stores (`rule_level`, `data_srcip`, …). All three
 * read through `readField`, which resolves nested, `_`-joined and dotted keys.
 */
import type { ImportFormat, NormalizedAlert, Severity } from '../../../shared/domain';
import {
  RecordError,
  addressField,
  fieldPath,
  firstText,
  hashFromList,
  hashValue,
  mitreIds,
  normalizeIp,
  preview,
  readField,
  requireTimestamp,
  stringList,
  text,
  toNumber,
  toPort,
  type JsonObject,
} from './common';

const F = {
  timestamp: fieldPath('timestamp'),
  atTimestamp: fieldPath('@timestamp'),
  ruleLevel: fieldPath('rule.level'),
  ruleId: fieldPath('rule.id'),
  ruleDescription: fieldPath('rule.description'),
  ruleGroups: fieldPath('rule.groups'),
  ruleMitreId: fieldPath('rule.mitre.id'),
  agentName: fieldPath('agent.name'),
  predecoderHostname: fieldPath('predecoder.hostname'),
  managerName: fieldPath('manager.name'),
  fullLog: fieldPath('full_log'),
  winMessage: fieldPath('data.win.system.message'),
  srcip: fieldPath('data.srcip'),
  srcIp: fieldPath('data.src_ip'),
  srcport: fieldPath('data.srcport'),
  srcPort: fieldPath('data.src_port'),
  dstip: fieldPath('data.dstip'),
  destIp: fieldPath('data.dest_ip'),
  dstport: fieldPath('data.dstport'),
  destPort: fieldPath('data.dest_port'),
  srcuser: fieldPath('data.srcuser'),
  dstuser: fieldPath('data.dstuser'),
  user: fieldPath('data.user'),
  process: fieldPath('data.process'),
  url: fieldPath('data.url'),
  hostname: fieldPath('data.hostname'),
  httpUrl: fieldPath('data.http.url'),
  httpHostname: fieldPath('data.http.hostname'),
  tlsSni: fieldPath('data.tls.sni'),
  dnsRrname: fieldPath('data.dns.rrname'),
  alertMitre: fieldPath('data.alert.metadata.mitre_technique_id'),
  winTargetUser: fieldPath('data.win.eventdata.targetUserName'),
  winSubjectUser: fieldPath('data.win.eventdata.subjectUserName'),
  winUser: fieldPath('data.win.eventdata.user'),
  winImage: fieldPath('data.win.eventdata.image'),
  winHashes: fieldPath('data.win.eventdata.hashes'),
  winIpAddress: fieldPath('data.win.eventdata.ipAddress'),
  winIpPort: fieldPath('data.win.eventdata.ipPort'),
  winSourceIp: fieldPath('data.win.eventdata.sourceIp'),
  winSourcePort: fieldPath('data.win.eventdata.sourcePort'),
  winDestinationIp: fieldPath('data.win.eventdata.destinationIp'),
  winDestinationPort: fieldPath('data.win.eventdata.destinationPort'),
  winQueryName: fieldPath('data.win.eventdata.queryName'),
  sha256After: fieldPath('syscheck.sha256_after'),
  sha1After: fieldPath('syscheck.sha1_after'),
  md5After: fieldPath('syscheck.md5_after'),
} as const;

const TIMESTAMP_FIELDS = [F.timestamp, F.atTimestamp];

/** True when the document carries a Wazuh rule level in any of the shapes we read. */
export function hasWazuhRuleLevel(doc: JsonObject): boolean {
  const level = readField(doc, F.ruleLevel);
  return level !== undefined && level !== null;
}

/** Wazuh rule levels 0–15 (16 in newer rule sets) to the five-step scale. */
export function wazuhSeverity(level: number): Severity {
  if (level <= 0) return 'info';
  if (level <= 3) return 'low';
  if (level <= 7) return 'medium';
  if (level <= 11) return 'high';
  return 'critical';
}

export function normalizeWazuh(doc: JsonObject, format: ImportFormat, raw: string): NormalizedAlert {
  const levelValue = readField(doc, F.ruleLevel);
  if (levelValue === undefined || levelValue === null) {
    throw new RecordError(`not a ${format} record: missing rule.level`);
  }
  const level = toNumber(levelValue);
  if (level === null || !Number.isInteger(level) || level < 0) {
    throw new RecordError(`invalid rule.level '${preview(levelValue)}' (expected a whole number 0–16)`);
  }
  const ts = requireTimestamp(doc, TIMESTAMP_FIELDS);

  const ruleId = text(readField(doc, F.ruleId));
  const description = text(readField(doc, F.ruleDescription));
  const groups = stringList(readField(doc, F.ruleGroups));

  const src = addressField(firstText(readField(doc, F.srcip), readField(doc, F.srcIp), readField(doc, F.winIpAddress), readField(doc, F.winSourceIp)));
  const dst = addressField(firstText(readField(doc, F.dstip), readField(doc, F.destIp), readField(doc, F.winDestinationIp)));

  return {
    ts,
    source: 'wazuh',
    format,
    ruleId,
    ruleName: description,
    ruleLevel: level,
    title: description ?? (ruleId !== null ? `Wazuh rule ${ruleId}` : 'Wazuh alert'),
    message: text(readField(doc, F.fullLog)) ?? windowsMessage(doc),
    severity: wazuhSeverity(level),
    category: groups.length > 0 ? groups.join(',') : null,
    user: wazuhUser(doc),
    host: firstText(readField(doc, F.agentName), readField(doc, F.predecoderHostname), readField(doc, F.managerName)),
    srcIp: src.ip,
    srcPort:
      toPort(readField(doc, F.srcport)) ??
      toPort(readField(doc, F.srcPort)) ??
      toPort(readField(doc, F.winIpPort)) ??
      toPort(readField(doc, F.winSourcePort)) ??
      src.port,
    dstIp: dst.ip,
    dstPort: toPort(readField(doc, F.dstport)) ?? toPort(readField(doc, F.destPort)) ?? toPort(readField(doc, F.winDestinationPort)) ?? dst.port,
    process: firstText(readField(doc, F.winImage), readField(doc, F.process)),
    fileHash:
      hashValue(readField(doc, F.sha256After)) ??
      hashFromList(readField(doc, F.winHashes)) ??
      hashValue(readField(doc, F.sha1After)) ??
      hashValue(readField(doc, F.md5After)),
    url: firstText(readField(doc, F.url), readField(doc, F.httpUrl)),
    domain: wazuhDomain(doc),
    mitre: mitreIds(readField(doc, F.ruleMitreId), readField(doc, F.alertMitre)),
    assetTier: null,
    raw,
  };
}

/**
 * Alerts from the Windows event channel carry no full_log; the event's text is
 * in data.win.system.message, which Wazuh writes wrapped in double quotes.
 */
function windowsMessage(doc: JsonObject): string | null {
  const message = text(readField(doc, F.winMessage));
  if (message === null) return null;
  return text(message.length >= 2 && message.startsWith('"') && message.endsWith('"') ? message.slice(1, -1) : message);
}

/** Wazuh decoders write users as `<violet>` sometimes; Windows uses eventdata names. */
function wazuhUser(doc: JsonObject): string | null {
  const user = firstText(
    readField(doc, F.srcuser),
    readField(doc, F.dstuser),
    readField(doc, F.user),
    readField(doc, F.winTargetUser),
    readField(doc, F.winSubjectUser),
    readField(doc, F.winUser),
  );
  if (user === null) return null;
  return text(user.replace(/^<(.*)>$/, '$1'));
}

/** `data.hostname` is often a syslog host name; only a dotted, non-IP name counts as a domain. */
function wazuhDomain(doc: JsonObject): string | null {
  const direct = firstText(
    readField(doc, F.httpHostname),
    readField(doc, F.tlsSni),
    readField(doc, F.dnsRrname),
    readField(doc, F.winQueryName),
  );
  if (direct !== null) return direct;
  const hostname = text(readField(doc, F.hostname));
  return hostname !== null && hostname.includes('.') && normalizeIp(hostname) === null ? hostname : null;
}
