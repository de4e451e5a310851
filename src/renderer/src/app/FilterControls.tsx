import { MultiSelect, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { SEVERITIES, type Severity } from '../../../shared/domain';

export const SEARCH_DEBOUNCE_MS = 250;

/**
 * The free-text search box of a view: `/` focuses it, typing commits after a
 * short pause, Enter commits at once, and a reset from outside clears it.
 */
export function SearchField({ value, onCommit, placeholder }: { value: string; onCommit: (text: string) => void; placeholder: string }) {
  const [text, setText] = useState(value);
  const [debounced] = useDebouncedValue(text, SEARCH_DEBOUNCE_MS);
  useEffect(() => {
    if (debounced !== value) onCommit(debounced);
    // Only a settled change of the box commits; `value` changing is handled below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debounced]);
  useEffect(() => setText(value), [value]);
  return (
    <TextInput
      label="Search"
      placeholder={`${placeholder}  ( / )`}
      size="xs"
      w={260}
      value={text}
      onChange={(e) => setText(e.currentTarget.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') onCommit(text);
      }}
      maxLength={500}
      data-testid="search-input"
      aria-keyshortcuts="/"
    />
  );
}

/** Severity multi-select ("Any" when empty). */
export function SeverityFilter({ value, onChange, testId }: { value: Severity[]; onChange: (value: Severity[]) => void; testId: string }) {
  return (
    <MultiSelect
      label="Severity"
      placeholder={value.length ? undefined : 'Any'}
      size="xs"
      w={220}
      data={[...SEVERITIES]}
      value={value}
      onChange={(next) => onChange(next as Severity[])}
      clearable
      data-testid={testId}
    />
  );
}
