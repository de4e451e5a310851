/**
 * A start after an import was killed between writing alerts and indexing them:
 * the app answers at once, indexes the backlog in the background a slice per
 * transaction, tells the UI how far it has got, and a stop (or kill) between
 * slices leaves a store the next start finishes. Real SQLite files, alerts
 * from the benchmark generator. This is the in-process path (no built worker,
 * slices on the serving thread between calls); the worker thread's is in
 * index-catch-up-worker.test.ts.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/main/core/app';
import { BACKLOG_SLICE_ALERTS, indexedThrough } from '../../src/main/ingest/alert-index';
import { setCatchUpWorkerFile } from '../../src/main/jobs/index-catch-up-job';
import { openWorkspace, WORKSPACE_FILE } from '../../src/main/store/workspace';
import type { IndexProgress } from '../../src/shared/contract';
import { call, expectIndexedThroughMark, killedImportBacklog, newestAlertFoundBySearch, partition, type Backlog } from './catch-up-fixture';

/** Two whole slices and part of a third. */
const ALERTS = 2 * BACKLOG_SLICE_ALERTS + 4000;

let backlog: Backlog;
beforeAll(async () => {
  // The in-process path (no built worker): the catch-up worker's tests are in index-catch-up-worker.test.ts.
  setCatchUpWorkerFile(null);
  backlog = await killedImportBacklog(ALERTS);
});
afterAll(() => backlog.cleanup());

/** A copy of the killed import's workspace. */
const killedWorkspace = () => backlog.copy();

describe('a start after an import was killed before indexing', () => {
  it('answers before the backlog is indexed, serves calls between slices, then finds every alert', async () => {
    const dir = killedWorkspace();
    const core = createCore({ workspaceDir: dir, transport: 'http', actor: 'tester' });
    try {
      const changed: string[][] = [];
      core.events.subscribe((event, payload) => {
        if (event === 'db.changed') changed.push((payload as { tables: string[] }).tables);
      });
      const servedDuring: number[] = [];
      core.catchUp.onSlice((progress) => {
        if (progress.indexedThrough < ALERTS) void call(core, 'alerts.list', { limit: 10 }).then(() => servedDuring.push(indexedThrough(core.ctx.workspace.sqlite)));
      });
      const info = await call(core, 'app.getInfo', {});
      expect(info.alerts).toBe(ALERTS);
      const { sqlite } = core.ctx.workspace;
      expect(indexedThrough(sqlite)).toBeLessThan(ALERTS);
      expect(await newestAlertFoundBySearch(core)).toBe(false);

      expect(await core.catchUp.finished).toEqual({ indexed: ALERTS, complete: true });
      // Calls made after a slice were answered before the next one.
      expect(servedDuring).toEqual([BACKLOG_SLICE_ALERTS, 2 * BACKLOG_SLICE_ALERTS]);
      expect(expectIndexedThroughMark(sqlite)).toBe(ALERTS);
      expect(await newestAlertFoundBySearch(core)).toBe(true);
      expect(changed).toContainEqual(['alerts']);
    } finally {
      await core.close();
    }
  });

  it('tells the UI how far it has got, slice by slice, and when it has finished', async () => {
    const core = createCore({ workspaceDir: killedWorkspace(), transport: 'http', actor: 'tester' });
    try {
      expect(core.catchUp.inWorker).toBe(false);
      const progress: IndexProgress[] = [];
      core.events.subscribe((event, payload) => {
        if (event === 'index.progress') progress.push(payload as IndexProgress);
      });
      // A view opened before the first slice asks how far it has got.
      expect(await call(core, 'alerts.indexProgress', {})).toEqual({ done: 0, total: ALERTS, finished: false });

      expect(await core.catchUp.finished).toEqual({ indexed: ALERTS, complete: true });
      expect(progress).toEqual([
        { done: BACKLOG_SLICE_ALERTS, total: ALERTS, finished: false },
        { done: 2 * BACKLOG_SLICE_ALERTS, total: ALERTS, finished: false },
        { done: ALERTS, total: ALERTS, finished: false },
        { done: ALERTS, total: ALERTS, finished: true },
      ]);
      expect(await call(core, 'alerts.indexProgress', {})).toEqual({ done: ALERTS, total: ALERTS, finished: true });
    } finally {
      await core.close();
    }
  });

  it('correlates every alert when asked before the catch-up is done, as after it', async () => {
    const caughtUp = createCore({ workspaceDir: killedWorkspace(), transport: 'http', actor: 'tester' });
    let early: Core | null = null;
    try {
      expect(await caughtUp.catchUp.finished).toEqual({ indexed: ALERTS, complete: true });
      const expected = await call(caughtUp, 'correlate.run', { rebuild: false });
      expect(expected.alerts).toBe(ALERTS);
      expect(expected.incidents).toBeGreaterThan(0);

      early = createCore({ workspaceDir: killedWorkspace(), transport: 'http', actor: 'tester' });
      const { sqlite } = early.ctx.workspace;
      expect(indexedThrough(sqlite)).toBeLessThan(ALERTS);
      const result = await call(early, 'correlate.run', { rebuild: false });
      expect(result).toMatchObject({ alerts: ALERTS, incidents: expected.incidents, uncorrelated: expected.uncorrelated });
      expect(partition(sqlite)).toEqual(partition(caughtUp.ctx.workspace.sqlite));
      expect(expectIndexedThroughMark(sqlite)).toBe(ALERTS);
      // The run indexed what was left; the catch-up ends with nothing more to do.
      expect((await early.catchUp.finished).complete).toBe(true);
      expect(await newestAlertFoundBySearch(early)).toBe(true);
    } finally {
      await early?.close();
      await caughtUp.close();
    }
  });

  it('stopped after two slices, leaves a consistent store the next start finishes', async () => {
    const dir = killedWorkspace();
    const first = createCore({ workspaceDir: dir, transport: 'http', actor: 'tester' });
    let closed: Promise<void> | null = null;
    first.catchUp.onSlice((progress) => {
      // Closing the app mid-way: no further slice runs, the connection is closed.
      if (progress.indexedThrough >= 2 * BACKLOG_SLICE_ALERTS) closed ??= first.close();
    });
    expect(await first.catchUp.finished).toEqual({ indexed: 2 * BACKLOG_SLICE_ALERTS, complete: false });
    await closed;

    const between = openWorkspace(dir);
    try {
      expect(expectIndexedThroughMark(between.sqlite)).toBe(2 * BACKLOG_SLICE_ALERTS);
    } finally {
      between.close();
    }

    const second = createCore({ workspaceDir: dir, transport: 'http', actor: 'tester' });
    try {
      expect(await second.catchUp.finished).toEqual({ indexed: ALERTS - 2 * BACKLOG_SLICE_ALERTS, complete: true });
      expect(expectIndexedThroughMark(second.ctx.workspace.sqlite)).toBe(ALERTS);
      expect(await newestAlertFoundBySearch(second)).toBe(true);
      expect((await call(second, 'correlate.run', { rebuild: true })).alerts).toBe(ALERTS);
    } finally {
      await second.close();
    }
  });

  it('steps back while another process holds the write lock, without stalling calls, and finishes once it is free', async () => {
    const dir = killedWorkspace();
    // Another process's import, holding the write lock.
    const other = new Database(join(dir, WORKSPACE_FILE));
    other.exec('BEGIN IMMEDIATE');
    const core = createCore({ workspaceDir: dir, transport: 'http', actor: 'tester' });
    try {
      // The catch-up meets the lock meanwhile; it holds the thread no longer than its short try (5 s before).
      const started = performance.now();
      await new Promise((r) => setTimeout(r, 300));
      await call(core, 'alerts.list', { limit: 10 });
      expect(performance.now() - started).toBeLessThan(1500);
      expect(indexedThrough(core.ctx.workspace.sqlite)).toBe(0);

      other.exec('COMMIT');
      expect(await core.catchUp.finished).toEqual({ indexed: ALERTS, complete: true });
      expect(expectIndexedThroughMark(core.ctx.workspace.sqlite)).toBe(ALERTS);
    } finally {
      if (other.inTransaction) other.exec('ROLLBACK');
      other.close();
      await core.close();
    }
  });

  it('has nothing to do on a store whose imports finished', async () => {
    const dir = killedWorkspace();
    const first = createCore({ workspaceDir: dir, transport: 'http', actor: 'tester' });
    await first.catchUp.finished;
    await first.close();
    const second = createCore({ workspaceDir: dir, transport: 'http', actor: 'tester' });
    try {
      expect(await second.catchUp.finished).toEqual({ indexed: 0, complete: true });
      expect(await call(second, 'alerts.indexProgress', {})).toEqual({ done: 0, total: 0, finished: true });
    } finally {
      await second.close();
    }
  });
});
