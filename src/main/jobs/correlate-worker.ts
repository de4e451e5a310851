/**
 * Worker-thread entry (bundled to out/main/correlate-worker.js): runs one
 * correlation on its own connection to the workspace, so the process that
 * serves the UI stays responsive. Events are forwarded to the parent; the
 * parent cancels through a shared flag (the run checks it between batches).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../shared/errors';
import { runCorrelation } from '../correlate/correlate-service';
import { systemClock, type EventSink } from '../core/context';
import { openWorkspace } from '../store/workspace';
import type { CorrelateWorkerInput, CorrelateWorkerMessage } from './correlate-job';

const port = parentPort;
if (port) {
  const input = workerData as CorrelateWorkerInput;
  const flag = new Int32Array(input.cancelFlag);
  const signal = { get aborted() { return Atomics.load(flag, 0) === 1; } } as AbortSignal;
  const events: EventSink = { emit: (event, payload) => port.postMessage({ type: 'event', event, payload } satisfies CorrelateWorkerMessage) };
  let workspace: ReturnType<typeof openWorkspace> | null = null;
  try {
    workspace = openWorkspace(input.workspaceDir);
    const result = runCorrelation({ workspace, clock: systemClock, events, actor: input.actor }, { rebuild: input.rebuild, signal });
    port.postMessage({ type: 'result', result } satisfies CorrelateWorkerMessage);
    // After answering: fold the run's WAL into the file, off the analyst's path.
    workspace.sqlite.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    const info = error instanceof AppError ? error.toInfo() : { code: 'INTERNAL' as const, message: `correlation failed: ${(error as Error).message}` };
    if (!(error instanceof AppError)) console.error('[socwb] correlation worker failed', error);
    port.postMessage({ type: 'error', error: info } satisfies CorrelateWorkerMessage);
  } finally {
    workspace?.close();
  }
}
