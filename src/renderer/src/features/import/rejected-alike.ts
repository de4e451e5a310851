import type { ImportOutcome } from './use-import-job';

/** A search response's hits are rejected as `search hit N: <reason>`: the same reason for each. */
const HIT_PREFIX = /^search hit \d+: /;

/**
 * Files of which nothing was kept and every listed rejection gives the same
 * reason: under a forced format, the format is the likely cause.
 */
export function filesRejectedAlike(result: Pick<ImportOutcome, 'files' | 'errors'>): Array<{ file: string; reason: string }> {
  return result.files.flatMap((file) => {
    if (file.error || file.rejected === 0 || file.imported + file.duplicates + file.events > 0) return [];
    const reasons = new Set(result.errors.filter((e) => e.file === file.file && e.line > 0).map((e) => e.reason.replace(HIT_PREFIX, '')));
    const [reason] = reasons;
    return reasons.size === 1 && reason !== undefined ? [{ file: file.file, reason }] : [];
  });
}
