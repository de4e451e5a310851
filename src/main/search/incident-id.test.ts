import { describe, expect, it } from 'vitest';
import { parseIncidentId } from './incident-id';

describe('parseIncidentId', () => {
  it('reads an id as pasted, in any case, with or without its prefix, as a range of stored ids', () => {
    expect(parseIncidentId(' inc-8CFE467FD9 ')).toEqual({ exact: 'INC-8cfe467fd9', from: 'INC-8cfe467fd9', to: 'INC-8cfe467fd9~' });
    expect(parseIncidentId('8cfe46')?.exact).toBe('INC-8cfe46');
    expect(parseIncidentId('INC-8cfe467fd9-2')?.exact).toBe('INC-8cfe467fd9-2');
  });

  it('does not take short hex words, or a twin suffix making up the length, for an id', () => {
    expect(parseIncidentId('cafe')).toBeNull();
    expect(parseIncidentId('INC-abc')).toBeNull();
    expect(parseIncidentId('INC-abc-22')).toBeNull();
    expect(parseIncidentId('INC-zz0001')).toBeNull();
    expect(parseIncidentId('brute force')).toBeNull();
  });
});
