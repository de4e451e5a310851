import type { Database } from 'better-sqlite3';
import { fingerprintOf } from '../../ingest/alert-writer';
import { unwrapHit } from '../../ingest/formats';
import { isObject } from '../../ingest/formats/common';
import { wazuhIdentity } from '../../ingest/formats/wazuh';
import { readRawRecords } from '../../ingest/raw-blocks';
import type { Migration } from './types';

/**
 * One Wazuh alert, one row, wherever it was saved. A Wazuh alert's
 * fingerprint is now taken from its manager, agent, alert id and rule (see
 * wazuhIdentity) instead of its text, so the copy in a wazuh-alerts-* index
 * (which adds `@timestamp`, GeoIP fields and its own `_id`) is a duplicate of
 * the line in the manager's alerts.json. The Wazuh alerts already stored get
 * the new fingerprint too, read from their original records, so re-importing
 * either copy still finds them. OR IGNORE: two stored copies of one alert
 * (imported before this) keep one old fingerprint rather than fail the
 * upgrade; an alert whose record lacks those fields keeps its own.
 */
export const migration0005: Migration = {
  version: 5,
  name: 'wazuh-identity',
  sql: `-- Wazuh alerts' fingerprints come from their identity (rewritten by the backfill).`,
  backfill: rewriteWazuhFingerprints,
};

const PAGE = 4096;

function rewriteWazuhFingerprints(sqlite: Database): void {
  const page = sqlite.prepare(
    `SELECT id, ts, raw, raw_block AS block, raw_slot AS slot FROM alerts
     WHERE id > ? AND format IN ('wazuh-alerts', 'wazuh-index') ORDER BY id LIMIT ${PAGE}`,
  );
  const readBlock = sqlite.prepare('SELECT codec, data FROM raw_blocks WHERE id = ?');
  const update = sqlite.prepare('UPDATE OR IGNORE alerts SET fingerprint = ? WHERE id = ?');
  // Alerts are read in id order, which is block order: one block inflated at a time.
  let cachedBlock: number | null = null;
  let cachedRecords: string[] = [];
  const recordOf = (row: Row): string | null => {
    if (row.block === null) return row.raw;
    if (row.block !== cachedBlock) {
      const stored = readBlock.get(row.block) as { codec: string; data: Uint8Array } | undefined;
      cachedBlock = row.block;
      cachedRecords = stored ? readRawRecords(stored.codec, stored.data) : [];
    }
    return row.slot === null ? null : (cachedRecords[row.slot] ?? null);
  };
  for (let after = 0; ; ) {
    const rows = page.all(after) as Row[];
    if (rows.length === 0) return;
    for (const row of rows) {
      const record = recordOf(row);
      if (record === null) continue;
      let value: unknown;
      try {
        value = JSON.parse(record);
      } catch {
        continue; // cannot happen for an imported alert; it would keep its fingerprint
      }
      const identity = isObject(value) ? wazuhIdentity(unwrapHit(value).doc) : undefined;
      if (identity !== undefined) update.run(fingerprintOf(identity, row.ts), row.id);
    }
    after = rows[rows.length - 1]!.id;
  }
}

interface Row {
  id: number;
  ts: number;
  raw: string;
  block: number | null;
  slot: number | null;
}
