/**
 * Imports alert files into the workspace: streaming read, per-record parse and
 * normalise, batched writes (one transaction per batch), progress, cancel.
 * A bad record is rejected with file, line and reason; every good record in the
 * same file is still imported.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { Readable } from 'node:stream';
import type { ImportProgress } from '../../shared/contract';
import type { ImportFormat, ImportRejection, ImportResult } from '../../shared/domain';
import { AppError } from '../../shared/errors';
import type { CoreContext } from '../core/context';
import { AlertIndexer, INDEX_SLICE_ALERTS, unindexedAlerts } from './alert-index';
import { AlertWriter, type RecordBatch } from './alert-writer';
import { suspendAutoCheckpoint } from '../store/workspace';
import { batchSource } from './batch-source';
import { FileError, inChunks } from './record-reader';

export interface ImportOptions {
  format?: ImportFormat;
  jobId?: string;
  signal?: AbortSignal;
  /** Records per write transaction (default WRITE_BATCH_ROWS). */
  batchSize?: number;
  /** Filled with where the import's time went (the bench reports it). */
  timings?: ImportTimings;
}

/** Milliseconds, summed over the files of an import. */
export interface ImportTimings {
  /** Writing alert and event rows (transactions included). */
  writeMs: number;
  /** Adding entity links and search rows. */
  indexMs: number;
  /** The writer waiting for parsed batches. */
  waitMs: number;
  /** The WAL checkpoint at the end. */
  checkpointMs: number;
  /** The parser thread's working time (not waiting for the writer, not indexing), when it runs in a worker. */
  parseMs: number;
  /** The parser thread adding entity links and search rows, and checkpointing, while ahead of the writer. */
  parserIndexMs: number;
  parserCheckpointMs: number;
}

export function newImportTimings(): ImportTimings {
  return { writeMs: 0, indexMs: 0, waitMs: 0, checkpointMs: 0, parseMs: 0, parserIndexMs: 0, parserCheckpointMs: 0 };
}

/** At most this many rejections are returned (all are counted; the first 10,000 per file are stored). */
export const MAX_RETURNED_ERRORS = 1000;
const MAX_STORED_ERRORS_PER_FILE = 10_000;
const PROGRESS_INTERVAL_MS = 150;
/**
 * Records per write transaction. Large on purpose: the unique fingerprint
 * index takes keys in random order, and every page a transaction dirties is
 * written once per commit, so fewer, bigger commits write far less.
 */
export const WRITE_BATCH_ROWS = 16_000; // a multiple of PARSE_BATCH_ROWS
const PARSE_BATCH_ROWS = 2_000;
/** A write transaction also ends at this much record text (see PARSE_BATCH_CHARS): large records keep memory bounded. */
const WRITE_BATCH_CHARS = 32 * 1024 * 1024;
/**
 * Entity links and full-text rows are added in key order, by the parser thread
 * while it is ahead of the writer (parse-worker.ts), and by the writer when
 * this many alerts are waiting (and at the end of each file): rarely enough
 * that each index page is written a few times per import, often enough that
 * search keeps up.
 */
const INDEX_EVERY_ALERTS = 128_000;

/** Indexes every alert written so far, in slices, letting other calls in between (the desktop app serves the UI from this thread). */
async function indexInSlices(indexer: AlertIndexer): Promise<void> {
  while (indexer.step() > 0) await new Promise<void>((r) => setImmediate(r));
}

interface Source {
  name: string;
  path: string | null;
  content: Buffer | null;
  size: number;
  open(): AsyncIterable<Buffer | string>;
}

export async function importFiles(ctx: CoreContext, paths: string[], options: ImportOptions = {}): Promise<ImportResult> {
  const sources: Array<Source | { name: string; error: string }> = paths.map((p) => {
    const abs = resolve(p);
    try {
      const st = statSync(abs);
      if (!st.isFile()) return { name: p, error: 'not a regular file' };
      return { name: p, path: abs, content: null, size: st.size, open: () => createReadStream(abs, { highWaterMark: 1 << 20 }) };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return { name: p, error: code === 'ENOENT' ? 'file not found' : code === 'EACCES' ? 'permission denied' : (error as Error).message };
    }
  });
  return runImport(ctx, sources, options);
}

export async function importContent(ctx: CoreContext, fileName: string, content: string, options: ImportOptions = {}): Promise<ImportResult> {
  const name = basename(fileName);
  const buffer = Buffer.from(content, 'utf8');
  return runImport(ctx, [{ name, path: null, content: buffer, size: buffer.length, open: () => Readable.from(inChunks(buffer)) }], options);
}

async function runImport(ctx: CoreContext, sources: Array<Source | { name: string; error: string }>, options: ImportOptions): Promise<ImportResult> {
  const jobId = options.jobId ?? randomUUID();
  const result: ImportResult = { imported: 0, duplicates: 0, rejected: 0, events: 0, errors: [], errorsTruncated: false, cancelled: false, files: [] };
  const addError = (rejection: ImportRejection) => {
    if (result.errors.length < MAX_RETURNED_ERRORS) result.errors.push(rejection);
    else result.errorsTruncated = true;
  };
  // No automatic checkpoints while importing (each would copy the WAL into the
  // file inside a commit); one after each indexing stretch and one at the end
  // instead. A kill meanwhile leaves a valid, larger WAL.
  const { sqlite } = ctx.workspace;
  const restoreCheckpoints = suspendAutoCheckpoint(sqlite);
  try {
    await importSources();
  } finally {
    restoreCheckpoints();
    const started = performance.now();
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    if (options.timings) options.timings.checkpointMs += performance.now() - started;
  }
  async function importSources() {
  for (let i = 0; i < sources.length; i++) {
    const source = sources[i]!;
    if ('error' in source) {
      result.files.push({ file: source.name, format: null, imported: 0, duplicates: 0, rejected: 0, events: 0, error: source.error });
      addError({ file: source.name, line: 0, reason: source.error });
      continue;
    }
    if (options.signal?.aborted) {
      result.cancelled = true;
      break;
    }
    const fileResult = await importOne(ctx, source, { ...options, jobId }, i, sources.length, addError);
    result.files.push(fileResult.file);
    result.imported += fileResult.file.imported;
    result.duplicates += fileResult.file.duplicates;
    result.rejected += fileResult.file.rejected;
    result.events += fileResult.file.events;
    if (fileResult.cancelled) {
      result.cancelled = true;
      break;
    }
  }
  }
  if (result.imported > 0 || result.events > 0) ctx.events.emit('db.changed', { tables: ['alerts', 'events', 'entities', 'imports'] });
  const failed = result.files.filter((f) => f.error);
  // Every file failed before any record of it was kept: the import failed. A file that failed part way (a truncated
  // gzip) has its records kept, and its failure is in errors and files[].error as for a file among others.
  const kept = result.imported + result.duplicates + result.events;
  if (failed.length > 0 && failed.length === result.files.length && kept === 0 && !result.cancelled) {
    const first = failed[0]!;
    const code = /empty/.test(first.error ?? '') ? 'EMPTY_INPUT' : /not found|permission/.test(first.error ?? '') ? 'IO' : 'UNSUPPORTED_FORMAT';
    throw new AppError(code, failed.map((f) => `${f.file}: ${f.error}`).join('; '), { result });
  }
  return result;
}

async function importOne(
  ctx: CoreContext,
  source: Source,
  options: ImportOptions & { jobId: string },
  fileIndex: number,
  fileCount: number,
  addError: (rejection: ImportRejection) => void,
): Promise<{ file: ImportResult['files'][number]; cancelled: boolean }> {
  const { sqlite } = ctx.workspace;
  const writeRows = options.batchSize ?? WRITE_BATCH_ROWS;
  const importId = Number(
    sqlite
      .prepare('INSERT INTO imports (file_name, path, format, started_at) VALUES (?, ?, ?, ?)')
      .run(source.name, source.path, options.format ?? null, ctx.clock.now()).lastInsertRowid,
  );
  const insertError = sqlite.prepare('INSERT INTO import_errors (import_id, line, reason) VALUES (?, ?, ?)');
  const writer = new AlertWriter(sqlite, importId, () => ctx.clock.now());
  const file: ImportResult['files'][number] = { file: source.name, format: options.format ?? null, imported: 0, duplicates: 0, rejected: 0, events: 0 };
  const formatsSeen = new Map<ImportFormat, number>();
  let read = 0;
  let bytesRead = 0;
  let storedErrors = 0;
  let pendingErrors: Array<{ line: number; reason: string }> = [];
  let records: RecordBatch[] = [];
  let recordCount = 0;
  let recordChars = 0;
  let unindexed = 0;
  let lastProgress = 0;
  let cancelled = false;

  const progress = (done: boolean) => {
    const payload: ImportProgress = {
      jobId: options.jobId,
      file: source.name,
      fileIndex,
      fileCount,
      bytesRead,
      bytesTotal: source.size,
      read,
      imported: file.imported,
      duplicates: file.duplicates,
      rejected: file.rejected,
      done,
    };
    ctx.events.emit('ingest.progress', payload);
  };
  const reject = (line: number, reason: string, snippet: string | undefined) => {
    file.rejected++;
    addError(snippet === undefined ? { file: source.name, line, reason } : { file: source.name, line, reason, snippet });
    if (storedErrors < MAX_STORED_ERRORS_PER_FILE) {
      storedErrors++;
      pendingErrors.push({ line, reason });
    }
  };
  const flush = () => {
    if (recordCount === 0 && pendingErrors.length === 0) return;
    const started = performance.now();
    const outcome = writer.writeBatch(records);
    if (timings) timings.writeMs += performance.now() - started;
    file.imported += outcome.imported;
    file.duplicates += outcome.duplicates;
    file.events += outcome.events;
    records = [];
    recordCount = 0;
    recordChars = 0;
    unindexed += outcome.imported;
    if (pendingErrors.length) {
      const errors = pendingErrors;
      pendingErrors = [];
      sqlite.transaction(() => {
        for (const e of errors) insertError.run(importId, e.line, e.reason);
      }).immediate();
    }
  };

  let fileError: string | undefined;
  const timings = options.timings;
  const indexer = new AlertIndexer(sqlite);
  const batches = batchSource(source, {
    format: options.format,
    batchSize: Math.min(PARSE_BATCH_ROWS, writeRows),
    workspaceDir: ctx.workspace.dir,
    // Waiting for the parser, the writer indexes what is written instead (the parser does the same when it is ahead);
    // whole slices only: smaller ones rewrite the same scattered entity-link pages more often (measured).
    onIdle: () => indexer.step(INDEX_SLICE_ALERTS) > 0,
    onParserTimings: (parser) => {
      if (!timings) return;
      timings.parseMs += parser.parseMs;
      timings.parserIndexMs += parser.indexMs;
      timings.parserCheckpointMs += parser.checkpointMs;
    },
  });
  try {
    let waitFrom = performance.now();
    let idleFrom = indexer.busyMs;
    for await (const batch of batches) {
      if (timings) timings.waitMs += performance.now() - waitFrom - (indexer.busyMs - idleFrom);
      read = batch.read;
      bytesRead = batch.bytesRead;
      for (const r of batch.rejections) reject(r.line, r.reason, r.snippet);
      for (const [format, n] of Object.entries(batch.formats) as Array<[ImportFormat, number]>) formatsSeen.set(format, (formatsSeen.get(format) ?? 0) + n);
      const { records: batchRecords } = batch;
      if (batchRecords.count + batchRecords.eventCount > 0) {
        records.push(batchRecords);
        recordCount += batchRecords.count + batchRecords.eventCount;
        recordChars += batch.textChars;
      }
      if (recordCount >= writeRows || recordChars >= WRITE_BATCH_CHARS) flush();
      // The parser thread may have indexed most of them already.
      if (unindexed >= INDEX_EVERY_ALERTS) unindexed = unindexedAlerts(sqlite);
      if (unindexed >= INDEX_EVERY_ALERTS) {
        await indexInSlices(indexer);
        unindexed = 0;
      }
      const now = Date.now();
      if (now - lastProgress >= PROGRESS_INTERVAL_MS) {
        lastProgress = now;
        progress(false);
      }
      // Let cancel requests and other calls in between batches.
      await new Promise<void>((r) => setImmediate(r));
      waitFrom = performance.now();
      idleFrom = indexer.busyMs;
      if (options.signal?.aborted) {
        // Parsed but unwritten records are dropped whole: no half batch.
        cancelled = true;
        break;
      }
    }
    if (!cancelled) flush();
  } catch (error) {
    if (error instanceof FileError) fileError = error.message;
    else if (error instanceof AppError) throw error;
    else fileError = `read failed: ${(error as Error).message}`;
    // Whatever was read completely before the failure is kept.
    flush();
  } finally {
    await batches.return(undefined);
  }
  // Everything written is indexed before the import reports back (also after a failed file or a cancel; when an
  // error escapes above, the next import, correlation run or start does it).
  await indexInSlices(indexer);
  if (timings) {
    timings.indexMs += indexer.indexMs;
    timings.checkpointMs += indexer.checkpointMs;
  }
  if (fileError) addError({ file: source.name, line: 0, reason: fileError });
  let dominant: ImportFormat | null = file.format;
  for (const [format, n] of formatsSeen) if (dominant === null || n > (formatsSeen.get(dominant) ?? 0)) dominant = format;
  file.format = dominant;
  if (fileError) file.error = fileError;
  sqlite
    .prepare(
      `UPDATE imports SET finished_at = ?, status = ?, format = ?, records_read = ?, imported = ?, duplicates = ?, rejected = ?, events = ?, error = ? WHERE id = ?`,
    )
    .run(ctx.clock.now(), cancelled ? 'cancelled' : fileError ? 'failed' : 'done', dominant, read, file.imported, file.duplicates, file.rejected, file.events, fileError ?? null, importId);
  progress(true);
  return { file, cancelled };
}
