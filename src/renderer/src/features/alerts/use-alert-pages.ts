import { useCallback, useEffect, useRef, useState } from 'react';
import type { AlertRow } from '../../../../shared/domain';
import { toApiError, type ApiError } from '../../api/api-error';
import { useApi } from '../../api/client';
import { useDbChanged } from '../../api/use-ui-event';
import { ALERT_PAGE_SIZE, planPageFetch } from './alert-page-plan';
import type { AlertQuery } from './alert-query';

/** Pages kept in memory; the ones furthest from the viewport are dropped first. */
const MAX_CACHED_PAGES = 60;
/** After a jump, wait for scrolling to settle a little before asking for pages (dragging the scrollbar skips many). */
const FETCH_DELAY_MS = 60;
const ALERT_TABLES = ['alerts', 'incident_alerts', 'incidents'] as const;

export interface AlertPages {
  total: number;
  totalCapped: boolean;
  /** The first page of the current query has arrived. */
  ready: boolean;
  error: ApiError | null;
  /** Changes whenever the cache is reset (new query or data changed): the table re-requests its range. */
  epoch: number;
  getRow(index: number): AlertRow | undefined;
  /** Asks for the pages covering rows [start, end] (inclusive). */
  requestRange(start: number, end: number): void;
  /** Where alert `id` stands in the current query now (null when it is not in it). */
  locate(id: number): Promise<number | null>;
  /** The ids of rows [start, end] (inclusive), from the cache where it has them. */
  idsIn(start: number, end: number): Promise<number[]>;
}

/**
 * Keeps an alert in place when the data changes: before the refetch, the
 * table names the alert it holds (the cursor's) and where it is; it is told how
 * far that alert moved (0 when it left the result or could not be found).
 */
export interface KeepPlace {
  anchor(): { id: number; index: number } | null;
  moved(shift: number): void;
}

/**
 * Pages `alerts.list` in on demand, the next page ahead while the analyst scrolls on
 * (see `planPageFetch`). The pages live in this component's refs
 * (not in zustand); on `db.changed` the old rows stay on screen as a stale
 * copy until fresh ones replace them, so the table does not flash. Rows are
 * listed by offset, so with `keep` the anchor alert is located first and the
 * stale rows move with it (newer alerts arriving above push it down).
 */
export function useAlertPages(query: AlertQuery, order: 'asc' | 'desc' = 'desc', keep?: KeepPlace): AlertPages {
  const api = useApi();
  const queryKey = JSON.stringify({ ...query, order });
  const pages = useRef(new Map<number, AlertRow[]>());
  /** Rows of before the last reset, by their (shifted) index. */
  const staleRows = useRef(new Map<number, AlertRow>());
  const inflight = useRef(new Set<number>());
  const generation = useRef(0);
  const range = useRef({ start: 0, end: 0 });
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latestKeep = useRef(keep);
  latestKeep.current = keep;
  const refreshSeq = useRef(0);
  /** Where the list ends, once a page past the count cap came back short; null until then. */
  const endAt = useRef<number | null>(null);
  /** A refresh is locating its anchor: pages wait for it. */
  const settling = useRef(false);

  const [epoch, setEpoch] = useState(0);
  const [, setTick] = useState(0);
  const [total, setTotal] = useState(0);
  const [totalCapped, setTotalCapped] = useState(false);
  const [ready, setReady] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const totalNow = useRef(total);
  totalNow.current = total;

  const reset = useCallback((keepStale: boolean, shift = 0) => {
    generation.current += 1;
    const stale = new Map<number, AlertRow>();
    if (keepStale) {
      // Only rows near the viewport are worth keeping; the rest would pile up over many refreshes.
      const centre = (range.current.start + range.current.end) / 2;
      const reach = (MAX_CACHED_PAGES / 2) * ALERT_PAGE_SIZE;
      const keepRow = (index: number, row: AlertRow) => {
        if (Math.abs(index - centre) <= reach) stale.set(index + shift, row);
      };
      for (const [index, row] of staleRows.current) keepRow(index, row);
      for (const [page, rows] of pages.current) rows.forEach((row, k) => keepRow(page * ALERT_PAGE_SIZE + k, row));
    }
    staleRows.current = stale;
    pages.current = new Map();
    endAt.current = null;
    inflight.current = new Set();
    // Until the first fresh page says otherwise, rows inserted above the anchor grew the list by as much.
    if (shift !== 0) setTotal((t) => Math.max(0, t + shift));
    setEpoch((e) => e + 1);
  }, []);

  // A new query starts from an empty cache at the top.
  useEffect(() => {
    settling.current = false;
    reset(false);
    range.current = { start: 0, end: 0 };
    setReady(false);
    setError(null);
  }, [queryKey, reset]);

  const locate = useCallback(
    async (id: number): Promise<number | null> => {
      const parsed = JSON.parse(queryKey) as AlertQuery & { order: 'asc' | 'desc' };
      return (await api.call('alerts.position', { ...parsed, id })).offset;
    },
    [api, queryKey],
  );

  const idsIn = useCallback(
    async (start: number, end: number): Promise<number[]> => {
      const parsed = JSON.parse(queryKey) as AlertQuery & { order: 'asc' | 'desc' };
      const ids: number[] = [];
      for (let page = Math.floor(start / ALERT_PAGE_SIZE); page <= Math.floor(end / ALERT_PAGE_SIZE); page++) {
        const offset = page * ALERT_PAGE_SIZE;
        const rows = pages.current.get(page) ?? (await api.call('alerts.list', { ...parsed, limit: ALERT_PAGE_SIZE, offset })).rows;
        rows.forEach((row, k) => {
          if (offset + k >= start && offset + k <= end) ids.push(row.id);
        });
      }
      return ids;
    },
    [api, queryKey],
  );

  useDbChanged(ALERT_TABLES, () => {
    const anchor = latestKeep.current?.anchor() ?? null;
    if (anchor === null) return reset(true);
    const seq = ++refreshSeq.current;
    // Until the anchor is located, no page is fetched, and answers in flight (from either side of
    // the change) are dropped: every row kept is then from before it, and moves by the same shift.
    generation.current += 1;
    inflight.current = new Set();
    settling.current = true;
    const gen = generation.current;
    const settle = (offset: number | null) => {
      // A newer refresh or a new query has taken over.
      if (seq !== refreshSeq.current || gen !== generation.current) return;
      settling.current = false;
      const shift = offset === null ? 0 : offset - anchor.index;
      reset(true, shift);
      latestKeep.current?.moved(shift);
    };
    locate(anchor.id).then(settle, () => settle(null));
  });

  const evictFarPages = useCallback(() => {
    const cache = pages.current;
    if (cache.size <= MAX_CACHED_PAGES) return;
    const centre = Math.floor((range.current.start + range.current.end) / 2 / ALERT_PAGE_SIZE);
    const byDistance = [...cache.keys()].sort((a, b) => Math.abs(b - centre) - Math.abs(a - centre));
    for (const page of byDistance.slice(0, cache.size - MAX_CACHED_PAGES)) cache.delete(page);
  }, []);

  const fetchPage = useCallback(
    (page: number) => {
      if (pages.current.has(page) || inflight.current.has(page) || settling.current) return;
      const gen = generation.current;
      const pending = inflight.current;
      pending.add(page);
      const offset = page * ALERT_PAGE_SIZE;
      const parsed = JSON.parse(queryKey) as AlertQuery & { order: 'asc' | 'desc' };
      api
        .call('alerts.list', { ...parsed, limit: ALERT_PAGE_SIZE, offset })
        .then((result) => {
          if (gen !== generation.current) return;
          pages.current.set(page, result.rows);
          for (let index = offset; index < offset + ALERT_PAGE_SIZE; index++) staleRows.current.delete(index);
          evictFarPages();
          if (result.totalCapped && result.rows.length < ALERT_PAGE_SIZE && offset >= result.total) {
            // Past the count cap, a short (or empty) page is the end of the list: the count is exact now.
            endAt.current = offset + result.rows.length;
            setTotal(endAt.current);
          } else if (result.totalCapped && endAt.current === null) {
            // A lower bound: grow it as full pages keep arriving so scrolling can go on.
            const more = result.rows.length === ALERT_PAGE_SIZE ? ALERT_PAGE_SIZE : 0;
            setTotal((t) => Math.max(t, result.total, offset + result.rows.length + more));
          } else if (!result.totalCapped) {
            setTotal(result.total);
          }
          setTotalCapped(result.totalCapped && endAt.current === null);
          setReady(true);
          setError(null);
          setTick((t) => t + 1);
        })
        .catch((err: unknown) => {
          if (gen === generation.current) setError(toApiError(err));
        })
        .finally(() => pending.delete(page));
    },
    [api, queryKey, evictFarPages],
  );

  const requestRange = useCallback(
    (start: number, end: number) => {
      const direction = Math.sign(start - range.current.start);
      range.current = { start, end };
      if (timer.current) clearTimeout(timer.current);
      // Next to rows already in, not merely asked for: a scrollbar dragged slowly would otherwise chain a request to
      // every page it passes over, each one next to the last one asked for.
      const known = (page: number) => pages.current.has(page);
      const plan = planPageFetch(range.current, direction, totalNow.current, known);
      if (plan.now) {
        for (const page of plan.pages) fetchPage(page);
        return;
      }
      timer.current = setTimeout(() => {
        timer.current = null;
        for (const page of planPageFetch(range.current, 0, totalNow.current, known).pages) fetchPage(page);
      }, FETCH_DELAY_MS);
    },
    [fetchPage],
  );

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const getRow = useCallback((index: number): AlertRow | undefined => {
    const rows = pages.current.get(Math.floor(index / ALERT_PAGE_SIZE));
    return rows ? rows[index % ALERT_PAGE_SIZE] : staleRows.current.get(index);
  }, []);

  return { total, totalCapped, ready, error, epoch, getRow, requestRange, locate, idsIn };
}
