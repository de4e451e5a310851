import { describe, expect, it } from 'vitest';
import { describeIndexing, laterProgress } from './index-progress';

describe('describeIndexing', () => {
  it('says how many alerts are being indexed and how far it has got, in 5% steps', () => {
    expect(describeIndexing({ done: 54_000, total: 120_000, finished: false }, false)).toBe('Indexing 120,000 alerts for search… 45%');
    expect(describeIndexing({ done: 0, total: 1, finished: false }, false)).toBe('Indexing 1 alert for search… 0%');
    expect(describeIndexing({ done: 119_999, total: 120_000, finished: false }, false)).toBe('Indexing 120,000 alerts for search… 95%');
  });

  it('warns that a search may miss alerts while it runs', () => {
    expect(describeIndexing({ done: 0, total: 8000, finished: false }, true)).toBe('Indexing 8,000 alerts for search… 0% · results may be incomplete until it is done');
  });

  it('says nothing when there is nothing to index, or once done', () => {
    expect(describeIndexing(null, true)).toBeNull();
    expect(describeIndexing({ done: 0, total: 0, finished: true }, true)).toBeNull();
    expect(describeIndexing({ done: 120_000, total: 120_000, finished: true }, true)).toBeNull();
  });

  it('says what search misses when the indexing stopped short, and what will index it', () => {
    expect(describeIndexing({ done: 8000, total: 120_000, finished: true }, false)).toBe(
      'Search misses 112,000 alerts an interrupted import left: indexing stopped. A correlation run or the next start indexes them.',
    );
    expect(describeIndexing({ done: 7999, total: 8000, finished: true }, true)).toBe(
      'Search misses 1 alert an interrupted import left: indexing stopped. A correlation run or the next start indexes it.',
    );
  });
});

describe('laterProgress', () => {
  it('keeps the report furthest on, finished last of all', () => {
    const early = { done: 8000, total: 20_000, finished: false };
    const later = { done: 16_000, total: 20_000, finished: false };
    const done = { done: 20_000, total: 20_000, finished: true };
    expect(laterProgress(early, later)).toBe(later);
    expect(laterProgress(later, early)).toBe(later);
    expect(laterProgress(done, later)).toBe(done);
    expect(laterProgress(later, { done: 8000, total: 20_000, finished: true })).toEqual({ done: 8000, total: 20_000, finished: true });
    expect(laterProgress(undefined, early)).toBe(early);
    expect(laterProgress(null, null)).toBeNull();
  });
});
