/** Turns an audit entry's before/after into one readable line of plain text. */
function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function short(value: unknown): string {
  if (value === null || value === undefined) return '—';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 80 ? text.slice(0, 77) + '…' : text;
}

/** "status: new → investigating; verdict: — → benign" for the fields that changed. */
export function describeChange(before: unknown, after: unknown): string {
  if (isRecord(before) && isRecord(after)) {
    const keys = Array.from(new Set([...Object.keys(before), ...Object.keys(after)]));
    const changes = keys
      .filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]))
      .map((key) => `${key}: ${short(before[key])} → ${short(after[key])}`);
    return changes.length ? ` — ${changes.join('; ')}` : '';
  }
  if (after !== null && after !== undefined) return ` — ${short(after)}`;
  return '';
}
