import { Text } from '@mantine/core';
import { useState } from 'react';
import type { IndexProgress } from '../../../../shared/contract';
import { useApiQuery } from '../../api/use-api-query';
import { useUiEvent } from '../../api/use-ui-event';
import { describeIndexing, laterProgress } from './index-progress';

/** Imports change alerts; a correlation run links them, indexing whatever a stopped catch-up left first. */
const ALERT_TABLES = ['alerts', 'incident_alerts'] as const;

/**
 * How far the start-up indexing of alerts an interrupted import left has got:
 * asked once (a view opened part-way), then followed through `index.progress`;
 * asked again when views are told to refetch (which a reconnect does too).
 */
export function useIndexProgress(): IndexProgress | null {
  const asked = useApiQuery('alerts.indexProgress', {}, ALERT_TABLES);
  const [pushed, setPushed] = useState<IndexProgress | null>(null);
  useUiEvent('index.progress', (progress) => setPushed((previous) => laterProgress(previous, progress)));
  return laterProgress(asked.data, pushed);
}

/**
 * "Indexing 120,000 alerts for search… 45%", beside the alert count while
 * alerts are listed but not yet found by search; empty otherwise. A polite
 * live region (role=status) that stays in place, so its changes are read out.
 */
export function IndexingStatus({ searching }: { searching: boolean }) {
  const line = describeIndexing(useIndexProgress(), searching);
  return (
    <Text size="sm" c="dimmed" role="status" data-testid="index-progress">
      {line ?? ''}
    </Text>
  );
}
