import { Group, MultiSelect, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { INCIDENT_STATUSES, SEVERITIES, type IncidentStatus, type Severity } from '../../../../shared/domain';
import { humanize } from '../../app/format';
import { useUiStore, type IncidentSort } from '../../state/ui-store';

const SEARCH_DEBOUNCE_MS = 250;
const SORTS: Array<{ value: IncidentSort; label: string }> = [
  { value: 'risk', label: 'Risk' },
  { value: 'lastSeen', label: 'Last seen' },
  { value: 'alertCount', label: 'Alert count' },
];

export function IncidentFilters() {
  const filters = useUiStore((s) => s.incidentFilters);
  const setFilters = useUiStore((s) => s.setIncidentFilters);
  const [search, setSearch] = useState(filters.search);
  const [debouncedSearch] = useDebouncedValue(search, SEARCH_DEBOUNCE_MS);
  useEffect(() => {
    if (debouncedSearch !== useUiStore.getState().incidentFilters.search) setFilters({ search: debouncedSearch });
  }, [debouncedSearch, setFilters]);

  return (
    <Group gap="xs" align="flex-end" wrap="wrap" role="search" aria-label="Incident filters">
      <TextInput
        label="Search"
        placeholder="Title, summary, entities…  ( / )"
        size="xs"
        w={260}
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') setFilters({ search });
        }}
        maxLength={500}
        data-testid="search-input"
        aria-keyshortcuts="/"
      />
      <MultiSelect
        label="Severity"
        placeholder={filters.severities.length ? undefined : 'Any'}
        size="xs"
        w={220}
        data={[...SEVERITIES]}
        value={filters.severities}
        onChange={(value) => setFilters({ severities: value as Severity[] })}
        clearable
        data-testid="incident-severity-filter"
      />
      <MultiSelect
        label="Status"
        placeholder={filters.statuses.length ? undefined : 'Any'}
        size="xs"
        w={240}
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
    </Group>
  );
}
