import { Badge } from '@mantine/core';
import type { Severity } from '../../../shared/domain';

const SEVERITY_COLORS: Record<Severity, string> = {
  info: 'gray',
  low: 'blue',
  medium: 'yellow',
  high: 'orange',
  critical: 'red',
};

export function severityColor(severity: Severity): string {
  return SEVERITY_COLORS[severity] ?? 'gray';
}

export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <Badge size="sm" radius="sm" variant="light" color={severityColor(severity)} data-severity={severity}>
      {severity}
    </Badge>
  );
}
