import { describe, expect, it } from 'vitest';
import { fingerprintOf } from '../ingest/alert-writer';
import { writeTimeKey } from './time-key';

function key(ts: number): Buffer {
  const b = Buffer.alloc(8);
  writeTimeKey(b, ts);
  return b;
}

describe('writeTimeKey', () => {
  it('orders keys bytewise as the times they hold, before 1970 and far ahead too', () => {
    const times = [-8.64e15, -(2 ** 40), -4_294_967_297, -4_294_967_296, -1, 0, 1, 4_294_967_295, 4_294_967_296, Date.UTC(2026, 0, 1), 8.64e15];
    const keys = times.map(key);
    for (let i = 1; i < keys.length; i++) expect(Buffer.compare(keys[i - 1]!, keys[i]!)).toBe(-1);
    expect(key(0).toString('hex')).toBe('8000000000000000');
    expect(key(-1).toString('hex')).toBe('7fffffffffffffff');
  });

  it('floors fractions of a millisecond', () => {
    expect(key(1.9).equals(key(1))).toBe(true);
    expect(key(-0.5).equals(key(-1))).toBe(true);
  });
});

describe('fingerprintOf', () => {
  const record = '{"timestamp":"2026-02-02T00:00:01.842+0000","rule":{"level":6}}';
  const ts = Date.parse('2026-02-02T00:00:01.842Z');

  it('is the time key, then the first 8 bytes of the SHA-256 of the record', () => {
    const fp = fingerprintOf(record, ts);
    expect(fp.length).toBe(16);
    expect(fp.subarray(0, 8).equals(key(ts))).toBe(true);
    expect(fingerprintOf(record, ts).equals(fp)).toBe(true);
    expect(fingerprintOf(record.replace('6', '7'), ts).subarray(8).equals(fp.subarray(8))).toBe(false);
  });

  it('ignores the indentation of a pretty-printed record, and the spaces json.dumps puts on one line', () => {
    const pretty = JSON.stringify(JSON.parse(record), null, 2);
    expect(fingerprintOf(pretty, ts).equals(fingerprintOf(record, ts))).toBe(true);
    const python = '{"timestamp": "2026-02-02T00:00:01.842+0000", "rule": {"level": 6}}';
    expect(fingerprintOf(python, ts).equals(fingerprintOf(record, ts))).toBe(true);
    // Spaces inside strings are content.
    expect(fingerprintOf(record.replace('"rule"', '"ru le"'), ts).equals(fingerprintOf(record.replace('"rule"', '"rule"'), ts))).toBe(false);
  });

  it('sorts records by time whatever their content', () => {
    expect(Buffer.compare(fingerprintOf('{"b":2}', ts), fingerprintOf('{"a":1}', ts + 1))).toBe(-1);
  });
});
