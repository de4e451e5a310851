/**
 * The start-up index catch-up (alert-index.ts IndexCatchUp) as the app runs
 * it: the UI is told how far it has got (`index.progress`, and
 * `alerts.indexProgress` for a view opened part-way) and views refetch
 * (`db.changed` on alerts) after every slice, since more alerts are searchable.
 */
import type { IndexProgress } from '../../shared/contract';
import type { EventSink } from '../core/context';
import { IndexCatchUp, unindexedAlerts, type CatchUpOutcome, type CatchUpProgress } from '../ingest/alert-index';
import type { Workspace } from '../store/workspace';

const NOTHING_TO_DO: CatchUpOutcome = { indexed: 0, complete: true };

export class IndexCatchUpJob {
  readonly finished: Promise<CatchUpOutcome>;
  private current: IndexProgress;
  private stopRunner: (() => void) | null = null;
  private readonly listeners = new Set<(progress: CatchUpProgress) => void>();

  constructor(
    private readonly workspace: Workspace,
    private readonly events: EventSink,
    private readonly options: { onError: (error: unknown) => void },
  ) {
    // Nothing waiting, the usual start: no events.
    const waiting = unindexedAlerts(workspace.sqlite);
    this.current = { done: 0, total: waiting, finished: waiting === 0 };
    if (waiting === 0) this.finished = Promise.resolve(NOTHING_TO_DO);
    else this.finished = this.inProcess().then((outcome) => this.end(outcome));
  }

  /** How far the catch-up has got: what `alerts.indexProgress` answers. */
  progress(): IndexProgress {
    return { ...this.current };
  }

  /** Called after every slice, once its transaction has committed. */
  onSlice(listener: (progress: CatchUpProgress) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops after the slice under way (if any); resolves once no slice will run. */
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
}
