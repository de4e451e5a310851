import type { Sqlite } from '../store/workspace';

/** Appends one entry to the append-only audit log (call inside the change's own transaction). */
export function appendAudit(
  sqlite: Sqlite,
  entry: { at: number; actor: string; action: string; targetType: string; targetId: string; before?: unknown; after?: unknown },
): void {
  sqlite
    .prepare('INSERT INTO audit_log (at, actor, action, target_type, target_id, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(
      entry.at,
      entry.actor,
      entry.action,
      entry.targetType,
      entry.targetId,
      entry.before === undefined ? null : JSON.stringify(entry.before),
      entry.after === undefined ? null : JSON.stringify(entry.after),
    );
}
