/** Helpers every format parser (and entity extraction) shares. Pure, no state. */
import { isIP } from 'node:net';
import { parseTimestamp } from './timestamps';

/** One record cannot be imported; `message` is the reason shown to the analyst. */
export class RecordError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecordError';
  }
}

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A field path, readable from a nested document (`rule.level`) and from the
 * flattened shapes log pipelines write: Graylog joins with `_` (`rule_level`),
 * some Elastic exports keep dotted keys (`"rule.level"`).
 */
export interface FieldPath {
  readonly name: string;
  readonly parts: readonly string[];
  readonly underscored: string;
}

export function fieldPath(name: string): FieldPath {
  return { name, parts: name.split('.'), underscored: name.replaceAll('.', '_') };
}

export function readField(doc: JsonObject, path: FieldPath): unknown {
  let value: unknown = doc;
  for (const part of path.parts) {
    if (!isObject(value)) {
      value = undefined;
      break;
    }
    value = value[part];
  }
  // Flattened keys are only worth a look when the nested root is absent.
  if (value !== undefined || path.parts.length === 1 || path.parts[0]! in doc) return value;
  return doc[path.underscored] ?? doc[path.name];
}

const PLACEHOLDERS = new Set(['', '-', '--', 'n/a', 'null', '(null)', 'nil', 'none', 'unknown', 'undefined', '?']);

/** Values sources write when they have nothing to say ('-', 'N/A', '(null)', …). */
export function isPlaceholder(value: string): boolean {
  const trimmed = value.trim();
  return trimmed.length <= 9 && PLACEHOLDERS.has(trimmed.toLowerCase());
}

/** A meaningful string (numbers are stringified), or null for absent values and placeholders. */
export function text(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return isPlaceholder(trimmed) ? null : trimmed;
}

/** The first meaningful string among `values`. */
export function firstText(...values: unknown[]): string | null {
  for (const value of values) {
    const found = text(value);
    if (found !== null) return found;
  }
  return null;
}

const DECIMAL = /^\s*-?\d+(?:\.\d+)?\s*$/;

/**
 * A finite number from a number or a decimal string (Wazuh sends
 * `"level": "5"`); not from hex (`0x0c`) or exponent (`1e1`) strings.
 */
export function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string' || !DECIMAL.test(value)) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

export function toPort(value: unknown): number | null {
  const n = toNumber(value);
  return n !== null && Number.isInteger(n) && n >= 0 && n <= 65535 ? n : null;
}

/**
 * Splits `host:port`, `[v6]:port` and `v6%zone` forms. A bare IPv6 address
 * (several colons, no brackets) has no port.
 */
export function splitHostPort(value: string): { host: string; port: number | null } {
  let host = value.trim();
  let port: number | null = null;
  if (host.startsWith('[')) {
    const close = host.indexOf(']');
    if (close > 0) {
      const rest = host.slice(close + 1);
      host = host.slice(1, close);
      if (rest.startsWith(':')) port = toPort(rest.slice(1));
    }
  } else {
    const colon = host.indexOf(':');
    if (colon > 0 && colon === host.lastIndexOf(':')) {
      port = toPort(host.slice(colon + 1));
      host = host.slice(0, colon);
    }
  }
  const zone = host.indexOf('%');
  if (zone > 0) host = host.slice(0, zone);
  return { host, port };
}

/**
 * An IP address normalised for matching (ports, brackets and IPv6 zones
 * removed, IPv6 lower-case, IPv4-mapped IPv6 as IPv4), or null if the value
 * is not an IP address.
 */
export function normalizeIp(value: string): string | null {
  const { host } = splitHostPort(value);
  const version = isIP(host);
  if (version === 4) return host;
  if (version !== 6) return null;
  return canonicalIpv6(host);
}

/**
 * The RFC 5952 form of a valid IPv6 address: lower-case, no leading zeros, the
 * longest run of two or more zero groups as `::` (the first on a tie). Suricata
 * writes addresses fully expanded (`fe80:0000:…:720b`), other tools compressed;
 * both must be one entity. IPv4-mapped addresses become plain IPv4.
 */
function canonicalIpv6(address: string): string {
  let text = address.toLowerCase();
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.', lastColon)) {
    // An embedded IPv4 tail (`::ffff:1.2.3.4`, `64:ff9b::1.2.3.4`) as two groups.
    const [a, b, c, d] = text.slice(lastColon + 1).split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const gap = text.indexOf('::');
  const head = (gap === -1 ? text : text.slice(0, gap)).split(':').filter((g) => g !== '');
  const tail = gap === -1 ? [] : text.slice(gap + 2).split(':').filter((g) => g !== '');
  const groups = [...head, ...Array<string>(8 - head.length - tail.length).fill('0'), ...tail].map((g) => parseInt(g, 16));
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `${groups[6]! >> 8}.${groups[6]! & 255}.${groups[7]! >> 8}.${groups[7]! & 255}`;
  }
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart === -1) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

/**
 * An address field of an alert: the IP address (normalised as by normalizeIp;
 * null when the value is not an address, e.g. a redacted `X.X.X.X`) and the
 * port it carried, if any.
 */
export function addressField(value: unknown): { ip: string | null; port: number | null } {
  const raw = text(value);
  if (raw === null) return { ip: null, port: null };
  const { host, port } = splitHostPort(raw);
  return { ip: normalizeIp(host), port };
}

/** An address and port as read from an alert (either may be missing). */
export interface Endpoint {
  ip: string | null;
  port: number | null;
}

/** `ip:port`, `[v6]:port` or the bare address; null without an address. */
export function endpointText({ ip, port }: Endpoint): string | null {
  if (ip === null) return null;
  if (port === null) return ip;
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/**
 * A request target as a URL. Web servers and IDSes log the target, usually a
 * bare path: with the Host it was sent to (and a port other than 80) it
 * becomes `http://host[:port]/path`, so `/login.php` on two sites is two URLs
 * and both importers write the same request the same way. Kept as it is when
 * it is already absolute or no usable host is known.
 */
export function qualifiedUrl(url: string | null, hostValue: unknown, portValue: unknown): string | null {
  const host = text(hostValue);
  if (url === null || !url.startsWith('/') || host === null || /[\s/]/.test(host)) return url;
  const port = toPort(portValue);
  const authority = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `http://${authority}${port !== null && port !== 0 && port !== 80 ? `:${port}` : ''}${url}`;
}

/** The first of `values` that is a name rather than an IP address (a domain column never holds an address). */
export function firstName(...values: unknown[]): string | null {
  for (const value of values) {
    const name = text(value);
    if (name !== null && normalizeIp(name) === null) return name;
  }
  return null;
}

/** A list of strings from an array, a JSON-array string or a comma-separated string. */
export function stringList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(text).filter((v): v is string => v !== null);
  const single = text(value);
  if (single === null) return [];
  if (single.startsWith('[')) {
    try {
      return stringList(JSON.parse(single));
    } catch {
      // not a JSON array after all: fall through to comma splitting
    }
  }
  return single
    .split(',')
    .map((part) => text(part.replace(/^[\s[\]"']+|[\s[\]"']+$/g, '')))
    .filter((v): v is string => v !== null);
}

const TECHNIQUE = /^T\d{4}(?:\.\d{3})?$/;

/** ATT&CK technique ids from any number of list-like values, upper-case, deduplicated, in order. */
export function mitreIds(...values: unknown[]): string[] {
  const ids = new Set<string>();
  for (const value of values) {
    for (const item of stringList(value)) {
      const id = item.toUpperCase();
      if (TECHNIQUE.test(id)) ids.add(id);
    }
  }
  return [...ids];
}

const HEX_HASH = /^(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64}|[0-9a-f]{128})$/;

/** A lower-case MD5/SHA-1/SHA-256/SHA-512 hex digest, or null. */
export function hashValue(value: unknown): string | null {
  const raw = text(value);
  if (raw === null) return null;
  const lower = raw.toLowerCase();
  return HEX_HASH.test(lower) ? lower : null;
}

/** Picks one digest from a Sysmon-style `SHA1=…,MD5=…,SHA256=…,IMPHASH=…` list, strongest first. */
export function hashFromList(value: unknown): string | null {
  const raw = text(value);
  if (raw === null) return null;
  const byAlgorithm = new Map<string, string>();
  for (const part of raw.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) byAlgorithm.set(part.slice(0, eq).trim().toUpperCase(), part.slice(eq + 1));
  }
  if (byAlgorithm.size === 0) return hashValue(raw);
  for (const algorithm of ['SHA256', 'SHA1', 'MD5']) {
    const hash = hashValue(byAlgorithm.get(algorithm));
    if (hash !== null) return hash;
  }
  return null;
}

/**
 * A message as the one line an analyst scans: control characters (a log's
 * line breaks, tabs) become spaces, and it is cut to 500 characters (request
 * lines of attack traffic can be kilobytes long).
 */
export function oneLine(line: string): string {
  const clean = line.replace(/[\u0000-\u001f\u007f]+/g, ' ');
  return clean.length <= 500 ? clean : `${clean.slice(0, 499)}…`;
}

/** Shortens a value for an error message. */
export function preview(value: unknown): string {
  const s = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/**
 * The record's time from the first of `fields` that is present. A present but
 * unparseable value only fails the record when no later field parses.
 */
export function requireTimestamp(
  doc: JsonObject,
  fields: readonly FieldPath[],
  read: (doc: JsonObject, field: FieldPath) => unknown = readField,
): number {
  let firstError: string | null = null;
  for (const field of fields) {
    const value = read(doc, field);
    if (value === undefined || value === null || value === '') continue;
    const ts = parseTimestamp(value);
    if (ts !== null) return ts;
    firstError ??= `unparseable timestamp '${preview(value)}' in field '${field.name}'`;
  }
  throw new RecordError(firstError ?? `missing timestamp (expected ${fields.map((f) => `'${f.name}'`).join(' or ')})`);
}
