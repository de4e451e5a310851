import { describe, expect, it } from 'vitest';
import { describeChange } from './describe-change';

describe('describeChange', () => {
  it('lists only the fields that changed', () => {
    expect(describeChange({ status: 'new', verdict: null, title: 'x' }, { status: 'investigating', verdict: 'benign', title: 'x' })).toBe(
      ' — status: new → investigating; verdict: — → benign',
    );
  });

  it('shows what was added when there is no before', () => {
    expect(describeChange(null, { body: 'checked host' })).toBe(' — {"body":"checked host"}');
  });
});
