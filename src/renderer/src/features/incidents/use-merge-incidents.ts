import { useEffect, useState } from 'react';
import type { IncidentSummaryRow } from '../../../../shared/domain';
import { toApiError, type ApiError } from '../../api/api-error';
import { useApi } from '../../api/client';
import { notifyError, notifySuccess } from '../../app/notify';
import { useUiStore } from '../../state/ui-store';

export interface MergeCandidates {
  /** The ticked incidents, in the order ticked (one reached through an id merged away since comes last); null while loading. */
  incidents: IncidentSummaryRow[] | null;
  error: ApiError | null;
}

/**
 * Asks main for the ticked incidents in one call (they may span pages and
 * filters, so the visible rows are not enough). An id merged away since it was
 * ticked lists its survivor, each incident once; one that no longer exists is
 * left out. Skipped while `ids` is null (dialog closed).
 */
export function useMergeCandidates(ids: readonly string[] | null): MergeCandidates {
  const api = useApi();
  const [state, setState] = useState<MergeCandidates>({ incidents: null, error: null });
  const key = ids === null ? null : ids.join(',');

  useEffect(() => {
    if (key === null) return;
    let current = true;
    setState({ incidents: null, error: null });
    const ticked = [...new Set(key.split(','))];
    api
      .call('incidents.list', { ids: ticked, limit: ticked.length })
      .then((page) => {
        if (!current) return;
        const order = (id: string) => {
          const i = ticked.indexOf(id);
          return i < 0 ? ticked.length : i;
        };
        // Stable: incidents no tick names keep the list's order among themselves.
        const incidents = [...page.rows].sort((a, b) => order(a.id) - order(b.id));
        setState({ incidents, error: null });
      })
      .catch((error: unknown) => {
        if (current) setState({ incidents: null, error: toApiError(error) });
      });
    return () => {
      current = false;
    };
  }, [api, key]);

  return state;
}

/** The default survivor: the riskiest incident, then the one with most alerts, then the first ticked. */
export function defaultSurvivor(incidents: readonly IncidentSummaryRow[]): string | null {
  let best: IncidentSummaryRow | null = null;
  for (const incident of incidents) {
    if (!best || incident.risk > best.risk || (incident.risk === best.risk && incident.alertCount > best.alertCount)) best = incident;
  }
  return best?.id ?? null;
}

/** Merges the ticked incidents into the survivor, then opens it and clears the ticks. */
export function useMergeIncidents(onMerged?: () => void): { merging: boolean; merge(survivorId: string, ids: readonly string[]): Promise<boolean> } {
  const api = useApi();
  const [merging, setMerging] = useState(false);

  const merge = async (survivorId: string, ids: readonly string[]): Promise<boolean> => {
    setMerging(true);
    try {
      const others = ids.filter((id) => id !== survivorId);
      const merged = await api.call('incidents.merge', { ids: [survivorId, ...others] });
      const store = useUiStore.getState();
      store.setCheckedIncidents([]);
      onMerged?.();
      notifySuccess('Incidents merged', `${others.length} incident${others.length === 1 ? '' : 's'} merged into ${merged.id} (${merged.alertCount} alerts).`);
      store.selectIncident(merged.id);
      return true;
    } catch (error) {
      notifyError('Could not merge the incidents', error);
      return false;
    } finally {
      setMerging(false);
    }
  };

  return { merging, merge };
}
