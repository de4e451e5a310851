import { createWriteStream, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { constants as zlibConstants, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../src/main/api/registry';
import { listAlerts } from '../../src/main/alerts/alerts-repository';
import { WRITE_BATCH_ROWS } from '../../src/main/ingest/ingest-service';
import type { MethodOutput } from '../../src/shared/contract';
import type { ImportResult } from '../../src/shared/domain';
import { DATASETS, tempCore, tempDir } from './helpers';

const files = tempDir('socwb-files-');
afterAll(() => files.cleanup());

async function importPaths(core: ReturnType<typeof tempCore>, paths: string[], extra: Record<string, unknown> = {}) {
  return dispatch(core.handlers, 'ingest.importFiles', { paths, ...extra });
}

function countRows(core: ReturnType<typeof tempCore>, table: string): number {
  return core.ctx.workspace.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
}

describe('importing real Wazuh and Suricata files', () => {
  const core = tempCore();
  afterAll(() => core.dispose());

  it('imports Wazuh 3.x alerts.json lines and is idempotent', async () => {
    const path = join(DATASETS, 'wazuh/ossec_insect.json');
    const first = await importPaths(core, [path]);
    expect(first).toMatchObject({ ok: true, data: { imported: 497, duplicates: 0, rejected: 0 } });
    const again = await importPaths(core, [path]);
    expect(again).toMatchObject({ ok: true, data: { imported: 0, duplicates: 497, rejected: 0 } });
    expect(countRows(core, 'alerts')).toBe(497);
    const high = listAlerts(core.ctx.workspace.sqlite, { severities: ['high'], limit: 1000, offset: 0, order: 'desc' });
    expect(high.total).toBeGreaterThan(0);
    expect(high.rows.every((r) => r.source === 'wazuh' && (r.ruleLevel ?? 0) >= 8 && (r.ruleLevel ?? 0) <= 11)).toBe(true);
  });

  it('keeps the original record byte for byte', async () => {
    const { sqlite } = core.ctx.workspace;
    const firstLine = (await import('node:fs')).readFileSync(join(DATASETS, 'wazuh/ossec_insect.json'), 'utf8').split('\n')[0]!;
    const id = sqlite.prepare('SELECT id FROM alerts ORDER BY id LIMIT 1').pluck().get() as number;
    const detail = await dispatch(core.handlers, 'alerts.get', { id });
    expect(detail).toMatchObject({ ok: true, data: { raw: firstLine.trim() } });
  });

  it('imports Wazuh 4.x alerts with MITRE ids (the sample holds one record twice)', async () => {
    const result = await importPaths(core, [join(DATASETS, 'wazuh/wazuh-4.14-test-alerts.jsonl')]);
    expect(result).toMatchObject({ ok: true, data: { imported: 1, duplicates: 1, rejected: 0 } });
    const page = listAlerts(core.ctx.workspace.sqlite, { text: 'brute force', limit: 10, offset: 0, order: 'desc' });
    expect(page.rows[0]).toMatchObject({ ruleId: '5712', severity: 'high', mitre: ['T1110'], srcIp: '172.17.1.1' });
    // Found by its ATT&CK technique too, as analysts search for it.
    expect(listAlerts(core.ctx.workspace.sqlite, { text: 'T1110', limit: 10, offset: 0, order: 'desc' }).rows.map((r) => r.ruleId)).toEqual(['5712']);
  });

  it('imports Suricata EVE as NDJSON and as a pretty-printed array, deduplicating across both', async () => {
    const ndjson = await importPaths(core, [join(DATASETS, 'suricata/first-org-conf-2015.alerts-only.ndjson')]);
    expect(ndjson).toMatchObject({ ok: true, data: { imported: 136, rejected: 0 } });
    const array = await importPaths(core, [join(DATASETS, 'suricata/first-org-conf-2015.alerts-only.json')]);
    expect(array).toMatchObject({ ok: true, data: { imported: 0, duplicates: 136, rejected: 0 } });
    const page = listAlerts(core.ctx.workspace.sqlite, { sources: ['suricata'], limit: 1000, offset: 0, order: 'desc' });
    expect(page.total).toBe(136);
  });

  it('keeps non-alert Suricata events without turning them into alerts', async () => {
    const before = countRows(core, 'alerts');
    const result = await importPaths(core, [join(DATASETS, 'suricata/output-eve-fileinfo.expected.eve.json')]);
    expect(result).toMatchObject({ ok: true, data: { imported: 0, events: 1, rejected: 0 } });
    expect(countRows(core, 'alerts')).toBe(before);
    expect(countRows(core, 'events')).toBe(1);
  });

  it('finds alerts by IP, word and user with full-text search', () => {
    const { sqlite } = core.ctx.workspace;
    const byIp = listAlerts(sqlite, { text: '192.168.10.18', limit: 500, offset: 0, order: 'desc' });
    expect(byIp.total).toBeGreaterThan(50);
    expect(byIp.rows.filter((r) => r.srcIp === '192.168.10.18' || r.dstIp === '192.168.10.18').length).toBeGreaterThan(50);
    const byWord = listAlerts(sqlite, { text: 'ColdFusion', limit: 50, offset: 0, order: 'desc' });
    expect(byWord.total).toBeGreaterThan(0);
    expect(byWord.rows.some((r) => /coldfusion/i.test(r.title))).toBe(true);
    expect(listAlerts(sqlite, { text: 'zzzznotthere', limit: 50, offset: 0, order: 'desc' }).total).toBe(0);
  });
});

describe('bad input', () => {
  const core = tempCore();
  afterAll(() => core.dispose());

  it('rejects bad records with file, line and reason and imports every good one', async () => {
    const path = join(files.dir, 'mixed.ndjson');
    const good = (i: number) =>
      JSON.stringify({ ts: `2026-01-0${i}T10:00:00Z`, source: 'edr', alert_type: 'Suspicious login', message: `m${i}`, user: 'bob', host: 'pc1', ip: '10.0.0.5', severity: 'high' });
    writeFileSync(
      path,
      [good(1), '{"ts": "2026-01-02T10:00:00Z", "source": "edr", ', good(3), JSON.stringify({ source: 'edr', alert_type: 'x', message: 'no time' }), '[1,2]', JSON.stringify({ hello: 'world', ts: 1 }), good(7)].join('\n') + '\n',
    );
    const result = await importPaths(core, [path]);
    expect(result.ok).toBe(true);
    const data = (result as { data: ImportResult }).data;
    expect(data.imported).toBe(3);
    expect(data.rejected).toBe(4);
    expect(data.errors.map((e) => e.line)).toEqual([2, 4, 5, 6]);
    expect(data.errors.every((e) => e.file === path)).toBe(true);
    expect(data.errors[0]!.reason).toMatch(/malformed JSON/i);
    expect(data.errors[1]!.reason).toMatch(/timestamp/i);
    expect(data.errors[2]!.reason).toMatch(/not a JSON object/i);
    expect(data.errors[3]!.reason).toMatch(/unrecognised record format/i);
    // Each shows the start of its record, so the analyst can tell which one it was.
    expect(data.errors.map((e) => e.snippet)).toEqual([
      '{"ts": "2026-01-02T10:00:00Z", "source": "edr", ',
      JSON.stringify({ source: 'edr', alert_type: 'x', message: 'no time' }),
      '[1,2]',
      JSON.stringify({ hello: 'world', ts: 1 }),
    ]);
    const stored = core.ctx.workspace.sqlite.prepare('SELECT line, reason FROM import_errors ORDER BY line').all();
    expect(stored).toHaveLength(4);
  });

  it('gives a clear error for an empty file and for a binary file', async () => {
    const empty = join(files.dir, 'empty.json');
    writeFileSync(empty, '  \n\n');
    const e = await importPaths(core, [empty]);
    expect(e).toMatchObject({ ok: false, error: { code: 'EMPTY_INPUT' } });
    if (!e.ok) expect(e.error.message).toMatch(/empty/);
    const binary = join(files.dir, 'image.png');
    writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 1, 2, 3]));
    const b = await importPaths(core, [binary]);
    expect(b).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED_FORMAT' } });
    if (!b.ok) expect(b.error.message).toMatch(/binary/);
    const missing = await importPaths(core, [join(files.dir, 'nope.json')]);
    expect(missing).toMatchObject({ ok: false, error: { code: 'IO' } });
  });

  it('imports a gzip-compressed NDJSON file', async () => {
    const path = join(files.dir, 'alerts.ndjson.gz');
    const lines = Array.from({ length: 5 }, (_, i) => JSON.stringify({ ts: 1767261600000 + i * 1000, source: 'edr', alert_type: 'gz', message: `gz ${i}`, severity: 'low' }));
    writeFileSync(path, gzipSync(lines.join('\n')));
    expect(await importPaths(core, [path])).toMatchObject({ ok: true, data: { imported: 5, rejected: 0 } });
  });

  it('keeps the records read before a gzip file turns out truncated or followed by garbage', async () => {
    const lines = Array.from({ length: 5_000 }, (_, i) =>
      JSON.stringify({ ts: 1767261600000 + i * 1000, source: 'edr', alert_type: 'cut', message: `record ${i} ${(i * 7919).toString(36)}`, severity: 'low' }),
    );
    const gz = gzipSync(lines.join('\n') + '\n');
    const cut = gz.subarray(0, Math.floor(gz.length * 0.7));
    // What any gunzip recovers from the cut file: its complete lines.
    const recovered = gunzipSync(cut, { finishFlush: zlibConstants.Z_SYNC_FLUSH }).toString('utf8').split('\n').length - 1;
    expect(recovered).toBeGreaterThan(2_000);
    writeFileSync(join(files.dir, 'cut.ndjson.gz'), cut);
    writeFileSync(join(files.dir, 'garbage.ndjson.gz'), Buffer.concat([gz, Buffer.from('garbage')]));
    const truncated = await importPaths(core, [join(files.dir, 'cut.ndjson.gz')]);
    expect(truncated).toMatchObject({ ok: true, data: { imported: recovered, errors: [{ line: 0, reason: expect.stringMatching(/^gzip data is corrupt or truncated/) }] } });
    // zlib reports garbage after the last member in the same step as the member's end, so the text inflated in that
    // step (at most one 64 KiB chunk) is lost with it; everything before is kept.
    const trailing = await importPaths(core, [join(files.dir, 'garbage.ndjson.gz')]);
    expect(trailing).toMatchObject({ ok: true, data: { errors: [{ line: 0, reason: expect.stringMatching(/^gzip data is corrupt or truncated/) }] } });
    const shortest = Math.min(...lines.map((l) => l.length + 1));
    const kept = trailing.ok ? (trailing.data as ImportResult) : null;
    expect(kept?.duplicates).toBe(recovered);
    expect((kept?.imported ?? 0) + recovered).toBeGreaterThanOrEqual(5_000 - Math.ceil((64 * 1024) / shortest));
  });

  it('imports content sent by browser mode', async () => {
    const content = JSON.stringify([{ ts: '2026-02-01T00:00:00Z', source: 'mail-gw', alert_type: 'Phish', message: 'payload', severity: 'medium' }]);
    const result = await dispatch(core.handlers, 'ingest.importContent', { fileName: '../../etc/phish.json', content });
    expect(result).toMatchObject({ ok: true, data: { imported: 1, files: [{ file: 'phish.json' }] } });
  });
});

describe('long imports', () => {
  it('report progress and cancel between batches without leaving half a batch', async () => {
    const core = tempCore();
    try {
      const path = join(files.dir, 'big.ndjson');
      const out = createWriteStream(path);
      for (let i = 0; i < 60_000; i++) {
        out.write(JSON.stringify({ ts: 1767261600000 + i, source: 'edr', alert_type: `type ${i % 50}`, message: `event ${i}`, user: `u${i % 300}`, host: `h${i % 90}`, ip: `10.1.${i % 250}.${i % 200}`, severity: 'low' }) + '\n');
      }
      await new Promise((r) => out.end(r));
      const progress: number[] = [];
      const off = core.events.subscribe((event, payload) => {
        if (event !== 'ingest.progress') return;
        const p = payload as { jobId: string; imported: number; done: boolean };
        if (p.jobId !== 'job-1') return;
        progress.push(p.imported);
        if (!p.done && p.imported >= 4000) void dispatch(core.handlers, 'ingest.cancel', { jobId: 'job-1' });
      });
      const result = await importPaths(core, [path], { jobId: 'job-1' });
      off();
      expect(result.ok).toBe(true);
      const data = (result as { data: ImportResult }).data;
      expect(data.cancelled).toBe(true);
      expect(data.imported).toBeLessThan(60_000);
      expect(data.imported % WRITE_BATCH_ROWS).toBe(0);
      expect(countRows(core, 'alerts')).toBe(data.imported);
      expect(progress.length).toBeGreaterThan(1);
      const status = core.ctx.workspace.sqlite.prepare('SELECT status FROM imports ORDER BY id DESC LIMIT 1').pluck().get();
      expect(status).toBe('cancelled');
      // Re-running the import finishes the job; nothing is duplicated.
      const rest = await importPaths(core, [path]);
      expect(rest).toMatchObject({ ok: true, data: { imported: 60_000 - data.imported, duplicates: data.imported } });
    } finally {
      await core.dispose();
    }
  });

  it('report the share of a browser-sent file read so far, not all of it at once', async () => {
    const core = tempCore();
    try {
      let content = '';
      for (let i = 0; i < 40_000; i++) {
        content += JSON.stringify({ ts: 1767261600000 + i, source: 'edr', alert_type: `type ${i % 50}`, message: `event ${i} ${'x'.repeat(60)}`, host: `h${i % 90}`, severity: 'low' }) + '\n';
      }
      const shares: Array<{ share: number; read: number }> = [];
      const off = core.events.subscribe((event, payload) => {
        if (event !== 'ingest.progress') return;
        const p = payload as { jobId: string; read: number; bytesRead: number; bytesTotal: number; done: boolean };
        if (p.jobId === 'job-2' && !p.done) shares.push({ share: p.bytesRead / p.bytesTotal, read: p.read });
      });
      const result = await dispatch(core.handlers, 'ingest.importContent', { fileName: 'big.ndjson', content, jobId: 'job-2' });
      off();
      expect(result).toMatchObject({ ok: true, data: { imported: 40_000 } });
      expect(shares.length).toBeGreaterThan(0);
      // Every report before the end: the bytes read match the records read, give or take the 1 MiB piece being read (a sixth of this file).
      for (const { share, read } of shares) expect(Math.abs(share - read / 40_000)).toBeLessThan(0.2);
      // Reports come as the file is read, not once it all is. (The last ones may come after the last byte was read,
      // while the writer finishes: a timing the test must not depend on.)
      expect(shares.some(({ share }) => share < 0.9)).toBe(true);
    } finally {
      await core.dispose();
    }
  });
});

describe('loopback ingest endpoint', () => {
  it('is off by default, needs its token, and imports what is posted', async () => {
    const core = tempCore();
    try {
      expect(await dispatch(core.handlers, 'ingest.getEndpoint', {})).toMatchObject({ ok: true, data: { enabled: false, url: null } });
      const started = await dispatch(core.handlers, 'ingest.setEndpoint', { enabled: true });
      expect(started.ok).toBe(true);
      const info = (started as { data: { url: string; token: string } }).data;
      expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/alerts$/);
      const post = (token: string | null, body: string) =>
        new Promise<{ status: number; body: string }>((resolve, reject) => {
          const url = new URL(info.url);
          const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: token ? { authorization: `Bearer ${token}` } : {} }, (res) => {
            let text = '';
            res.on('data', (c) => (text += c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
          });
          req.on('error', reject);
          req.end(body);
        });
      const alert = JSON.stringify({ ts: '2026-03-01T08:00:00Z', source: 'sysmon-fwd', alert_type: 'LSASS access', message: 'procdump', user: 'alice', host: 'ws-7', severity: 'critical' });
      expect((await post(null, alert)).status).toBe(401);
      expect((await post('wrong', alert)).status).toBe(401);
      const ok = await post(info.token, alert);
      expect(ok.status).toBe(200);
      expect(JSON.parse(ok.body)).toMatchObject({ ok: true, data: { imported: 1 } });
      expect(countRows(core, 'alerts')).toBe(1);

      // A Graylog HTTP notification pointed at the endpoint: its body is the event, read as one alert, once.
      const notification = JSON.stringify(
        {
          event_definition_id: '6633a1f0c2b5d84e1e2f9a10',
          event_definition_type: 'aggregation-v1',
          event_definition_title: 'SSH brute force',
          event: { id: '01HWXK3J9Q8ZV2T6M4N7P5R1S0', event_definition_id: '6633a1f0c2b5d84e1e2f9a10', timestamp: '2026-03-01T08:05:00.000Z', message: 'SSH brute force', priority: 3, alert: true, key_tuple: ['root'], fields: {}, group_by_fields: { username: 'root', source_ip: '203.0.113.9' } },
          backlog: [{ id: 'm1', index: 'graylog_0', message: 'Failed password for root', timestamp: '2026-03-01T08:04:59.000Z', source: 'web01', fields: {} }],
        },
        null,
        2,
      );
      expect(JSON.parse((await post(info.token, notification)).body)).toMatchObject({ ok: true, data: { imported: 1, rejected: 0 } });
      expect(JSON.parse((await post(info.token, notification)).body)).toMatchObject({ ok: true, data: { imported: 0, duplicates: 1 } });
      const graylog = listAlerts(core.ctx.workspace.sqlite, { sources: ['graylog'], limit: 10, offset: 0, order: 'desc' });
      expect(graylog.rows.map((r) => [r.title, r.severity, r.user, r.host, r.srcIp])).toEqual([['SSH brute force', 'high', 'root', 'web01', '203.0.113.9']]);
      await dispatch(core.handlers, 'ingest.setEndpoint', { enabled: false });
      await expect(post(info.token, alert)).rejects.toThrow();
    } finally {
      await core.dispose();
    }
  });
});

describe('one Wazuh alert saved in several places', () => {
  const core = tempCore();
  afterAll(() => core.dispose());

  it("is one alert: the manager's alerts.json line and its wazuh-alerts index document", async () => {
    const { readFileSync } = await import('node:fs');
    const path = join(DATASETS, 'wazuh/ossec_insect.json');
    expect(await importPaths(core, [path])).toMatchObject({ ok: true, data: { imported: 497, rejected: 0 } });
    // As the Wazuh indexer stores them (Filebeat adds @timestamp and GeoLocation, the index its own _id),
    // saved one hit per line with keys in another order.
    const docs = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Record<string, unknown>);
    const hits = docs.map((d, i) => {
      const { timestamp, ...rest } = d;
      const source = { ...rest, GeoLocation: { country_name: 'Austria' }, '@timestamp': timestamp, timestamp };
      return JSON.stringify({ _index: 'wazuh-alerts-4.x-2020.03.04', _id: `Xy${i}`, _score: null, _source: source, sort: [i] });
    });
    const hitsPath = join(files.dir, 'wazuh-index-hits.ndjson');
    writeFileSync(hitsPath, hits.join('\n') + '\n');
    expect(await importPaths(core, [hitsPath])).toMatchObject({ ok: true, data: { imported: 0, duplicates: 497, rejected: 0 } });
    expect(countRows(core, 'alerts')).toBe(497);

    // Another alert id, another agent or another manager is another alert, even with the same text otherwise.
    const first = docs[0]!;
    const others = [
      { ...first, id: `${String(first.id)}9` },
      { ...first, agent: { ...(first.agent as object), id: '042' } },
      { ...first, manager: { name: 'wazuh-worker-2' } },
    ];
    const othersPath = join(files.dir, 'wazuh-others.ndjson');
    writeFileSync(othersPath, others.map((o) => JSON.stringify(o)).join('\n') + '\n');
    expect(await importPaths(core, [othersPath])).toMatchObject({ ok: true, data: { imported: 3, duplicates: 0 } });
  });
});

describe('importing a saved Elasticsearch/OpenSearch search response', () => {
  const core = tempCore();
  afterAll(() => core.dispose());

  it('imports every hit as its own record, keeping each hit exactly as written', async () => {
    const { readFileSync } = await import('node:fs');
    const lines = readFileSync(join(DATASETS, 'suricata/first-org-conf-2015.alerts-only.ndjson'), 'utf8').split('\n').filter((l) => l.trim());
    const hits = lines.map((l, i) => `{\n      "_index": "logstash-2015.06.18",\n      "_id": "h${i}",\n      "_score": 1.0,\n      "_source": ${l.trim()}\n    }`);
    const response = `{\n  "took": 12,\n  "timed_out": false,\n  "hits": {\n    "total": { "value": ${hits.length}, "relation": "eq" },\n    "hits": [\n    ${hits.join(',\n    ')}\n    ]\n  }\n}\n`;
    const path = join(files.dir, 'search-response.json');
    writeFileSync(path, response);
    const result = await importPaths(core, [path]);
    expect(result).toMatchObject({ ok: true, data: { imported: 136, rejected: 0, files: [{ format: 'suricata-eve' }] } });
    const { sqlite } = core.ctx.workspace;
    const id = sqlite.prepare('SELECT id FROM alerts ORDER BY id LIMIT 1').pluck().get() as number;
    const detail = await dispatch(core.handlers, 'alerts.get', { id });
    expect(detail).toMatchObject({ ok: true, data: { raw: hits[0] } });
    // 64-bit flow ids survive: the record is the text, never re-serialised.
    const flowId = /"flow_id":\s*(\d+)/.exec(lines[0]!)![1]!;
    expect((detail as { data: { raw: string } }).data.raw).toContain(flowId);

    const again = await importPaths(core, [path]);
    expect(again).toMatchObject({ ok: true, data: { imported: 0, duplicates: 136 } });

    // The same documents found by another query (other score, sort values, index alias) are the same records.
    const other = response.replaceAll('"_score": 1.0', '"_score": 7.25, "sort": [1434600000000]').replaceAll('logstash-2015.06.18', 'alerts-alias');
    const otherPath = join(files.dir, 'search-response-2.json');
    writeFileSync(otherPath, other);
    expect(await importPaths(core, [otherPath])).toMatchObject({ ok: true, data: { imported: 0, duplicates: 136 } });

    // And so are the hits saved one per line (elasticdump, `_search` scrolled to NDJSON).
    const linesPath = join(files.dir, 'hits.ndjson');
    writeFileSync(linesPath, lines.map((l, i) => `{"_index":"logstash-2015.06.18","_id":"h${i}","_source":${l.trim()}}`).join('\n') + '\n');
    expect(await importPaths(core, [linesPath])).toMatchObject({ ok: true, data: { imported: 0, duplicates: 136 } });
  });

  it("imports Graylog's REST search response: Wazuh alerts flattened into `rule_level`, `agent_name`, …", async () => {
    const { readFileSync } = await import('node:fs');
    const flatten = (value: unknown, prefix: string, out: Record<string, unknown>): Record<string, unknown> => {
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}_${k}` : k, out);
      } else out[prefix] = value;
      return out;
    };
    const alerts = readFileSync(join(DATASETS, 'wazuh/wazuh-4.14-test-alerts.jsonl'), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Record<string, unknown>);
    const messages = alerts.map((a, i) => ({
      highlight_ranges: {},
      message: { ...flatten(a, '', {}), _id: `m${i}`, gl2_source_input: '65f0', source: 'wazuh-manager', timestamp: '2024-05-06 05:08:0' + i + '.123' },
      index: 'graylog_7',
      decoration_stats: null,
    }));
    const response = { query: 'rule_level:>3', built_query: '{}', used_indices: [], messages, fields: ['rule_level'], time: 5, total_results: messages.length };
    const path = join(files.dir, 'graylog-search.json');
    writeFileSync(path, JSON.stringify(response, null, 2));
    const result = await importPaths(core, [path]);
    expect(result).toMatchObject({ ok: true, data: { imported: alerts.length, rejected: 0, files: [{ format: 'wazuh-index' }] } });
    const rows = core.ctx.workspace.sqlite
      .prepare("SELECT ts, rule_id, host, src_ip, severity FROM alerts WHERE format = 'wazuh-index' ORDER BY ts")
      .all() as Array<{ ts: number; rule_id: string; host: string; src_ip: string | null; severity: string }>;
    expect(rows.map((r) => r.rule_id)).toEqual(alerts.map((a) => String((a.rule as { id: unknown }).id)));
    expect(rows[0]).toMatchObject({ ts: Date.parse('2024-05-06T05:08:00.123Z'), host: String((alerts[0]!.agent as { name: unknown }).name) });
    expect(rows.every((r) => r.src_ip !== null)).toBe(true);

    // One message per line, as some exports write them: the same documents, so duplicates.
    const linesPath = join(files.dir, 'graylog-messages.ndjson');
    writeFileSync(linesPath, messages.map((m) => JSON.stringify({ ...m, highlight_ranges: { message: [[0, 4]] } })).join('\n') + '\n');
    expect(await importPaths(core, [linesPath])).toMatchObject({ ok: true, data: { imported: 0, duplicates: alerts.length, rejected: 0 } });
  });

  it("imports Graylog's events search response, each event titled by its definition as the response names it", async () => {
    const event = (id: string, priority: number) => ({
      event: { id, event_definition_id: '6633a1f0c2b5d84e1e2f9a10', event_definition_type: 'aggregation-v1', timestamp: '2026-03-02T08:00:00.000Z', message: 'VPN brute force by user and source: count()=38.0', priority, alert: true, key_tuple: ['jdoe'], fields: {}, group_by_fields: { username: 'jdoe', source_ip: '198.51.100.23' } },
      index_name: 'gl-events_3',
      index_type: 'message',
    });
    const response = JSON.stringify({
      events: [event('01HWXK3J9Q8ZV2T6M4N7P5R1T0', 3), event('01HWXK3J9Q8ZV2T6M4N7P5R1T1', 2)],
      used_indices: ['gl-events_3'],
      total_events: 2,
      duration: 5,
      context: { event_definitions: { '6633a1f0c2b5d84e1e2f9a10': { id: '6633a1f0c2b5d84e1e2f9a10', title: 'VPN brute force by user and source', description: '' } }, streams: {} },
    });
    const result = await dispatch(core.handlers, 'ingest.importContent', { fileName: 'graylog-events.json', content: response });
    expect(result).toMatchObject({ ok: true, data: { imported: 2, rejected: 0, files: [{ format: 'graylog-event' }] } });
    const page = listAlerts(core.ctx.workspace.sqlite, { sources: ['graylog'], limit: 10, offset: 0, order: 'desc' });
    const details = await Promise.all(page.rows.map(async (r) => ((await dispatch(core.handlers, 'alerts.get', { id: r.id })) as { data: MethodOutput<'alerts.get'> }).data));
    expect(details.map((a) => [a.title, a.message, a.severity, a.user, a.srcIp]).sort()).toEqual([
      ['VPN brute force by user and source', 'VPN brute force by user and source: count()=38.0', 'high', 'jdoe', '198.51.100.23'],
      ['VPN brute force by user and source', 'VPN brute force by user and source: count()=38.0', 'medium', 'jdoe', '198.51.100.23'],
    ]);
  });

  it('reports a response without hits, and a bad hit by its number', async () => {
    const empty = join(files.dir, 'empty-response.json');
    writeFileSync(empty, '{"took":1,"hits":{"total":{"value":0},"hits":[]}}\n');
    const none = await importPaths(core, [empty]);
    expect(none).toMatchObject({ ok: true, data: { imported: 0, rejected: 1, errors: [{ line: 1, reason: 'search response holds no hits' }] } });
    const bad = join(files.dir, 'bad-hit.json');
    writeFileSync(bad, '{"hits":{"hits":[{"_source":{"nothing":"known"}},{"_source":{"ts":"2024-01-01T00:00:00Z","source":"edr","alert_type":"x","message":"m","severity":"low"}}]}}\n');
    const result = await importPaths(core, [bad]);
    expect(result).toMatchObject({ ok: true, data: { imported: 1, rejected: 1, errors: [{ line: 1, reason: expect.stringMatching(/^search hit 1: unrecognised record format/) }] } });
    const noSource = join(files.dir, 'no-source.json');
    writeFileSync(noSource, '{"took":2,"hits":{"total":{"value":1},"hits":[{"_index":"wazuh-alerts-4.x-2024.12.29","_id":"RULbFJQB1dQzvit6xJxR","_score":0}]}}\n');
    expect(await importPaths(core, [noSource])).toMatchObject({
      ok: true,
      data: { imported: 0, rejected: 1, errors: [{ line: 1, reason: 'search hit 1: the hit holds no document (the query left out _source)' }] },
    });
  });
});

describe('importing Elastic alerts', () => {
  const core = tempCore();
  afterAll(() => core.dispose());

  /** An intrusion on one laptop as Elastic saw it: two detection alerts (rule fields dotted, as the API returns them) and an Elastic Defend alert. */
  const detection = (uuid: string, minute: number, rule: string, severity: string, technique: string) => ({
    '@timestamp': `2024-05-02T09:${String(minute + 5).padStart(2, '0')}:03.412Z`,
    'kibana.alert.original_time': `2024-05-02T09:${String(minute).padStart(2, '0')}:20.000Z`,
    'kibana.alert.uuid': uuid,
    'kibana.alert.rule.rule_id': `rule-${uuid}`,
    'kibana.alert.rule.name': rule,
    'kibana.alert.severity': severity,
    'kibana.alert.risk_score': severity === 'high' ? 73 : 47,
    'kibana.alert.rule.threat': [{ framework: 'MITRE ATT&CK', tactic: { id: 'TA0002', name: 'Execution' }, technique: [{ id: technique, name: 'x' }] }],
    'kibana.alert.reason': `process event on john-desktop created ${severity} alert ${rule}.`,
    'event.kind': 'signal',
    host: { name: 'john-desktop', ip: ['10.0.0.42'] },
    user: { name: 'john' },
    process: { name: 'powershell.exe', executable: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe' },
  });
  const alerts = [
    detection('a1', 0, 'Suspicious Windows Powershell Arguments', 'high', 'T1059'),
    detection('a2', 2, 'Remote File Download via PowerShell', 'medium', 'T1105'),
    {
      '@timestamp': '2024-05-02T09:04:10.000Z',
      event: { kind: 'alert', module: 'endpoint', dataset: 'endpoint.alerts', risk_score: 99, category: ['malware'] },
      message: 'Malware Prevention Alert',
      rule: { name: 'Malware Prevention Alert' },
      file: { path: 'C:\\Users\\john\\AppData\\Local\\Temp\\updater.exe', hash: { sha256: 'ab'.repeat(32) } },
      host: { name: 'john-desktop' },
      user: { name: 'john' },
    },
    // Elsewhere, later, unrelated.
    {
      ...detection('b1', 40, 'Unusual Network Connection via RunDLL32', 'medium', 'T1218'),
      host: { name: 'build-server', ip: ['10.0.9.9'] },
      user: { name: 'svc-build' },
      process: { name: 'rundll32.exe', executable: 'C:\\Windows\\System32\\rundll32.exe' },
    },
  ];

  it('imports detection and endpoint alerts, finds the same alerts in a saved detection-engine response, and correlates them', async () => {
    const path = join(files.dir, 'elastic-alerts.ndjson');
    writeFileSync(path, alerts.map((a) => JSON.stringify(a)).join('\n') + '\n');
    const result = await importPaths(core, [path]);
    expect(result).toMatchObject({ ok: true, data: { imported: 4, rejected: 0, files: [{ format: 'elastic-alert' }] } });

    // POST /api/detection_engine/signals/search answers as a search: the two detection alerts again, with their document ids.
    const response = { took: 4, timed_out: false, hits: { total: { value: 2, relation: 'eq' }, hits: alerts.slice(0, 2).map((a) => ({ _index: '.internal.alerts-security.alerts-default-000001', _id: (a as Record<string, unknown>)['kibana.alert.uuid'], _score: null, _source: a, sort: [1714640420000] })) } };
    const responsePath = join(files.dir, 'signals-search.json');
    writeFileSync(responsePath, JSON.stringify(response, null, 2));
    expect(await importPaths(core, [responsePath])).toMatchObject({ ok: true, data: { imported: 0, duplicates: 2, rejected: 0 } });

    const page = listAlerts(core.ctx.workspace.sqlite, { text: 'powershell', limit: 10, offset: 0, order: 'asc' });
    expect(page.rows.map((r) => [r.title, r.severity, r.host, r.user])).toEqual([
      ['Suspicious Windows Powershell Arguments', 'high', 'john-desktop', 'john'],
      ['Remote File Download via PowerShell', 'medium', 'john-desktop', 'john'],
    ]);

    // By technique, a sub-technique's id whole; by the command line the message carries.
    const titlesFor = (text: string) => listAlerts(core.ctx.workspace.sqlite, { text, limit: 10, offset: 0, order: 'asc' }).rows.map((r) => r.title);
    expect(titlesFor('T1218')).toEqual(['Unusual Network Connection via RunDLL32']);
    expect(titlesFor('updater.exe')).toEqual(['Malware Prevention Alert']);

    const correlated = await dispatch(core.handlers, 'correlate.run', { rebuild: true });
    expect(correlated).toMatchObject({ ok: true, data: { alerts: 4, incidents: 1 } });
    const list = (await dispatch(core.handlers, 'incidents.list', { limit: 10 })) as { data: MethodOutput<'incidents.list'> };
    const [incident] = list.data.rows;
    expect(incident).toMatchObject({ severity: 'critical', alertCount: 3 });
    const { data: detail } = (await dispatch(core.handlers, 'incidents.get', { id: incident!.id })) as { data: MethodOutput<'incidents.get'> };
    expect(detail.mitre).toEqual(expect.arrayContaining(['T1059', 'T1105']));
    expect(detail.sources).toEqual(expect.arrayContaining(['elastic', 'elastic-defend']));
    expect(detail.summary).toContain('john-desktop');
  });
});
