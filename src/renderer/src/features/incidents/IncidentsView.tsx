import { useUiStore } from '../../state/ui-store';
import { IncidentDetail } from './IncidentDetail';
import { IncidentList } from './IncidentList';

/** The queue, or one incident when the analyst has opened it. */
export function IncidentsView() {
  const selectedId = useUiStore((s) => s.selectedIncidentId);
  return selectedId ? <IncidentDetail key={selectedId} id={selectedId} /> : <IncidentList />;
}
