import { useCallback, useMemo, useState } from 'react';

/** Alerts ticked in a table, by id (never copies of rows). */
export interface AlertSelection {
  /** Ticked ids that are still among `within` (when given). */
  ids: number[];
  isSelected(id: number): boolean;
  toggle(id: number): void;
  /** Ticks (or unticks) all of `ids`, e.g. a range of rows. */
  set(ids: readonly number[], ticked: boolean): void;
  /** Ticks every alert of `within` (nothing without it). */
  selectAll(): void;
  clear(): void;
}

/**
 * Row selection for one alerts table, kept in the component. When `within` is
 * given (e.g. the incident's alert ids), ticks on alerts that have since left it
 * stop counting, so a refresh can never leave a stale selection behind.
 */
export function useAlertSelection(within?: readonly number[]): AlertSelection {
  const [ticked, setTicked] = useState<ReadonlySet<number>>(() => new Set());
  const allowed = useMemo(() => (within ? new Set(within) : null), [within]);

  const ids = useMemo(() => [...ticked].filter((id) => !allowed || allowed.has(id)), [ticked, allowed]);
  const isSelected = useCallback((id: number) => ticked.has(id) && (!allowed || allowed.has(id)), [ticked, allowed]);
  const toggle = useCallback(
    (id: number) =>
      setTicked((prev) => {
        const next = new Set(prev);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      }),
    [],
  );
  const set = useCallback(
    (some: readonly number[], on: boolean) =>
      setTicked((prev) => {
        const next = new Set(prev);
        for (const id of some) {
          if (on) next.add(id);
          else next.delete(id);
        }
        return next;
      }),
    [],
  );
  const selectAll = useCallback(() => {
    if (within) setTicked(new Set(within));
  }, [within]);
  const clear = useCallback(() => setTicked(new Set()), []);

  return { ids, isSelected, toggle, set, selectAll, clear };
}
