import { useMemo } from 'react';
import { useUiStore } from '../../state/ui-store';
import { toAlertQuery } from './alert-query';
import { AlertFilters } from './AlertFilters';
import { AlertsTable } from './AlertsTable';
import { IndexingStatus } from './IndexingStatus';

export function AlertsView() {
  const filters = useUiStore((s) => s.alertFilters);
  const query = useMemo(() => toAlertQuery(filters), [filters]);
  return (
    <section className="view view-fill" aria-label="Alerts">
      <AlertFilters />
      <AlertsTable query={query} label="Alerts" keepPlace status={<IndexingStatus searching={query.text !== undefined} />} />
    </section>
  );
}
