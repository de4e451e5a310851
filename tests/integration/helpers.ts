import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createCore, type Core } from '../../src/main/core/app';
import type { Clock } from '../../src/main/core/context';

/** ../shared/datasets beside the repository (present in CI and on developer machines). */
export const DATASETS = resolve(__dirname, '../../../shared/datasets');

export function tempDir(prefix = 'socwb-test-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function fixedClock(start = Date.UTC(2026, 10, 21, 12, 0, 0)): Clock & { advance(ms: number): void } {
  let now = start;
  return { now: () => now, advance: (ms) => (now += ms) };
}

/** A core on a fresh workspace in a temp folder; close() removes it. */
export function tempCore(options: { transport?: 'ipc' | 'http' | 'cli'; clock?: Clock } = {}): Core & { dir: string; dispose(): Promise<void> } {
  const t = tempDir();
  const core = createCore({ workspaceDir: t.dir, transport: options.transport ?? 'http', clock: options.clock, actor: 'tester' });
  return Object.assign(core, {
    dir: t.dir,
    async dispose() {
      await core.close();
      t.cleanup();
    },
  });
}
