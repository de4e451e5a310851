import { describe, expect, it } from 'vitest';
import { formatCountOf, formatTypedUtc, parseTypedUtc, parseUtcInput } from './format';

describe('parseTypedUtc', () => {
  it('reads the forms an analyst types or pastes as a UTC filter value', () => {
    expect(parseTypedUtc('2024-05-02 09:00')).toBe('2024-05-02T09:00');
    expect(parseTypedUtc(' 2024-05-02T09:00:20 ')).toBe('2024-05-02T09:00:20');
    expect(parseTypedUtc('2024-05-02T09:00:20.224Z')).toBe('2024-05-02T09:00:20.224');
    expect(parseTypedUtc('2024-05-02 09:00:20 UTC')).toBe('2024-05-02T09:00:20');
    expect(parseUtcInput(parseTypedUtc('2024-05-02T09:00:20.224Z')!)).toBe(Date.UTC(2024, 4, 2, 9, 0, 20, 224));
  });

  it('reads a bare date as the start of the day, or its end for a "to" bound', () => {
    expect(parseTypedUtc('2024-05-02')).toBe('2024-05-02T00:00');
    expect(parseUtcInput(parseTypedUtc('2024-05-02', { end: true })!)).toBe(Date.UTC(2024, 4, 2, 23, 59, 59, 999));
  });

  it('gives empty for an empty field and null for anything else', () => {
    expect(parseTypedUtc('  ')).toBe('');
    for (const bad of ['yesterday', '05/02/2024 09:00', '2024-02-30', '2024-05-02 24:00', '2024-05-02 9:00', '2024-05-02 09:00 PST']) {
      expect(parseTypedUtc(bad)).toBeNull();
    }
  });

  it('shows a stored value with a space, as times are shown elsewhere', () => {
    expect(formatTypedUtc('2024-05-02T09:00')).toBe('2024-05-02 09:00');
    expect(formatTypedUtc('')).toBe('');
  });
});

describe('formatCountOf', () => {
  it('counts in words with the noun in the right number', () => {
    expect(formatCountOf(1, 'alert')).toBe('1 alert');
    expect(formatCountOf(0, 'alert')).toBe('0 alerts');
    expect(formatCountOf(1204, 'alert')).toBe('1,204 alerts');
  });
});
