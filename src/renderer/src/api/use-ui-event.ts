import { useEffect, useRef } from 'react';
import type { UiEventName, UiEvents } from '../../../shared/contract';
import { useApi } from './client';
import { DebouncedRefresh } from './debounced-refresh';

/** Subscribes to a UI event for the component's lifetime; the latest listener is always used. */
export function useUiEvent<E extends UiEventName>(event: E, listener: (payload: UiEvents[E]) => void): void {
  const api = useApi();
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => api.subscribe(event, (payload) => latest.current(payload)), [api, event]);
}

/**
 * Calls `onChange` (debounced, see DebouncedRefresh) when `db.changed` names
 * one of `tables`. An empty `tables` list in the event means "anything may
 * have changed".
 */
export function useDbChanged(tables: readonly string[], onChange: () => void, delayMs = 300): void {
  const latest = useRef(onChange);
  latest.current = onChange;
  const refresh = useRef<DebouncedRefresh | null>(null);
  refresh.current ??= new DebouncedRefresh(() => latest.current(), delayMs);
  const key = tables.join(',');

  useUiEvent('db.changed', (payload) => {
    const changed = Array.isArray(payload?.tables) ? payload.tables : [];
    const relevant = changed.length === 0 || changed.some((table) => key.split(',').includes(table));
    if (relevant) refresh.current?.poke();
  });

  useEffect(() => () => refresh.current?.cancel(), []);
}
