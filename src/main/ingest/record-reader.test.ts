import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileError, readRecords, type RawRecord, type RecordIssue } from './record-reader';

/** Feeds `content` in chunks of `size` bytes, as a file stream would. */
async function* chunked(content: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let at = 0; at < content.length; at += size) yield content.subarray(at, at + size);
}

async function collect(content: string | Buffer, size = 1 << 20): Promise<Array<RawRecord | RecordIssue>> {
  const out: Array<RawRecord | RecordIssue> = [];
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  for await (const item of readRecords(chunked(bytes, size))) out.push(item);
  return out;
}

const TRUNCATED = 'truncated record: the file ends before this JSON value is complete (cut short, or still being written)';

async function fileError(content: string | Buffer): Promise<FileError> {
  try {
    await collect(content);
  } catch (error) {
    expect(error).toBeInstanceOf(FileError);
    return error as FileError;
  }
  throw new Error('no FileError');
}

/** Every split of the input must give the same records: chunk edges fall inside strings, escapes, CRLF and multibyte characters. */
const CHUNK_SIZES = [1, 2, 3, 7, 64, 1 << 20];

describe('NDJSON', () => {
  it.each(CHUNK_SIZES)('yields each non-blank line with its line number (chunks of %i bytes)', async (size) => {
    const text = '{"a":1}\r\n\r\n  \n{"b":"x\\"y\\\\","c":"ü€😀"}\r\n{"broken": \n{"d":[1,{"e":2}]}';
    expect(await collect(text, size)).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 4, text: '{"b":"x\\"y\\\\","c":"ü€😀"}' },
      { line: 5, text: '{"broken": ' },
      { line: 6, text: '{"d":[1,{"e":2}]}' },
    ]);
  });

  it('counts, rather than keeps, the blank lines in front of the first record', async () => {
    const blank = '\r\n'.repeat(400_000);
    expect(await collect(`${blank}{"a":1}\n\n{"b":2}`, 64 * 1024)).toEqual([
      { line: 400_001, text: '{"a":1}' },
      { line: 400_003, text: '{"b":2}' },
    ]);
    expect(await collect(`${blank}[{"a":1},\n{"b":2}]`, 64 * 1024)).toEqual([
      { line: 400_001, text: '{"a":1}' },
      { line: 400_002, text: '{"b":2}' },
    ]);
    expect((await fileError(`${blank}oops`)).message).toMatch(/at line 400001$/);
  });

  it('strips a UTF-8 BOM and handles a single line without a newline', async () => {
    expect(await collect('\uFEFF{"a":1}')).toEqual([{ line: 1, text: '{"a":1}' }]);
    expect(await collect(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('\n{"a":1}\n')]), 1)).toEqual([{ line: 2, text: '{"a":1}' }]);
  });

  it.each(CHUNK_SIZES)('reads UTF-16 as Windows tools write it: LE or BE, with or without a BOM (chunks of %i bytes)', async (size) => {
    const text = '{"a":1}\r\n{"c":"ü€😀"}\r\n';
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(le).swap16();
    const expected = [
      { line: 1, text: '{"a":1}' },
      { line: 2, text: '{"c":"ü€😀"}' },
    ];
    expect(await collect(Buffer.concat([Buffer.from([0xff, 0xfe]), le]), size)).toEqual(expected);
    expect(await collect(Buffer.concat([Buffer.from([0xfe, 0xff]), be]), size)).toEqual(expected);
    expect(await collect(le, size)).toEqual(expected);
    expect(await collect(be, size)).toEqual(expected);
    // A pretty-printed UTF-16 array, gzip-compressed.
    const array = Buffer.from('\uFEFF[\r\n  {"a": 1},\r\n  {"c": "ü€😀"}\r\n]', 'utf16le');
    expect(await collect(gzipSync(array), size)).toEqual([
      { line: 2, text: '{"a": 1}' },
      { line: 3, text: '{"c": "ü€😀"}' },
    ]);
  });

  it('reads gzip transparently and reports compressed bytes consumed', async () => {
    const lines = Array.from({ length: 2000 }, (_, i) => JSON.stringify({ i, pad: 'x'.repeat(100) }));
    const gz = gzipSync(Buffer.from(lines.join('\n') + '\n'));
    const progress: number[] = [];
    const out: Array<RawRecord | RecordIssue> = [];
    for await (const item of readRecords(chunked(gz, 1000), { onBytes: (n) => progress.push(n) })) out.push(item);
    expect(out).toHaveLength(2000);
    expect(out[1999]).toEqual({ line: 2000, text: lines[1999] });
    expect(progress.at(-1)).toBe(gz.length);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('reports a truncated gzip file as malformed', async () => {
    const gz = gzipSync(Buffer.from('{"a":1}\n'.repeat(1000)));
    const error = await fileError(gz.subarray(0, gz.length - 20));
    expect(error.kind).toBe('malformed');
    expect(error.message).toMatch(/gzip/);
  });

  it('accepts string chunks', async () => {
    const out: Array<RawRecord | RecordIssue> = [];
    async function* strings() {
      yield '{"a":';
      yield '1}\n{"b":2}';
    }
    for await (const item of readRecords(strings())) out.push(item);
    expect(out).toEqual([{ line: 1, text: '{"a":1}' }, { line: 2, text: '{"b":2}' }]);
  });
});

describe('JSON array', () => {
  const pretty = `[\n  {\n    "a": "x]}\\"{[",\n    "b": [1, 2]\n  },\n  {"c": null}  ,\n  42,\n  "str\\\\",\n  [3]\n]\n`;

  it.each(CHUNK_SIZES)('yields each element with its exact text and start line (chunks of %i bytes)', async (size) => {
    expect(await collect(pretty, size)).toEqual([
      { line: 2, text: '{\n    "a": "x]}\\"{[",\n    "b": [1, 2]\n  }' },
      { line: 6, text: '{"c": null}' },
      { line: 7, text: '42' },
      { line: 8, text: '"str\\\\"' },
      { line: 9, text: '[3]' },
    ]);
  });

  it('handles a compact one-line array and an empty array', async () => {
    expect(await collect('[{"a":1},{"b":2}]')).toEqual([{ line: 1, text: '{"a":1}' }, { line: 1, text: '{"b":2}' }]);
    expect(await collect('[]')).toEqual([]);
  });

  it('reports a truncated last element but keeps the complete ones', async () => {
    expect(await collect('[\n{"a":1},\n{"b":\n')).toEqual([
      { line: 2, text: '{"a":1}' },
      { line: 3, error: TRUNCATED },
    ]);
  });

  it('reports an NDJSON last line cut mid-record (a file still being written) as truncated', async () => {
    expect(await collect('{"a":1}\n{"b":"unterminat')).toEqual([{ line: 1, text: '{"a":1}' }, { line: 2, error: TRUNCATED }]);
    // A complete last line without its newline is a record; a last line that is not JSON is the parser's to judge.
    expect(await collect('{"a":1}\n{"b":2}')).toEqual([{ line: 1, text: '{"a":1}' }, { line: 2, text: '{"b":2}' }]);
    expect(await collect('{"a":1}\nnot json')).toEqual([{ line: 1, text: '{"a":1}' }, { line: 2, text: 'not json' }]);
  });
});

describe('pretty-printed objects', () => {
  it.each(CHUNK_SIZES)('yields one object or several concatenated ones (chunks of %i bytes)', async (size) => {
    const text = '{\n  "a": 1,\n  "b": {"c": "}"}\n}\n{\n  "d": 2\n}{"e":3}\n';
    expect(await collect(text, size)).toEqual([
      { line: 1, text: '{\n  "a": 1,\n  "b": {"c": "}"}\n}' },
      { line: 5, text: '{\n  "d": 2\n}' },
      { line: 7, text: '{"e":3}' },
    ]);
  });

  it('reports text between objects once per line and carries on', async () => {
    expect(await collect('{\n"a": 1\n}\ngarbage here\n{\n"b": 2\n}')).toEqual([
      { line: 1, text: '{\n"a": 1\n}' },
      { line: 4, error: "unexpected text outside a JSON value: 'garbage here'" },
      { line: 5, text: '{\n"b": 2\n}' },
    ]);
  });
});

describe('holes (runs of NUL bytes left by a crash or copytruncate rotation)', () => {
  const nuls = (n: number): Buffer => Buffer.alloc(n);
  const hole = (line: number, bytes: number) => ({ line, error: `${bytes} NUL bytes skipped: the file has a hole here (left by a crash or a copytruncate log rotation)` });

  it.each([1, 7, 4096, 1 << 20])('a hole at the start is skipped as it streams (chunks of %i bytes)', async (size) => {
    const content = Buffer.concat([nuls(100_000), Buffer.from('{"a":1}\n{"b":2}\n')]);
    expect(await collect(content, size)).toEqual([hole(1, 100_000), { line: 1, text: '{"a":1}' }, { line: 2, text: '{"b":2}' }]);
  });

  it.each([1, 5, 4096])('a hole inside a line ends the record cut short there; the next record is read (chunks of %i bytes)', async (size) => {
    const content = Buffer.concat([Buffer.from('{"a":1}\n{"b":'), nuls(3000), Buffer.from('{"c":3}\n{"d":4}\n')]);
    expect(await collect(content, size)).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 2, text: '{"b":' },
      hole(2, 3000),
      { line: 2, text: '{"c":3}' },
      { line: 3, text: '{"d":4}' },
    ]);
  });

  it('a hole at the end, and holes between the values of an array', async () => {
    expect(await collect(Buffer.concat([Buffer.from('{"a":1}\n'), nuls(4096)]))).toEqual([{ line: 1, text: '{"a":1}' }, hole(2, 4096)]);
    const array = Buffer.concat([Buffer.from('[{"a":1},\n'), nuls(512), Buffer.from('{"b":2}]')]);
    expect(await collect(array)).toEqual([{ line: 1, text: '{"a":1}' }, { line: 2, text: '{"b":2}' }]);
  });

  it('a file of nothing but NULs is empty, and short NUL runs still mean binary', async () => {
    expect((await fileError(nuls(70_000))).message).toBe('file holds nothing but 70000 NUL bytes');
    const binary = await fileError(Buffer.concat([Buffer.from('{"a":'), nuls(3), Buffer.from('1}\n'), nuls(64)]));
    expect(binary.message).toBe('file looks binary (27% NUL or control bytes), not JSON text');
  });

  it('a stray NUL early in a text file costs its record only', async () => {
    const lines = Array.from({ length: 40 }, (_, i) => `{"i":${i},"pad":"${'x'.repeat(100)}"}`);
    lines[1] = `${lines[1]!.slice(0, 30)}\u0000${lines[1]!.slice(30)}`;
    const out = await collect(lines.join('\n') + '\n');
    expect(out.filter((r) => 'text' in r && r.text.startsWith('{"i":') && r.text.endsWith('"}'))).toHaveLength(39);
    expect(out.filter((r) => 'error' in r).map((r) => r.line)).toContain(2);
    // Ten NULs in front (less than a hole): skipped as such, not taken for a binary file.
    expect((await collect(Buffer.concat([nuls(10), Buffer.from(lines.join('\n'))]))).filter((r) => 'text' in r && r.text.endsWith('"}'))).toHaveLength(40);
  });
});

describe('files that are not records', () => {
  it.each([[''], ['   \n\r\n\t'], ['\uFEFF'], ['\uFEFF  \n']])('empty: %j', async (text) => {
    const error = await fileError(text);
    expect(error.kind).toBe('empty');
    expect(error.message).toBe('file is empty');
  });

  it('binary: NUL bytes, or mostly control characters', async () => {
    const nul = await fileError(Buffer.from([0x7b, 0x00, 0x01, 0x02]));
    expect(nul.kind).toBe('binary');
    expect(nul.message).toMatch(/^file looks binary \(.+\), not JSON text$/);
    const control = await fileError(Buffer.from('{' + '\u0001\u0002\u0003'.repeat(50) + '}'));
    expect(control.kind).toBe('binary');
    // Bytes that pass for UTF-16 are judged on the text they decode to.
    expect((await fileError(Buffer.from('\u0001\u0002\u0003'.repeat(50), 'utf16le'))).kind).toBe('binary');
  });

  it.each(CHUNK_SIZES)('NDJSON whose first line is cut short, starts mid-record or is a header: that line alone is lost (chunks of %i bytes)', async (size) => {
    const rest = '{"b":2}\n\n{"c":3}\n';
    // A truncated write, a file split by size (`split -b`), a log rotated mid-record, a comment line.
    for (const first of ['{"a":{"x":"unfinished', 'ished","y":1}}', '# exported by a script', '  "rule": {"level": 5}},']) {
      expect(await collect(`${first}\n${rest}`, size)).toEqual([
        { line: 1, text: first },
        { line: 2, text: '{"b":2}' },
        { line: 4, text: '{"c":3}' },
      ]);
    }
  });

  it('keeps reading pretty-printed objects as such, even with a one-line object inside', async () => {
    const pretty = '{\n  "hits": [\n    {"a": 1},\n    {"b": 2}\n  ]\n}\n{\n  "c": 3\n}\n';
    expect(await collect(pretty)).toEqual([
      { line: 1, text: '{\n  "hits": [\n    {"a": 1},\n    {"b": 2}\n  ]\n}' },
      { line: 7, text: '{\n  "c": 3\n}' },
    ]);
  });

  it.each(CHUNK_SIZES)('refuses a record whose bytes are not UTF-8, naming the byte, and reads the rest (chunks of %i bytes)', async (size) => {
    const latin1 = (text: string) => Buffer.from(text, 'latin1');
    const lines = Buffer.concat([
      Buffer.from('{"a":"caf\u00e9"}\n'), // é in UTF-8: fine
      latin1('{"a":"caf\u00e9"}\n'), // é in Latin-1: 0xE9
      latin1('{"a":"caf\u00e8"}\n'), // è in Latin-1: another record, not a duplicate of the one above
      Buffer.from('{"a":"\uFFFD kept as written"}\n'), // a replacement character that is really there
    ]);
    const error = (byte: string, at: number) => ({
      line: 0,
      error: `not UTF-8 text (byte 0x${byte} at byte ${at} of the record): the file is in another encoding, such as Latin-1 or Windows-1252; convert it to UTF-8 (e.g. iconv -f WINDOWS-1252 -t UTF-8) and import it again`,
    });
    expect(await collect(lines, size)).toEqual([
      { line: 1, text: '{"a":"café"}' },
      { ...error('E9', 10), line: 2 },
      { ...error('E8', 10), line: 3 },
      { line: 4, text: '{"a":"\uFFFD kept as written"}' },
    ]);
    // The same inside a JSON array.
    const array = Buffer.concat([Buffer.from('[{"a":1},\n'), latin1('{"b":"\u00e9"}'), Buffer.from(',{"c":3}]')]);
    expect(await collect(array, size)).toEqual([{ line: 1, text: '{"a":1}' }, { ...error('E9', 7), line: 2 }, { line: 2, text: '{"c":3}' }]);
  });

  it('malformed: the first character is not { or [', async () => {
    for (const text of ['hello', 'timestamp,severity\n2024,high', '<xml/>']) {
      const error = await fileError(text);
      expect(error.kind).toBe('malformed');
      expect(error.message).toBe('not JSON: expected NDJSON lines, a JSON array or a JSON object at line 1');
    }
    expect((await fileError('\n\n  oops')).message).toMatch(/at line 3$/);
  });
});

describe('real files on disk', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'record-reader-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('streams a large NDJSON file chunk by chunk, with a line longer than a chunk', async () => {
    const long = JSON.stringify({ big: 'y'.repeat(300_000) });
    const lines = Array.from({ length: 50_000 }, (_, i) => (i === 25_000 ? long : JSON.stringify({ i, s: 'z'.repeat(i % 500) })));
    const path = join(dir, 'big.ndjson');
    await writeFile(path, lines.join('\n') + '\n');
    let count = 0;
    let lastBytes = 0;
    let longSeen = false;
    for await (const item of readRecords(createReadStream(path, { highWaterMark: 64 * 1024 }), { onBytes: (n) => (lastBytes = n) })) {
      if ('error' in item) throw new Error(item.error);
      count++;
      if (item.line === 25_001) longSeen = item.text === long;
    }
    expect(count).toBe(50_000);
    expect(longSeen).toBe(true);
    expect(lastBytes).toBe(Buffer.byteLength(lines.join('\n') + '\n'));
  });

  it('stops reading when the consumer stops', async () => {
    const path = join(dir, 'stop.json.gz');
    await writeFile(path, gzipSync(Buffer.from('{"a":1}\n'.repeat(100_000))));
    const stream = createReadStream(path, { highWaterMark: 1024 });
    let seen = 0;
    for await (const item of readRecords(stream)) {
      expect(item).toEqual({ line: 1, text: '{"a":1}' });
      seen++;
      break;
    }
    expect(seen).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(stream.destroyed).toBe(true);
  });
});
