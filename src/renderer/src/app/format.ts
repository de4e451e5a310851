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

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
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
