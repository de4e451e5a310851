import { Alert, Button, Group, Loader, Modal, Radio, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { formatCount } from '../../app/format';
import { defaultSurvivor, useMergeCandidates, useMergeIncidents } from './use-merge-incidents';

interface MergeDialogProps {
  /** The ticked incidents; the dialog is open while this is not null. */
  ids: readonly string[] | null;
  onClose: () => void;
  onMerged?: () => void;
}

/** Asks which of the ticked incidents survives the merge, then merges the others into it. */
export function MergeDialog({ ids, onClose, onMerged }: MergeDialogProps) {
  const candidates = useMergeCandidates(ids);
  const { merging, merge } = useMergeIncidents(onMerged);
  const [chosen, setChosen] = useState<string | null>(null);
  const incidents = candidates.incidents;
  const survivor = chosen && incidents?.some((i) => i.id === chosen) ? chosen : incidents ? defaultSurvivor(incidents) : null;
  const count = ids?.length ?? 0;

  const close = () => {
    setChosen(null);
    onClose();
  };

  return (
    <Modal
        closeButtonProps={{ 'aria-label': 'Close the merge dialog' }}
      opened={ids !== null}
      onClose={close}
      title={`Merge ${count} incidents`}
      size="lg"
      attributes={{ content: { 'data-testid': 'merge-dialog' } as Record<string, string> }}
    >
      <Stack gap="sm">
        <Text size="sm">
          Choose the incident that survives. The alerts, notes and history of the others move into it, and their ids lead to it
          from then on. The merge is kept when alerts are correlated again or incidents are rebuilt.
        </Text>
        {candidates.error && (
          <Alert color="red" variant="light" title="Could not load the selected incidents" role="alert">
            {candidates.error.message} ({candidates.error.code})
          </Alert>
        )}
        {!incidents && !candidates.error && <Loader size="sm" aria-label="Loading the selected incidents" />}
        {incidents && incidents.length < 2 && (
          <Alert color="yellow" variant="light" role="alert">
            {incidents.length === 1
              ? 'These ticks now point at a single incident (the others were merged into it, or no longer exist).'
              : 'None of the ticked incidents exists any more.'}
          </Alert>
        )}
        {incidents && (
          <Radio.Group value={survivor} onChange={setChosen} label="Surviving incident" name="merge-survivor">
            <Stack gap={6} mt={6}>
              {incidents.map((incident) => (
                <Radio
                  key={incident.id}
                  value={incident.id}
                  data-testid="merge-survivor-option"
                  label={`${incident.id} — ${incident.title}`}
                  description={`Risk ${Math.round(incident.risk)} · ${formatCount(incident.alertCount)} alerts`}
                />
              ))}
            </Stack>
          </Radio.Group>
        )}
        <Group justify="flex-end" gap="xs">
          <Button size="xs" variant="default" onClick={close}>
            Cancel
          </Button>
          <Button
            size="xs"
            data-testid="merge-confirm"
            disabled={!survivor || !incidents || incidents.length < 2}
            loading={merging}
            onClick={() => {
              if (!survivor || !incidents) return;
              // The incidents listed above: a tick whose incident no longer exists is not merged.
              void merge(
                survivor,
                incidents.map((i) => i.id),
              ).then((merged) => merged && setChosen(null));
            }}
          >
            Merge into {survivor ?? '…'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
