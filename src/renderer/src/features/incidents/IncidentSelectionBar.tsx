import { Button, Group, Text } from '@mantine/core';
import { useState } from 'react';
import { MAX_MERGE_INCIDENTS } from '../../../../shared/domain';
import { useUiStore } from '../../state/ui-store';
import { MergeDialog } from './MergeDialog';

/**
 * How many incidents are ticked, and "Merge N incidents" once there are two or more.
 * `onCleared` puts focus somewhere sensible: "Clear selection" disappears once pressed.
 */
export function IncidentSelectionBar({ onMerged, onCleared }: { onMerged?: () => void; onCleared?: () => void }) {
  const checked = useUiStore((s) => s.checkedIncidentIds);
  const setChecked = useUiStore((s) => s.setCheckedIncidents);
  const [merging, setMerging] = useState<readonly string[] | null>(null);
  const n = checked.length;

  return (
    <Group gap="xs" wrap="nowrap">
      <Text size="sm" c="dimmed" aria-live="polite" data-testid="incident-selection-count">
        {n === 0 ? 'Tick incidents (x) to merge them' : `${n} selected`}
      </Text>
      {n > 0 && (
        <Button
          size="xs"
          variant="subtle"
          onClick={() => {
            setChecked([]);
            onCleared?.();
          }}
        >
          Clear selection
        </Button>
      )}
      <Button
        size="xs"
        variant="light"
        disabled={n < 2 || n > MAX_MERGE_INCIDENTS}
        title={n > MAX_MERGE_INCIDENTS ? `At most ${MAX_MERGE_INCIDENTS} incidents can be merged at once` : undefined}
        onClick={() => setMerging([...checked])}
        data-testid="merge-button"
      >
        Merge {n} incident{n === 1 ? '' : 's'}
      </Button>
      <MergeDialog
        ids={merging}
        onClose={() => setMerging(null)}
        onMerged={() => {
          setMerging(null);
          onMerged?.();
        }}
      />
    </Group>
  );
}
