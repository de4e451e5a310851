import { formatCountOf } from '../../app/format';

/** Turns an audit entry's before/after into one readable line of plain text. */
function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Stored enum values (verdicts, statuses) as words; ids, titles and free text as written. */
const WORDS = /^[a-z]+(?:_[a-z]+)+$/;

function short(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) {
    const shown = value.slice(0, 5).map(short).join(', ');
    return value.length > 5 ? `${shown} and ${value.length - 5} more` : shown;
  }
  const text = typeof value === 'string' ? (WORDS.test(value) ? value.replace(/_/g, ' ') : value) : typeof value === 'object' ? JSON.stringify(value) : String(value);
  const line = text.replace(/\s+/g, ' ');
  return line.length > 80 ? line.slice(0, 77) + '…' : line;
}

/** `alertCount` → "alert count". */
function label(key: string): string {
  return key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

const count = (value: unknown): number => (Array.isArray(value) ? value.length : 0);

/** What the incident actions record, in words. */
function describeAction(action: string, after: Record<string, unknown>): string | null {
  switch (action) {
    case 'incident.note':
      return typeof after.body === 'string' ? short(after.body) : null;
    case 'incident.merge':
      if (Array.isArray(after.absorbed)) return `absorbed ${short(after.absorbed)}`;
      if (typeof after.mergedInto === 'string') return `merged into ${after.mergedInto}${typeof after.alertsMoved === 'number' ? ` (${formatCountOf(after.alertsMoved, 'alert')} moved)` : ''}`;
      return null;
    case 'incident.split':
      return typeof after.newIncident === 'string' ? `${formatCountOf(count(after.alertIds), 'alert')} split into ${after.newIncident}` : null;
    case 'incident.create':
      return typeof after.splitFrom === 'string' ? `split from ${after.splitFrom} (${formatCountOf(count(after.alertIds), 'alert')})` : null;
    default:
      return null;
  }
}

/**
 * "status: new → investigating; verdict: — → benign" for the fields that
 * changed; what was recorded, in words, when there is nothing to compare.
 */
export function describeChange(before: unknown, after: unknown, action = ''): string {
  if (isRecord(after)) {
    const said = describeAction(action, after);
    if (said !== null) return ` — ${said}`;
  }
  if (isRecord(before) && isRecord(after) && Object.keys(after).some((key) => key in before)) {
    const keys = Array.from(new Set([...Object.keys(before), ...Object.keys(after)])).filter((key) => key in after);
    const changes = keys
      .filter((key) => JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null))
      .map((key) => `${label(key)}: ${short(before[key])} → ${short(after[key])}`);
    return changes.length ? ` — ${changes.join('; ')}` : '';
  }
  if (isRecord(after)) {
    const fields = Object.entries(after)
      .filter(([, value]) => value !== null && value !== undefined)
      .map(([key, value]) => `${label(key)}: ${short(value)}`);
    return fields.length ? ` — ${fields.join('; ')}` : '';
  }
  if (after !== null && after !== undefined) return ` — ${short(after)}`;
  return '';
}
