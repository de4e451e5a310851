import type { Migration } from './types';

/**
 * Smaller, faster-to-write alerts:
 * - Original records of new alerts are kept compressed (zstd, or deflate where
 *   Node lacks zstd) in blocks of consecutive records (`raw_blocks`); such an
 *   alert has `raw = ''` and points at its block and slot. Alerts written
 *   before keep their text in `raw`; events keep theirs as text.
 * - Fingerprints become the first 16 bytes of the record's SHA-256 as a BLOB
 *   (they were its base64url text): same identity, a third smaller index.
 *   `socwb_fingerprint_bytes` is registered by openWorkspace.
 * - The entity links and full-text rows of new alerts are written in key order
 *   after each stretch of an import; `alerts_indexed_through` in meta says how
 *   far that has got, so an interrupted import is finished on the next open.
 * - `incidents.search_hash` identifies the text an incident's full-text row
 *   holds, so a refresh that leaves it unchanged does not rewrite the row.
 */
export const migration0002: Migration = {
  version: 2,
  name: 'compact-alerts',
  sql: `
CREATE TABLE raw_blocks (
  id INTEGER PRIMARY KEY,
  codec TEXT NOT NULL,
  records INTEGER NOT NULL,
  data BLOB NOT NULL
);
ALTER TABLE alerts ADD COLUMN raw_block INTEGER;
ALTER TABLE alerts ADD COLUMN raw_slot INTEGER;
ALTER TABLE incidents ADD COLUMN search_hash TEXT;

UPDATE alerts SET fingerprint = socwb_fingerprint_bytes(fingerprint) WHERE typeof(fingerprint) = 'text';
UPDATE events SET fingerprint = socwb_fingerprint_bytes(fingerprint) WHERE typeof(fingerprint) = 'text';

INSERT INTO meta (key, value) SELECT 'alerts_indexed_through', coalesce(max(id), 0) FROM alerts WHERE true
  ON CONFLICT(key) DO UPDATE SET value = excluded.value;
`,
};
