import type { IndexProgress } from '../../../../shared/contract';
import { formatCount } from '../../app/format';

/**
 * The later of two reports on the start-up indexing (one asked for, one
 * pushed): within a session it only moves forward, and finished is final.
 */
export function laterProgress(a: IndexProgress | null | undefined, b: IndexProgress | null | undefined): IndexProgress | null {
  if (!a) return b ?? null;
  if (!b) return a;
  if (a.finished !== b.finished) return a.finished ? a : b;
  return b.done > a.done ? b : a;
}

/** Announced in steps this size: a screen reader reads each change of the line out. */
const PERCENT_STEP = 5;

/**
 * The status line under the search box while alerts an interrupted import left
 * are being indexed ("Indexing 120,000 alerts for search… 45%"), or when
 * that indexing stopped short; null when nothing is left to index. `searching`: a text search is on, and may miss those alerts.
 */
export function describeIndexing(progress: IndexProgress | null, searching: boolean): string | null {
  if (!progress || progress.total <= 0) return null;
  if (progress.finished) {
    // Stopped short (it failed): what is left stays unsearchable until something indexes it.
    const left = progress.total - progress.done;
    if (left <= 0) return null;
    return `Search misses ${formatCount(left)} alert${left === 1 ? '' : 's'} an interrupted import left: indexing stopped. A correlation run or the next start indexes ${left === 1 ? 'it' : 'them'}.`;
  }
  const fraction = Math.max(0, Math.min(1, progress.done / progress.total));
  const percent = Math.floor((fraction * 100) / PERCENT_STEP) * PERCENT_STEP;
  const line = `Indexing ${formatCount(progress.total)} alert${progress.total === 1 ? '' : 's'} for search… ${percent}%`;
  return searching ? `${line} · results may be incomplete until it is done` : line;
}
