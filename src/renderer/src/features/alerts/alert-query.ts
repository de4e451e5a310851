import type { AlertListInput } from '../../../../shared/contract';
import { parseUtcInput } from '../../app/format';
import type { AlertFilters } from '../../state/ui-store';

/** The filter part of `alerts.list` (paging is added by the table). */
export type AlertQuery = Omit<AlertListInput, 'limit' | 'offset' | 'order'>;

/** Builds the query from the analyst's filters, leaving out what is not set. */
export function toAlertQuery(filters: AlertFilters): AlertQuery {
  const query: AlertQuery = {};
  if (filters.severities.length > 0) query.severities = filters.severities;
  if (filters.sources.length > 0) query.sources = filters.sources;
  const from = parseUtcInput(filters.from);
  const to = parseUtcInput(filters.to);
  if (from !== undefined) query.from = from;
  if (to !== undefined) query.to = to;
  const text = filters.text.trim();
  if (text) query.text = text;
  return query;
}
