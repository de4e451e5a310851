/**
 * Worker-thread entry (bundled to out/main/ingest-worker.js): reads and parses
 * one file or text and posts ParsedBatch messages. Flow control: it never runs
 * more than `window` batches ahead of the writer's acknowledgements.
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import type { ImportFormat } from '../../shared/domain';
import { parseBatches } from './parse-batches';
import { FileError } from './record-reader';

export interface WorkerInput {
  path: string | null;
  content: string | null;
  format?: ImportFormat;
  batchSize: number;
  window: number;
}

export type WorkerMessage =
  | { type: 'batch'; batch: import('./parse-batches').ParsedBatch }
  /** busyMs: time spent reading and parsing, not waiting for the writer. */
  | { type: 'done'; busyMs: number }
  | { type: 'error'; fileError: boolean; message: string };

const port = parentPort;
if (port) {
  const input = workerData as WorkerInput;
  let credits = input.window;
  let wake: (() => void) | null = null;
  port.on('message', (message: { type: 'ack' }) => {
    if (message.type === 'ack') {
      credits++;
      wake?.();
      wake = null;
    }
  });
  const source =
    input.path !== null ? createReadStream(input.path, { highWaterMark: 1 << 20 }) : Readable.from([Buffer.from(input.content ?? '', 'utf8')]);
  void (async () => {
    const started = performance.now();
    let blockedMs = 0;
    try {
      for await (const batch of parseBatches(source, { format: input.format, batchSize: input.batchSize })) {
        const blockedFrom = performance.now();
        while (credits <= 0) await new Promise<void>((r) => (wake = r));
        blockedMs += performance.now() - blockedFrom;
        credits--;
        port.postMessage({ type: 'batch', batch } satisfies WorkerMessage);
      }
      port.postMessage({ type: 'done', busyMs: performance.now() - started - blockedMs } satisfies WorkerMessage);
    } catch (error) {
      port.postMessage({ type: 'error', fileError: error instanceof FileError, message: (error as Error).message } satisfies WorkerMessage);
    }
  })();
}
