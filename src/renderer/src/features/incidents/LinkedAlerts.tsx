import { Button, Group, Paper, Text, Title } from '@mantine/core';
import { useMemo } from 'react';
import type { IncidentDetail } from '../../../../shared/domain';
import { formatCount } from '../../app/format';
import { AlertsTable } from '../alerts/AlertsTable';
import { useAlertSelection } from '../alerts/use-alert-selection';
import { SplitButton } from './SplitButton';

/** The incident's alerts, tickable (one by one, in ranges, or all), with "Split N alerts into a new incident". */
export function LinkedAlerts({ incident, onChanged }: { incident: IncidentDetail; onChanged: () => void }) {
  const query = useMemo(() => ({ incidentId: incident.id }), [incident.id]);
  const selection = useAlertSelection(incident.alertIds);
  return (
    <Paper withBorder p="sm">
      <Group justify="space-between" mb={4} gap="xs">
        <Title order={3} size="h6">
          Linked alerts
        </Title>
        <Group gap="xs">
          <Text size="xs" c="dimmed" data-testid="linked-alerts-selected" aria-live="polite">
            {formatCount(selection.ids.length)} selected
          </Text>
          {/* Never disabled: a button that disables itself under the pointer drops keyboard focus to the page. */}
          <Button size="xs" variant="default" onClick={selection.selectAll} title="Tick every alert of this incident (Ctrl+A in the grid)">
            Select all
          </Button>
          <Button size="xs" variant="default" onClick={selection.clear}>
            Clear
          </Button>
          <SplitButton
            incident={incident}
            alertIds={selection.ids}
            onSplit={() => {
              selection.clear();
              onChanged();
            }}
          />
        </Group>
      </Group>
      <AlertsTable query={query} label={`Alerts of incident ${incident.id}`} maxHeight={340} showIncident={false} selection={selection} />
    </Paper>
  );
}
