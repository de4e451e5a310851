import { Button, Group, MultiSelect, TextInput } from '@mantine/core';
import { useApiQuery } from '../../api/use-api-query';
import { SearchField, SeverityFilter } from '../../app/FilterControls';
import { focusSearch } from '../../app/use-global-shortcuts';
import { useUiStore } from '../../state/ui-store';

const SOURCE_TABLES = ['alerts'] as const;

/** Severity, source, time range (UTC) and free text; the text is debounced. */
export function AlertFilters() {
  const filters = useUiStore((s) => s.alertFilters);
  const setFilters = useUiStore((s) => s.setAlertFilters);
  const resetFilters = useUiStore((s) => s.resetAlertFilters);
  const sources = useApiQuery('alerts.sources', {}, SOURCE_TABLES);

  const sourceOptions = Array.from(new Set([...(sources.data ?? []), ...filters.sources]));
  const hasFilters =
    filters.severities.length > 0 || filters.sources.length > 0 || filters.from !== '' || filters.to !== '' || filters.text !== '';

  return (
    <Group gap="xs" align="flex-end" wrap="wrap" mb="xs" role="search" aria-label="Alert filters">
      <SearchField value={filters.text} onCommit={(text) => setFilters({ text })} placeholder="Title, message, entities, INC-…" />
      <SeverityFilter value={filters.severities} onChange={(severities) => setFilters({ severities })} testId="alert-severity-filter" />
      <MultiSelect
        label="Source"
        placeholder={filters.sources.length ? undefined : 'Any'}
        size="xs"
        w={200}
        className="source-filter"
        data={sourceOptions}
        value={filters.sources}
        onChange={(value) => setFilters({ sources: value })}
        searchable
        clearable
        maxValues={50}
        nothingFoundMessage={sources.error ? `Sources unavailable (${sources.error.code})` : 'No sources'}
        data-testid="alert-source-filter"
      />
      <TextInput
        type="datetime-local"
        label="From (UTC)"
        size="xs"
        value={filters.from}
        onChange={(e) => setFilters({ from: e.currentTarget.value })}
        data-testid="alert-from-filter"
      />
      <TextInput
        type="datetime-local"
        label="To (UTC)"
        size="xs"
        value={filters.to}
        onChange={(e) => setFilters({ to: e.currentTarget.value })}
        data-testid="alert-to-filter"
      />
      <Button
        size="xs"
        variant="default"
        // The button disables itself; focus goes on to the search box rather than falling to the page.
        onClick={() => {
          resetFilters();
          focusSearch();
        }}
        disabled={!hasFilters}
      >
        Reset filters
      </Button>
    </Group>
  );
}
