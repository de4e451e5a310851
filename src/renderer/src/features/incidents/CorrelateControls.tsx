import { Button, Group, Modal, Progress, Text } from '@mantine/core';
import { useState } from 'react';
import { describeCorrelation, useCorrelate } from './use-correlate';

/** "Correlate" (incremental) and "Rebuild" (full, confirmed first), with the last result. */
export function CorrelateControls({ onFinished }: { onFinished?: () => void }) {
  const correlate = useCorrelate(onFinished);
  const [confirming, setConfirming] = useState(false);
  const { progress } = correlate;

  return (
    <Group gap="xs" wrap="nowrap">
      {correlate.running && progress && progress.total > 0 && (
        <Group gap={6} wrap="nowrap" aria-live="polite">
          <Text size="xs" c="dimmed">
            {progress.phase}
          </Text>
          <Progress w={120} size="sm" value={(progress.done / progress.total) * 100} aria-label="Correlation progress" />
        </Group>
      )}
      {correlate.result && !correlate.running && (
        <Text size="xs" c="dimmed" data-testid="correlate-result" aria-live="polite">
          {describeCorrelation(correlate.result)}
        </Text>
      )}
      <Button
        size="xs"
        onClick={() => void correlate.run(false)}
        loading={correlate.running}
        data-testid="correlate-button"
      >
        Correlate
      </Button>
      <Button
        size="xs"
        variant="default"
        onClick={() => setConfirming(true)}
        disabled={correlate.running}
        data-testid="rebuild-button"
      >
        Rebuild…
      </Button>
      <Modal
        closeButtonProps={{ 'aria-label': 'Close the rebuild dialog' }} opened={confirming} onClose={() => setConfirming(false)} title="Rebuild all incidents?" size="sm">
        <Text size="sm" mb="md">
          Correlation runs again over every alert. Incident ids, analyst decisions (merges, splits, status, verdicts) and notes
          are kept. This can take a while on a large workspace.
        </Text>
        <Group justify="flex-end" gap="xs">
          <Button size="xs" variant="default" onClick={() => setConfirming(false)}>
            Cancel
          </Button>
          <Button
            size="xs"
            color="orange"
            data-testid="rebuild-confirm"
            onClick={() => {
              setConfirming(false);
              void correlate.run(true);
            }}
          >
            Rebuild
          </Button>
        </Group>
      </Modal>
    </Group>
  );
}
