import { Badge, Group, Text, Title } from '@mantine/core';
import { useApiQuery } from '../api/use-api-query';
import { formatCount } from './format';
import { ThemeToggle } from './ThemeToggle';

const INFO_TABLES = ['alerts', 'incidents'] as const;

export function AppHeader() {
  const info = useApiQuery('app.getInfo', {}, INFO_TABLES);
  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="md">
      <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
        <Title order={1} size="h4" style={{ whiteSpace: 'nowrap' }}>
          SOC Workbench
        </Title>
        {info.data && (
          <Text size="sm" c="dimmed" truncate="start" title={info.data.workspace} data-testid="workspace-path">
            {info.data.workspace}
          </Text>
        )}
        {info.error && (
          <Text size="sm" c="red" role="alert">
            Workspace info unavailable: {info.error.message} ({info.error.code})
          </Text>
        )}
      </Group>
      <Group gap="xs" wrap="nowrap">
        {info.data && (
          <>
            <Badge variant="outline" color="gray" radius="sm" data-testid="workspace-alert-count">
              {formatCount(info.data.alerts)} alerts
            </Badge>
            <Badge variant="outline" color="gray" radius="sm" data-testid="workspace-incident-count">
              {formatCount(info.data.incidents)} incidents
            </Badge>
            <Text size="xs" c="dimmed" title={`Transport: ${info.data.transport}`}>
              v{info.data.version}
            </Text>
          </>
        )}
        <ThemeToggle />
      </Group>
    </Group>
  );
}
