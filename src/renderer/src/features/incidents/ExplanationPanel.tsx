import { Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { IncidentExplanation } from '../../../../shared/domain';
import { formatCount, formatPercent } from '../../app/format';

/** "Why these alerts are together": the explanation text, shared entities and ignored hubs. */
export function ExplanationPanel({ explanation }: { explanation: IncidentExplanation }) {
  return (
    <Paper withBorder p="sm" data-testid="incident-explanation">
      <Title order={3} size="h6" mb={4}>
        Why these alerts are together
      </Title>
      <Stack gap="xs">
        <Text size="sm" className="prose-wrap" data-testid="incident-explanation-text">
          {explanation.text}
        </Text>
        <Text size="xs" c="dimmed">
          Time window: {explanation.windowMinutes} min
          {explanation.manual ? ' · grouping set by an analyst (merge/split)' : ''}
        </Text>
        {explanation.sharedEntities.length > 0 && (
          <div>
            <Text size="xs" fw={600} mb={4}>
              Shared entities
            </Text>
            <Group gap={4} data-testid="shared-entities">
              {explanation.sharedEntities.map((entity) => (
                <Badge
                  key={`${entity.type}:${entity.value}`}
                  variant="light"
                  radius="sm"
                  size="sm"
                  tt="none"
                  title={`${entity.type} shared by ${entity.alertCount} alerts`}
                >
                  {entity.type}: {entity.value} ×{formatCount(entity.alertCount)}
                </Badge>
              ))}
            </Group>
          </div>
        )}
        {explanation.ignoredHubs.length > 0 && (
          <div>
            <Text size="xs" fw={600} mb={4}>
              Ignored for grouping (too common in this workspace)
            </Text>
            <Group gap={4} data-testid="ignored-hubs">
              {explanation.ignoredHubs.map((hub) => (
                <Badge key={`${hub.type}:${hub.value}`} variant="outline" color="gray" radius="sm" size="sm" tt="none">
                  {hub.type}: {hub.value} ({hub.share <= 1 ? formatPercent(hub.share) : `${Math.round(hub.share)}%`} of alerts)
                </Badge>
              ))}
            </Group>
          </div>
        )}
      </Stack>
    </Paper>
  );
}
