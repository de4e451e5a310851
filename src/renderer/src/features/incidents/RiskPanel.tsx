import { Group, Paper, Progress, RingProgress, Stack, Text, Title } from '@mantine/core';
import type { IncidentDetail } from '../../../../shared/domain';

export function riskColor(risk: number): string {
  if (risk >= 80) return 'red';
  if (risk >= 60) return 'orange';
  if (risk >= 35) return 'yellow';
  return 'teal';
}

/** Risk 0–100 as a ring, with the factors that make it up as a small bar list. */
export function RiskPanel({ risk, factors }: { risk: number; factors: IncidentDetail['riskFactors'] }) {
  const value = Math.max(0, Math.min(100, Math.round(risk)));
  const maxPoints = Math.max(1, ...factors.map((f) => Math.abs(f.points)));
  return (
    <Paper withBorder p="sm" data-testid="incident-risk" aria-label={`Risk ${value} of 100`}>
      <Title order={3} size="h6" mb="xs">
        Risk
      </Title>
      <Group align="flex-start" gap="md" wrap="nowrap">
        <RingProgress
          size={96}
          thickness={9}
          roundCaps
          sections={[{ value, color: riskColor(value) }]}
          label={
            <Text ta="center" fw={700} size="xl" data-testid="incident-risk-value">
              {value}
            </Text>
          }
        />
        <Stack gap={6} style={{ flex: 1, minWidth: 0 }}>
          {factors.length === 0 && (
            <Text size="xs" c="dimmed">
              No risk factors recorded.
            </Text>
          )}
          {factors.map((factor) => (
            <div key={factor.factor}>
              <Group justify="space-between" gap="xs" wrap="nowrap">
                <Text size="xs" truncate title={factor.factor}>
                  {factor.factor}
                </Text>
                <Text size="xs" fw={600}>
                  {factor.points > 0 ? '+' : ''}
                  {factor.points}
                </Text>
              </Group>
              <Progress
                size="xs"
                value={(Math.abs(factor.points) / maxPoints) * 100}
                color={factor.points < 0 ? 'gray' : riskColor(value)}
                aria-label={`${factor.factor}: ${factor.points} points`}
              />
            </div>
          ))}
        </Stack>
      </Group>
    </Paper>
  );
}
