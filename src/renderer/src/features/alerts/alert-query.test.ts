import { describe, expect, it } from 'vitest';
import { toAlertQuery } from './alert-query';

describe('toAlertQuery', () => {
  it('leaves out filters that are not set', () => {
    expect(toAlertQuery({ severities: [], sources: [], from: '', to: '', text: '   ' })).toEqual({});
  });

  it('reads the time range as UTC and trims the text', () => {
    expect(
      toAlertQuery({ severities: ['high', 'critical'], sources: ['wazuh'], from: '2024-05-01T10:00', to: '2024-05-01T12:30', text: ' mimikatz ' }),
    ).toEqual({
      severities: ['high', 'critical'],
      sources: ['wazuh'],
      from: Date.UTC(2024, 4, 1, 10, 0),
      to: Date.UTC(2024, 4, 1, 12, 30),
      text: 'mimikatz',
    });
  });
});
