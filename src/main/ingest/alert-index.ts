/**
 * The entity links (alert_entities) and full-text rows (alerts_fts) of newly
 * written alerts, added in key order after a stretch of an import rather than
 * row by row: both indexes take keys in random order, and appending them
 * sorted writes each of their pages about once instead of once per commit.
 *
 * `alerts_indexed_through` in meta is the highest alert id whose links and
 * text rows exist. It moves in the same transaction as the rows it covers, so a
 * kill at any point leaves a consistent store; whatever is left unindexed is
 * done by the next import, correlation run or app start (IndexCatchUp, in the
 * background). Meanwhile those alerts are listed but not yet searchable, and
 * correlation reads alerts only up to the mark.
 */
import { getMeta, setMeta, type Sqlite } from '../store/workspace';

export const INDEXED_THROUGH_KEY = 'alerts_indexed_through';

/** The highest alert id whose entity links and search rows exist. */
export function indexedThrough(sqlite: Sqlite): number {
  return Number(getMeta(sqlite, INDEXED_THROUGH_KEY) ?? 0);
}

function newestAlert(sqlite: Sqlite): number {
  return (sqlite.prepare('SELECT max(id) FROM alerts').pluck().get() as number | null) ?? 0;
}

/** How many alert ids lie above the mark: written, not yet indexed. */
export function unindexedAlerts(sqlite: Sqlite): number {
  return Math.max(0, newestAlert(sqlite) - indexedThrough(sqlite));
}

/**
 * Indexes the alerts above the mark (at most `limit` ids' worth per call, in
 * one transaction); returns how many ids the mark moved (0: all indexed, or
 * fewer than `minimum` waiting).
 */
export function indexNewAlerts(sqlite: Sqlite, limit = Number.POSITIVE_INFINITY, minimum = 1): number {
  // Nothing (or too little) to do, the usual case at start-up: answered without taking the write lock.
  if (unindexedAlerts(sqlite) < minimum) return 0;
  const run = sqlite.transaction((): number => {
    const through = indexedThrough(sqlite);
    const newest = newestAlert(sqlite);
    const last = Math.min(newest, through + limit);
    if (last <= through) return 0;
    sqlite
      .prepare(
        `INSERT OR IGNORE INTO alert_entities (entity_id, ts, alert_id)
         SELECT CAST(e.value AS INTEGER), a.ts, a.id
         FROM alerts a, json_each('[' || a.entity_ids || ']') e
         WHERE a.id > ? AND a.id <= ? AND a.entity_ids <> ''
         ORDER BY 1, 2, 3`,
      )
      .run(through, last);
    // The entities column holds the fields entities come from; the tokenizer
    // makes 'CORP\\alice' match alice and 'Host.corp.local' match host, as the
    // normalised entity values would. Addresses found in the message text are
    // in the message column. The ATT&CK ids ('["T1059.001"]') are there too, so
    // a search for T1059 or T1059.001 finds the alerts that show it.
    sqlite
      .prepare(
        `INSERT INTO alerts_fts (rowid, title, message, entities)
         SELECT id, title, coalesce(message, ''), concat_ws(' ', user, host, src_ip, dst_ip, process, file_hash, url, domain, mitre)
         FROM alerts WHERE id > ? AND id <= ?`,
      )
      .run(through, last);
    setMeta(sqlite, INDEXED_THROUGH_KEY, String(last));
    return last - through;
  });
  // IMMEDIATE: take the write lock before reading the mark, so two connections never index one range twice.
  return run.immediate();
}

/**
 * Alerts per transaction when indexing a backlog on a connection that serves
 * other calls (the start-up catch-up, a correlation run): a slice holds the
 * thread, or the write lock, about a tenth of a second, and the slices cost no
 * more in all than one transaction. Measured on 200,000 unindexed alerts:
 * 8,000 → 113 ms a slice (194 at most), 2.9 s in all; 2,000 → 50 ms, 5.4 s;
 * 32,000 → 441 ms (811), 3.3 s; one transaction 2.8 s.
 */
export const BACKLOG_SLICE_ALERTS = 8_000;

/**
 * Indexes every alert written before the call, one slice per transaction, so
 * that other connections (the app's, an import's) get the write lock between
 * slices. Returns how many ids the mark moved.
 */
export function indexBacklog(sqlite: Sqlite, sliceAlerts = BACKLOG_SLICE_ALERTS): number {
  const target = newestAlert(sqlite);
  let moved = 0;
  while (indexedThrough(sqlite) < target) {
    const slice = indexNewAlerts(sqlite, sliceAlerts);
    if (slice === 0) break;
    moved += slice;
  }
  return moved;
}

export interface CatchUpProgress {
  /** The mark when the catch-up began. */
  from: number;
  /** The mark after the slice. */
  indexedThrough: number;
  /** The newest alert when the catch-up began: where it stops. */
  target: number;
  /** How many ids the mark moved in this catch-up's own slices so far. */
  indexed: number;
}

export interface CatchUpOutcome {
  /** How many ids the mark moved. */
  indexed: number;
  /** false when stopped, or given up because another process held the write lock. */
  complete: boolean;
}

/**
 * How long a catch-up slice waits for another connection's write lock (an
 * import's, a correlation run's) before it steps back and tries again later:
 * on the serving thread, which must not stall behind them; in the catch-up
 * worker, which must stay quick to stop.
 */
export const CATCH_UP_BUSY_MS = 50;
/** How long the catch-up steps back when the write lock was taken. */
export const CATCH_UP_RETRY_MS = 1_000;

/**
 * The start-up catch-up's loop: indexes, in the background, the alerts an
 * interrupted import left without entity links and search rows, on the
 * connection it is given (the catch-up worker's, or the app's own when there
 * is no built worker: jobs/index-catch-up-job.ts). One slice per
 * transaction, yielding to the event loop in between; a kill or stop()
 * between slices leaves the mark where the next start resumes.
 */
export class IndexCatchUp {
  readonly finished: Promise<CatchUpOutcome>;
  private stopping = false;
  private wakeUp: (() => void) | null = null;
  private readonly listeners = new Set<(progress: CatchUpProgress) => void>();

  constructor(
    private readonly sqlite: Sqlite,
    private readonly options: { onError?: (error: unknown) => void; retryMs?: number } = {},
  ) {
    this.finished = this.run();
  }

  /** Called after every slice. */
  onSlice(listener: (progress: CatchUpProgress) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops after the slice under way (if any); resolves once no slice will run. */
  stop(): Promise<CatchUpOutcome> {
    this.stopping = true;
    this.wakeUp?.();
    return this.finished;
  }

  private async run(): Promise<CatchUpOutcome> {
    let indexed = 0;
    // After the start-up code that created it, and between slices: let other calls in.
    const yieldToOthers = () => new Promise<void>((r) => setImmediate(r));
    await yieldToOthers();
    try {
      // Unchanged while an import or a correlation run on this connection or another indexes alongside: both re-read
      // the mark inside their write transaction, so no range is indexed twice.
      const target = newestAlert(this.sqlite);
      const from = indexedThrough(this.sqlite);
      while (!this.stopping) {
        const through = indexedThrough(this.sqlite);
        if (through >= target) return { indexed, complete: true };
        const moved = this.slice(Math.min(BACKLOG_SLICE_ALERTS, target - through));
        if (moved === null) {
          // Another connection holds the write lock: step back (it may well index these alerts itself) and try again.
          await this.pause(this.options.retryMs ?? CATCH_UP_RETRY_MS);
          continue;
        }
        if (moved === 0) return { indexed, complete: true };
        indexed += moved;
        const progress = { from, indexedThrough: indexedThrough(this.sqlite), target, indexed };
        for (const listener of this.listeners) listener(progress);
        await yieldToOthers();
      }
    } catch (error) {
      this.options.onError?.(error);
    }
    return { indexed, complete: false };
  }

  /** One slice, waiting at most CATCH_UP_BUSY_MS for the write lock; null when it was not to be had. */
  private slice(limit: number): number | null {
    const previous = this.sqlite.pragma('busy_timeout', { simple: true }) as number;
    this.sqlite.pragma(`busy_timeout = ${CATCH_UP_BUSY_MS}`);
    try {
      return indexNewAlerts(this.sqlite, limit);
    } catch (error) {
      if ((error as { code?: unknown }).code === 'SQLITE_BUSY') return null;
      throw error;
    } finally {
      this.sqlite.pragma(`busy_timeout = ${previous}`);
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    }).finally(() => {
      this.wakeUp = null;
    });
  }
}

/** Alerts per indexing transaction during an import: long enough to write each touched page rarely, short enough to let other calls in. */
export const INDEX_SLICE_ALERTS = 32_000;
/** During an import, the WAL is folded back into the file after this many alerts indexed on one connection. */
const CHECKPOINT_EVERY_ALERTS = 128_000;

/**
 * An import's indexing steps on one connection (the writer's or the parser
 * thread's): one slice per step, a TRUNCATE checkpoint after every
 * CHECKPOINT_EVERY_ALERTS it has indexed (every page read looks the WAL up
 * first, and a WAL grown to gigabytes made a 1M import's writes ~15% slower,
 * measured), and the time each took.
 */
export class AlertIndexer {
  indexMs = 0;
  checkpointMs = 0;
  private sinceCheckpoint = 0;

  constructor(private readonly sqlite: Sqlite) {}

  /** Indexes one slice if at least `minimum` alerts wait; returns how many ids the mark moved. */
  step(minimum = 1): number {
    const started = performance.now();
    const moved = indexNewAlerts(this.sqlite, INDEX_SLICE_ALERTS, minimum);
    this.indexMs += performance.now() - started;
    this.sinceCheckpoint += moved;
    if (this.sinceCheckpoint >= CHECKPOINT_EVERY_ALERTS) this.checkpoint();
    return moved;
  }

  checkpoint(): void {
    const started = performance.now();
    this.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    this.checkpointMs += performance.now() - started;
    this.sinceCheckpoint = 0;
  }

  /** Time spent so far, indexing and checkpointing. */
  get busyMs(): number {
    return this.indexMs + this.checkpointMs;
  }
}

