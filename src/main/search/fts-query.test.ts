import { describe, expect, it } from 'vitest';
import { toFtsQuery } from './fts-query';

describe('toFtsQuery', () => {
  it('quotes every term and makes the last a prefix', () => {
    expect(toFtsQuery('brute force')).toBe('"brute" "force" *');
  });
  it('neutralises FTS syntax and quotes', () => {
    expect(toFtsQuery('a" OR NEAR(x')).toBe('"a" "OR" "NEAR(x" *');
  });
  it('returns null for nothing searchable', () => {
    expect(toFtsQuery('  ** "" ')).toBeNull();
  });
});
