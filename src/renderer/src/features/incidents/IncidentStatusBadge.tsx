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

/** How a verdict reads in a narrow column (the whole word is its title). */
const VERDICT_SHORT: Record<Verdict, string> = { true_positive: 'TP', false_positive: 'FP', benign: 'Benign' };

export function VerdictBadge({ verdict, compact = false }: { verdict: Verdict | null; compact?: boolean }) {
  if (!verdict) return null;
  return (
    <Badge size="sm" radius="sm" variant="outline" color={VERDICT_COLORS[verdict] ?? 'gray'} data-verdict={verdict}>
      {compact ? <abbr title={humanize(verdict)}>{VERDICT_SHORT[verdict]}</abbr> : humanize(verdict)}
    </Badge>
  );
}
