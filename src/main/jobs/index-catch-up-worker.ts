/**
 * Worker-thread entry (bundled to out/main/index-catch-up-worker.js): runs the
 * start-up index catch-up (IndexCatchUp) on its own connection to the
 * workspace, so that its slices hold the write lock but not the thread that
 * serves the UI. Slices are reported to the parent as they commit; a 'stop'
 * message ends it after the slice under way, and the connection is closed
 * before 'done' is sent.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { IndexCatchUp } from '../ingest/alert-index';
import { openWorkspace } from '../store/workspace';
import type { CatchUpParentMessage, CatchUpWorkerInput, CatchUpWorkerMessage } from './index-catch-up-job';

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

const port = parentPort;
if (port) {
  const input = workerData as CatchUpWorkerInput;
  const post = (message: CatchUpWorkerMessage) => port.postMessage(message);
  try {
    const workspace = openWorkspace(input.workspaceDir);
    const catchUp = new IndexCatchUp(workspace.sqlite, { onError: (error) => post({ type: 'error', message: describe(error) }) });
    catchUp.onSlice((progress) => post({ type: 'slice', progress }));
    const onMessage = (message: CatchUpParentMessage) => {
      if (message.type === 'stop') void catchUp.stop();
    };
    port.on('message', onMessage);
    void catchUp.finished.then((outcome) => {
      // No listener left: the thread ends once the last message is out.
      port.off('message', onMessage);
      try {
        workspace.close();
      } catch (error) {
        post({ type: 'error', message: describe(error) });
      }
      post({ type: 'done', outcome });
    });
  } catch (error) {
    post({ type: 'error', message: describe(error) });
    post({ type: 'done', outcome: { indexed: 0, complete: false } });
  }
}
