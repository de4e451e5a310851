import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { IncidentDetail } from '../../../../shared/domain';
import { useApi } from '../../api/client';
import { formatCount, formatCountOf } from '../../app/format';
import { notifyError, notifySuccess } from '../../app/notify';
import { useUiStore } from '../../state/ui-store';

interface SplitButtonProps {
  incident: IncidentDetail;
  /** Ticked alert ids of this incident. */
  alertIds: readonly number[];
  onSplit: () => void;
}

/** "Split N alerts into a new incident", confirmed first; opens the new incident. */
export function SplitButton({ incident, alertIds, onSplit }: SplitButtonProps) {
  const api = useApi();
  const [confirming, setConfirming] = useState(false);
  const [splitting, setSplitting] = useState(false);
  const n = alertIds.length;
  const all = n >= incident.alertCount;
  const label = `Split ${formatCountOf(n, 'alert')} into a new incident`;

  const split = async () => {
    setSplitting(true);
    try {
      const created = await api.call('incidents.split', { id: incident.id, alertIds: [...alertIds] });
      setConfirming(false);
      onSplit();
      notifySuccess('Incident split', `${formatCountOf(created.alertCount, 'alert')} moved from ${incident.id} into ${created.id}.`);
      useUiStore.getState().selectIncident(created.id);
    } catch (error) {
      notifyError('Could not split the incident', error);
    } finally {
      setSplitting(false);
    }
  };

  return (
    <>
      <Button
        size="xs"
        variant="light"
        disabled={n === 0 || all}
        title={all ? 'At least one alert must stay in this incident' : n === 0 ? 'Tick alerts (x) to split them out' : undefined}
        onClick={() => setConfirming(true)}
        data-testid="split-button"
      >
        {label}
      </Button>
      <Modal
        closeButtonProps={{ 'aria-label': 'Close the split dialog' }}
        opened={confirming}
        onClose={() => setConfirming(false)}
        title="Split into a new incident?"
        size="md"
        attributes={{ content: { 'data-testid': 'split-dialog' } as Record<string, string> }}
      >
        <Stack gap="sm">
          <Text size="sm">
            {formatCount(n)} of {formatCount(incident.alertCount)} alerts move out of {incident.id} into a new incident. Notes and
            history stay with {incident.id}. The split is kept when alerts are correlated again or incidents are rebuilt.
          </Text>
          <Group justify="flex-end" gap="xs">
            <Button size="xs" variant="default" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
            <Button size="xs" loading={splitting} onClick={() => void split()} data-testid="split-confirm">
              {label}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
