/**
 * The entities correlation and pivots match on, normalised so the same thing
 * written two ways is one entity. What counts as too common to group on
 * (127.0.0.1, SYSTEM, a DNS server) is correlation's decision, not this one.
 */
import type { EntityRef, EntityType, NormalizedAlert } from '../../shared/domain';
import { hashValue, isPlaceholder, normalizeIp } from './formats/common';
import { isOsProgramName, isSystemBinary } from './os-programs';

export function extractEntities(alert: NormalizedAlert): EntityRef[] {
  const entities: EntityRef[] = [];
  const seen = new Set<string>();
  const add = (type: EntityType, value: string | null): void => {
    if (value === null) return;
    const key = `${type}\u0000${value}`;
    if (seen.has(key)) return;
    seen.add(key);
    entities.push({ type, value });
  };

  add('user', normalizeUser(alert.user));
  add('host', normalizeHost(alert.host));
  add('ip', ipEntityValue(alert.srcIp));
  add('ip', ipEntityValue(alert.dstIp));
  add('hash', hashValue(alert.fileHash));
  add('domain', normalizeDomain(alert.domain));
  const url = meaningful(alert.url);
  // A bare `/` (or `*`) names no resource: every site has one.
  add('url', url === '/' || url === '*' ? null : url);
  if (alert.domain === null && url !== null) add('domain', normalizeDomain(hostOfUrl(url)));
  add('process', processEntityValue(alert.process));
  // Many log-derived alerts (syslog, PAM, webmail, …) name the remote address
  // only in the message text: when no address field is set, take the IPv4
  // addresses the message mentions, so such alerts can join their incident.
  if (alert.srcIp === null && alert.dstIp === null && alert.message) {
    for (const ip of ipv4sInText(alert.message)) add('ip', ip);
  }
  return entities;
}

/** An address field's value as its ip entity holds it (null: none, or a placeholder). */
export function ipEntityValue(value: string | null): string | null {
  const trimmed = meaningful(value);
  return trimmed === null ? null : normalizeIp(trimmed);
}

const IPV4_IN_TEXT = /(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])/g;
const MAX_TEXT_IPS = 4;

/** Distinct, valid IPv4 addresses in free text (at most a few; version strings like 1.2.3.4.5 are skipped). */
export function ipv4sInText(text: string): string[] {
  const found: string[] = [];
  for (const match of text.slice(0, 4096).matchAll(IPV4_IN_TEXT)) {
    const candidate = match[0];
    if (!candidate.split('.').every((octet) => Number(octet) <= 255 && (octet.length === 1 || octet[0] !== '0'))) continue;
    const ip = normalizeIp(candidate);
    if (ip !== null && !found.includes(ip)) found.push(ip);
    if (found.length >= MAX_TEXT_IPS) break;
  }
  return found;
}

function meaningful(value: string | null): string | null {
  if (value === null) return null;
  const trimmed = value.trim();
  return isPlaceholder(trimmed) ? null : trimmed;
}

/** `<violet>` → `violet`; `CORP\Alice` → `corp\alice`. */
export function normalizeUser(value: string | null): string | null {
  const trimmed = meaningful(value);
  if (trimmed === null) return null;
  return meaningful(trimmed.replace(/^<(.*)>$/, '$1').toLowerCase());
}

export function normalizeHost(value: string | null): string | null {
  const trimmed = meaningful(value);
  if (trimmed === null) return null;
  return meaningful(trimmed.toLowerCase().replace(/\.$/, ''));
}

const DOMAIN = /^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?)*$/;

/** Lower-case, no trailing dot, no port; IP addresses and non-names are not domains. */
export function normalizeDomain(value: string | null): string | null {
  const trimmed = meaningful(value);
  if (trimmed === null) return null;
  let name = trimmed.toLowerCase().replace(/\.$/, '');
  const colon = name.indexOf(':');
  if (colon > 0 && colon === name.lastIndexOf(':')) name = name.slice(0, colon);
  if (normalizeIp(name) !== null || !DOMAIN.test(name)) return null;
  return name;
}

/**
 * The process entity: the program's name, none for a program of the operating
 * system run from its own folder (on every host of its kind, it says nothing
 * about which attack), and the whole path for a system program's name run
 * from anywhere else (`c:\windows\temp\svchost.exe`: a disguise, which links
 * the hosts the same dropped file ran on; by name alone it would be
 * stoplisted). See os-programs.ts.
 */
export function processEntityValue(value: string | null): string | null {
  if (value === null || isSystemBinary(value)) return null;
  const name = normalizeProcess(value);
  if (name === null || !isOsProgramName(name) || !/[\\/]/.test(value)) return name;
  return value.trim().toLowerCase();
}

/** `C:\Windows\System32\cmd.exe` → `cmd.exe`; `/usr/sbin/sshd` → `sshd`. */
export function normalizeProcess(value: string | null): string | null {
  const trimmed = meaningful(value);
  if (trimmed === null) return null;
  const cut = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  return meaningful(trimmed.slice(cut + 1).toLowerCase());
}

const ABSOLUTE_URL = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]+)/i;

function hostOfUrl(url: string): string | null {
  const match = ABSOLUTE_URL.exec(url);
  const authority = match?.[1];
  if (authority === undefined) return null;
  return authority.slice(authority.lastIndexOf('@') + 1);
}
