import { Group, Paper, Title } from '@mantine/core';
import { useMemo } from 'react';
import type { IncidentDetail } from '../../../../shared/domain';
import { AlertsTable } from '../alerts/AlertsTable';
import { useAlertSelection } from '../alerts/use-alert-selection';
import { SplitButton } from './SplitButton';

/** The incident's alerts, tickable, with "Split N alerts into a new incident". */
export function LinkedAlerts({ incident, onChanged }: { incident: IncidentDetail; onChanged: () => void }) {
  const query = useMemo(() => ({ incidentId: incident.id }), [incident.id]);
  const selection = useAlertSelection(incident.alertIds);
  return (
    <Paper withBorder p="sm">
      <Group justify="space-between" mb={4} gap="xs">
        <Title order={3} size="h6">
          Linked alerts
        </Title>
        <SplitButton
          incident={incident}
          alertIds={selection.ids}
          onSplit={() => {
            selection.clear();
            onChanged();
          }}
        />
      </Group>
      <AlertsTable query={query} label={`Alerts of incident ${incident.id}`} height={340} selection={selection} />
    </Paper>
  );
}
