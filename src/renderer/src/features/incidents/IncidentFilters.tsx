import { Button, Group, MultiSelect, SegmentedControl, Stack, Text } from '@mantine/core';
import { INCIDENT_STATUSES, type IncidentStatus } from '../../../../shared/domain';
import { SearchField, SeverityFilter } from '../../app/FilterControls';
import { focusSearch } from '../../app/use-global-shortcuts';
import { humanize } from '../../app/format';
import { useUiStore, type IncidentSort } from '../../state/ui-store';

const SORTS: Array<{ value: IncidentSort; label: string }> = [
  { value: 'risk', label: 'Risk' },
  { value: 'lastSeen', label: 'Last seen' },
  { value: 'alertCount', label: 'Alert count' },
];

export function IncidentFilters() {
  const filters = useUiStore((s) => s.incidentFilters);
  const setFilters = useUiStore((s) => s.setIncidentFilters);
  const resetFilters = useUiStore((s) => s.resetIncidentFilters);
  const hasFilters = filters.search.trim() !== '' || filters.severities.length > 0 || filters.statuses.length > 0;

  // The bar takes its row, so the search box can grow into what the other filters leave.
  return (
    <Group gap="xs" align="flex-end" wrap="wrap" flex="1 1 auto" role="search" aria-label="Incident filters">
      <SearchField value={filters.search} onCommit={(search) => setFilters({ search })} placeholder="ID, title, summary, entities…" />
      <SeverityFilter value={filters.severities} onChange={(severities) => setFilters({ severities })} testId="incident-severity-filter" />
      <MultiSelect
        label="Status"
        placeholder={filters.statuses.length ? undefined : 'Any'}
        size="xs"
        w={200}
        data={INCIDENT_STATUSES.map((status) => ({ value: status, label: humanize(status) }))}
        value={filters.statuses}
        onChange={(value) => setFilters({ statuses: value as IncidentStatus[] })}
        clearable
        data-testid="incident-status-filter"
      />
      <Stack gap={2}>
        <Text size="xs" fw={500} id="incident-sort-label">
          Sort by
        </Text>
        <SegmentedControl
          size="xs"
          data={SORTS}
          value={filters.sort}
          onChange={(value) => setFilters({ sort: value as IncidentSort })}
          aria-labelledby="incident-sort-label"
          data-testid="incident-sort"
        />
      </Stack>
      <Button
        size="xs"
        variant="default"
        disabled={!hasFilters}
        onClick={() => {
          resetFilters();
          // The button is disabled once pressed: focus goes where the next search starts.
          focusSearch();
        }}
        data-testid="incident-filters-reset"
      >
        Reset filters
      </Button>
    </Group>
  );
}
