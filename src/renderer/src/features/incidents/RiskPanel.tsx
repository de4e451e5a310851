import { Group, Paper, Progress, RingProgress, Stack, Text, Title } from '@mantine/core';
import { SEVERITIES, severityRank, type IncidentDetail, type Severity } from '../../../../shared/domain';

export function riskColor(risk: number): string {
  if (risk >= 80) return 'red';
  if (risk >= 60) return 'orange';
  if (risk >= 35) return 'yellow';
  return 'teal';
}

interface RiskPanelProps {
  risk: number;
  factors: IncidentDetail['riskFactors'];
  severity: Severity;
  severityRaised: IncidentDetail['explanation']['severityRaised'];
}

/**
 * Why the incident's severity is above its worst alert's (correlation raises it one level), in words;
 * null when it is not. Incidents written before the reason was recorded still say that it was raised.
 */
export function severityRaisedText(severity: Severity, raised: RiskPanelProps['severityRaised'], factors: RiskPanelProps['factors']): string | null {
  if (raised) return `Raised to ${severity} from ${raised.from}: ${raised.reason}.`;
  const worst = factors.map((f) => /^severity (\w+)$/.exec(f.factor)?.[1]).find((s): s is Severity => (SEVERITIES as readonly string[]).includes(s ?? ''));
  if (worst && severityRank(severity) > severityRank(worst)) return `Raised to ${severity}: one level above its worst alert (${worst}).`;
  return null;
}

/** Risk 0–100 as a ring, with the factors that make it up as a small bar list. */
export function RiskPanel({ risk, factors, severity, severityRaised }: RiskPanelProps) {
  const value = Math.max(0, Math.min(100, Math.round(risk)));
  const maxPoints = Math.max(1, ...factors.map((f) => Math.abs(f.points)));
  const raised = severityRaisedText(severity, severityRaised, factors);
  return (
    <Paper withBorder p="sm" data-testid="incident-risk" aria-label={`Risk ${value} of 100`}>
      <Title order={3} size="h6" mb="xs">
        Risk
      </Title>
      {raised && (
        <Text size="xs" mb="xs" data-testid="incident-severity-raised">
          {raised}
        </Text>
      )}
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
