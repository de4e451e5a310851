/** Display helpers. All times are shown in UTC so analysts across shifts read the same clock. */

export function formatUtc(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const iso = new Date(ms).toISOString(); // 2024-05-01T12:34:56.789Z
  return iso.slice(0, 10) + ' ' + iso.slice(11, 19);
}

/** Parses a `datetime-local` value as UTC; undefined when empty or invalid. */
export function parseUtcInput(value: string): number | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value.length === 16 ? value + ':00Z' : value + 'Z');
  return Number.isFinite(ms) ? ms : undefined;
}

const TYPED_UTC = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,3})?)?)?\s*(?:Z|UTC)?$/i;

/**
 * A time typed or pasted into a UTC filter field, as the stored filter value
 * (`2024-05-02T09:00` or with seconds): `2024-05-02 09:00`, `2024-05-02T09:00:20.224Z`,
 * `2024-05-02 09:00:20 UTC`, or a bare date, which means the start of the day
 * (`end: true`: its last millisecond, for a "to" bound). '' for an empty field;
 * null when the text is not such a time.
 */
export function parseTypedUtc(text: string, options: { end?: boolean } = {}): string | null {
  const trimmed = text.trim();
  if (trimmed === '') return '';
  const match = TYPED_UTC.exec(trimmed);
  if (!match) return null;
  const [, year, month, day, hour, minute, second, fraction] = match;
  let value = `${year}-${month}-${day}T${hour ?? (options.end ? '23' : '00')}:${minute ?? (options.end ? '59' : '00')}`;
  if (hour === undefined && options.end) value += ':59.999';
  else if (second !== undefined) value += `:${second}${fraction ?? ''}`;
  const ms = parseUtcInput(value);
  // Date.parse accepts 2024-02-30; the time must read back as the same calendar day and clock.
  if (ms === undefined || new Date(ms).toISOString().slice(0, 16) !== value.slice(0, 16)) return null;
  return value;
}

/** A stored filter value as the field shows it: `2024-05-02 09:00` (seconds when set). */
export function formatTypedUtc(value: string): string {
  return value.replace('T', ' ');
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** "1 alert", "1,204 alerts". */
export function formatCountOf(n: number, noun: string): string {
  return `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;
}

export function formatPercent(fraction: number): string {
  return `${Math.round(Math.max(0, Math.min(1, fraction)) * 100)}%`;
}

/** Confidence may come as 0–1 or 0–100; always shown as a percentage. */
export function formatConfidence(value: number): string {
  return value <= 1 ? formatPercent(value) : `${Math.round(value)}%`;
}

export function humanize(value: string): string {
  return value.replace(/[_.-]+/g, ' ').replace(/^\w/, (c) => c.toUpperCase());
}

export function endpoints(ip: string | null, otherIp: string | null): string {
  if (!ip && !otherIp) return '—';
  return `${ip ?? '?'} → ${otherIp ?? '?'}`;
}
