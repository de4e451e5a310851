/**
 * The start-up index catch-up in its built worker thread (out/main/
 * index-catch-up-worker.js): the backlog an interrupted import left is indexed
 * on the worker's own connection while the serving thread answers calls, the
 * UI is told how far it has got, closing the app stops the worker between
 * slices, correlation and imports running alongside leave the store as they
 * would after it (correlation reading only linked alerts), and a worker that
 * fails leaves the app serving. Real SQLite files.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { consoleLogger, dispatch } from '../../src/main/api/registry';
import { createCore, type Core } from '../../src/main/core/app';
import { BACKLOG_SLICE_ALERTS, indexedThrough } from '../../src/main/ingest/alert-index';
import { setCatchUpWorkerFile } from '../../src/main/jobs/index-catch-up-job';
import { openWorkspace, type Sqlite } from '../../src/main/store/workspace';
import type { IndexProgress } from '../../src/shared/contract';
import { call, expectIndexedThroughMark, killedImportBacklog, newestAlertFoundBySearch, partition, type Backlog } from './catch-up-fixture';
import { DATASETS, tempDir } from './helpers';

const root = join(__dirname, '..', '..');
const workerFile = join(root, 'out/main/index-catch-up-worker.js');
const built = existsSync(workerFile);
if (!built) console.log('[skip] catch-up worker tests: out/main/index-catch-up-worker.js is not built (npm run build)');

/** Five whole slices and part of a sixth. */
const ALERTS = 5 * BACKLOG_SLICE_ALERTS + 4000;
/** The backlog the serving thread's responsiveness is measured on. */
const LARGE = 200_000;

function start(dir: string): Core {
  return createCore({ workspaceDir: dir, transport: 'http', actor: 'tester' });
}

function recordEvents(core: Core): { progress: IndexProgress[]; changed: string[][] } {
  const seen = { progress: [] as IndexProgress[], changed: [] as string[][] };
  core.events.subscribe((event, payload) => {
    if (event === 'index.progress') seen.progress.push(payload as IndexProgress);
    if (event === 'db.changed') seen.changed.push((payload as { tables: string[] }).tables);
  });
  return seen;
}

/** What indexing left: the mark, the entity links, the words in the search rows. */
function digest(sqlite: Sqlite) {
  sqlite.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.alerts_fts_terms USING fts5vocab(main, 'alerts_fts', 'instance')`);
  const one = (sql: string) => sqlite.prepare(sql).pluck().get();
  return {
    indexedThrough: indexedThrough(sqlite),
    newest: one('SELECT max(id) FROM alerts'),
    links: one('SELECT count(*) FROM alert_entities'),
    words: one('SELECT count(*) FROM temp.alerts_fts_terms'),
  };
}

describe.skipIf(!built)('the start-up catch-up in its worker thread', () => {
  let backlog: Backlog;
  beforeAll(async () => {
    setCatchUpWorkerFile(workerFile);
    backlog = await killedImportBacklog(ALERTS);
  });
  afterAll(() => {
    setCatchUpWorkerFile(null);
    backlog?.cleanup();
  });
  afterEach(() => {
    setCatchUpWorkerFile(workerFile);
    vi.restoreAllMocks();
  });

  it('indexes the whole backlog, telling the UI slice by slice, and search then finds every alert', async () => {
    const core = start(backlog.copy());
    try {
      expect(core.catchUp.inWorker).toBe(true);
      const seen = recordEvents(core);
      expect(await call(core, 'alerts.indexProgress', {})).toEqual({ done: 0, total: ALERTS, finished: false });
      expect(await newestAlertFoundBySearch(core)).toBe(false);

      expect(await core.catchUp.finished).toEqual({ indexed: ALERTS, complete: true });
      const slices = [1, 2, 3, 4, 5].map((n) => ({ done: n * BACKLOG_SLICE_ALERTS, total: ALERTS, finished: false }));
      expect(seen.progress).toEqual([...slices, { done: ALERTS, total: ALERTS, finished: false }, { done: ALERTS, total: ALERTS, finished: true }]);
      // Views refetch after every slice: more alerts are searchable.
      expect(seen.changed).toEqual(Array.from({ length: 6 }, () => ['alerts']));
      expect(await call(core, 'alerts.indexProgress', {})).toEqual({ done: ALERTS, total: ALERTS, finished: true });
      expect(expectIndexedThroughMark(core.ctx.workspace.sqlite)).toBe(ALERTS);
      expect(await newestAlertFoundBySearch(core)).toBe(true);
    } finally {
      await core.close();
    }
  });

  it('closed after a slice, stops the worker between slices and waits for it; the next start finishes', async () => {
    const dir = backlog.copy();
    const first = start(dir);
    expect(first.catchUp.inWorker).toBe(true);
    let closed: Promise<void> | null = null;
    first.catchUp.onSlice(() => {
      closed ??= first.close();
    });
    const stopped = await first.catchUp.finished;
    await closed;
    expect(stopped.complete).toBe(false);
    // The worker may have finished the slice it was in when told to stop, but no more.
    expect(stopped.indexed % BACKLOG_SLICE_ALERTS).toBe(0);
    expect(stopped.indexed).toBeGreaterThan(0);
    expect(stopped.indexed).toBeLessThan(ALERTS);

    const between = openWorkspace(dir);
    try {
      // Nothing committed after the close returned; links and search rows exist exactly up to the mark.
      expect(expectIndexedThroughMark(between.sqlite)).toBe(stopped.indexed);
      // No connection holds the write lock: the worker's is closed.
      between.sqlite.pragma('busy_timeout = 0');
      between.sqlite.exec('BEGIN IMMEDIATE; ROLLBACK');
    } finally {
      between.close();
    }

    const second = start(dir);
    try {
      const seen = recordEvents(second);
      expect(await second.catchUp.finished).toEqual({ indexed: ALERTS - stopped.indexed, complete: true });
      expect(seen.progress.at(-1)).toEqual({ done: ALERTS - stopped.indexed, total: ALERTS - stopped.indexed, finished: true });
      expect(expectIndexedThroughMark(second.ctx.workspace.sqlite)).toBe(ALERTS);
      expect(await newestAlertFoundBySearch(second)).toBe(true);
    } finally {
      await second.close();
    }
  });

  it('correlates only linked alerts when asked while the worker indexes: the same incidents as after it', async () => {
    const caughtUp = start(backlog.copy());
    let early: Core | null = null;
    try {
      expect(await caughtUp.catchUp.finished).toEqual({ indexed: ALERTS, complete: true });
      const expected = await call(caughtUp, 'correlate.run', { rebuild: false });
      expect(expected.alerts).toBe(ALERTS);

      early = start(backlog.copy());
      expect(early.catchUp.inWorker).toBe(true);
      const { sqlite } = early.ctx.workspace;
      expect(indexedThrough(sqlite)).toBeLessThan(ALERTS);
      // The run links what the worker has not reached yet, a slice at a time between the worker's.
      const result = await call(early, 'correlate.run', { rebuild: false });
      expect(result).toMatchObject({ alerts: ALERTS, incidents: expected.incidents, uncorrelated: expected.uncorrelated });
      expect(partition(sqlite)).toEqual(partition(caughtUp.ctx.workspace.sqlite));
      expect((await early.catchUp.finished).complete).toBe(true);
      expect(digest(sqlite)).toEqual(digest(caughtUp.ctx.workspace.sqlite));
      expect(expectIndexedThroughMark(sqlite)).toBe(ALERTS);
    } finally {
      await early?.close();
      await caughtUp.close();
    }
  });

  it('shares the backlog with an import started meanwhile, leaving the store as an import after the catch-up does', async () => {
    const file = join(DATASETS, 'suricata/first-org-conf-2015.alerts-only.ndjson');
    const afterwards = start(backlog.copy());
    let alongside: Core | null = null;
    try {
      expect(await afterwards.catchUp.finished).toEqual({ indexed: ALERTS, complete: true });
      const expected = await call(afterwards, 'ingest.importFiles', { paths: [file] });
      expect(expected.imported).toBe(136);

      alongside = start(backlog.copy());
      expect(alongside.catchUp.inWorker).toBe(true);
      expect(indexedThrough(alongside.ctx.workspace.sqlite)).toBeLessThan(ALERTS);
      // The import indexes from the mark up, backlog included, between the worker's slices.
      expect(await call(alongside, 'ingest.importFiles', { paths: [file] })).toMatchObject({ imported: 136 });
      expect((await alongside.catchUp.finished).complete).toBe(true);
      const { sqlite } = alongside.ctx.workspace;
      expect(digest(sqlite)).toEqual(digest(afterwards.ctx.workspace.sqlite));
      expect(expectIndexedThroughMark(sqlite)).toBe(ALERTS + 136);
    } finally {
      await alongside?.close();
      await afterwards.close();
    }
  });

  it('takes an analyst\'s changes while its slices hold the write lock: none fails, and a note is stored exactly when it is reported saved', async () => {
    const dir = backlog.copy();
    const ws = openWorkspace(dir);
    ws.sqlite
      .prepare("INSERT INTO incidents (id, title, severity, severity_rank, risk, confidence, created_at, updated_at, analyst_touched) VALUES ('INC-00000000aa', 'kept by hand', 'high', 2, 50, 50, 1, 1, 1)")
      .run();
    ws.close();
    const core = start(dir);
    try {
      expect(core.catchUp.inWorker).toBe(true);
      let done = false;
      void core.catchUp.finished.then(() => (done = true));
      const failures: string[] = [];
      let saved = 0;
      let n = 0;
      // Each change reads before it writes; begun in the middle of a slice it used to fail at once ("database is locked").
      while (!done || n === 0) {
        n++;
        const update = await dispatch(core.handlers, 'incidents.update', { id: 'INC-00000000aa', assignee: `analyst ${n}` });
        if (!update.ok) failures.push(`update: ${update.error.message}`);
        const note = await dispatch(core.handlers, 'incidents.addNote', { id: 'INC-00000000aa', body: `note ${n}` });
        if (note.ok) saved++;
        else failures.push(`note: ${note.error.message}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      expect(failures).toEqual([]);
      expect(core.ctx.workspace.sqlite.prepare("SELECT count(*) FROM incident_notes WHERE incident_id = 'INC-00000000aa'").pluck().get()).toBe(saved);
      expect(n).toBeGreaterThan(1);
    } finally {
      await core.close();
    }
  });

  it('a worker that fails is logged, the app goes on serving, and the next start indexes the backlog', async () => {
    const broken = tempDir('socwb-broken-worker-');
    const logged = vi.spyOn(consoleLogger, 'error').mockImplementation(() => undefined);
    try {
      const brokenWorker = join(broken.dir, 'index-catch-up-worker.js');
      writeFileSync(brokenWorker, "throw new Error('the catch-up worker broke');\n");
      setCatchUpWorkerFile(brokenWorker);
      const dir = backlog.copy();
      const core = start(dir);
      try {
        const seen = recordEvents(core);
        expect(await core.catchUp.finished).toEqual({ indexed: 0, complete: false });
        expect(logged).toHaveBeenCalledWith(expect.stringMatching(/indexing/), expect.objectContaining({ message: expect.stringMatching(/the catch-up worker broke/) }));
        // It ends short: the status line says what search misses (nothing more is indexed by the catch-up in this session).
        expect(seen.progress).toEqual([{ done: 0, total: ALERTS, finished: true }]);
        expect((await call(core, 'alerts.list', { limit: 10 })).rows).toHaveLength(10);
        expect(expectIndexedThroughMark(core.ctx.workspace.sqlite)).toBe(0);
      } finally {
        await core.close();
      }

      setCatchUpWorkerFile(brokenWorker);
      const again = start(backlog.copy());
      try {
        await again.catchUp.finished;
        expect(await call(again, 'alerts.indexProgress', {})).toEqual({ done: 0, total: ALERTS, finished: true });
        // A correlation run indexes the backlog first: then nothing is missing any more.
        await call(again, 'correlate.run', { rebuild: false });
        expect(expectIndexedThroughMark(again.ctx.workspace.sqlite)).toBe(ALERTS);
        expect(await call(again, 'alerts.indexProgress', {})).toEqual({ done: ALERTS, total: ALERTS, finished: true });
      } finally {
        await again.close();
      }

      setCatchUpWorkerFile(workerFile);
      const next = start(dir);
      try {
        expect(await next.catchUp.finished).toEqual({ indexed: ALERTS, complete: true });
      } finally {
        await next.close();
      }
    } finally {
      broken.cleanup();
    }
  });
});

interface Responsiveness {
  /** From the start to the answer of a call made as soon as the start-up code returned. */
  firstMs: number;
  /** Calls made every 5 ms while the catch-up ran: how long after they were due they were answered. */
  calls: number;
  medianWaitMs: number;
  worstWaitMs: number;
  catchUpMs: number;
}

/** Starts the app on `dir` and keeps calling alerts.list until the catch-up has finished. */
async function measureResponsiveness(dir: string, expectInWorker: boolean): Promise<Responsiveness> {
  const started = performance.now();
  const core = start(dir);
  try {
    expect(core.catchUp.inWorker).toBe(expectInWorker);
    let finished = false;
    const outcome = core.catchUp.finished.then((o) => {
      finished = true;
      return o;
    });
    const firstMs = await new Promise<number>((resolve) => {
      setTimeout(() => void call(core, 'alerts.list', { limit: 50 }).then(() => resolve(performance.now() - started)), 0);
    });
    const waits: number[] = [];
    while (!finished) {
      const due = performance.now() + 5;
      await new Promise((r) => setTimeout(r, 5));
      await call(core, 'alerts.list', { limit: 50 });
      waits.push(performance.now() - due);
    }
    expect(await outcome).toEqual({ indexed: LARGE, complete: true });
    const catchUpMs = performance.now() - started;
    waits.sort((a, b) => a - b);
    return { firstMs, calls: waits.length, medianWaitMs: waits[Math.floor(waits.length / 2)] ?? 0, worstWaitMs: waits.at(-1) ?? 0, catchUpMs };
  } finally {
    await core.close();
  }
}

describe.skipIf(!built)('the serving thread while a 200,000-alert backlog is indexed', () => {
  let large: Backlog;
  beforeAll(async () => {
    large = await killedImportBacklog(LARGE);
  }, 120_000);
  afterAll(() => {
    setCatchUpWorkerFile(null);
    large?.cleanup();
  });

  it('answers calls between the worker’s slices’ commits, not only between slices as in-process', async () => {
    setCatchUpWorkerFile(null);
    const inProcess = await measureResponsiveness(large.copy(), false);
    setCatchUpWorkerFile(workerFile);
    const inWorker = await measureResponsiveness(large.copy(), true);
    const round = (r: Responsiveness) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Math.round(v * 10) / 10]));
    console.log(`[catch-up] ${LARGE} alerts, in-process: ${JSON.stringify(round(inProcess))}`);
    console.log(`[catch-up] ${LARGE} alerts, in a worker: ${JSON.stringify(round(inWorker))}`);
    // In-process, a call due during a slice waits for the slice's end (most are); with the worker, for nothing
    // but itself. Compared with each other rather than with fixed times, which depend on the machine.
    expect(inWorker.medianWaitMs).toBeLessThan(inProcess.medianWaitMs / 4);
    expect(inWorker.calls).toBeGreaterThan(inProcess.calls);
  }, 120_000);
});
