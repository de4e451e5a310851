/**
 * Reading + parsing + normalising + fingerprinting, as batches ready to write.
 * Pure of the database, so it runs in a worker thread (parse-worker.ts) while
 * the main thread writes, or in-process (tests, tiny inputs).
 */
import type { ImportFormat } from '../../shared/domain';
import { RecordBatchBuilder, type RecordBatch } from './alert-writer';
import { extractEntities } from './entities';
import { parseRecord, RecordError } from './formats';
import { hitSourceText, searchHitTexts, searchResponseContext, type SearchContext } from './formats/search-response';
import { readRecords } from './record-reader';

export interface ParsedBatch {
  /** The alerts, and the events kept beside them. */
  records: RecordBatch;
  rejections: Array<{ line: number; reason: string; snippet?: string }>;
  /** Records read so far in this file (cumulative). */
  read: number;
  /** Input bytes consumed so far (cumulative). */
  bytesRead: number;
  /** Text of the records in this batch, in characters: what it holds in memory, roughly. */
  textChars: number;
  formats: Partial<Record<ImportFormat, number>>;
}

/**
 * A batch also ends at this much record text (characters), so memory stays
 * bounded when records are large (a Wazuh alert carrying a whole file in
 * full_log): 2,000 usual alerts are about 2.5M characters.
 */
export const PARSE_BATCH_CHARS = 8 * 1024 * 1024;

/** A rejection shows at most this much of its record, so the analyst sees which one it was (bounded: a record can be 64 MiB). */
export const SNIPPET_CHARS = 200;

/** Rejections per file that carry a snippet: as many as an import result lists. */
export const SNIPPET_RECORDS = 1000;

/** The start of a record's text, `…` marking a cut; never half of a surrogate pair. */
export function recordSnippet(text: string): string {
  if (text.length <= SNIPPET_CHARS) return text;
  const last = text.charCodeAt(SNIPPET_CHARS - 1);
  const end = last >= 0xd800 && last <= 0xdbff ? SNIPPET_CHARS - 1 : SNIPPET_CHARS;
  return `${text.slice(0, end)}…`;
}

export async function* parseBatches(
  input: AsyncIterable<Buffer | string>,
  options: { format?: ImportFormat; batchSize: number; batchChars?: number },
): AsyncGenerator<ParsedBatch> {
  const batchChars = options.batchChars ?? PARSE_BATCH_CHARS;
  let bytesRead = 0;
  let read = 0;
  let batch = emptyBatch();
  let size = 0;
  let chars = 0;
  const records = new RecordBatchBuilder();
  let snippets = 0;
  const finish = (): ParsedBatch => {
    const done = batch;
    done.records = records.take();
    done.read = read;
    done.bytesRead = bytesRead;
    done.textChars = chars;
    batch = emptyBatch();
    size = 0;
    chars = 0;
    return done;
  };
  try {
    for await (const record of readRecords(input, { onBytes: (n) => (bytesRead = n) })) {
      read++;
      if ('error' in record) {
        batch.rejections.push({ line: record.line, reason: record.error });
      } else {
        const add = (text: string, hit: number | null, context: SearchContext | null = null): void => {
          const where = hit === null ? '' : `search hit ${hit + 1}: `;
          try {
            const parsed = parseRecord(text, options.format, context);
            const identity = parsed.identity;
            if (parsed.kind === 'alert') {
              records.add(parsed.alert, extractEntities(parsed.alert), identity);
              batch.formats[parsed.alert.format] = (batch.formats[parsed.alert.format] ?? 0) + 1;
            } else {
              records.addEvent(parsed.event, identity);
              batch.formats[parsed.event.format] = (batch.formats[parsed.event.format] ?? 0) + 1;
            }
          } catch (error) {
            // A saved Elasticsearch/OpenSearch search response: its hits are the records.
            const hits = hit === null && error instanceof RecordError ? searchHitTexts(text) : null;
            if (hits !== null && hits.length > 0) {
              const context = searchResponseContext(text);
              hits.forEach((hitText, k) => add(hitText, k, context));
              return;
            }
            batch.rejections.push({
              line: record.line,
              // Only the rejections an import result can list carry one (a wrong format can reject millions).
              snippet: snippets++ < SNIPPET_RECORDS ? recordSnippet(text) : undefined,
              reason:
                where +
                (hits !== null
                  ? 'search response holds no hits'
                  : hit !== null && hitSourceText(text) === null
                    ? 'the hit holds no document (the query left out _source)'
                    : error instanceof RecordError
                      ? error.message
                      : error instanceof RangeError && /call stack/i.test(error.message)
                        ? 'record is nested too deeply to read (thousands of levels of objects or arrays)'
                        : `could not be processed: ${(error as Error).message}`),
            });
          }
        };
        add(record.text, null);
        chars += record.text.length;
      }
      if (++size >= options.batchSize || chars >= batchChars) yield finish();
    }
  } catch (error) {
    // The file failed part way (a truncated or corrupt gzip, a read error): what was read before is kept.
    if (size > 0) yield finish();
    throw error;
  }
  yield finish();
}

const EMPTY_RECORDS: RecordBatch = new RecordBatchBuilder().take();

function emptyBatch(): ParsedBatch {
  return { records: EMPTY_RECORDS, rejections: [], read: 0, bytesRead: 0, textChars: 0, formats: {} };
}
