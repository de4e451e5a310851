import { Alert, Paper, Stack, Text, Title } from '@mantine/core';
import type { AuditEntry } from '../../../../shared/domain';
import type { ApiError } from '../../api/api-error';
import { formatUtc, humanize } from '../../app/format';
import { describeChange } from './describe-change';

/** The audit trail of this incident, newest first, as plain text. */
export function IncidentActivity({ entries, error }: { entries: AuditEntry[] | undefined; error: ApiError | null }) {
  const sorted = [...(entries ?? [])].sort((a, b) => b.at - a.at);
  return (
    <Paper withBorder p="sm" data-testid="incident-activity">
      <Title order={3} size="h6" mb="xs">
        Activity
      </Title>
      {error && (
        <Alert color="red" variant="light" role="alert">
          {error.message} ({error.code})
        </Alert>
      )}
      {entries && sorted.length === 0 && (
        <Text size="xs" c="dimmed">
          No activity yet.
        </Text>
      )}
      <Stack gap={6} component="ol" className="plain-list">
        {sorted.map((entry) => (
          <li key={entry.id} data-testid="activity-entry">
            <Text size="xs" c="dimmed">
              {formatUtc(entry.at)} UTC · {entry.actor}
            </Text>
            <Text size="sm">
              {humanize(entry.action)}
              {describeChange(entry.before, entry.after, entry.action)}
            </Text>
          </li>
        ))}
      </Stack>
    </Paper>
  );
}
