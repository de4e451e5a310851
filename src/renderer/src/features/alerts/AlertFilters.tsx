import { Button, Group, MultiSelect, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { SEVERITIES, type Severity } from '../../../../shared/domain';
import { useApiQuery } from '../../api/use-api-query';
import { useUiStore } from '../../state/ui-store';

const SOURCE_TABLES = ['alerts'] as const;
export const SEARCH_DEBOUNCE_MS = 250;

/** Severity, source, time range (UTC) and free text; the text is debounced. */
export function AlertFilters() {
  const filters = useUiStore((s) => s.alertFilters);
  const setFilters = useUiStore((s) => s.setAlertFilters);
  const resetFilters = useUiStore((s) => s.resetAlertFilters);
  const sources = useApiQuery('alerts.sources', {}, SOURCE_TABLES);

  const [text, setText] = useState(filters.text);
  const [debouncedText] = useDebouncedValue(text, SEARCH_DEBOUNCE_MS);
  useEffect(() => {
    if (debouncedText !== useUiStore.getState().alertFilters.text) setFilters({ text: debouncedText });
  }, [debouncedText, setFilters]);
  // Reset from outside (the Reset button) clears the box too.
  useEffect(() => setText(filters.text), [filters.text]);

  const sourceOptions = Array.from(new Set([...(sources.data ?? []), ...filters.sources]));
  const hasFilters =
    filters.severities.length > 0 || filters.sources.length > 0 || filters.from !== '' || filters.to !== '' || filters.text !== '';

  return (
    <Group gap="xs" align="flex-end" wrap="wrap" mb="xs" role="search" aria-label="Alert filters">
      <TextInput
        label="Search"
        placeholder="Title, message, entities…  ( / )"
        size="xs"
        w={260}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') setFilters({ text });
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
        data-testid="alert-severity-filter"
      />
      <MultiSelect
        label="Source"
        placeholder={filters.sources.length ? undefined : 'Any'}
        size="xs"
        w={200}
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
      <Button size="xs" variant="default" onClick={resetFilters} disabled={!hasFilters}>
        Reset filters
      </Button>
    </Group>
  );
}
