/**
 * Worker-thread entry (bundled to out/main/ingest-worker.js): reads and parses
 * one file or text and posts ParsedBatch messages. Flow control: it never runs
 * more than `window` batches ahead of the writer's acknowledgements, a batch
 * of large records counting as several (batchCredits).
 *
 * While it is that far ahead it would sit idle, so instead it adds the entity
 * links and search rows of alerts the writer has already committed, on its own
 * connection (indexNewAlerts takes the write lock per slice and re-reads the
 * mark, so it and the writer's own indexing never do a range twice). The
 * import's work thus spreads over both threads whichever of them is the
 * slower.
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import type { ImportFormat } from '../../shared/domain';
import { openWorkspace, type Workspace } from '../store/workspace';
import { AlertIndexer, INDEX_SLICE_ALERTS } from './alert-index';
import { parseBatches } from './parse-batches';
import { FileError, inChunks } from './record-reader';

export interface WorkerInput {
  path: string | null;
  content: string | null;
  format?: ImportFormat;
  batchSize: number;
  window: number;
  /** The workspace whose written alerts the parser indexes while it waits for the writer (null: it only parses). */
  workspaceDir: string | null;
}

export type WorkerMessage =
  | { type: 'batch'; batch: import('./parse-batches').ParsedBatch }
  /** busyMs: reading and parsing; indexMs and checkpointMs: indexing while ahead of the writer. */
  | { type: 'done'; busyMs: number; indexMs: number; checkpointMs: number }
  | { type: 'error'; fileError: boolean; message: string };

/** Writer → parser: a batch was taken; or stop now (cancel, failure, or the end of the file). */
export type WriterMessage = { type: 'ack' } | { type: 'stop' };

const INDEX_CACHE_KIB = 32 * 1024;
/** Record text a batch of usual alerts (2,000 of up to 2 KB) stays within: one credit of the window; larger batches take more. */
const CREDIT_CHARS = 4_000_000;

function batchCredits(textChars: number): number {
  return Math.max(1, Math.ceil(textChars / CREDIT_CHARS));
}

const port = parentPort;
if (port) {
  const input = workerData as WorkerInput;
  let credits = input.window;
  /** Credits of the batches posted and not yet acknowledged, in order. */
  const inFlight: number[] = [];
  let stopped = false;
  let wake: (() => void) | null = null;
  let workspace: Workspace | null = null;
  let indexer: AlertIndexer | null = null;
  let indexing = input.workspaceDir !== null;
  let running = true;

  const finish = () => {
    try {
      workspace?.close();
    } catch {
      // closing anyway
    }
    workspace = null;
    process.exit(0);
  };

  port.on('message', (message: WriterMessage) => {
    if (message.type === 'ack') credits += inFlight.shift() ?? 1;
    else if (message.type === 'stop') {
      stopped = true;
      if (!running) finish();
    }
    wake?.();
    wake = null;
  });

  /** One slice of indexing; false when there was nothing worth doing (or indexing here failed and is left to the writer). */
  const indexSlice = (): boolean => {
    if (!indexing || input.workspaceDir === null) return false;
    try {
      if (indexer === null) {
        workspace = openWorkspace(input.workspaceDir);
        // Indexing reads recent alerts once and appends: a small page cache will do, and keeps the import's memory in bounds.
        workspace.sqlite.pragma(`cache_size = -${INDEX_CACHE_KIB}`);
        indexer = new AlertIndexer(workspace.sqlite);
      }
      // Whole slices only: smaller ones rewrite the same scattered entity-link pages more often (measured).
      return indexer.step(INDEX_SLICE_ALERTS) > 0;
    } catch (error) {
      // A busy or unreadable store: the writer indexes as it does without a worker.
      console.error(`[socwb] indexing in the parser thread stopped: ${(error as Error).message}`);
      indexing = false;
      return false;
    }
  };

  const source =
    input.path !== null ? createReadStream(input.path, { highWaterMark: 1 << 20 }) : Readable.from(inChunks(Buffer.from(input.content ?? '', 'utf8')));
  void (async () => {
    const started = performance.now();
    let idleMs = 0;
    try {
      for await (const batch of parseBatches(source, { format: input.format, batchSize: input.batchSize })) {
        while (credits <= 0 && !stopped) {
          if (indexSlice()) {
            // Let acknowledgements (and a stop) in between slices.
            await new Promise<void>((r) => setImmediate(r));
            continue;
          }
          const idleFrom = performance.now();
          await new Promise<void>((r) => (wake = r));
          idleMs += performance.now() - idleFrom;
        }
        if (stopped) break;
        const cost = batchCredits(batch.textChars);
        credits -= cost;
        inFlight.push(cost);
        port.postMessage({ type: 'batch', batch } satisfies WorkerMessage);
      }
      if (!stopped) {
        const used = indexer as AlertIndexer | null; // assigned in indexSlice
        const busyMs = performance.now() - started - idleMs - (used?.busyMs ?? 0);
        port.postMessage({ type: 'done', busyMs, indexMs: used?.indexMs ?? 0, checkpointMs: used?.checkpointMs ?? 0 } satisfies WorkerMessage);
      }
    } catch (error) {
      port.postMessage({ type: 'error', fileError: error instanceof FileError, message: (error as Error).message } satisfies WorkerMessage);
    }
    running = false;
    if (stopped) finish();
  })();
}
