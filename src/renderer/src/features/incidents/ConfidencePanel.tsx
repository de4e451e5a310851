import { List, Paper, Text, Title } from '@mantine/core';
import { formatConfidence } from '../../app/format';

/** How sure correlation is that these alerts are one incident, and why. */
export function ConfidencePanel({ confidence, reasons }: { confidence: number; reasons: string[] }) {
  return (
    <Paper withBorder p="sm" data-testid="incident-confidence">
      <Title order={3} size="h6" mb={4}>
        Confidence <Text span fw={700}>{formatConfidence(confidence)}</Text>
      </Title>
      {reasons.length === 0 ? (
        <Text size="xs" c="dimmed">
          No reasons recorded.
        </Text>
      ) : (
        <List size="xs" spacing={2}>
          {reasons.map((reason, i) => (
            <List.Item key={i}>{reason}</List.Item>
          ))}
        </List>
      )}
    </Paper>
  );
}
