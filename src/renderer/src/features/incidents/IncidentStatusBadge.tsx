import { Badge } from '@mantine/core';
import type { IncidentStatus, Verdict } from '../../../../shared/domain';
import { humanize } from '../../app/format';

const STATUS_COLORS: Record<IncidentStatus, string> = {
  new: 'blue',
  investigating: 'violet',
  contained: 'orange',
  resolved: 'teal',
  closed: 'gray',
};

export function IncidentStatusBadge({ status }: { status: IncidentStatus }) {
  return (
    <Badge size="sm" radius="sm" variant="dot" color={STATUS_COLORS[status] ?? 'gray'}>
      {humanize(status)}
    </Badge>
  );
}

const VERDICT_COLORS: Record<Verdict, string> = { true_positive: 'red', false_positive: 'gray', benign: 'teal' };

export function VerdictBadge({ verdict }: { verdict: Verdict | null }) {
  if (!verdict) return null;
  return (
    <Badge size="sm" radius="sm" variant="outline" color={VERDICT_COLORS[verdict] ?? 'gray'}>
      {humanize(verdict)}
    </Badge>
  );
}
