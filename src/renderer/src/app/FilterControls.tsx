import { MultiSelect, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { SEVERITIES, type Severity } from '../../../shared/domain';
import { formatTypedUtc, parseTypedUtc } from './format';

export const SEARCH_DEBOUNCE_MS = 250;

/**
 * The free-text search box of a view: `/` focuses it, typing commits after a
 * short pause, Enter commits at once, and a reset from outside clears it. It
 * takes the room the other filters leave, so a filter bar stays one row at 1280 px.
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
      placeholder={`${placeholder} ( / )`}
      size="xs"
      flex="1 1 200px"
      miw={200}
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
      // Room for two severities side by side ("critical", "medium").
      w={220}
      data={[...SEVERITIES]}
      value={value}
      onChange={(next) => onChange(next as Severity[])}
      clearable
      data-testid={testId}
    />
  );
}

/**
 * A UTC time bound typed as text (`2024-05-02 09:00`, a pasted ISO time, or a
 * bare date): one tab stop, the same 24-hour UTC form the app shows, applied on
 * Enter or on leaving the field. A time it cannot read is shown as an error and
 * not applied; `error` adds one from outside (a range the wrong way round).
 */
export function UtcTimeField({
  label,
  value,
  onCommit,
  end = false,
  error,
  testId,
}: {
  label: string;
  value: string;
  onCommit: (value: string) => void;
  /** A bare date means the end of that day (a "to" bound). */
  end?: boolean;
  error?: string;
  testId: string;
}) {
  const [text, setText] = useState(formatTypedUtc(value));
  const [invalid, setInvalid] = useState(false);
  useEffect(() => {
    setText(formatTypedUtc(value));
    setInvalid(false);
  }, [value]);
  const commit = () => {
    const parsed = parseTypedUtc(text, { end });
    setInvalid(parsed === null);
    if (parsed !== null && parsed !== value) onCommit(parsed);
  };
  return (
    <TextInput
      label={label}
      placeholder="YYYY-MM-DD HH:MM"
      size="xs"
      // Wide enough for a time with seconds; milliseconds (from a pasted ISO time) scroll within the field.
      w={150}
      value={text}
      onChange={(e) => setText(e.currentTarget.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit();
      }}
      error={invalid ? 'Use YYYY-MM-DD HH:MM (UTC)' : error}
      maxLength={40}
      spellCheck={false}
      data-testid={testId}
    />
  );
}
