/**
 * Turns what an analyst types into a safe FTS5 query: every term becomes a
 * quoted phrase (so IPs, paths and operators are matched literally, never
 * parsed as FTS syntax), terms are ANDed, and the last one matches as a prefix.
 * Returns null when nothing searchable remains.
 */
export function toFtsQuery(text: string): string | null {
  const terms = text
    .split(/\s+/)
    .map((t) => t.replace(/["\u0000]/g, ' ').trim())
    .filter((t) => /[\p{L}\p{N}]/u.test(t));
  if (terms.length === 0) return null;
  return terms
    .map((term, i) => {
      const phrase = `"${term}"`;
      return i === terms.length - 1 && /[\p{L}\p{N}]$/u.test(term) ? `${phrase} *` : phrase;
    })
    .join(' ');
}
