/**
 * Where parsed batches come from: a worker thread when the built worker is
 * beside this bundle (the app, the CLI, the bench), else in-process (tests run
 * from TypeScript sources).
 */
import { Worker } from 'node:worker_threads';
import type { ImportFormat } from '../../shared/domain';
import { builtWorkerFile } from '../core/worker-file';
import { parseBatches, type ParsedBatch } from './parse-batches';
import type { WorkerInput, WorkerMessage, WriterMessage } from './parse-worker';
import { FileError } from './record-reader';

export interface BatchInput {
  path: string | null;
  content: Buffer | null;
  open(): AsyncIterable<Buffer | string>;
}

let WORKER_FILE = builtWorkerFile(__dirname, 'ingest-worker.js');

export function workerAvailable(): boolean {
  return process.env.SOCWB_INGEST_WORKER !== '0' && WORKER_FILE !== null;
}

/** Points imports at a built parser worker (tests running from sources use out/main/ingest-worker.js); null: parse in-process. */
export function setParserWorkerFile(file: string | null): void {
  WORKER_FILE = file;
}

export interface BatchOptions {
  format?: ImportFormat;
  batchSize: number;
  /** The workspace the batches are written to: the parser thread indexes written alerts there while it is ahead. */
  workspaceDir?: string;
  /**
   * Called instead of waiting when no parsed batch is ready (worker only): does
   * one short step of other work and says whether there was any.
   */
  onIdle?: () => boolean;
  /** Told where the parser thread's time went when it finishes (worker only). */
  onParserTimings?: (timings: { parseMs: number; indexMs: number; checkpointMs: number }) => void;
}

/** How long a stopped parser thread gets to close its connection before it is terminated. */
const STOP_GRACE_MS = 5_000;

const PARSER_YOUNG_GENERATION_MB = 64;

export function batchSource(input: BatchInput, options: BatchOptions): AsyncGenerator<ParsedBatch> {
  return workerAvailable() ? workerBatches(input, options) : parseBatches(input.open(), options);
}

async function* workerBatches(input: BatchInput, options: BatchOptions): AsyncGenerator<ParsedBatch> {
  const workerData: WorkerInput = {
    path: input.path,
    content: input.path === null ? (input.content?.toString('utf8') ?? '') : null,
    format: options.format,
    batchSize: options.batchSize,
    window: 20, // parse batches ahead: the parser keeps going while a write commits or a stretch is indexed
    workspaceDir: options.workspaceDir ?? null,
  };
  // A larger young generation than V8's default: almost everything the parser allocates dies within a batch, and
  // fewer, larger scavenges cost the parser thread less (measured: about a tenth less CPU on a 300k-alert import).
  const worker = new Worker(WORKER_FILE!, { workerData, resourceLimits: { maxYoungGenerationSizeMb: PARSER_YOUNG_GENERATION_MB } });
  const queue: WorkerMessage[] = [];
  let wake: (() => void) | null = null;
  let crashed: Error | null = null;
  let exited = false;
  const send = (message: WriterMessage) => worker.postMessage(message);
  worker.on('message', (m: WorkerMessage) => {
    queue.push(m);
    wake?.();
  });
  worker.on('error', (e) => {
    crashed = e;
    wake?.();
  });
  worker.on('exit', (code) => {
    exited = true;
    if (code !== 0 && !crashed) crashed = new Error(`parser worker exited with code ${code}`);
    wake?.();
  });
  try {
    for (;;) {
      while (queue.length === 0 && !crashed) {
        if (options.onIdle?.()) {
          // Let the parser's messages in between steps.
          await new Promise<void>((r) => setImmediate(r));
          continue;
        }
        await new Promise<void>((r) => (wake = r));
      }
      const message = queue.shift();
      if (!message) throw crashed ?? new Error('parser worker stopped');
      if (message.type === 'done') {
        options.onParserTimings?.({ parseMs: message.busyMs, indexMs: message.indexMs, checkpointMs: message.checkpointMs });
        return;
      }
      if (message.type === 'error') throw message.fileError ? new FileError('malformed', message.message) : new Error(message.message);
      send({ type: 'ack' });
      yield message.batch;
    }
  } finally {
    // Asked, not killed: the parser may be inside an indexing transaction on its own connection.
    if (!exited) {
      send({ type: 'stop' });
      const graceful = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), STOP_GRACE_MS);
        worker.once('exit', () => {
          clearTimeout(timer);
          resolve(true);
        });
      });
      if (!graceful) await worker.terminate();
    }
  }
}
