import { describe, expect, it } from 'vitest';
import { addressField, firstName, normalizeIp } from './common';

describe('normalizeIp', () => {
  it.each([
    ['fe80:0000:0000:0000:d4aa:8d54:3230:720b', 'fe80::d4aa:8d54:3230:720b'],
    ['FE80::D4AA:8D54:3230:720B', 'fe80::d4aa:8d54:3230:720b'],
    ['0000:0000:0000:0000:0000:0000:0000:0001', '::1'],
    ['ff02:0000:0000:0000:0000:0000:0001:0003', 'ff02::1:3'],
    ['2001:0db8:0000:0000:0001:0000:0000:0001', '2001:db8::1:0:0:1'], // the first of two equal runs
    ['2001:db8:0:0:0:0:2:1', '2001:db8::2:1'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'], // a single zero group stays
    ['0:0:0:0:0:0:0:0', '::'],
    ['::ffff:10.0.0.7', '10.0.0.7'],
    ['0:0:0:0:0:ffff:0a00:0007', '10.0.0.7'],
    ['64:ff9b::192.0.2.33', '64:ff9b::c000:221'],
    ['[2001:DB8::1]:443', '2001:db8::1'],
    ['fe80::1%eth0', 'fe80::1'],
    ['10.1.2.3:8080', '10.1.2.3'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeIp(input)).toBe(expected);
  });

  it('is null for what is not an address', () => {
    for (const value of ['X.X.X.X', 'x.x.250.50', 'host.example.com', '300.1.1.1', '']) expect(normalizeIp(value)).toBeNull();
  });
});

describe('address and name fields', () => {
  it('addressField keeps only addresses, normalised, with the port they carried', () => {
    expect(addressField('fe80:0000:0000:0000:0000:0000:0000:0001')).toEqual({ ip: 'fe80::1', port: null });
    expect(addressField('192.168.1.5:4444')).toEqual({ ip: '192.168.1.5', port: 4444 });
    expect(addressField('X.X.X.X')).toEqual({ ip: null, port: null });
    expect(addressField('-')).toEqual({ ip: null, port: null });
  });

  it('firstName skips addresses and placeholders', () => {
    expect(firstName('36.89.106.69', '-', 'evil.example')).toBe('evil.example');
    expect(firstName('[::1]', undefined)).toBeNull();
  });
});
