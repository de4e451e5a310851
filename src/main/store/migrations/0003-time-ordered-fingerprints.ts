import type { Migration } from './types';

/**
 * Fingerprints lead with the record's time: 8 bytes of time key, then the
 * first 8 bytes of the record's SHA-256 (they were its first 16). A file's
 * alerts then reach the unique fingerprint index in about its order instead of
 * at random. Existing fingerprints are rewritten from the alert's time and
 * their first 8 bytes, so dedup against records imported earlier still holds.
 * `socwb_fingerprint_key` is registered by openWorkspace. OR IGNORE: two old
 * keys that would meet (same millisecond, same 64-bit hash prefix) keep the
 * old form rather than fail the upgrade.
 */
export const migration0003: Migration = {
  version: 3,
  name: 'time-ordered-fingerprints',
  sql: `
UPDATE OR IGNORE alerts SET fingerprint = socwb_fingerprint_key(ts, fingerprint);
UPDATE OR IGNORE events SET fingerprint = socwb_fingerprint_key(ts, fingerprint);
`,
};
