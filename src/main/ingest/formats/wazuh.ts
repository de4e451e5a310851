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
  endpointText,
  fieldPath,
  firstName,
  firstText,
  hashFromList,
  hashValue,
  isObject,
  mitreIds,
  normalizeIp,
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
import { isSystemBinary } from '../os-programs';

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
  decoderName: fieldPath('decoder.name'),
  winMessage: fieldPath('data.win.system.message'),
  srcip: fieldPath('data.srcip'),
  srcIp: fieldPath('data.src_ip'),
  srcport: fieldPath('data.srcport'),
  srcPort: fieldPath('data.src_port'),
  dstip: fieldPath('data.dstip'),
  destIp: fieldPath('data.dest_ip'),
  dstIp: fieldPath('data.dst_ip'),
  dstport: fieldPath('data.dstport'),
  destPort: fieldPath('data.dest_port'),
  dstPort: fieldPath('data.dst_port'),
  srcuser: fieldPath('data.srcuser'),
  dstuser: fieldPath('data.dstuser'),
  user: fieldPath('data.user'),
  process: fieldPath('data.process'),
  url: fieldPath('data.url'),
  hostname: fieldPath('data.hostname'),
  httpUrl: fieldPath('data.http.url'),
  httpHostname: fieldPath('data.http.hostname'),
  httpPort: fieldPath('data.http.http_port'),
  tlsSni: fieldPath('data.tls.sni'),
  dnsRrname: fieldPath('data.dns.rrname'),
  alertSignature: fieldPath('data.alert.signature'),
  alertMitre: fieldPath('data.alert.metadata.mitre_technique_id'),
  winTargetUser: fieldPath('data.win.eventdata.targetUserName'),
  winSubjectUser: fieldPath('data.win.eventdata.subjectUserName'),
  winUser: fieldPath('data.win.eventdata.user'),
  winImage: fieldPath('data.win.eventdata.image'),
  winNewProcessName: fieldPath('data.win.eventdata.newProcessName'),
  winHashes: fieldPath('data.win.eventdata.hashes'),
  winImageLoaded: fieldPath('data.win.eventdata.imageLoaded'),
  winTargetFilename: fieldPath('data.win.eventdata.targetFilename'),
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
  auditLoginUser: fieldPath('syscheck.audit.login_user.name'),
  auditUser: fieldPath('syscheck.audit.user.name'),
  auditEffectiveUser: fieldPath('syscheck.audit.effective_user.name'),
  auditProcess: fieldPath('syscheck.audit.process.name'),
  scaTitle: fieldPath('data.sca.check.title'),
  scaResult: fieldPath('data.sca.check.result'),
  virustotalFile: fieldPath('data.virustotal.source.file'),
  virustotalSourceSha1: fieldPath('data.virustotal.source.sha1'),
  virustotalSha1: fieldPath('data.virustotal.sha1'),
  virustotalSourceMd5: fieldPath('data.virustotal.source.md5'),
  office365UserId: fieldPath('data.office365.UserId'),
  office365ClientIp: fieldPath('data.office365.ClientIP'),
  office365Operation: fieldPath('data.office365.Operation'),
  winRuleName: fieldPath('data.win.eventdata.ruleName'),
  timestampUtc: fieldPath('timestamp_utc'),
  msgTimestamp: fieldPath('msg_timestamp'),
  syslogDescription: fieldPath('syslog_description'),
  alertId: fieldPath('id'),
  agentId: fieldPath('agent.id'),
} as const;

const TIMESTAMP_FIELDS = [F.timestamp, F.atTimestamp];
/**
 * Graylog's flattened copies: its own `timestamp` is when Graylog received the
 * alert (seconds to hours late); pipelines keep the alert's time in
 * `timestamp_utc` or `msg_timestamp`.
 */
const FLATTENED_TIMESTAMP_FIELDS = [F.timestampUtc, F.msgTimestamp, F.timestamp, F.atTimestamp];

/** True when the document carries a Wazuh rule level in any of the shapes we read. */
export function hasWazuhRuleLevel(doc: JsonObject): boolean {
  const level = readField(doc, F.ruleLevel);
  return level !== undefined && level !== null;
}

/** Wazuh alert ids: `<epoch seconds>.<offset in the manager's alerts log>`. */
const WAZUH_ALERT_ID = /^\d{1,12}\.\d{1,15}$/;

/**
 * What identifies a Wazuh alert wherever it was saved: the manager that raised
 * it, the agent, the alert id and the rule. The same alert read from the
 * manager's alerts.json, from a wazuh-alerts-* index (which adds
 * `@timestamp`, GeoIP fields, its own `_id`) or from Graylog is then one alert,
 * not one per copy. (Its time, in front of every fingerprint, must match too.)
 * Undefined when the record lacks any of these, or its id is not in Wazuh's
 * form: the record's own text identifies it then.
 */
export function wazuhIdentity(doc: JsonObject): string | undefined {
  const id = text(readField(doc, F.alertId));
  if (id === null || !WAZUH_ALERT_ID.test(id)) return undefined;
  const agent = text(readField(doc, F.agentId));
  const rule = text(readField(doc, F.ruleId));
  if (agent === null || rule === null) return undefined;
  const manager = text(readField(doc, F.managerName)) ?? '';
  return `wazuh-alert\u0000${manager}\u0000${agent}\u0000${id}\u0000${rule}`;
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
  if (level === null || !Number.isInteger(level) || level < 0 || level > 16) {
    throw new RecordError(`invalid rule.level '${preview(levelValue)}' (expected a whole number 0–16)`);
  }
  const flattened = !isObject(doc.rule);
  const ts = requireTimestamp(doc, flattened ? FLATTENED_TIMESTAMP_FIELDS : TIMESTAMP_FIELDS);

  const ruleId = text(readField(doc, F.ruleId));
  // SOCFortress's Graylog pipeline moves rule.description to syslog_description.
  const description = text(readField(doc, F.ruleDescription)) ?? (flattened ? text(readField(doc, F.syslogDescription)) : null);
  const groups = stringList(readField(doc, F.ruleGroups));
  const fullLog = text(readField(doc, F.fullLog));

  const src = addressField(
    firstText(readField(doc, F.srcip), readField(doc, F.srcIp), readField(doc, F.winIpAddress), readField(doc, F.winSourceIp), readField(doc, F.office365ClientIp)),
  );
  const dst = addressField(firstText(readField(doc, F.dstip), readField(doc, F.destIp), readField(doc, F.dstIp), readField(doc, F.winDestinationIp)));
  const srcPort =
    wazuhPort(readField(doc, F.srcport)) ??
    wazuhPort(readField(doc, F.srcPort)) ??
    wazuhPort(readField(doc, F.winIpPort)) ??
    wazuhPort(readField(doc, F.winSourcePort)) ??
    wazuhPort(src.port);
  const dstPort =
    wazuhPort(readField(doc, F.dstport)) ??
    wazuhPort(readField(doc, F.destPort)) ??
    wazuhPort(readField(doc, F.dstPort)) ??
    wazuhPort(readField(doc, F.winDestinationPort)) ??
    wazuhPort(dst.port);
  const source = { ip: src.ip, port: srcPort };
  const destination = { ip: dst.ip, port: dstPort };

  return {
    ts,
    source: 'wazuh',
    format,
    ruleId,
    ruleName: description,
    ruleLevel: level,
    title: (groups.includes('ids') ? (fastLogSignature(fullLog) ?? text(readField(doc, F.alertSignature))) : null) ?? description ?? (ruleId !== null ? `Wazuh rule ${ruleId}` : 'Wazuh alert'),
    message: wazuhMessage(doc, fullLog, source, destination),
    severity: wazuhSeverity(level),
    category: groups.length > 0 ? groups.join(',') : null,
    user: wazuhUser(doc) ?? userInText(fullLog),
    host: firstText(readField(doc, F.agentName), readField(doc, F.predecoderHostname), readField(doc, F.managerName)),
    srcIp: source.ip,
    srcPort: source.port,
    dstIp: destination.ip,
    dstPort: destination.port,
    process: firstText(
      windowsValue(readField(doc, F.winImage)),
      windowsValue(readField(doc, F.winNewProcessName)),
      readField(doc, F.process),
      readField(doc, F.auditProcess),
    ),
    fileHash:
      hashValue(readField(doc, F.sha256After)) ??
      sysmonHash(doc) ??
      hashValue(readField(doc, F.sha1After)) ??
      hashValue(readField(doc, F.md5After)) ??
      hashValue(readField(doc, F.virustotalSourceSha1)) ??
      hashValue(readField(doc, F.virustotalSha1)) ??
      hashValue(readField(doc, F.virustotalSourceMd5)),
    url: wazuhUrl(doc),
    domain: wazuhDomain(doc),
    mitre: mitreIds(readField(doc, F.ruleMitreId), readField(doc, F.alertMitre), sysmonTechnique(readField(doc, F.winRuleName))),
    assetTier: null,
    raw,
  };
}

/** Sysmon rule names written by ATT&CK-tagged configs: `technique_id=T1204,technique_name=User Execution`. */
function sysmonTechnique(value: unknown): string | null {
  if (typeof value !== 'string' || !value.includes('technique_id=')) return null;
  return /technique_id=(T\d{4}(?:\.\d{3})?)/i.exec(value)?.[1] ?? null;
}

/** Windows writes `ipPort: "0"` (and Suricata port 0) when there is no port; 0 is never a real one. */
function wazuhPort(value: unknown): number | null {
  const port = toPort(value);
  return port === 0 ? null : port;
}

/**
 * The text an analyst reads. full_log is the original line, except that for
 * two decoders it is a JSON document (the Windows event, Suricata's eve line)
 * that is already kept whole in `raw`: those get their readable form. Modules
 * that write no full_log (SCA, VirusTotal, Office 365, events from the index
 * without it) get their own one-line summary.
 */
function wazuhMessage(doc: JsonObject, fullLog: string | null, source: Endpoint, destination: Endpoint): string | null {
  if (fullLog !== null) {
    const decoder = text(readField(doc, F.decoderName));
    if (fullLog.startsWith('{"win":') || decoder === 'windows_eventchannel') return windowsMessage(doc) ?? fullLog;
    if (fullLog.startsWith('{') && decoder === 'json') return eveMessage(doc, source, destination) ?? fullLog;
    return fullLog;
  }
  return (
    windowsMessage(doc) ??
    eveMessage(doc, source, destination) ??
    scaMessage(doc) ??
    text(readField(doc, F.virustotalFile)) ??
    text(readField(doc, F.office365Operation))
  );
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

/**
 * A Suricata alert read through Wazuh's json decoder, as one line:
 * `<signature> <src>:<port> → <dst>:<port>`, the part of the eve record an
 * analyst scans for; null when the alert has no signature.
 */
function eveMessage(doc: JsonObject, source: Endpoint, destination: Endpoint): string | null {
  const signature = text(readField(doc, F.alertSignature));
  if (signature === null) return null;
  const from = endpointText(source);
  const to = endpointText(destination);
  if (from === null && to === null) return signature;
  return `${signature} ${from ?? '?'} → ${to ?? '?'}`;
}

/** An SCA check result: the check's title and how it came out, e.g. `Ensure … (failed)`. */
function scaMessage(doc: JsonObject): string | null {
  const title = text(readField(doc, F.scaTitle));
  if (title === null) return null;
  const result = text(readField(doc, F.scaResult));
  return result === null ? title : `${title} (${result})`;
}

/**
 * Snort and Suricata fast.log alerts read by Wazuh 3.x's snort decoder (rules
 * 20100/20101/20152: "IDS event.", "First time this IDS alert is generated.")
 * name the signature only in the line itself:
 * `… [**] [1:2100498:7] GPL ATTACK_RESPONSE id check returned root [**] …`.
 * The signature is what tells one such alert from another, so it is the title,
 * as it is for eve.json alerts (rule 86601, "Suricata: Alert - <signature>"):
 * one signature is one detection, whichever of Suricata's logs Wazuh read.
 */
function fastLogSignature(fullLog: string | null): string | null {
  if (fullLog === null || !fullLog.includes('[**]')) return null;
  const match = /\[\*\*\]\s*\[\d+:\d+:\d+\]\s*(.+?)\s*\[\*\*\]/.exec(fullLog);
  return match === null ? null : text(match[1]);
}

/**
 * Wazuh writes Windows eventdata values with every backslash doubled
 * (`DESKTOP-X\\bob` for DESKTOP-X\bob, `C:\\Windows\\…`), so the same account
 * or image would differ from its copies elsewhere. Only a value whose
 * backslashes all come in pairs was escaped that way: Graylog's pipeline
 * stores the value itself, and `\\server\share\x.exe` from it stays as it is.
 */
function windowsValue(value: unknown): string | null {
  const found = text(value);
  if (found === null) return null;
  if (!found.includes('\\')) return found;
  const runs = found.match(/\\+/g);
  if (runs === null || runs.some((run) => run.length % 2 !== 0)) return found;
  return found.replace(/\\\\/g, '\\');
}

/**
 * The hash Sysmon lists for the file an event is about (the loaded image or
 * driver; the file deleted or written, events 23, 26 and 29; else the
 * process's image), unless that file is an OS binary: the hash of
 * powershell.exe names a Windows build, not an attacker's tool.
 */
function sysmonHash(doc: JsonObject): string | null {
  const hash = hashFromList(readField(doc, F.winHashes));
  if (hash === null) return null;
  const file =
    windowsValue(readField(doc, F.winImageLoaded)) ?? windowsValue(readField(doc, F.winTargetFilename)) ?? windowsValue(readField(doc, F.winImage));
  return isSystemBinary(file) ? null : hash;
}

/**
 * The account the alert is about. Wazuh decoders write users as `<violet>`
 * sometimes; Windows uses eventdata names; Office 365 its UserId; FIM
 * who-data the audit users, the login user (the person behind sudo) first.
 * Windows machine accounts (`DESKTOP-X$`) are the computer acting on its own,
 * not a person, and are never the user.
 */
function wazuhUser(doc: JsonObject): string | null {
  const candidates = [
    text(readField(doc, F.srcuser)),
    text(readField(doc, F.dstuser)),
    text(readField(doc, F.user)),
    windowsValue(readField(doc, F.winTargetUser)),
    windowsValue(readField(doc, F.winSubjectUser)),
    windowsValue(readField(doc, F.winUser)),
    text(readField(doc, F.office365UserId)),
    text(readField(doc, F.auditLoginUser)),
    text(readField(doc, F.auditUser)),
    text(readField(doc, F.auditEffectiveUser)),
  ];
  for (const candidate of candidates) {
    const user = userName(candidate);
    if (user !== null) return user;
  }
  return null;
}

/** A user value without Wazuh's `<…>` wrapping; null for placeholders and machine accounts. */
function userName(value: string | null): string | null {
  if (value === null) return null;
  const user = text(value.replace(/^<(.*)>$/, '$1'));
  return user === null || user.endsWith('$') ? null : user;
}

/**
 * Well-known log lines that name the user where the decoder extracted none
 * (Horde's `FAILED LOGIN for giovanni (…)` has no decoder in Wazuh 3.x, rule
 * 2501). Each pattern is anchored on fixed text around the name, so nothing
 * else in a line can be taken for a user.
 */
const USER_IN_TEXT: ReadonlyArray<readonly [anchor: string, pattern: RegExp]> = [
  ['FAILED LOGIN for ', /\bFAILED LOGIN for (\S+)/],
  ['Failed password for ', /\bFailed password for (?:invalid user )?(\S+) from /],
  ['Invalid user ', /\bInvalid user (\S+) from /],
  ['authentication failure;', /\bauthentication failure;.*?\buser=(\S+)/],
  ['Accepted ', /\bAccepted (?:password|publickey) for (\S+) from /],
];

/** A plausible account name: no quotes, brackets or separators a log line adds around a value. */
const USER_NAME = /^[^\s"'`()[\]{}<>,;=]{1,64}$/;

/** The user named in full_log by one of USER_IN_TEXT, when the alert has no user field. */
function userInText(fullLog: string | null): string | null {
  if (fullLog === null) return null;
  for (const [anchor, pattern] of USER_IN_TEXT) {
    // The plain search first: most lines hold none of the anchors, and it is far cheaper than the pattern.
    if (!fullLog.includes(anchor)) continue;
    const user = userName(pattern.exec(fullLog)?.[1] ?? null);
    if (user !== null && USER_NAME.test(user) && normalizeIp(user) === null) return user;
  }
  return null;
}

/** The URL; web and IDS decoders mostly give a bare path, qualified with its Host as suricata.ts does. */
function wazuhUrl(doc: JsonObject): string | null {
  return qualifiedUrl(firstText(readField(doc, F.url), readField(doc, F.httpUrl)), readField(doc, F.httpHostname), readField(doc, F.httpPort));
}

/** The domain: never an IP address. `data.hostname` is often a syslog host name, so only a dotted one counts. */
function wazuhDomain(doc: JsonObject): string | null {
  const direct = firstName(
    readField(doc, F.httpHostname),
    readField(doc, F.tlsSni),
    readField(doc, F.dnsRrname),
    readField(doc, F.winQueryName),
  );
  if (direct !== null) return direct;
  const hostname = text(readField(doc, F.hostname));
  return hostname !== null && hostname.includes('.') && normalizeIp(hostname) === null ? hostname : null;
}
