/**
 * Timestamp parsing for every import format. Hand-written rather than
 * Date.parse because V8 rejects some shapes real tools emit (`+0000` offsets,
 * 9 fractional digits) and treats zone-less strings as local time, which would
 * make imports depend on the analyst's machine.
 */

/** Numbers below this are epoch seconds (1e11 s is the year 5138; 1e11 ms is 1973). */
const SECONDS_LIMIT = 1e11;
/** Numbers below this are epoch milliseconds; above, micro- then nanoseconds. */
const MILLIS_LIMIT = 1e14;
const MICROS_LIMIT = 1e17;

const NUMERIC = /^\d+(?:\.\d+)?$/;
/**
 * The last millisecond of the year 9999: later times are no timestamp (an epoch
 * of 1e22 read as nanoseconds is the year 318,857), and every date library and
 * the UI's formatting fail beyond JavaScript's own limit.
 */
export const MAX_TIMESTAMP_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * Parses a timestamp to UTC epoch milliseconds, or null when it is not one.
 *
 * Accepts ISO 8601 / RFC 3339 (`T` or a space between date and time; 0–9
 * fractional digits after `.` or `,`; zone `Z`, `±HH:MM`, `±HHMM`, `±HH` or
 * none, which means UTC), a bare date, and epoch seconds, milliseconds,
 * microseconds or nanoseconds as a number or a numeric string.
 */
export function parseTimestamp(value: unknown): number | null {
  if (typeof value === 'number') return fromEpoch(value);
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (text.length === 0) return null;
  if (NUMERIC.test(text)) return fromEpoch(Number(text));
  return parseIso(text);
}

function fromEpoch(n: number): number | null {
  if (!Number.isFinite(n) || n < 0) return null;
  const ms = n < SECONDS_LIMIT ? Math.round(n * 1000) : n < MILLIS_LIMIT ? Math.round(n) : n < MICROS_LIMIT ? Math.floor(n / 1e3) : Math.floor(n / 1e6);
  return ms <= MAX_TIMESTAMP_MS ? ms : null;
}

const CH_0 = 48;

/** Reads `count` decimal digits at `at`, or -1 if any is not a digit. */
function digits(s: string, at: number, count: number): number {
  if (at + count > s.length) return -1;
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const d = s.charCodeAt(i) - CH_0;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function parseIso(s: string): number | null {
  // YYYY-MM-DD
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || s[4] !== '-' || s[7] !== '-') return null;
  if (day > daysInMonth(year, month)) return null;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let millis = 0;
  let offsetMinutes = 0;
  let i = 10;
  if (i < s.length) {
    const sep = s[i];
    if (sep !== 'T' && sep !== 't' && sep !== ' ') return null;
    hour = digits(s, i + 1, 2);
    minute = digits(s, i + 4, 2);
    if (hour < 0 || minute < 0 || s[i + 3] !== ':' || hour > 23 || minute > 59) return null;
    i += 6;
    if (s[i] === ':') {
      second = digits(s, i + 1, 2);
      // 60 is a leap second; it is folded into the next second by Date.UTC.
      if (second < 0 || second > 60) return null;
      i += 3;
      if (s[i] === '.' || s[i] === ',') {
        i++;
        const start = i;
        let scale = 100;
        while (i < s.length) {
          const d = s.charCodeAt(i) - CH_0;
          if (d < 0 || d > 9) break;
          if (scale >= 1) millis += d * scale; // sub-millisecond digits are truncated
          scale /= 10;
          i++;
        }
        const count = i - start;
        if (count === 0 || count > 9) return null;
      }
    }
    if (i < s.length) {
      const zone = s[i];
      if (zone === 'Z' || zone === 'z') {
        i++;
      } else if (zone === '+' || zone === '-') {
        const oh = digits(s, i + 1, 2);
        if (oh < 0 || oh > 23) return null;
        i += 3;
        let om = 0;
        if (s[i] === ':') {
          om = digits(s, i + 1, 2);
          i += 3;
        } else if (i < s.length) {
          om = digits(s, i, 2);
          i += 2;
        }
        if (om < 0 || om > 59) return null;
        offsetMinutes = (zone === '+' ? 1 : -1) * (oh * 60 + om);
      } else {
        return null;
      }
    }
    if (i !== s.length) return null;
  }
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  // Date.UTC maps years 0–99 to 1900–1999; no security log is that old.
  if (year < 100) return null;
  const ms = utc - offsetMinutes * 60_000;
  return ms <= MAX_TIMESTAMP_MS ? ms : null;
}
