/**
 * The start-up index catch-up (alert-index.ts IndexCatchUp) off the serving
 * thread: in a worker thread with its own SQLite connection when the built
 * worker is beside this bundle (the app, the CLI, browser mode), in-process on
 * the app's connection otherwise (tests from TypeScript sources). Either way
 * the UI is told how far it has got (`index.progress`) and views refetch
 * (`db.changed` on alerts) after every slice, since more alerts are searchable.
 *
 * A slice in the worker holds the write lock, not the serving thread: calls
 * that only read are answered meanwhile; a write on the app's connection waits
 * for the slice's commit (busy_timeout), as it would behind an import. That
 * holds because every write transaction of the app begins IMMEDIATE: one that
 * read first and wrote after another connection's commit would fail at once.
 */
import { Worker } from 'node:worker_threads';
import type { IndexProgress } from '../../shared/contract';
import type { EventSink } from '../core/context';
import { builtWorkerFile } from '../core/worker-file';
import { IndexCatchUp, indexedThrough, unindexedAlerts, type CatchUpOutcome, type CatchUpProgress } from '../ingest/alert-index';
import type { Workspace } from '../store/workspace';

export interface CatchUpWorkerInput {
  workspaceDir: string;
}

/** Worker → app. */
export type CatchUpWorkerMessage =
  | { type: 'slice'; progress: CatchUpProgress }
  /** The catch-up failed (it stops; what it indexed stays). */
  | { type: 'error'; message: string }
  /** Sent last, after the worker closed its connection. */
  | { type: 'done'; outcome: CatchUpOutcome };

/** App → worker: stop after the slice under way. */
export type CatchUpParentMessage = { type: 'stop' };

let WORKER_FILE = builtWorkerFile(__dirname, 'index-catch-up-worker.js');

/** Points the catch-up at a built worker (tests running from sources use out/main/index-catch-up-worker.js); null: in-process. */
export function setCatchUpWorkerFile(file: string | null): void {
  WORKER_FILE = file;
}

function workerFile(): string | null {
  return process.env.SOCWB_CATCH_UP_WORKER === '0' ? null : WORKER_FILE;
}

/** How long a stopped worker gets to finish its slice and close its connection before it is terminated. */
const STOP_GRACE_MS = 5_000;

const NOTHING_TO_DO: CatchUpOutcome = { indexed: 0, complete: true };

export class IndexCatchUpJob {
  readonly finished: Promise<CatchUpOutcome>;
  /** Whether the catch-up runs in a worker thread (false: in-process, or nothing to do). */
  readonly inWorker: boolean;
  private current: IndexProgress;
  /** The highest alert id of the backlog found at start-up. */
  private readonly target: number;
  private stopRunner: (() => void) | null = null;
  private readonly listeners = new Set<(progress: CatchUpProgress) => void>();

  constructor(
    private readonly workspace: Workspace,
    private readonly events: EventSink,
    private readonly options: { onError: (error: unknown) => void },
  ) {
    // Nothing waiting, the usual start: no worker, no events.
    const waiting = unindexedAlerts(workspace.sqlite);
    this.target = indexedThrough(workspace.sqlite) + waiting;
    this.current = { done: 0, total: waiting, finished: waiting === 0 };
    const file = workerFile();
    this.inWorker = waiting > 0 && file !== null;
    if (waiting === 0) this.finished = Promise.resolve(NOTHING_TO_DO);
    else this.finished = (file !== null ? this.inWorkerThread(file) : this.inProcess()).then((outcome) => this.end(outcome));
  }

  /**
   * How far the catch-up has got: what `alerts.indexProgress` answers. A
   * catch-up that stopped short (it failed) is done once a correlation run or
   * an import has indexed the rest of its backlog.
   */
  progress(): IndexProgress {
    const { done, total, finished } = this.current;
    if (finished && done < total && indexedThrough(this.workspace.sqlite) >= this.target) this.current = { ...this.current, done: total };
    return { ...this.current };
  }

  /** Called after every slice, once its transaction has committed. */
  onSlice(listener: (progress: CatchUpProgress) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops after the slice under way (if any); resolves once no slice will run and the worker is gone. */
  stop(): Promise<CatchUpOutcome> {
    this.stopRunner?.();
    return this.finished;
  }

  private sliced(progress: CatchUpProgress): void {
    const total = progress.target - progress.from;
    // The mark may pass the target when an import indexes alongside.
    this.current = { done: Math.min(total, progress.indexedThrough - progress.from), total, finished: false };
    for (const listener of this.listeners) listener(progress);
    this.events.emit('index.progress', this.progress());
    this.events.emit('db.changed', { tables: ['alerts'] });
  }

  private end(outcome: CatchUpOutcome): CatchUpOutcome {
    this.stopRunner = null;
    this.current = { ...this.current, done: outcome.complete ? this.current.total : this.current.done, finished: true };
    this.events.emit('index.progress', this.progress());
    return outcome;
  }

  private inProcess(): Promise<CatchUpOutcome> {
    const catchUp = new IndexCatchUp(this.workspace.sqlite, { onError: this.options.onError });
    catchUp.onSlice((progress) => this.sliced(progress));
    this.stopRunner = () => void catchUp.stop();
    return catchUp.finished;
  }

  private inWorkerThread(file: string): Promise<CatchUpOutcome> {
    return new Promise<CatchUpOutcome>((resolve) => {
      const input: CatchUpWorkerInput = { workspaceDir: this.workspace.dir };
      let worker: Worker;
      try {
        worker = new Worker(file, { workerData: input });
      } catch (error) {
        this.options.onError(error);
        resolve({ indexed: 0, complete: false });
        return;
      }
      let outcome: CatchUpOutcome | null = null;
      let indexed = 0;
      let graceTimer: ReturnType<typeof setTimeout> | null = null;
      this.stopRunner = () => {
        if (graceTimer) return;
        worker.postMessage({ type: 'stop' } satisfies CatchUpParentMessage);
        graceTimer = setTimeout(() => void worker.terminate(), STOP_GRACE_MS);
      };
      worker.on('message', (message: CatchUpWorkerMessage) => {
        if (message.type === 'slice') {
          indexed = message.progress.indexed;
          this.sliced(message.progress);
        } else if (message.type === 'error') this.options.onError(new Error(message.message));
        else outcome = message.outcome;
      });
      worker.on('error', (error) => this.options.onError(error));
      // Settled only once the thread is gone, so that a stop (the app closing) waits for its connection to close.
      worker.on('exit', () => {
        if (graceTimer) clearTimeout(graceTimer);
        resolve(outcome ?? { indexed, complete: false });
      });
    });
  }
}
