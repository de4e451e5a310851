import { describe, expect, it } from 'vitest';
import { describeChange } from './describe-change';

describe('describeChange', () => {
  it('lists only the fields that changed, enum values as words', () => {
    expect(describeChange({ status: 'new', verdict: null, title: 'x' }, { status: 'investigating', verdict: 'true_positive', title: 'x' })).toBe(
      ' — status: new → investigating; verdict: — → true positive',
    );
  });

  it('treats a missing value and null alike: no phantom "— → —"', () => {
    expect(describeChange({ status: 'new', verdict: null }, { status: 'contained' })).toBe(' — status: new → contained');
    expect(describeChange({ verdictReason: null }, { verdictReason: undefined })).toBe('');
  });

  it('says what the incident actions did, in words', () => {
    expect(describeChange(null, { noteId: 1, body: 'Line one\nline two' }, 'incident.note')).toBe(' — Line one line two');
    expect(describeChange(null, { absorbed: ['INC-a', 'INC-b'] }, 'incident.merge')).toBe(' — absorbed INC-a, INC-b');
    expect(
      describeChange({ id: 'INC-a', title: 'T', status: 'new', verdict: null, alertCount: 2 }, { mergedInto: 'INC-b', alertsMoved: 2 }, 'incident.merge'),
    ).toBe(' — merged into INC-b (2 alerts moved)');
    expect(describeChange(null, { newIncident: 'INC-c', alertIds: [1, 2, 3] }, 'incident.split')).toBe(' — 3 alerts split into INC-c');
    expect(describeChange(null, { splitFrom: 'INC-a', alertIds: [4] }, 'incident.create')).toBe(' — split from INC-a (1 alert)');
  });

  it('lists a record with nothing to compare as fields, not JSON', () => {
    expect(describeChange(null, { alertIds: [1, 2, 3, 4, 5, 6, 7], fromFile: 'a.json' })).toBe(' — alert ids: 1, 2, 3, 4, 5 and 2 more; from file: a.json');
    expect(describeChange({ a: 1 }, { mergedInto: 'INC-b' })).toBe(' — merged into: INC-b');
  });
});
