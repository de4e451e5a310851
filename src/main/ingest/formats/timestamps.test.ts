import { describe, expect, it } from 'vitest';
import { MAX_TIMESTAMP_MS, parseTimestamp } from './timestamps';

const utc = (iso: string): number => Date.parse(iso);

describe('parseTimestamp', () => {
  it.each([
    ['2020-03-04T13:55:05.224939+0000', '2020-03-04T13:55:05.224Z'], // Wazuh: microseconds and +0000
    ['2015-03-29T11:01:38.221126-0600', '2015-03-29T17:01:38.221Z'], // Suricata with a local offset
    ['2019-01-02T03:50:11.315110', '2019-01-02T03:50:11.315Z'], // no zone means UTC
    ['2022-05-11T12:29:19.905+0000', '2022-05-11T12:29:19.905Z'],
    ['2024-01-02T03:04:05Z', '2024-01-02T03:04:05.000Z'],
    ['2024-01-02T03:04:05.1Z', '2024-01-02T03:04:05.100Z'],
    ['2024-01-02T03:04:05.123456789Z', '2024-01-02T03:04:05.123Z'],
    ['2024-01-02T03:04:05,5Z', '2024-01-02T03:04:05.500Z'],
    ['2024-01-02T03:04:05+00:00', '2024-01-02T03:04:05.000Z'],
    ['2024-01-02T03:04:05.000+05:30', '2024-01-01T21:34:05.000Z'],
    ['2024-01-02T03:04:05-06', '2024-01-02T09:04:05.000Z'],
    ['2024-01-02 03:04:05.123', '2024-01-02T03:04:05.123Z'], // Graylog
    ['2024-01-02t03:04:05z', '2024-01-02T03:04:05.000Z'],
    ['2024-01-02T03:04', '2024-01-02T03:04:00.000Z'],
    ['2024-01-02', '2024-01-02T00:00:00.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
    ['  2024-01-02T03:04:05Z  ', '2024-01-02T03:04:05.000Z'],
  ])('parses %s', (input, expected) => {
    expect(parseTimestamp(input)).toBe(utc(expected));
  });

  it('reads epoch seconds, milliseconds, microseconds and nanoseconds', () => {
    const ms = utc('2024-01-02T03:04:05.123Z');
    expect(parseTimestamp(1704164645)).toBe(utc('2024-01-02T03:04:05Z'));
    expect(parseTimestamp(1704164645.123)).toBe(ms);
    expect(parseTimestamp(ms)).toBe(ms);
    expect(parseTimestamp(String(ms))).toBe(ms);
    expect(parseTimestamp('1704164645')).toBe(utc('2024-01-02T03:04:05Z'));
    expect(parseTimestamp('1704164645.5')).toBe(utc('2024-01-02T03:04:05.500Z'));
    expect(parseTimestamp(ms * 1000 + 456)).toBe(ms);
    expect(parseTimestamp('1704164645123456789')).toBe(ms);
    expect(parseTimestamp('9999-12-31T23:59:59.999Z')).toBe(MAX_TIMESTAMP_MS);
  });

  it.each([
    [''],
    ['   '],
    ['yesterday'],
    ['Mar  4 14:14:30'],
    ['03/04/2020-13:55:05.224939'],
    ['2024-13-01T00:00:00Z'],
    ['2023-02-29T00:00:00Z'],
    ['2024-01-32'],
    ['2024-01-02T24:00:00Z'],
    ['2024-01-02T03:60:00Z'],
    ['2024-01-02T03:04:05.Z'],
    ['2024-01-02T03:04:05.1234567890Z'],
    ['2024-01-02T03:04:05+25:00'],
    ['2024-01-02T03:04:05 UTC'],
    ['2024-01-02X03:04:05'],
    ['0099-01-01T00:00:00Z'],
    [-5],
    // Past the year 9999 (1e22 read as nanoseconds is the year 318,857): such a time broke correlation.
    [1e22],
    [1e300],
    ['10000000000000000000000'],
    ['9999-12-31T23:59:59-01:00'],
    [Number.NaN],
    [Number.POSITIVE_INFINITY],
    [null],
    [undefined],
    [true],
    [{}],
    [[2024]],
  ])('rejects %j', (input) => {
    expect(parseTimestamp(input)).toBeNull();
  });
});
