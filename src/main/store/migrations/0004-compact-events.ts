import type { Migration } from './types';

/**
 * Events (records kept but not turned into alerts, such as Suricata's flow,
 * dns, http and tls records) keep their original record compressed in
 * raw_blocks, as alerts have since 0002: a sensor's eve.json is mostly events,
 * and stored as text they made a workspace larger than the file imported (a
 * generated 154 MB eve.json of 95% events: 184 MB before, measured). A new
 * event has `raw = ''` and points at its block and slot; events written before
 * keep their text in `raw`.
 */
export const migration0004: Migration = {
  version: 4,
  name: 'compact-events',
  sql: `
ALTER TABLE events ADD COLUMN raw_block INTEGER;
ALTER TABLE events ADD COLUMN raw_slot INTEGER;
`,
};
