/**
 * Pure: turns one incident's alerts into what the analyst reads — title,
 * severity, risk (with factors), confidence (with reasons), a plain-language
 * summary and the why-grouped explanation. Same input, same words.
 */
import { SEVERITIES, type EntityRef, type EntityType, type IncidentExplanation, type Severity } from '../../shared/domain';
import attack from './attack-tactics.json';

export interface NarrativeAlert {
  id: number;
  ts: number;
  severityRank: number;
  ruleId: string | null;
  title: string;
  source: string;
  category: string | null;
  mitre: readonly string[];
  assetTier: number | null;
  entityIds: readonly number[];
  /** The alert's source address as its ip entity holds it, if any: titles name the side activity came from. */
  srcIp: string | null;
  pinned: boolean;
}

export interface NarrativeEntity {
  type: EntityType;
  value: string;
  /** Alerts carrying it in the whole workspace. */
  alertCount: number;
  /** Why it never glues alerts, if it does not. */
  ignored: 'stoplist' | 'hub' | null;
  /** That reason in words for the explanation ("on 25% of all alerts and with 20+ distinct IPs"); default: its share. */
  ignoredWhy?: string;
}

export interface NarrativeInput {
  /** The incident's alerts in (ts, id) order; may be empty. */
  alerts: readonly NarrativeAlert[];
  entities: ReadonlyMap<number, NarrativeEntity>;
  totalAlerts: number;
  windowMs: number;
}

export interface Narrative {
  title: string;
  severity: Severity;
  severityRank: number;
  risk: number;
  riskFactors: Array<{ factor: string; points: number }>;
  confidence: number;
  confidenceReasons: string[];
  summary: string;
  explanation: IncidentExplanation;
  entities: Array<EntityRef & { alertCount: number }>;
  mitre: string[];
  sources: string[];
  alertCount: number;
  firstSeen: number | null;
  lastSeen: number | null;
}

const MAX_ENTITIES = 100;

/**
 * IDS signatures that describe traffic rather than an attack: the Emerging
 * Threats POLICY, INFO and HUNTING families (and their like) and Suricata's
 * own protocol-decoder events ("SURICATA HTTP Host header invalid"). Many
 * carry priority 1, so they tie with the attack's detections; among
 * detections of one severity they come last, so "ET POLICY Http Client Body
 * contains pass= in cleartext" does not name a brute-force incident.
 */
const OBSERVATION_SIGNATURE = /^(?:ET|ETPRO|GPL)\s+(?:POLICY|INFO|HUNTING|GAMES|CHAT|P2P|INAPPROPRIATE|ICMP_INFO)\b|^SURICATA\s/;
const MAX_SHARED = 20;

interface TechniqueInfo {
  n: string;
  t: string[];
}
const TECHNIQUES = attack.techniques as Record<string, TechniqueInfo>;
const TACTIC_NAMES = attack.tactics as Record<string, string>;
const TACTIC_ORDER: readonly string[] = attack.tacticOrder;

/** ATT&CK tactics of a technique id ('T1003.001' falls back to 'T1003'). */
export function tacticsOf(techniqueId: string): readonly string[] {
  const id = techniqueId.trim().toUpperCase();
  const info = TECHNIQUES[id] ?? TECHNIQUES[id.split('.')[0]!];
  return info ? info.t : [];
}

/**
 * The tactics each technique of an incident stands for. A technique listed
 * under several (T1078 Valid Accounts: initial access, persistence, privilege
 * escalation, defense evasion) shows which of them only with other evidence:
 * it stands for those another technique of the incident also shows, else for
 * its earliest in the kill chain. One alert is no progression.
 */
export function attributedTactics(techniques: Iterable<string>): Map<string, readonly string[]> {
  const listed = new Map<string, readonly string[]>();
  for (const t of techniques) listed.set(t, tacticsOf(t));
  const shownBy = new Map<string, number>();
  for (const tactics of listed.values()) for (const tactic of tactics) shownBy.set(tactic, (shownBy.get(tactic) ?? 0) + 1);
  const attributed = new Map<string, readonly string[]>();
  for (const [t, tactics] of listed) {
    if (tactics.length <= 1) {
      attributed.set(t, tactics);
      continue;
    }
    const corroborated = tactics.filter((tactic) => shownBy.get(tactic)! >= 2);
    const earliest = [...tactics].sort((a, b) => TACTIC_ORDER.indexOf(a) - TACTIC_ORDER.indexOf(b))[0]!;
    attributed.set(t, corroborated.length > 0 ? corroborated : [earliest]);
  }
  return attributed;
}

export function tacticName(tactic: string): string {
  return TACTIC_NAMES[tactic] ?? tactic;
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function iso(ts: number): string {
  const date = new Date(ts);
  // A time past JavaScript's range (only in workspaces imported before timestamps were bounded) is shown as stored.
  return Number.isNaN(date.getTime()) ? String(ts) : date.toISOString();
}

/** `2024-05-02 09:00:20 UTC`: the form the rest of the app shows times in. */
function readableTime(ts: number): string {
  const text = iso(ts);
  return /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/.test(text) ? `${text.slice(0, 10)} ${text.slice(11, 19)} UTC` : text;
}

function hhmm(ts: number): string {
  return `${iso(ts).slice(11, 16)} UTC`;
}

export function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (ms < 60_000) return `${Math.max(0, Math.round(ms / 1000))} seconds`;
  if (minutes < 120) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(ms / 3_600_000);
  if (hours < 48) return `${hours} hours`;
  return `${Math.round(ms / 86_400_000)} days`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Counts keys, returning entries by count desc then key asc. */
function ranked<K extends string>(values: Iterable<K>): Array<[K, number]> {
  const counts = new Map<K, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || byText(a[0], b[0]));
}

/** Long values (encoded URLs, command lines) are cut in prose; the full value stays in the entity lists. */
const MAX_VALUE_IN_TEXT = 80;

/**
 * A rule id as the prose names it: ids as Wazuh and Suricata write them (5712,
 * 1:2001219:20) whole; a UUID or object id (Elastic, Graylog) by its first 8
 * characters, enough to tell rules apart while reading.
 */
function ruleIdInText(id: string): string {
  return id.length <= 16 ? id : `${id.slice(0, 8)}…`;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function buildNarrative(input: NarrativeInput): Narrative {
  const { alerts, entities, totalAlerts, windowMs } = input;
  const n = alerts.length;
  const windowMinutes = Math.round(windowMs / 60_000);
  if (n === 0) {
    return {
      title: 'Empty incident',
      severity: 'info',
      severityRank: 0,
      risk: 0,
      riskFactors: [],
      confidence: 0,
      confidenceReasons: ['no alerts left in this incident'],
      summary: 'This incident no longer holds any alerts; its notes and history are kept.',
      explanation: { text: 'No alerts are grouped here any more.', sharedEntities: [], ignoredHubs: [], windowMinutes, manual: false },
      entities: [],
      mitre: [],
      sources: [],
      alertCount: 0,
      firstSeen: null,
      lastSeen: null,
    };
  }

  const first = alerts[0]!.ts;
  const last = alerts[n - 1]!.ts;
  const span = last - first;

  // Entities of the incident with per-incident counts.
  const entityCounts = new Map<number, number>();
  for (const a of alerts) for (const e of a.entityIds) entityCounts.set(e, (entityCounts.get(e) ?? 0) + 1);
  const entityRows = [...entityCounts]
    .map(([id, count]) => ({ id, count, info: entities.get(id) }))
    .filter((r): r is { id: number; count: number; info: NarrativeEntity } => r.info !== undefined)
    .sort((a, b) => b.count - a.count || byText(a.info.type, b.info.type) || byText(a.info.value, b.info.value));
  const meaningful = entityRows.filter((r) => r.info.ignored === null);
  const shared = meaningful.filter((r) => r.count >= 2);
  const ignored = entityRows.filter((r) => r.info.ignored !== null);
  const keyEntity = (type: EntityType): string | null => meaningful.find((r) => r.info.type === type)?.info.value ?? null;

  // Rules, techniques, tactics.
  const ruleKey = (a: NarrativeAlert): string => a.title;
  // Detections by their worst alert, then what they are, then how often they
  // fired at that severity: the one that leads the title and the summary is the
  // most severe, not the noisiest (a brute force's 300 failures must not hide
  // the root shell that followed). Counting only the alerts at the top severity
  // keeps a detection that is mostly low from leading on its volume: Wazuh
  // raises one alert of each IDS signature to level 8 ("first time this IDS
  // alert is generated") and the rest stay at 6 or 3.
  const ruleSeverity = new Map<string, number>();
  for (const a of alerts) ruleSeverity.set(ruleKey(a), Math.max(ruleSeverity.get(ruleKey(a)) ?? 0, a.severityRank));
  const atTop = new Map<string, number>();
  for (const a of alerts) if (a.severityRank === ruleSeverity.get(ruleKey(a))) atTop.set(ruleKey(a), (atTop.get(ruleKey(a)) ?? 0) + 1);
  const observation = (key: string): number => (OBSERVATION_SIGNATURE.test(key) ? 1 : 0);
  const rules = ranked(alerts.map(ruleKey)).sort(
    (a, b) =>
      ruleSeverity.get(b[0])! - ruleSeverity.get(a[0])! ||
      observation(a[0]) - observation(b[0]) ||
      atTop.get(b[0])! - atTop.get(a[0])! ||
      b[1] - a[1] ||
      byText(a[0], b[0]),
  );
  const ruleIdOf = new Map<string, string | null>();
  for (const a of alerts) if (!ruleIdOf.has(ruleKey(a))) ruleIdOf.set(ruleKey(a), a.ruleId);
  const techniques = new Set<string>();
  for (const a of alerts) for (const t of a.mitre) techniques.add(t);
  const tacticsSeen = attributedTactics(techniques);
  const tacticFirstSeen = new Map<string, number>();
  for (const a of alerts) {
    for (const t of a.mitre) for (const tactic of tacticsSeen.get(t)!) if (!tacticFirstSeen.has(tactic)) tacticFirstSeen.set(tactic, a.ts);
  }
  const tactics = [...tacticFirstSeen].sort(
    (a, b) => a[1] - b[1] || TACTIC_ORDER.indexOf(a[0]) - TACTIC_ORDER.indexOf(b[0]),
  );
  const sources = [...new Set(alerts.map((a) => a.source))].sort(byText);
  const hosts = meaningful.filter((r) => r.info.type === 'host').length;
  const users = meaningful.filter((r) => r.info.type === 'user').length;

  // Severity: the worst alert, one level up for corroborated high activity or a multi-tactic chain.
  let maxRank = 0;
  for (const a of alerts) if (a.severityRank > maxRank) maxRank = a.severityRank;
  const highRules = new Set(alerts.filter((a) => a.severityRank >= 3).map(ruleKey)).size;
  const bumped = maxRank >= 2 && maxRank < 4 && (highRules >= 2 || tactics.length >= 3);
  const severityRank = Math.min(4, maxRank + (bumped ? 1 : 0));
  const severity = SEVERITIES[severityRank]!;
  const raisedBecause: string[] = [];
  if (bumped && highRules >= 2) raisedBecause.push(`${highRules} different high-severity detections`);
  if (bumped && tactics.length >= 3) raisedBecause.push(`an ATT&CK progression over ${tactics.length} tactics`);
  const severityRaised = bumped ? { from: SEVERITIES[maxRank]!, reason: raisedBecause.join(' and ') } : undefined;

  // Risk.
  const riskFactors: Array<{ factor: string; points: number }> = [];
  const addRisk = (factor: string, points: number): void => {
    if (points > 0) riskFactors.push({ factor, points: Math.round(points) });
  };
  addRisk(`severity ${SEVERITIES[maxRank]}`, maxRank * 10);
  addRisk(`volume: ${plural(n, 'alert')}`, Math.min(15, 5 * Math.log10(n)));
  addRisk(`${plural(rules.length, 'distinct rule')}`, Math.min(10, 2 * (rules.length - 1)));
  addRisk(`${plural(techniques.size, 'ATT&CK technique')}`, Math.min(10, 2 * techniques.size));
  if (tactics.length >= 2) addRisk(`ATT&CK progression over ${tactics.length} tactics`, Math.min(15, 5 * (tactics.length - 1)));
  const minTier = alerts.reduce((m, a) => (a.assetTier !== null && a.assetTier < m ? a.assetTier : m), 99);
  if (minTier === 1) addRisk('crown-jewel asset (tier 1)', 10);
  else if (minTier === 2) addRisk('important asset (tier 2)', 5);
  if (hosts > 1 || users > 1) addRisk(`spread over ${plural(hosts, 'host')} and ${plural(users, 'user')}`, Math.min(10, 3 * Math.max(0, hosts - 1) + 2 * Math.max(0, users - 1)));
  const risk = Math.min(100, riskFactors.reduce((s, f) => s + f.points, 0));

  // Confidence.
  const confidenceReasons: string[] = [];
  let confidence: number;
  const manualCount = alerts.filter((a) => a.pinned).length;
  if (n === 1) {
    confidence = 20;
    confidenceReasons.push('single alert: no corroboration');
  } else {
    confidence = 40;
    const inAll = meaningful.filter((r) => r.count === n);
    if (inAll.length > 0) {
      confidence += Math.min(30, 10 * inAll.length);
      confidenceReasons.push(`${plural(inAll.length, 'entity')} shared by all ${n} alerts`.replace('entitys', 'entities'));
    } else if (shared[0]) {
      confidence += 5;
      confidenceReasons.push(`${clip(shared[0].info.value, MAX_VALUE_IN_TEXT)} shared by ${shared[0].count} of ${n} alerts`);
    }
    if (span <= 5 * 60_000) {
      confidence += 15;
      confidenceReasons.push(`alerts within ${formatDuration(span)}`);
    } else if (span <= 3_600_000) {
      confidence += 10;
      confidenceReasons.push(`alerts within ${formatDuration(span)}`);
    } else {
      confidenceReasons.push(`alerts spread over ${formatDuration(span)}, chained through shared entities`);
    }
    if (rules.length >= 2) {
      confidence += 5;
      confidenceReasons.push(`${rules.length} distinct rules fired`);
    }
    if (tactics.length >= 2) {
      confidence += 10;
      confidenceReasons.push(`ATT&CK progression across ${tactics.length} tactics`);
    }
  }
  if (manualCount > 0) {
    confidence = Math.max(confidence, 90);
    confidenceReasons.push(`${plural(manualCount, 'alert')} placed here by an analyst`);
  }
  confidence = Math.min(100, confidence);

  // Title: the dominant detection plus where/from.
  const dominant = rules[0]![0].replace(/[.\s]+$/, '');
  const host = keyEntity('host');
  // The address named is the one activity came from: of the meaningful ones, the most often an alert's source
  // (an incident's alerts usually carry both ends of each connection, equally often); else the most frequent.
  const asSource = new Map<string, number>();
  for (const a of alerts) if (a.srcIp !== null) asSource.set(a.srcIp, (asSource.get(a.srcIp) ?? 0) + 1);
  let fromIp: string | null = null;
  for (const r of meaningful) {
    if (r.info.type !== 'ip' || !asSource.has(r.info.value)) continue;
    if (fromIp === null || asSource.get(r.info.value)! > asSource.get(fromIp)!) fromIp = r.info.value;
  }
  const ip = fromIp ?? keyEntity('ip');
  const user = keyEntity('user');
  let title = dominant;
  if (host && !title.toLowerCase().includes(host)) title += ` on ${host}`;
  if (ip && !title.toLowerCase().includes(ip)) title += ` ${fromIp ? 'from' : 'involving'} ${ip}`;
  else if (user && !title.toLowerCase().includes(user)) title += ` for user ${user}`;
  if (rules.length > 1) title += ` (+${plural(rules.length - 1, 'other detection')})`;
  title = clip(title, 200);

  // Summary.
  const parts: string[] = [];
  parts.push(
    `${plural(n, 'alert')} from ${sources.join(', ')} between ${readableTime(first)} and ${readableTime(last)} (${formatDuration(span)}).`,
  );
  const who: string[] = [];
  for (const type of ['host', 'ip', 'user', 'process', 'domain', 'url', 'hash'] as const) {
    const values = meaningful.filter((r) => r.info.type === type).slice(0, 3).map((r) => clip(r.info.value, MAX_VALUE_IN_TEXT));
    if (values.length) who.push(`${type} ${values.join(', ')}`);
  }
  if (who.length) parts.push(`Involves ${who.join('; ')}.`);
  const topRules = rules
    .slice(0, 5)
    .map(([key, count]) => {
      const id = ruleIdOf.get(key);
      return `"${clip(key, 120)}"${id ? ` (rule ${ruleIdInText(id)})` : ''} ×${count}`;
    })
    .join(', ');
  parts.push(`Top detections: ${topRules}${rules.length > 5 ? ` and ${rules.length - 5} more` : ''}.`);
  if (tactics.length > 0) {
    parts.push(`ATT&CK progression: ${tactics.map(([t, ts]) => `${tacticName(t)} (${hhmm(ts)})`).join(' → ')}.`);
  } else if (rules.length > 1) {
    const firstSeen = new Map<string, number>();
    for (const a of alerts) if (!firstSeen.has(ruleKey(a))) firstSeen.set(ruleKey(a), a.ts);
    // Too many steps to list: the six most severe, still in the order they began.
    const steps = [...firstSeen];
    const shown = new Set(
      [...steps].sort((a, b) => ruleSeverity.get(b[0])! - ruleSeverity.get(a[0])! || a[1] - b[1]).slice(0, 6).map(([k]) => k),
    );
    const seq = steps.filter(([k]) => shown.has(k)).map(([k, ts]) => `${clip(k, 80)} (${hhmm(ts)})`);
    parts.push(`Sequence: ${seq.join(' → ')}${firstSeen.size > 6 ? ` → … (${firstSeen.size - 6} more)` : ''}.`);
  }
  const summary = parts.join(' ');

  // Explanation.
  const sharedEntities = shared.slice(0, MAX_SHARED).map((r) => ({ type: r.info.type, value: r.info.value, alertCount: r.count }));
  const ignoredHubs = ignored.map((r) => ({
    type: r.info.type,
    value: r.info.value,
    share: totalAlerts > 0 ? Math.round((r.info.alertCount / totalAlerts) * 1000) / 1000 : 0,
  }));
  const ignoredWhy = ignored.map((r, k) => r.info.ignoredWhy ?? `${Math.round(ignoredHubs[k]!.share * 100)}% of all alerts`);
  const why: string[] = [];
  if (n === 1) {
    why.push('A single alert: no other alert shares a meaningful entity with it within the correlation window.');
  } else if (sharedEntities.length > 0) {
    why.push(
      `These ${n} alerts are linked through shared ${sharedEntities
        .slice(0, 5)
        .map((e) => `${e.type} ${clip(e.value, MAX_VALUE_IN_TEXT)} (${plural(e.alertCount, 'alert')})`)
        .join(', ')}${sharedEntities.length > 5 ? ` and ${sharedEntities.length - 5} more` : ''}.`,
    );
    why.push(
      `Each alert is at most ${plural(windowMinutes, 'minute')} from another alert sharing one of these entities; together they span ${formatDuration(span)}.`,
    );
  } else {
    why.push(`These ${n} alerts were grouped by an analyst.`);
  }
  if (tactics.length >= 2) why.push(`They follow an ATT&CK progression: ${tactics.map(([t]) => tacticName(t)).join(' → ')}.`);
  if (manualCount > 0) why.push(`${plural(manualCount, 'alert')} were placed here by an analyst (merge or split).`);
  if (ignoredHubs.length > 0) {
    why.push(
      `Ignored for grouping because they are too common or connect too many unrelated counterparts to mean anything: ${ignoredHubs
        .slice(0, 5)
        .map((h, k) => `${h.type} ${h.value} (${ignoredWhy[k]})`)
        .join(', ')}${ignoredHubs.length > 5 ? ` and ${ignoredHubs.length - 5} more` : ''}.`,
    );
  }

  return {
    title,
    severity,
    severityRank,
    risk,
    riskFactors,
    confidence,
    confidenceReasons,
    summary,
    explanation: { text: why.join(' '), sharedEntities, ignoredHubs, windowMinutes, manual: manualCount > 0, ...(severityRaised ? { severityRaised } : {}) },
    entities: entityRows.slice(0, MAX_ENTITIES).map((r) => ({ type: r.info.type, value: r.info.value, alertCount: r.count })),
    mitre: [...techniques].sort(byText),
    sources,
    alertCount: n,
    firstSeen: first,
    lastSeen: last,
  };
}
