import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { RAW_BLOCK_RECORDS, RawBlockBuilder, RawBlockError, readRawRecord } from './raw-blocks';

describe('raw record blocks', () => {
  it('give back every record byte for byte, whatever it holds', () => {
    const records = [
      '{"a":1}',
      '{\n    "pretty": "printed",\n    "tabs":\t"yes"\r\n}',
      '{"user":"Zoë","host":"東京-01","emoji":"🔥"}',
      '',
      'x'.repeat(100_000),
    ];
    const builder = new RawBlockBuilder();
    const at = records.map((r) => builder.add(r));
    const blocks = builder.take();
    expect(blocks.length).toBe(1);
    expect(blocks[0]!.records).toBe(records.length);
    expect(blocks[0]!.data.length).toBeLessThan(records.join('').length / 10);
    records.forEach((record, i) => {
      const block = blocks[at[i]!.block]!;
      expect(readRawRecord(block.codec, block.data, at[i]!.slot)).toBe(record);
    });
  });

  it('close a block after RAW_BLOCK_RECORDS records or 256 KiB, and take() starts afresh', () => {
    const builder = new RawBlockBuilder();
    const at = Array.from({ length: RAW_BLOCK_RECORDS + 3 }, (_, i) => builder.add(`{"n":${i}}`));
    expect(at[RAW_BLOCK_RECORDS - 1]).toEqual({ block: 0, slot: RAW_BLOCK_RECORDS - 1 });
    expect(at[RAW_BLOCK_RECORDS]).toEqual({ block: 1, slot: 0 });
    const first = builder.take();
    expect(first.map((b) => b.records)).toEqual([RAW_BLOCK_RECORDS, 3]);
    expect(readRawRecord(first[1]!.codec, first[1]!.data, 2)).toBe(`{"n":${RAW_BLOCK_RECORDS + 2}}`);

    const big = 'y'.repeat(200 * 1024);
    expect(builder.add(big)).toEqual({ block: 0, slot: 0 });
    expect(builder.add(big)).toEqual({ block: 0, slot: 1 });
    expect(builder.add('{}')).toEqual({ block: 1, slot: 0 });
    expect(builder.take().map((b) => b.records)).toEqual([2, 1]);
    expect(builder.take()).toEqual([]);
  });

  it('read deflate blocks too (written where Node has no zstd)', () => {
    const body = Buffer.from('{"a":1}{"b":2}');
    const header = Buffer.alloc(12);
    header.writeUInt32LE(2, 0);
    header.writeUInt32LE(7, 4);
    header.writeUInt32LE(7, 8);
    const data = deflateRawSync(Buffer.concat([header, body]));
    expect(readRawRecord('deflate', data, 1)).toBe('{"b":2}');
  });

  it('refuse corrupt data, an unknown codec and a missing slot with a clear error', () => {
    const builder = new RawBlockBuilder();
    builder.add('{"a":1}');
    const [block] = builder.take();
    expect(() => readRawRecord(block!.codec, block!.data, 1)).toThrow(RawBlockError);
    expect(() => readRawRecord(block!.codec, Buffer.from('not compressed'), 0)).toThrow(/cannot be read/);
    expect(() => readRawRecord('lz9', block!.data, 0)).toThrow(/unknown codec 'lz9'/);
  });

  it('refuse a block that would inflate beyond any block the importer writes', () => {
    const bomb = deflateRawSync(Buffer.alloc(80 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(200 * 1024);
    expect(() => readRawRecord('deflate', bomb, 0)).toThrow(RawBlockError);
  });
});
