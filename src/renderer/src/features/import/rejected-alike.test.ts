import { describe, expect, it } from 'vitest';
import { filesRejectedAlike } from './rejected-alike';

const file = (name: string, counts: { imported?: number; rejected?: number }) => ({
  file: name,
  format: null,
  imported: counts.imported ?? 0,
  duplicates: 0,
  rejected: counts.rejected ?? 0,
  events: 0,
});

describe('filesRejectedAlike', () => {
  it("counts a search response's hits, rejected one by one, as rejected alike", () => {
    const reason = "not an elastic-alert record: expected kibana.alert.rule.name, signal.rule.name or event.kind 'alert'";
    const result = {
      files: [file('events-search.json', { rejected: 3 })],
      errors: [1, 2, 3].map((n) => ({ file: 'events-search.json', line: 1, reason: `search hit ${n}: ${reason}` })),
    };
    expect(filesRejectedAlike(result)).toEqual([{ file: 'events-search.json', reason }]);
  });

  it('leaves out a file with different reasons, or with records kept', () => {
    const result = {
      files: [file('mixed.ndjson', { rejected: 2 }), file('some.ndjson', { imported: 1, rejected: 1 })],
      errors: [
        { file: 'mixed.ndjson', line: 1, reason: 'malformed JSON' },
        { file: 'mixed.ndjson', line: 2, reason: 'missing timestamp' },
        { file: 'some.ndjson', line: 2, reason: 'malformed JSON' },
      ],
    };
    expect(filesRejectedAlike(result)).toEqual([]);
  });
});
