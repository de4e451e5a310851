import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A built worker entry (`name`, e.g. 'ingest-worker.js'), which sits beside
 * the entry bundles in out/main; `dir` is the caller's __dirname, which may be
 * out/main or out/main/chunks once bundled. Null when not built (tests running
 * from sources).
 */
export function builtWorkerFile(dir: string, name: string): string | null {
  return [join(dir, name), join(dir, '..', name)].find((file) => existsSync(file)) ?? null;
}
