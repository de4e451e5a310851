/**
 * Runs correlation off the serving thread: in a worker thread with its own
 * SQLite connection when the built worker is beside this bundle (the app, the
 * CLI, browser mode), in-process otherwise (tests from TypeScript sources).
 * One run at a time per workspace; cancel() stops it between batches, keeping
 * every finished batch.
 */
import { Worker } from 'node:worker_threads';
import type { UiEventName, UiEvents } from '../../shared/contract';
import type { CorrelateResult } from '../../shared/domain';
import { AppError, type ErrorInfo } from '../../shared/errors';
import { runCorrelation } from '../correlate/correlate-service';
import type { CoreContext } from '../core/context';
import { builtWorkerFile } from '../core/worker-file';

export interface CorrelateWorkerInput {
  workspaceDir: string;
  rebuild: boolean;
  actor: string;
  cancelFlag: SharedArrayBuffer;
}

export type CorrelateWorkerMessage =
  | { type: 'event'; event: UiEventName; payload: UiEvents[UiEventName] }
  | { type: 'result'; result: CorrelateResult }
  | { type: 'error'; error: ErrorInfo };

const WORKER_FILE = builtWorkerFile(__dirname, 'correlate-worker.js');

export class CorrelationJobs {
  private running: { cancel(): void } | null = null;

  constructor(private readonly ctx: CoreContext) {}

  get busy(): boolean {
    return this.running !== null;
  }

  cancel(): boolean {
    if (!this.running) return false;
    this.running.cancel();
    return true;
  }

  async run(rebuild: boolean): Promise<CorrelateResult> {
    if (this.running) throw new AppError('CONFLICT', 'A correlation run is already in progress; wait for it or cancel it.');
    const flag = new SharedArrayBuffer(4);
    this.running = { cancel: () => Atomics.store(new Int32Array(flag), 0, 1) };
    try {
      if (WORKER_FILE === null || process.env.SOCWB_CORRELATE_WORKER === '0') {
        const signal = { get aborted() { return Atomics.load(new Int32Array(flag), 0) === 1; } } as AbortSignal;
        // Let a cancel or other calls queued before the run go first.
        await new Promise<void>((r) => setImmediate(r));
        return runCorrelation(this.ctx, { rebuild, signal });
      }
      return await this.inWorker(WORKER_FILE, rebuild, flag);
    } finally {
      this.running = null;
    }
  }

  private inWorker(file: string, rebuild: boolean, cancelFlag: SharedArrayBuffer): Promise<CorrelateResult> {
    const input: CorrelateWorkerInput = { workspaceDir: this.ctx.workspace.dir, rebuild, actor: this.ctx.actor, cancelFlag };
    return new Promise<CorrelateResult>((resolve, reject) => {
      const worker = new Worker(file, { workerData: input });
      let settled = false;
      worker.on('message', (message: CorrelateWorkerMessage) => {
        if (message.type === 'event') this.ctx.events.emit(message.event, message.payload as never);
        else if (message.type === 'result') {
          settled = true;
          resolve(message.result);
        } else {
          settled = true;
          reject(new AppError(message.error.code, message.error.message, message.error.details));
        }
      });
      worker.on('error', (error) => {
        if (!settled) reject(new AppError('INTERNAL', `correlation worker crashed: ${error.message}`));
        settled = true;
      });
      worker.on('exit', (code) => {
        if (!settled) reject(new AppError('INTERNAL', `correlation worker exited with code ${code}`));
      });
    });
  }
}
