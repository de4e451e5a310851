import { Button, Group, Paper, Progress, Stack, Text } from '@mantine/core';
import type { ImportProgress } from '../../../../shared/contract';
import { formatCount, formatPercent } from '../../app/format';

interface Props {
  fileNames: string[];
  reading: string | null;
  progress: ImportProgress | null;
  onCancel: () => void;
}

/** Live progress of the running import, with Cancel. */
export function ImportProgressPanel({ fileNames, reading, progress, onCancel }: Props) {
  const fraction = progress && progress.bytesTotal > 0 ? progress.bytesRead / progress.bytesTotal : null;
  const fileLabel = progress
    ? `${progress.file} (${progress.fileIndex + 1} of ${progress.fileCount})`
    : reading
      ? `Reading ${reading}…`
      : `Starting import of ${fileNames.length} file${fileNames.length === 1 ? '' : 's'}…`;

  return (
    <Paper withBorder p="sm" data-testid="import-progress" aria-busy="true">
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <Text size="sm" fw={600} truncate title={fileLabel}>
            {fileLabel}
          </Text>
          <Button size="xs" color="red" variant="light" onClick={onCancel} data-testid="import-cancel">
            Cancel
          </Button>
        </Group>
        <Progress
          size="lg"
          value={fraction === null ? 100 : fraction * 100}
          animated={fraction === null}
          striped={fraction === null}
          aria-label="Import progress"
          aria-valuetext={fraction === null ? 'Working' : formatPercent(fraction)}
        />
        {progress && (
          <Text size="xs" c="dimmed" aria-live="polite" data-testid="import-progress-counts">
            {fraction !== null && `${formatPercent(fraction)} · `}
            read {formatCount(progress.read)} · imported {formatCount(progress.imported)} · duplicates {formatCount(progress.duplicates)} ·
            rejected {formatCount(progress.rejected)}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
