/**
 * Original records, stored compressed in blocks of consecutive records. JSON
 * alerts from one source repeat most of their structure, so a block compresses
 * several times better than its records would one by one, and compressing it
 * costs a few microseconds per record (done in the parser's thread). Reading
 * one record inflates its block: well under a millisecond.
 *
 * A block's plain form: u32 record count, then one u32 byte length per record,
 * then the records' UTF-8 bytes back to back (little-endian throughout).
 */
import * as zlib from 'node:zlib';

export type RawCodec = 'zstd' | 'deflate';

/** Records per block, and the most plain bytes one block takes before it is closed early. */
export const RAW_BLOCK_RECORDS = 128;
const RAW_BLOCK_MAX_BYTES = 256 * 1024;
/**
 * The most a stored block may inflate to when read: a block closes at 256 KiB
 * unless one record alone is bigger, and the importer skips records over
 * 64 MiB. A block claiming more is corrupt (or hostile), not read.
 */
const MAX_PLAIN_BYTES = 64 * 1024 * 1024 + RAW_BLOCK_MAX_BYTES + 4 * (RAW_BLOCK_RECORDS + 1);

export interface RawBlock {
  codec: RawCodec;
  data: Uint8Array;
  records: number;
}

/** zstd where this Node has it (22.15+, the Electron builds we ship), else raw deflate. */
const zstdCompress = (zlib as { zstdCompressSync?: typeof zlib.deflateRawSync }).zstdCompressSync;
const zstdDecompress = (zlib as { zstdDecompressSync?: typeof zlib.inflateRawSync }).zstdDecompressSync;
const ZSTD_LEVEL = zlib.constants.ZSTD_c_compressionLevel as number | undefined;

function compress(plain: Buffer): RawBlock['data'] {
  const out =
    zstdCompress && ZSTD_LEVEL !== undefined ? zstdCompress(plain, { params: { [ZSTD_LEVEL]: 1 } } as zlib.ZlibOptions) : zlib.deflateRawSync(plain, { level: 1 });
  // Posting a view to another thread copies its whole underlying buffer: keep the buffer exactly this size.
  return out.byteLength === out.buffer.byteLength ? out : new Uint8Array(out);
}

export function defaultCodec(): RawCodec {
  return zstdCompress && ZSTD_LEVEL !== undefined ? 'zstd' : 'deflate';
}

/**
 * Collects records into blocks. `add` returns where the record will be found:
 * the block's index in `take()`'s result and the record's slot in it.
 */
export class RawBlockBuilder {
  private readonly codec = defaultCodec();
  /** The open block's records, UTF-8, back to back (grown as needed). */
  private body = Buffer.allocUnsafe(RAW_BLOCK_MAX_BYTES);
  private bytes = 0;
  private lengths: number[] = [];
  private blocks: RawBlock[] = [];

  add(record: string): { block: number; slot: number } {
    const at = { block: this.blocks.length, slot: this.lengths.length };
    const most = record.length * 3; // UTF-8 bytes per UTF-16 unit, at most
    if (this.bytes + most > this.body.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.body.length * 2, this.bytes + most));
      this.body.copy(grown, 0, 0, this.bytes);
      this.body = grown;
    }
    const written = this.body.write(record, this.bytes, 'utf8');
    this.bytes += written;
    this.lengths.push(written);
    if (this.lengths.length >= RAW_BLOCK_RECORDS || this.bytes >= RAW_BLOCK_MAX_BYTES) this.close();
    return at;
  }

  /** The blocks of every record added since the last call. */
  take(): RawBlock[] {
    this.close();
    const blocks = this.blocks;
    this.blocks = [];
    return blocks;
  }

  private close(): void {
    const n = this.lengths.length;
    if (n === 0) return;
    const plain = Buffer.allocUnsafe(4 + 4 * n + this.bytes);
    plain.writeUInt32LE(n, 0);
    for (let i = 0; i < n; i++) plain.writeUInt32LE(this.lengths[i]!, 4 + 4 * i);
    this.body.copy(plain, 4 + 4 * n, 0, this.bytes);
    this.blocks.push({ codec: this.codec, data: compress(plain), records: n });
    this.lengths = [];
    this.bytes = 0;
    if (this.body.length > RAW_BLOCK_MAX_BYTES * 4) this.body = Buffer.allocUnsafe(RAW_BLOCK_MAX_BYTES);
  }
}

/** Thrown when a stored block cannot be read back: corrupt data, or (`unsupported`) a codec this Node lacks. */
export class RawBlockError extends Error {
  constructor(
    message: string,
    readonly unsupported = false,
  ) {
    super(message);
  }
}

/** The record in `slot` of a stored block. */
export function readRawRecord(codec: string, data: Uint8Array, slot: number): string {
  const plain = inflateBlock(codec, data);
  const n = plain.length >= 4 ? plain.readUInt32LE(0) : 0;
  if (slot < 0 || slot >= n || plain.length < 4 + 4 * n) throw new RawBlockError(`stored record block has no slot ${slot}`);
  let offset = 4 + 4 * n;
  for (let i = 0; i < slot; i++) offset += plain.readUInt32LE(4 + 4 * i);
  const length = plain.readUInt32LE(4 + 4 * slot);
  if (offset + length > plain.length) throw new RawBlockError(`stored record block is truncated at slot ${slot}`);
  return plain.toString('utf8', offset, offset + length);
}

/** Every record of a stored block, by slot. */
export function readRawRecords(codec: string, data: Uint8Array): string[] {
  const plain = inflateBlock(codec, data);
  const n = plain.length >= 4 ? plain.readUInt32LE(0) : 0;
  if (plain.length < 4 + 4 * n) throw new RawBlockError('stored record block is truncated');
  const records: string[] = [];
  let offset = 4 + 4 * n;
  for (let slot = 0; slot < n; slot++) {
    const length = plain.readUInt32LE(4 + 4 * slot);
    if (offset + length > plain.length) throw new RawBlockError(`stored record block is truncated at slot ${slot}`);
    records.push(plain.toString('utf8', offset, offset + length));
    offset += length;
  }
  return records;
}

function inflateBlock(codec: string, data: Uint8Array): Buffer {
  if ((codec === 'zstd' && !zstdDecompress) || (codec !== 'zstd' && codec !== 'deflate')) {
    throw new RawBlockError(
      codec === 'zstd' ? `stored record block is zstd, which this Node (${process.version}) cannot read: Node 22.15 or newer is needed` : `unknown codec '${codec}'`,
      codec === 'zstd',
    );
  }
  try {
    return codec === 'zstd' ? zstdDecompress!(data, { maxOutputLength: MAX_PLAIN_BYTES }) : zlib.inflateRawSync(data, { maxOutputLength: MAX_PLAIN_BYTES });
  } catch (error) {
    throw new RawBlockError(`stored record block cannot be read: ${(error as Error).message}`);
  }
}
