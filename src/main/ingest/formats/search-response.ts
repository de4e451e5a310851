/**
 * Search responses saved whole: one JSON object holding many documents.
 * - Elasticsearch / OpenSearch (`{"took":…, "hits": {"total": …, "hits": [
 *   {"_index":…, "_source": {…}}, … ]}}`), from Dev Tools, curl or the Wazuh
 *   indexer.
 * - Graylog's REST search (`{"query":…, "messages": [ {"message": {…},
 *   "index": "graylog_0"}, … ], "total_results": …}`) and its events search
 *   (`{"events": [ {"event": {…}, "index_name": "gl-events_0"}, … ],
 *   "total_events": …}`).
 * The hits are cut out of the text as written, so each one's raw record keeps
 * its exact bytes (JSON.stringify would round 64-bit ids such as Suricata
 * flow_id).
 */

import { isObject } from './common';

const WS = new Set([' ', '\n', '\r', '\t']);

/** The text of every element of `hits.hits`, or null when `text` is not a search response. */
export function searchHitTexts(text: string): string[] | null {
  try {
    const start = skipWhitespace(text, 0);
    if (text[start] !== '{') return null;
    const outer = memberValue(text, start, 'hits');
    if (outer !== null) {
      if (text[outer] !== '{') return null;
      const inner = memberValue(text, outer, 'hits');
      if (inner === null || text[inner] !== '[') return null;
      return elements(text, inner).map(([from, to]) => text.slice(from, to));
    }
    return wrappedHits(text, start, 'messages', 'total_results', 'message') ?? wrappedHits(text, start, 'events', 'total_events', 'event');
  } catch {
    return null; // malformed: the caller reports the record as it is
  }
}

/** What a search response says about its hits as a whole: Graylog's events search names each event definition. */
export interface SearchContext {
  /** Event definition id → its title. */
  definitionTitles: ReadonlyMap<string, string>;
}

/** The context of a search response's hits (`context.event_definitions` of Graylog's events search), or null. */
export function searchResponseContext(text: string): SearchContext | null {
  // Only the definitions are parsed: the response around them (all its hits) is scanned, not parsed a second time.
  let definitions: unknown;
  try {
    const start = skipWhitespace(text, 0);
    if (text[start] !== '{') return null;
    const context = memberValue(text, start, 'context');
    if (context === null || text[context] !== '{') return null;
    const value = memberValue(text, context, 'event_definitions');
    if (value === null || text[value] !== '{') return null;
    definitions = JSON.parse(text.slice(value, skipValue(text, value)));
  } catch {
    return null;
  }
  if (!isObject(definitions)) return null;
  const definitionTitles = new Map<string, string>();
  for (const [id, definition] of Object.entries(definitions)) {
    if (isObject(definition) && typeof definition.title === 'string' && definition.title.trim() !== '') definitionTitles.set(id, definition.title.trim());
  }
  return definitionTitles.size > 0 ? { definitionTitles } : null;
}

/**
 * Graylog's searches: a `list` of hits, each wrapping its document in
 * `wrapper`, beside a `total` count. Any other list is not a search response.
 */
function wrappedHits(text: string, start: number, list: string, total: string, wrapper: string): string[] | null {
  const value = memberValue(text, start, list);
  if (value === null || text[value] !== '[' || memberValue(text, start, total) === null) return null;
  const hits = elements(text, value).map(([from, to]) => text.slice(from, to));
  return hits.every((hit) => documentMember(hit, wrapper) !== null) ? hits : null;
}

/**
 * The text of a hit's document as written, `_source` (or Graylog's `message`):
 * what identifies the record. The same document found by another query, with
 * another `_score`, `sort` or `highlight`, is the same record. Null when the
 * hit has no document.
 */
export function hitSourceText(hitText: string): string | null {
  return documentMember(hitText, '_source') ?? documentMember(hitText, 'message') ?? documentMember(hitText, 'event');
}

/** The text of the object held by `key` in the object `text`, or null. */
function documentMember(text: string, key: string): string | null {
  try {
    const start = skipWhitespace(text, 0);
    if (text[start] !== '{') return null;
    const value = memberValue(text, start, key);
    if (value === null || text[value] !== '{') return null;
    return text.slice(value, skipValue(text, value));
  } catch {
    return null;
  }
}

/** Start of the value of `key` in the object at `open` ('{'), or null. */
function memberValue(text: string, open: number, key: string): number | null {
  let i = skipWhitespace(text, open + 1);
  if (text[i] === '}') return null;
  for (;;) {
    if (text[i] !== '"') throw new Error('expected a key');
    const keyEnd = skipString(text, i);
    const name = JSON.parse(text.slice(i, keyEnd)) as string;
    i = skipWhitespace(text, keyEnd);
    if (text[i] !== ':') throw new Error('expected :');
    const valueStart = skipWhitespace(text, i + 1);
    if (name === key) return valueStart;
    i = skipWhitespace(text, skipValue(text, valueStart));
    if (text[i] === '}') return null;
    if (text[i] !== ',') throw new Error('expected , or }');
    i = skipWhitespace(text, i + 1);
  }
}

/** [start, end) of each element of the array at `open` ('['). */
function elements(text: string, open: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let i = skipWhitespace(text, open + 1);
  if (text[i] === ']') return out;
  for (;;) {
    const end = skipValue(text, i);
    out.push([i, end]);
    i = skipWhitespace(text, end);
    if (text[i] === ']') return out;
    if (text[i] !== ',') throw new Error('expected , or ]');
    i = skipWhitespace(text, i + 1);
  }
}

function skipWhitespace(text: string, i: number): number {
  while (i < text.length && WS.has(text[i]!)) i++;
  return i;
}

/** End (exclusive) of the string starting at the quote at `i`. */
function skipString(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const c = text[j];
    if (c === '\\') j++;
    else if (c === '"') return j + 1;
  }
  throw new Error('unterminated string');
}

/** End (exclusive) of the JSON value starting at `i`. */
function skipValue(text: string, i: number): number {
  const c = text[i];
  if (c === '"') return skipString(text, i);
  if (c === '{' || c === '[') {
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      const d = text[j];
      if (d === '"') j = skipString(text, j) - 1;
      else if (d === '{' || d === '[') depth++;
      else if (d === '}' || d === ']') {
        depth--;
        if (depth === 0) return j + 1;
      }
    }
    throw new Error('unbalanced value');
  }
  let j = i;
  while (j < text.length && !WS.has(text[j]!) && text[j] !== ',' && text[j] !== '}' && text[j] !== ']') j++;
  if (j === i) throw new Error('expected a value');
  return j;
}
