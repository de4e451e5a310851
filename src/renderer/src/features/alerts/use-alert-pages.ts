import { useCallback, useEffect, useRef, useState } from 'react';
import type { AlertRow } from '../../../../shared/domain';
import { toApiError, type ApiError } from '../../api/api-error';
import { useApi } from '../../api/client';
import { useDbChanged } from '../../api/use-ui-event';
import type { AlertQuery } from './alert-query';

export const ALERT_PAGE_SIZE = 200;
/** Pages kept in memory; the ones furthest from the viewport are dropped first. */
const MAX_CACHED_PAGES = 60;
/** Wait for scrolling to settle a little before asking for pages (dragging the scrollbar skips many). */
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
}

/**
 * Pages `alerts.list` in on demand. The pages live in this component's refs
 * (not in zustand); on `db.changed` the old pages stay on screen as a stale
 * copy until fresh ones replace them, so the table does not flash.
 */
export function useAlertPages(query: AlertQuery, order: 'asc' | 'desc' = 'desc'): AlertPages {
  const api = useApi();
  const queryKey = JSON.stringify({ ...query, order });
  const pages = useRef(new Map<number, AlertRow[]>());
  const stalePages = useRef(new Map<number, AlertRow[]>());
  const inflight = useRef(new Set<number>());
  const generation = useRef(0);
  const range = useRef({ start: 0, end: 0 });
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const [epoch, setEpoch] = useState(0);
  const [, setTick] = useState(0);
  const [total, setTotal] = useState(0);
  const [totalCapped, setTotalCapped] = useState(false);
  const [ready, setReady] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const reset = useCallback((keepStale: boolean) => {
    generation.current += 1;
    stalePages.current = keepStale ? new Map([...stalePages.current, ...pages.current]) : new Map();
    pages.current = new Map();
    inflight.current = new Set();
    setEpoch((e) => e + 1);
  }, []);

  // A new query starts from an empty cache at the top.
  useEffect(() => {
    reset(false);
    range.current = { start: 0, end: 0 };
    setReady(false);
    setError(null);
  }, [queryKey, reset]);

  useDbChanged(ALERT_TABLES, () => reset(true));

  const evictFarPages = useCallback(() => {
    const cache = pages.current;
    if (cache.size <= MAX_CACHED_PAGES) return;
    const centre = Math.floor((range.current.start + range.current.end) / 2 / ALERT_PAGE_SIZE);
    const byDistance = [...cache.keys()].sort((a, b) => Math.abs(b - centre) - Math.abs(a - centre));
    for (const page of byDistance.slice(0, cache.size - MAX_CACHED_PAGES)) cache.delete(page);
  }, []);

  const fetchPage = useCallback(
    (page: number) => {
      if (pages.current.has(page) || inflight.current.has(page)) return;
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
          stalePages.current.delete(page);
          evictFarPages();
          if (result.totalCapped) {
            // A lower bound: grow it as full pages keep arriving so scrolling can go on.
            const more = result.rows.length === ALERT_PAGE_SIZE ? ALERT_PAGE_SIZE : 0;
            setTotal((t) => Math.max(t, result.total, offset + result.rows.length + more));
          } else {
            setTotal(result.total);
          }
          setTotalCapped(result.totalCapped);
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
      range.current = { start, end };
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        timer.current = null;
        const { start: s, end: e } = range.current;
        const first = Math.floor(Math.max(0, s) / ALERT_PAGE_SIZE);
        const last = Math.floor(Math.max(0, e) / ALERT_PAGE_SIZE);
        for (let page = first; page <= last; page++) fetchPage(page);
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
    const page = Math.floor(index / ALERT_PAGE_SIZE);
    const rows = pages.current.get(page) ?? stalePages.current.get(page);
    return rows?.[index % ALERT_PAGE_SIZE];
  }, []);

  return { total, totalCapped, ready, error, epoch, getRow, requestRange };
}
