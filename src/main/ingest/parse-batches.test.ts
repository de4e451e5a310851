import { describe, expect, it } from 'vitest';
import { parseBatches, SNIPPET_RECORDS } from './parse-batches';

/** The file's content as the reader's input: one chunk. */
async function* input(text: string): AsyncGenerator<Buffer> {
  yield Buffer.from(text);
}

const alert = (i: number, pad: number): string =>
  JSON.stringify({ ts: 1767261600000 + i * 1000, source: 'edr', alert_type: 'big', message: `${i} ${'x'.repeat(pad)}`, severity: 'low' });

async function batchesOf(lines: string[], options: { batchSize: number; batchChars?: number }) {
  const out: Array<{ count: number; textChars: number }> = [];
  for await (const batch of parseBatches(input(lines.join('\n') + '\n'), options)) out.push({ count: batch.records.count, textChars: batch.textChars });
  return out;
}

describe('parseBatches', () => {
  it('ends a batch at its row count, or earlier at its share of record text (large records keep memory bounded)', async () => {
    const small = Array.from({ length: 10 }, (_, i) => alert(i, 10));
    expect((await batchesOf(small, { batchSize: 4 })).map((b) => b.count)).toEqual([4, 4, 2]);
    const large = Array.from({ length: 10 }, (_, i) => alert(i, 1_000));
    const batches = await batchesOf(large, { batchSize: 100, batchChars: 2_500 });
    expect(batches.map((b) => b.count)).toEqual([3, 3, 3, 1]);
    expect(batches.reduce((sum, b) => sum + b.textChars, 0)).toBe(large.reduce((sum, l) => sum + l.length, 0));
  });

  it('says a record is nested too deeply, rather than how the stack ran out', async () => {
    const deep = `{"timestamp":"2020-03-04T13:55:05Z","rule":{"level":${'['.repeat(20_000)}${']'.repeat(20_000)}}}`;
    const reasons: string[] = [];
    for await (const batch of parseBatches(input(deep + '\n'), { batchSize: 10 })) reasons.push(...batch.rejections.map((r) => r.reason));
    expect(reasons).toEqual(['record is nested too deeply to read (thousands of levels of objects or arrays)']);
  });

  it('gives a rejected record\'s first 200 characters, so the analyst sees which record it was', async () => {
    const short = '{"ts": 1, "half a record';
    const long = `{"ts": 2, "note": "${'é'.repeat(500)}`;
    const emoji = `{"xy":"${'😀'.repeat(200)}`; // a surrogate pair across character 200
    const rejections: Array<{ line: number; snippet?: string }> = [];
    for await (const batch of parseBatches(input([alert(0, 10), short, long, emoji].join('\n') + '\n'), { batchSize: 10 })) rejections.push(...batch.rejections);
    expect(rejections.map((r) => r.line)).toEqual([2, 3, 4]);
    expect(rejections[0]!.snippet).toBe(short);
    expect(rejections[1]!.snippet).toBe(`${long.slice(0, 200)}…`);
    expect(rejections[2]!.snippet).toBe(`${emoji.slice(0, 199)}…`);
  });

  it('gives snippets to as many rejections as a result lists, not to every one of a wholly wrong file', async () => {
    const bad = [alert(0, 10), ...Array.from({ length: SNIPPET_RECORDS + 5 }, (_, i) => `{"ts": ${i}, "cut`)].join('\n') + '\n';
    const rejections: Array<{ snippet?: string }> = [];
    for await (const batch of parseBatches(input(bad), { batchSize: 100 })) rejections.push(...batch.rejections);
    expect(rejections).toHaveLength(SNIPPET_RECORDS + 5);
    expect(rejections.filter((r) => r.snippet !== undefined)).toHaveLength(SNIPPET_RECORDS);
    expect(rejections[SNIPPET_RECORDS - 1]!.snippet).toBe(`{"ts": ${SNIPPET_RECORDS - 1}, "cut`);
  });
});
