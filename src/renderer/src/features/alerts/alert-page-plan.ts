export const ALERT_PAGE_SIZE = 200;
/** How close (in rows) the rows on screen come to the next page, in the direction of travel, before it is asked for. */
export const FETCH_AHEAD_ROWS = ALERT_PAGE_SIZE / 2;

export interface PageFetchPlan {
  /** Pages to ask for (the ones rows [start, end] are on, and perhaps the next one ahead). */
  pages: number[];
  /** Ask at once; otherwise wait for scrolling to settle. */
  now: boolean;
}

/**
 * Which pages the rows [start, end] need, and when to ask. Scrolling on from rows that are in
 * (`known`) asks at once, and for the next page in the direction of travel half a page
 * before the rows reach it, so a wheel never waits on a page. A jump to rows with nothing near
 * them waits until scrolling settles: dragging the scrollbar passes over pages nobody reads.
 */
export function planPageFetch(
  rows: { start: number; end: number },
  direction: number,
  total: number,
  known: (page: number) => boolean,
): PageFetchPlan {
  const first = Math.floor(Math.max(0, rows.start) / ALERT_PAGE_SIZE);
  const last = Math.floor(Math.max(0, rows.end) / ALERT_PAGE_SIZE);
  const pages: number[] = [];
  for (let page = first; page <= last; page++) pages.push(page);
  const now = known(first - 1) || known(first) || known(last) || known(last + 1);
  if (!now) return { pages, now };
  if (direction > 0) {
    const ahead = Math.floor(Math.min(rows.end + FETCH_AHEAD_ROWS, total - 1) / ALERT_PAGE_SIZE);
    if (ahead > last) pages.push(ahead);
  } else if (direction < 0) {
    const ahead = Math.floor(Math.max(rows.start - FETCH_AHEAD_ROWS, 0) / ALERT_PAGE_SIZE);
    if (ahead < first) pages.unshift(ahead);
  }
  return { pages, now };
}
