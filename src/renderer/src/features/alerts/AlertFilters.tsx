import { Button, Group, MultiSelect } from '@mantine/core';
import { useApiQuery } from '../../api/use-api-query';
import { SearchField, SeverityFilter, UtcTimeField } from '../../app/FilterControls';
import { parseUtcInput } from '../../app/format';
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
  const from = parseUtcInput(filters.from);
  const to = parseUtcInput(filters.to);
  const reversed = from !== undefined && to !== undefined && to < from;
  const hasFilters =
    filters.severities.length > 0 || filters.sources.length > 0 || filters.from !== '' || filters.to !== '' || filters.text !== '';

  // One row at 1280 px (the search box takes the room the others leave); narrower, the row wraps.
  return (
    <Group gap={8} align="flex-end" wrap="wrap" mb="xs" role="search" aria-label="Alert filters">
      <SearchField value={filters.text} onCommit={(text) => setFilters({ text })} placeholder="Title, message, entities, INC-…" />
      <SeverityFilter value={filters.severities} onChange={(severities) => setFilters({ severities })} testId="alert-severity-filter" />
      <MultiSelect
        label="Source"
        placeholder={filters.sources.length ? undefined : 'Any'}
        size="xs"
        w={160}
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
      <UtcTimeField label="From (UTC)" value={filters.from} onCommit={(from) => setFilters({ from })} testId="alert-from-filter" />
      <UtcTimeField
        label="To (UTC)"
        value={filters.to}
        onCommit={(to) => setFilters({ to })}
        end
        error={reversed ? 'Before From: nothing can match' : undefined}
        testId="alert-to-filter"
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
