/**
 * Splits an import file into records without holding it in memory: NDJSON /
 * JSON Lines, a JSON array (pretty-printed or not, of any size), or one or
 * more (pretty-printed) JSON objects in a row, optionally gzip-compressed,
 * in UTF-8 or in UTF-16 (as Windows tools write it, with or without a BOM; read
 * as UTF-8 from there on, so records keep their text, not their UTF-16 bytes).
 *
 * It only finds record boundaries; whether a record is valid JSON of a known
 * format is the parser's call, so one bad record never hides its neighbours.
 *
 * Log files can have holes: runs of NUL bytes where a crash cut a write short
 * or a copytruncate log rotation left the writer past the new end. A hole is
 * reported (where, how long) and skipped, and the records around it are read.
 */
import { isUtf8 } from 'node:buffer';
import { createGunzip } from 'node:zlib';

export interface RawRecord {
  /** 1-based line where the record starts. */
  line: number;
  /** The record's exact text (no trailing newline, no BOM). */
  text: string;
}

/** A piece of the file that is not a record (e.g. a truncated array element). */
export interface RecordIssue {
  line: number;
  error: string;
}

/** The file as a whole cannot be read as records. */
export class FileError extends Error {
  constructor(
    readonly kind: 'empty' | 'binary' | 'malformed',
    message: string,
  ) {
    super(message);
    this.name = 'FileError';
  }
}

/** Lines after an unreadable first line looked at for a complete record, and how far (bytes from each line's start). */
const LOOKAHEAD_LINES = 8;
const LOOKAHEAD_BYTES = 1024 * 1024;
/** Bytes inspected to tell text from binary. */
const SNIFF_BYTES = 8 * 1024;
/** A record larger than this is reported and skipped rather than buffered. */
export const MAX_RECORD_BYTES = 64 * 1024 * 1024;

/**
 * Text already in memory (browser mode sends the file in the request), in
 * 1 MiB pieces as a file is read: the reader's byte count, which import
 * progress reports, then moves as records are read instead of reaching the
 * end at once.
 */
export function* inChunks(buffer: Buffer, size = 1 << 20): Generator<Buffer> {
  for (let at = 0; at < buffer.length; at += size) yield buffer.subarray(at, at + size);
}
/** Inflated bytes per output chunk (also the most a failure can take with it: zlib drops the step it fails in). */
const GUNZIP_CHUNK_BYTES = 64 * 1024;
/** Compressed bytes written to the inflater at a time: their output (at most ~1000× as much) is handed on before the next. */
const GUNZIP_INPUT_BYTES = 64 * 1024;
/** Share of control characters in the sniffed bytes above which a file is binary. */
const MAX_CONTROL_SHARE = 0.1;
/**
 * NUL bytes in a run at least this long are a hole in a text file; shorter
 * runs (the zero bytes of binary integers) make it binary.
 */
const MIN_HOLE_BYTES = 16;

const LF = 0x0a;
const CR = 0x0d;
const TAB = 0x09;
const SPACE = 0x20;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

export async function* readRecords(
  input: AsyncIterable<Buffer | string>,
  opts: { onBytes?: (bytesConsumed: number) => void } = {},
): AsyncGenerator<RawRecord | RecordIssue> {
  const raw = countBytes(input, opts.onBytes);
  let decoded: AsyncIterator<Buffer> = raw;
  try {
    const unzipped = await decompressIfGzip(raw);
    const hole = await skipLeadingHole(unzipped);
    decoded = await utf16ToUtf8(hole.rest);
    const { mode, prefix, skippedLines } = await sniff(decoded, hole.bytes);
    if (hole.bytes > 0) yield holeIssue(1, hole.bytes);
    const chunks = replay(prefix, decoded);
    yield* mode === 'lines' ? splitLines(chunks, 1 + skippedLines) : scanValues(chunks, 1 + skippedLines);
  } finally {
    // Stop reading (and inflating) when the consumer stops early or an error escapes.
    await decoded.return?.(undefined);
    await raw.return(undefined);
  }
}

async function* countBytes(
  input: AsyncIterable<Buffer | string>,
  onBytes: ((bytesConsumed: number) => void) | undefined,
): AsyncGenerator<Buffer> {
  let consumed = 0;
  for await (const piece of input) {
    const chunk = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
    if (chunk.length === 0) continue;
    consumed += chunk.length;
    onBytes?.(consumed);
    yield chunk;
  }
}

/** Yields `prefix`, then the rest of `source`. */
async function* replay(prefix: readonly Buffer[], source: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  try {
    for (const chunk of prefix) yield chunk;
    for (;;) {
      const next = await source.next();
      if (next.done) return;
      yield next.value;
    }
  } finally {
    await source.return?.(undefined);
  }
}

function holeIssue(line: number, bytes: number): RecordIssue {
  return { line, error: `${bytes} NUL bytes skipped: the file has a hole here (left by a crash or a copytruncate log rotation)` };
}

/**
 * A hole at the very start (copytruncate leaves the whole old length as NULs):
 * skipped as it streams, never buffered. Runs shorter than MIN_HOLE_BYTES are
 * left for the text check (UTF-16 big-endian starts with one NUL).
 */
async function skipLeadingHole(source: AsyncIterator<Buffer>): Promise<{ bytes: number; rest: AsyncIterator<Buffer> }> {
  const seen: Buffer[] = [];
  let bytes = 0;
  for (;;) {
    const next = await source.next();
    if (next.done) break;
    const chunk = next.value;
    let at = 0;
    while (at < chunk.length && chunk[at] === 0) at++;
    bytes += at;
    if (bytes < MIN_HOLE_BYTES) seen.push(chunk);
    else seen.length = 0;
    if (at < chunk.length) {
      if (bytes >= MIN_HOLE_BYTES) seen.push(chunk.subarray(at));
      break;
    }
  }
  return bytes >= MIN_HOLE_BYTES ? { bytes, rest: replay(seen, source) } : { bytes: 0, rest: replay(seen, source) };
}

async function decompressIfGzip(raw: AsyncIterator<Buffer>): Promise<AsyncIterator<Buffer>> {
  const { start, all } = await peek(raw, 2);
  if (start.length < 2 || start[0] !== 0x1f || start[1] !== 0x8b) return all;
  return gunzip(all);
}

/** The first `n` bytes of `source` (fewer at its end), and `source` as a whole again. */
async function peek(source: AsyncIterator<Buffer>, n: number): Promise<{ start: Buffer; all: AsyncGenerator<Buffer> }> {
  const head: Buffer[] = [];
  let headBytes = 0;
  while (headBytes < n) {
    const next = await source.next();
    if (next.done) break;
    head.push(next.value);
    headBytes += next.value.length;
  }
  return { start: head.length === 1 ? head[0]! : Buffer.concat(head), all: replay(head, source) };
}

/**
 * UTF-16 text, told by its BOM or, without one, by the zero high bytes of the
 * ASCII JSON starts with (`{"` is 7B 00 22 00 in little-endian), as UTF-8.
 */
async function utf16ToUtf8(source: AsyncIterator<Buffer>): Promise<AsyncIterator<Buffer>> {
  const { start, all } = await peek(source, 4);
  const le = (start[0] === 0xff && start[1] === 0xfe) || (start[0] !== 0 && start[1] === 0 && start[2] !== 0 && start[3] === 0);
  const be = (start[0] === 0xfe && start[1] === 0xff) || (start[0] === 0 && start[1] !== 0 && start[2] === 0 && start[3] !== 0);
  if (start.length < 4 || (!le && !be)) return all;
  return transcodeUtf16(all, be);
}

async function* transcodeUtf16(source: AsyncIterable<Buffer>, bigEndian: boolean): AsyncGenerator<Buffer> {
  // Decoded as little-endian, big-endian pairs swapped first; the decoder drops a leading BOM.
  const decoder = new TextDecoder('utf-16le', { ignoreBOM: false });
  let odd: Buffer | null = null;
  for await (const chunk of source) {
    let bytes: Buffer = odd === null ? chunk : Buffer.concat([odd, chunk]);
    odd = null;
    if (bytes.length % 2 === 1) {
      odd = bytes.subarray(bytes.length - 1);
      bytes = bytes.subarray(0, bytes.length - 1);
    }
    if (bytes.length === 0) continue;
    if (bigEndian) bytes = Buffer.from(bytes).swap16();
    const text = decoder.decode(bytes, { stream: true });
    if (text.length > 0) yield Buffer.from(text, 'utf8');
  }
  const rest = decoder.decode(odd ?? undefined);
  if (rest.length > 0) yield Buffer.from(rest, 'utf8');
}

/**
 * Inflates as it streams: one small piece of compressed input at a time, its
 * output handed on before the next is written, so memory stays bounded and
 * everything inflated before a failure (a truncated file) is yielded before
 * the failure is thrown. (A stream's own async iterator, or a paused one,
 * drops the output it still buffers when it errors.)
 */
async function* gunzip(compressed: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const inflater = createGunzip({ chunkSize: GUNZIP_CHUNK_BYTES });
  const out: Buffer[] = [];
  let failure: Error | null = null;
  // Wakes the step in progress: a write processed, the end reached, or a failure (which never calls a write back).
  let wake: (() => void) | null = null;
  const settle = (): void => {
    wake?.();
    wake = null;
  };
  inflater.on('data', (chunk: Buffer) => out.push(chunk));
  inflater.on('error', (error) => {
    failure ??= error;
    settle();
  });
  inflater.on('end', settle);
  const step = (act: (done: () => void) => void): Promise<void> =>
    new Promise<void>((resolve) => {
      wake = resolve;
      act(settle);
    });
  try {
    for await (const piece of compressed) {
      for (let at = 0; at < piece.length && failure === null; at += GUNZIP_INPUT_BYTES) {
        await step((done) => inflater.write(piece.subarray(at, at + GUNZIP_INPUT_BYTES), () => done()));
        while (out.length > 0) yield out.shift()!;
      }
      if (failure !== null) break;
    }
    if (failure === null) await step(() => inflater.end());
    while (out.length > 0) yield out.shift()!;
    if (failure !== null) throw gunzipFailure(failure);
  } finally {
    inflater.destroy();
  }
}

function gunzipFailure(error: Error): Error {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code.startsWith('Z_')) {
    return new FileError('malformed', `gzip data is corrupt or truncated: ${error.message}`);
  }
  return error;
}

function isWhitespace(byte: number | undefined): boolean {
  return byte === SPACE || byte === LF || byte === CR || byte === TAB;
}

/**
 * Looks at the start of the decoded text: rejects empty and binary files,
 * strips a BOM and decides the container. Returns the bytes it consumed, to
 * be replayed in front of the rest.
 */
async function sniff(source: AsyncIterator<Buffer>, holeBytes: number): Promise<{ mode: 'lines' | 'values'; prefix: Buffer[]; skippedLines: number }> {
  const empty = holeBytes > 0 ? `file holds nothing but ${holeBytes} NUL bytes` : 'file is empty';
  const prefix: Buffer[] = [];
  let bytes = 0;
  const pull = async (): Promise<Buffer | null> => {
    const next = await source.next();
    if (next.done) return null;
    prefix.push(next.value);
    bytes += next.value.length;
    return next.value;
  };
  const joinPrefix = (): Buffer => {
    const joined = prefix.length === 1 ? prefix[0]! : Buffer.concat(prefix);
    prefix.length = 0;
    prefix.push(joined);
    bytes = joined.length;
    return joined;
  };

  while (bytes < SNIFF_BYTES + 3 && (await pull()) !== null);
  if (bytes === 0) throw new FileError('empty', empty);
  let all = joinPrefix();
  if (all[0] === 0xef && all[1] === 0xbb && all[2] === 0xbf) {
    prefix[0] = all = all.subarray(3);
    bytes = all.length;
  }
  checkText(all.subarray(0, SNIFF_BYTES));

  // The first meaningful byte decides the container; leading whitespace may run on. Kept only while it holds a NUL
  // (a hole is reported where it is); otherwise just its lines are counted.
  let skippedLines = 0;
  let first = firstNonWhitespace(all);
  while (first === -1) {
    if (!prefix.some((piece) => piece.includes(0))) {
      for (const piece of prefix) skippedLines += countLines(piece, 0, piece.length);
      prefix.length = 0;
      bytes = 0;
    }
    const chunk = await pull();
    if (chunk === null) throw new FileError('empty', empty);
    const at = firstNonWhitespace(chunk);
    if (at !== -1) first = bytes - chunk.length + at;
  }
  all = joinPrefix();
  const firstByte = all[first];
  if (firstByte === OPEN_BRACKET) return { mode: 'values', prefix, skippedLines };

  // NDJSON if the first line holds one complete object. Otherwise the file is pretty-printed object(s) — unless a
  // line soon after is a complete object from its first column: then it is NDJSON whose first line is cut short
  // (a truncated write, a file split by size, a log rotated mid-record) or is not JSON (a header); that line is
  // rejected on its own and the records after it are read.
  /** Where the line holding byte `from` ends (its LF), reading on while needed up to `limit` bytes; -1 if not found. */
  const lineEndFrom = async (from: number, limit = MAX_RECORD_BYTES): Promise<number> => {
    let at = joinPrefix().indexOf(LF, from);
    while (at === -1 && bytes < limit) {
      const chunk = await pull();
      if (chunk === null) break;
      const inChunk = chunk.indexOf(LF);
      if (inChunk !== -1) at = bytes - chunk.length + inChunk;
    }
    return at;
  };
  let lineEnd = await lineEndFrom(first);
  all = joinPrefix();
  if (lineEnd === -1) {
    // A first line longer than a record may be: NDJSON with one oversized record (skipped; the rest is read).
    if (bytes >= MAX_RECORD_BYTES && firstByte === OPEN_BRACE) return { mode: 'lines', prefix, skippedLines };
    lineEnd = all.length;
  }
  if (firstByte === OPEN_BRACE && isCompleteValue(all, first, lineEnd)) return { mode: 'lines', prefix, skippedLines };
  for (let line = 0, start = lineEnd + 1; line < LOOKAHEAD_LINES; line++) {
    if (start >= bytes && (await pull()) === null) break;
    let end = await lineEndFrom(start, start + LOOKAHEAD_BYTES);
    all = joinPrefix();
    if (end === -1) {
      // A line too long to look at ends the search; the file's last line ends with it.
      if (bytes >= start + LOOKAHEAD_BYTES) break;
      end = all.length;
    }
    if (all[start] === OPEN_BRACE && isCompleteValue(all, start, end)) return { mode: 'lines', prefix, skippedLines };
    start = end + 1;
  }
  if (firstByte !== OPEN_BRACE) {
    const line = skippedLines + countLines(all, 0, first) + 1;
    throw new FileError('malformed', `not JSON: expected NDJSON lines, a JSON array or a JSON object at line ${line}`);
  }
  return { mode: 'values', prefix, skippedLines };

}

/** The first byte that is neither whitespace nor part of a hole (NUL), or -1. */
function firstNonWhitespace(chunk: Buffer): number {
  for (let at = 0; at < chunk.length; at++) if (!isWhitespace(chunk[at]) && chunk[at] !== 0) return at;
  return -1;
}

/**
 * Text, possibly with holes: binary when NUL bytes outside holes (the zero
 * bytes of binary integers) and other control characters are more than
 * MAX_CONTROL_SHARE of the rest. A stray NUL in a text file (a bad write)
 * is not enough: the reader reports it where it is and reads around it.
 */
function checkText(sample: Buffer): void {
  let holes = 0;
  let control = 0;
  for (let nul = sample.indexOf(0); nul !== -1; nul = sample.indexOf(0, nul)) {
    let end = nul;
    while (end < sample.length && sample[end] === 0) end++;
    // A run cut by the sample's end may be the start of a hole.
    if (end - nul < MIN_HOLE_BYTES && end < sample.length) control += end - nul;
    else holes += end - nul;
    nul = end;
  }
  for (let i = 0; i < sample.length; i++) {
    const byte = sample[i]!;
    if ((byte < SPACE && byte !== LF && byte !== CR && byte !== TAB && byte !== 0x0c && byte !== 0x08 && byte !== 0) || byte === 0x7f) control++;
  }
  const textBytes = sample.length - holes;
  if (textBytes > 0 && control / textBytes > MAX_CONTROL_SHARE) {
    const percent = Math.round((control / textBytes) * 100);
    throw new FileError('binary', `file looks binary (${percent}% NUL or control bytes), not JSON text`);
  }
}

function countLines(buffer: Buffer, from: number, to: number): number {
  let lines = 0;
  for (let at = buffer.indexOf(LF, from); at !== -1 && at < to; at = buffer.indexOf(LF, at + 1)) lines++;
  return lines;
}

/** True if `buffer[start, end)` is one balanced JSON container followed only by whitespace. */
function isCompleteValue(buffer: Buffer, start: number, end: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = start; i < end; i++) {
    const byte = buffer[i]!;
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      depth++;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      depth--;
      if (depth === 0) {
        for (let rest = i + 1; rest < end; rest++) if (!isWhitespace(buffer[rest])) return false;
        return true;
      }
    }
  }
  return false;
}

/**
 * A record's text, or an issue when its bytes are not UTF-8 (a Latin-1 or
 * Windows-1252 log): decoding would replace each bad byte by U+FFFD, so the
 * record would not be kept as it came, and records differing only there
 * would be taken for one. Checked only when the decoded text holds U+FFFD.
 */
function decodeRecord(line: number, bytes: Buffer, start: number, end: number): RawRecord | RecordIssue {
  const text = bytes.toString('utf8', start, end);
  if (!text.includes('\uFFFD') || isUtf8(bytes.subarray(start, end))) return { line, text };
  const at = firstInvalidUtf8(bytes, start, end);
  const byte = bytes[at]!.toString(16).toUpperCase().padStart(2, '0');
  return {
    line,
    error: `not UTF-8 text (byte 0x${byte} at byte ${at - start + 1} of the record): the file is in another encoding, such as Latin-1 or Windows-1252; convert it to UTF-8 (e.g. iconv -f WINDOWS-1252 -t UTF-8) and import it again`,
  };
}

/** Offset of the first byte in [start, end) that is not part of a valid UTF-8 sequence (end if none). */
function firstInvalidUtf8(bytes: Buffer, start: number, end: number): number {
  for (let i = start; i < end; ) {
    const b = bytes[i]!;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > end || !isUtf8(bytes.subarray(i, i + length))) return i;
    i += length;
  }
  return end;
}

function oversizedIssue(line: number): RecordIssue {
  return { line, error: `record is larger than ${MAX_RECORD_BYTES / (1024 * 1024)} MiB; skipped` };
}

/**
 * NDJSON / JSON Lines: every non-blank line is a record, valid or not. A hole
 * (NUL run) also ends a record: what precedes it on its line is judged alone
 * (usually a record cut short), and what follows starts afresh.
 */
async function* splitLines(chunks: AsyncIterable<Buffer>, firstLine = 1): AsyncGenerator<RawRecord | RecordIssue> {
  let line = firstLine;
  // Pieces of a line that runs across chunks.
  let carried: Buffer[] = [];
  let carriedBytes = 0;
  let oversized = false;
  /** NUL bytes of the hole being skipped, and the line it started on. */
  let hole = 0;
  let holeLine = 0;

  const emit = (bytes: Buffer, start: number, end: number): RawRecord | RecordIssue | null => {
    if (oversized) {
      oversized = false;
      return oversizedIssue(line);
    }
    if (end > start && bytes[end - 1] === CR) end--;
    let at = start;
    while (at < end && isWhitespace(bytes[at])) at++;
    if (at === end) return null;
    return decodeRecord(line, bytes, start, end);
  };

  for await (const chunk of chunks) {
    let start = 0;
    let nul = chunk.indexOf(0);
    for (;;) {
      if (hole > 0) {
        let end = start;
        while (end < chunk.length && chunk[end] === 0) end++;
        hole += end - start;
        start = end;
        if (start === chunk.length) break;
        yield holeIssue(holeLine, hole);
        hole = 0;
        nul = chunk.indexOf(0, start);
      }
      const newline = chunk.indexOf(LF, start);
      const atHole = nul !== -1 && (newline === -1 || nul < newline);
      const stop = atHole ? nul : newline;
      if (stop === -1) break;
      let item: RawRecord | RecordIssue | null;
      if (carriedBytes === 0 && !oversized) {
        item = emit(chunk, start, stop);
      } else {
        carried.push(chunk.subarray(start, stop));
        const joined = oversized ? Buffer.alloc(0) : Buffer.concat(carried);
        carried = [];
        carriedBytes = 0;
        item = emit(joined, 0, joined.length);
      }
      if (item !== null) yield item;
      if (atHole) {
        hole = 1;
        holeLine = line;
        start = nul + 1;
        continue;
      }
      line++;
      start = newline + 1;
    }
    if (start < chunk.length && !oversized) {
      carried.push(chunk.subarray(start));
      carriedBytes += chunk.length - start;
      if (carriedBytes > MAX_RECORD_BYTES) {
        oversized = true;
        carried = [];
        carriedBytes = 0;
      }
    }
  }
  if (hole > 0) yield holeIssue(holeLine, hole);
  if (carriedBytes > 0 || oversized) {
    const joined = oversized ? Buffer.alloc(0) : Buffer.concat(carried);
    const item = emit(joined, 0, joined.length);
    // A last line without its newline that stops mid-value: the file was cut, or is still being written.
    const first = firstNonWhitespace(joined);
    if (item !== null && 'text' in item && (joined[first] === OPEN_BRACE || joined[first] === OPEN_BRACKET) && !isCompleteValue(joined, first, joined.length)) {
      yield { line: item.line, error: TRUNCATED };
    } else if (item !== null) yield item;
  }
}

const TRUNCATED = 'truncated record: the file ends before this JSON value is complete (cut short, or still being written)';

/** 1 for the bytes that can change the scanner's state inside a container. */
const STRUCTURAL = new Uint8Array(256);
for (const byte of [LF, QUOTE, OPEN_BRACE, CLOSE_BRACE, OPEN_BRACKET, CLOSE_BRACKET]) STRUCTURAL[byte] = 1;

const NONE = 0;
const CONTAINER = 1;
const STRING = 2;
const SCALAR = 3;

/**
 * A JSON array (its elements are the records) or JSON values one after
 * another (each is a record), at any size and over any number of lines. Only
 * strings, escapes and bracket depth are tracked: the parser judges the rest.
 */
async function* scanValues(chunks: AsyncIterable<Buffer>, firstLine = 1): AsyncGenerator<RawRecord | RecordIssue> {
  let line = firstLine;
  /** Inside a top-level array, whose elements are the records. */
  let inArray = false;
  let kind = NONE;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let recordLine = 0;
  let pieces: Buffer[] = [];
  let pieceBytes = 0;
  let oversized = false;
  let garbageLine = 0;

  for await (const chunk of chunks) {
    const length = chunk.length;
    let recordStart = 0;
    let i = 0;

    const finish = (end: number): RawRecord | RecordIssue => {
      kind = NONE;
      if (oversized) {
        oversized = false;
        return oversizedIssue(recordLine);
      }
      if (pieces.length === 0) return decodeRecord(recordLine, chunk, recordStart, end);
      pieces.push(chunk.subarray(recordStart, end));
      const joined = Buffer.concat(pieces);
      pieces = [];
      pieceBytes = 0;
      return decodeRecord(recordLine, joined, 0, joined.length);
    };
    const begin = (recordKind: number): void => {
      kind = recordKind;
      recordStart = i;
      recordLine = line;
      pieces = [];
      pieceBytes = 0;
    };

    while (i < length) {
      if (inString) {
        if (escaped) {
          escaped = false;
          i++;
          continue;
        }
        const quote = chunk.indexOf(QUOTE, i);
        const stop = quote === -1 ? length : quote;
        // Only the run of backslashes right before the quote decides whether it is escaped.
        let run = 0;
        while (stop - run - 1 >= i && chunk[stop - run - 1] === BACKSLASH) run++;
        if (quote === -1) {
          escaped = run % 2 === 1;
          i = length;
        } else if (run % 2 === 1) {
          i = quote + 1;
        } else {
          inString = false;
          i = quote + 1;
          if (kind === STRING) yield finish(i);
        }
        continue;
      }

      if (kind === CONTAINER) {
        // Inside a container only quotes, brackets and newlines matter: skip the rest fast.
        while (i < length && STRUCTURAL[chunk[i]!] === 0) i++;
        if (i === length) break;
      }
      const byte = chunk[i]!;
      if (kind === SCALAR && (isWhitespace(byte) || byte === COMMA || byte === CLOSE_BRACKET || byte === CLOSE_BRACE || byte === OPEN_BRACE || byte === OPEN_BRACKET || byte === QUOTE)) {
        yield finish(i);
        continue; // look at this byte again as a delimiter
      }
      switch (byte) {
        case LF:
          line++;
          break;
        case SPACE:
        case TAB:
        case CR:
        case COMMA:
        case 0: // a hole between values
          break;
        case QUOTE:
          if (kind === NONE) begin(STRING);
          inString = true;
          break;
        case OPEN_BRACE:
        case OPEN_BRACKET:
          if (kind === CONTAINER) depth++;
          else if (byte === OPEN_BRACKET && !inArray) inArray = true;
          else {
            begin(CONTAINER);
            depth = 1;
          }
          break;
        case CLOSE_BRACE:
        case CLOSE_BRACKET:
          if (kind === CONTAINER) {
            depth--;
            if (depth === 0) yield finish(i + 1);
          } else if (byte === CLOSE_BRACKET && inArray) {
            inArray = false;
          } else if (garbageLine !== line) {
            garbageLine = line;
            yield { line, error: `unexpected '${String.fromCharCode(byte)}' outside a JSON value` };
          }
          break;
        default:
          if (kind !== NONE) break;
          if (inArray) {
            begin(SCALAR);
          } else {
            // Text between top-level values: report the line once and skip it.
            const newline = chunk.indexOf(LF, i);
            const end = newline === -1 ? Math.min(length, i + 40) : Math.min(newline, i + 40);
            if (garbageLine !== line) {
              garbageLine = line;
              const snippet = chunk.toString('utf8', i, end).trim();
              yield { line, error: `unexpected text outside a JSON value: '${snippet}'` };
            }
            i = newline === -1 ? length : newline;
            continue;
          }
      }
      i++;
    }

    if (kind !== NONE && !oversized) {
      pieces.push(chunk.subarray(recordStart));
      pieceBytes += length - recordStart;
      if (pieceBytes > MAX_RECORD_BYTES) {
        oversized = true;
        pieces = [];
        pieceBytes = 0;
      }
    }
  }

  if (kind !== NONE) {
    yield oversized ? oversizedIssue(recordLine) : { line: recordLine, error: TRUNCATED };
  }
}
