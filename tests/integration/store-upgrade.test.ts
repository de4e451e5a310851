import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../src/main/api/registry';
import { listAlerts } from '../../src/main/alerts/alerts-repository';
import { createCore } from '../../src/main/core/app';
import type { EventHub } from '../../src/main/core/context';
import { runCorrelation } from '../../src/main/correlate/correlate-service';
import { INDEXED_THROUGH_KEY, indexNewAlerts } from '../../src/main/ingest/alert-index';
import { AlertWriter, fingerprintOf, RecordBatchBuilder } from '../../src/main/ingest/alert-writer';
import { extractEntities } from '../../src/main/ingest/entities';
import { parseBatches } from '../../src/main/ingest/parse-batches';
import { parseRecord } from '../../src/main/ingest/formats';
import { hitSourceText } from '../../src/main/ingest/formats/search-response';
import { migration0001 } from '../../src/main/store/migrations/0001-initial';
import { migration0002 } from '../../src/main/store/migrations/0002-compact-alerts';
import { migration0003 } from '../../src/main/store/migrations/0003-faster-ingest';
import { migration0004 } from '../../src/main/store/migrations/0004-compact-events';
import { readRawRecord } from '../../src/main/ingest/raw-blocks';
import { getMeta, openWorkspace, type Sqlite } from '../../src/main/store/workspace';
import { DATASETS, tempDir } from './helpers';

const dirs: Array<{ cleanup(): void }> = [];
afterAll(() => dirs.forEach((d) => d.cleanup()));
function folder(): string {
  const t = tempDir('socwb-upgrade-');
  dirs.push(t);
  return t.dir;
}

const INSECT = join(DATASETS, 'wazuh/ossec_insect.json');

/** The first record of INSECT and its time as the importer reads it. */
function firstInsectRecord(): { line: string; ts: number } {
  const line = readFileSync(INSECT, 'utf8').split('\n')[0]!.trim();
  const parsed = parseRecord(line);
  if (parsed.kind !== 'alert') throw new Error('expected an alert');
  return { line, ts: parsed.alert.ts };
}

/** The fingerprint of the (one) alert in `dir` once migrated to schema 3, before later migrations change it. */
function alertFingerprintAtSchema3(dir: string): Buffer {
  const upgraded = openWorkspace(dir, { migrations: [migration0001, migration0002, migration0003] });
  try {
    return upgraded.sqlite.prepare('SELECT fingerprint FROM alerts').pluck().get() as Buffer;
  } finally {
    upgraded.close();
  }
}

/** The fingerprint an import gives the record today. */
function importedFingerprint(line: string, ts: number): Buffer {
  return fingerprintOf(parseRecord(line).identity ?? line, ts);
}

/** An alert as an older schema stored it: its record text in raw, its fingerprint as given. */
function insertOldAlert(sqlite: Sqlite, fingerprint: string | Uint8Array, ts: number, line: string): void {
  sqlite
    .prepare(
      `INSERT INTO alerts (fingerprint, ts, ingested_at, source, format, title, severity, severity_rank, entity_ids, raw)
       VALUES (?, ?, 1, 'wazuh', 'wazuh-alerts', 'old alert', 'low', 1, '', ?)`,
    )
    .run(fingerprint, ts, line);
}

/** Importing INSECT again adds all its records but the one the old store already had. */
async function expectReimportFindsTheOldAlert(core: ReturnType<typeof createCore>): Promise<void> {
  const again = await dispatch(core.handlers, 'ingest.importFiles', { paths: [INSECT] });
  expect(again).toMatchObject({ ok: true, data: { imported: 496, duplicates: 1, rejected: 0 } });
}

describe('migrations 0002 and 0003 on a workspace written by schema 1', () => {
  it('keeps old alerts readable, turns their fingerprints into time-keyed bytes, and still deduplicates them', async () => {
    const dir = folder();
    const { line, ts } = firstInsectRecord();
    const old = openWorkspace(dir, { migrations: [migration0001] });
    // An alert as schema 1 stored it: base64url SHA-256 text fingerprint, record text in raw.
    const oldFingerprint = createHash('sha256').update(line).digest('base64url').slice(0, 27);
    insertOldAlert(old.sqlite, oldFingerprint, ts, line);
    old.close();
    const fingerprint = alertFingerprintAtSchema3(dir);
    expect(Buffer.isBuffer(fingerprint)).toBe(true);
    expect(fingerprint.equals(fingerprintOf(line, ts))).toBe(true);

    const core = createCore({ workspaceDir: dir, transport: 'cli', actor: 'tester' });
    try {
      const { sqlite } = core.ctx.workspace;
      const row = sqlite.prepare('SELECT id, fingerprint FROM alerts').get() as { id: number; fingerprint: Buffer };
      expect(row.fingerprint.equals(importedFingerprint(line, ts))).toBe(true);
      expect(getMeta(sqlite, INDEXED_THROUGH_KEY)).toBe(String(row.id));
      const detail = await dispatch(core.handlers, 'alerts.get', { id: row.id });
      expect(detail).toMatchObject({ ok: true, data: { raw: line, fingerprint: row.fingerprint.toString('hex') } });

      await expectReimportFindsTheOldAlert(core);
    } finally {
      await core.close();
    }
  });
});

describe('migration 0003 on a workspace written by schema 2', () => {
  it('puts the record time in front of old fingerprints, so re-importing still finds the duplicates', async () => {
    const dir = folder();
    const { line, ts } = firstInsectRecord();
    const old = openWorkspace(dir, { migrations: [migration0001, migration0002] });
    // As schema 2 stored them: the first 16 bytes of the record's SHA-256.
    const sha = createHash('sha256').update(line).digest();
    insertOldAlert(old.sqlite, sha.subarray(0, 16), ts, line);
    old.sqlite
      .prepare(`INSERT INTO events (fingerprint, ts, ingested_at, source, format, event_type, raw) VALUES (?, ?, 1, 'suricata', 'suricata-eve', 'flow', '{}')`)
      .run(createHash('sha256').update('{}').digest().subarray(0, 16), -1);
    old.close();
    const alert = alertFingerprintAtSchema3(dir);
    expect(alert.equals(fingerprintOf(line, ts))).toBe(true);
    expect(alert.subarray(8).equals(sha.subarray(0, 8))).toBe(true);

    const core = createCore({ workspaceDir: dir, transport: 'cli', actor: 'tester' });
    try {
      const { sqlite } = core.ctx.workspace;
      const event = sqlite.prepare('SELECT fingerprint FROM events').pluck().get() as Buffer;
      expect(event.equals(fingerprintOf('{}', -1))).toBe(true);
      await expectReimportFindsTheOldAlert(core);
    } finally {
      await core.close();
    }
  });
});

describe('migration 0004 on a workspace written by schema 3', () => {
  it('keeps old events as text, stores new ones compressed, and still deduplicates both', async () => {
    const dir = folder();
    const eve = (type: string, second: number, extra: string) =>
      `{"timestamp":"2024-05-06T07:08:${String(second).padStart(2, '0')}.000000+0000","flow_id":${second},"event_type":"${type}","src_ip":"10.0.0.${second}","dest_ip":"192.0.2.1",${extra}}`;
    const oldLine = eve('flow', 1, '"flow":{"pkts_toserver":3}');
    const parsedOld = parseRecord(oldLine);
    if (parsedOld.kind !== 'event') throw new Error('expected an event');
    const old = openWorkspace(dir, { migrations: [migration0001, migration0002, migration0003] });
    // As schema 3 stored it: the time-keyed fingerprint, the record text in raw.
    old.sqlite
      .prepare(`INSERT INTO events (fingerprint, ts, ingested_at, source, format, event_type, raw) VALUES (?, ?, 1, 'suricata', 'suricata-eve', 'flow', ?)`)
      .run(fingerprintOf(oldLine, parsedOld.event.ts), parsedOld.event.ts, oldLine);
    old.close();

    const newLines = [
      eve('dns', 2, '"dns":{"type":"query","rrname":"example.org"}'),
      eve('alert', 3, '"alert":{"signature":"ET TEST","severity":2}'),
      eve('tls', 4, '"tls":{"sni":"example.org","version":"TLS 1.3"}'),
    ];
    const file = join(dir, 'eve.json');
    writeFileSync(file, [oldLine, ...newLines].join('\n') + '\n');
    const core = createCore({ workspaceDir: dir, transport: 'cli', actor: 'tester' });
    try {
      const { sqlite } = core.ctx.workspace;
      const first = await dispatch(core.handlers, 'ingest.importFiles', { paths: [file] });
      expect(first).toMatchObject({ ok: true, data: { imported: 1, events: 2, duplicates: 1, rejected: 0 } });
      const rows = sqlite
        .prepare('SELECT e.event_type, e.raw, e.raw_slot, b.codec, b.data FROM events e LEFT JOIN raw_blocks b ON b.id = e.raw_block ORDER BY e.id')
        .raw()
        .all() as Array<[string, string, number | null, string | null, Uint8Array | null]>;
      expect(rows.map((r) => r[0])).toEqual(['flow', 'dns', 'tls']);
      // The old event keeps its text; the new ones are in a block, exactly as written.
      expect(rows[0]!.slice(1)).toEqual([oldLine, null, null, null]);
      for (const [k, [, raw, slot, codec, data]] of rows.slice(1).entries()) {
        expect(raw).toBe('');
        expect(readRawRecord(codec!, data!, slot!)).toBe(newLines[k === 0 ? 0 : 2]);
      }
      // Alerts and events of one batch share blocks; a block of duplicates only is not kept.
      const blocks = sqlite.prepare('SELECT count(*) FROM raw_blocks').pluck().get();
      const again = await dispatch(core.handlers, 'ingest.importFiles', { paths: [file] });
      expect(again).toMatchObject({ ok: true, data: { imported: 0, events: 0, duplicates: 4 } });
      expect(sqlite.prepare('SELECT count(*) FROM raw_blocks').pluck().get()).toBe(blocks);
    } finally {
      await core.close();
    }
  });
});

describe('migration 0005 on a workspace written by schema 4', () => {
  it("gives stored Wazuh alerts their identity's fingerprint, so neither copy of an alert is imported again", async () => {
    const dir = folder();
    const lines = readFileSync(INSECT, 'utf8').split('\n').filter((l) => l.trim()).map((l) => l.trim());
    // As the Wazuh indexer stores an alert: @timestamp added, its own _id.
    const asHit = (line: string, i: number) =>
      `{"_index":"wazuh-alerts-4.x-2020.03.04","_id":"h${i}","_source":${line.slice(0, -1)},"@timestamp":"${new Date(parseRecordTs(line)).toISOString()}"}}`;
    const old = openWorkspace(dir, { migrations: [migration0001, migration0002, migration0003, migration0004] });
    // As schema 4 stored them: fingerprints from the record text, records in compressed blocks; one more
    // alert with its text in raw (from before 0002); and one alert twice, its line and its index hit.
    const batch = new RecordBatchBuilder();
    for (const line of [...lines.slice(1), asHit(lines[5]!, 5)]) {
      const parsed = parseRecord(line);
      if (parsed.kind !== 'alert') throw new Error('expected an alert');
      batch.add(parsed.alert, extractEntities(parsed.alert), line.startsWith('{"_index"') ? hitSourceText(line)! : line);
    }
    new AlertWriter(old.sqlite, null, () => 1).writeBatch([batch.take()]);
    const { line, ts } = firstInsectRecord();
    insertOldAlert(old.sqlite, fingerprintOf(line, ts), ts, line);
    old.close();

    const core = createCore({ workspaceDir: dir, transport: 'cli', actor: 'tester' });
    try {
      const { sqlite } = core.ctx.workspace;
      expect(sqlite.prepare('SELECT count(*) FROM alerts').pluck().get()).toBe(498);
      const fingerprints = sqlite.prepare('SELECT fingerprint FROM alerts ORDER BY id').pluck().all() as Buffer[];
      const expected = [...lines.slice(1), lines[5]!, line].map((l) => importedFingerprint(l, parseRecordTs(l)));
      // Every alert has the fingerprint an import computes today, except the second stored copy, which keeps its old one.
      expect(fingerprints.map((f, i) => f.equals(expected[i]!))).toEqual(fingerprints.map((_, i) => i !== 496));

      const again = await dispatch(core.handlers, 'ingest.importFiles', { paths: [INSECT] });
      expect(again).toMatchObject({ ok: true, data: { imported: 0, duplicates: 497, rejected: 0 } });
      const hitsPath = join(dir, 'hits.ndjson');
      writeFileSync(hitsPath, lines.map((l, i) => asHit(l, i)).join('\n') + '\n');
      const hits = await dispatch(core.handlers, 'ingest.importFiles', { paths: [hitsPath] });
      expect(hits).toMatchObject({ ok: true, data: { imported: 0, duplicates: 497, rejected: 0 } });
    } finally {
      await core.close();
    }
  });
});

function parseRecordTs(line: string): number {
  const parsed = parseRecord(line);
  if (parsed.kind !== 'alert') throw new Error('expected an alert');
  return parsed.alert.ts;
}

describe('an import stopped between writing alerts and indexing them', () => {
  it('is indexed on the next start: entity links and search find those alerts', async () => {
    const dir = folder();
    const ws = openWorkspace(dir);
    const writer = new AlertWriter(ws.sqlite, null, () => 1);
    let written = 0;
    for await (const batch of parseBatches(Readable.from([readFileSync(INSECT)]), { batchSize: 10_000 })) {
      written += writer.writeBatch([batch.records]).imported;
    }
    // The kill: the alerts are committed, the indexing step never ran.
    expect(written).toBe(497);
    expect(ws.sqlite.prepare('SELECT count(*) FROM alert_entities').pluck().get()).toBe(0);
    // A first slice got done before the kill; the rest is left for the next start.
    expect(indexNewAlerts(ws.sqlite, 100)).toBe(100);
    expect(getMeta(ws.sqlite, INDEXED_THROUGH_KEY)).toBe('100');
    const linkedSoFar = ws.sqlite.prepare('SELECT count(DISTINCT alert_id) FROM alert_entities').pluck().get() as number;
    expect(linkedSoFar).toBeGreaterThan(0);
    expect(linkedSoFar).toBeLessThanOrEqual(100);
    ws.close();

    const core = createCore({ workspaceDir: dir, transport: 'cli', actor: 'tester' });
    try {
      // In the background, after start-up (start-up-catch-up.test.ts shows the app answering meanwhile).
      expect(await core.catchUp.finished).toEqual({ indexed: 397, complete: true });
      const { sqlite } = core.ctx.workspace;
      const unlinked = sqlite
        .prepare(`SELECT count(*) FROM alerts a WHERE a.entity_ids <> '' AND NOT EXISTS (SELECT 1 FROM alert_entities ae WHERE ae.alert_id = a.id)`)
        .pluck()
        .get();
      expect(unlinked).toBe(0);
      expect(getMeta(sqlite, INDEXED_THROUGH_KEY)).toBe(String(sqlite.prepare('SELECT max(id) FROM alerts').pluck().get()));
      const byIp = listAlerts(sqlite, { text: '192.168.10.18', limit: 10, offset: 0, order: 'desc' });
      expect(byIp.total).toBeGreaterThan(50);
      const correlated = await dispatch(core.handlers, 'correlate.run', { rebuild: true });
      expect(correlated).toMatchObject({ ok: true, data: { alerts: 497 } });
    } finally {
      await core.close();
    }
  });

  it('re-importing a file stores no second copy of its records', async () => {
    const dir = folder();
    const core = createCore({ workspaceDir: dir, transport: 'cli', actor: 'tester' });
    try {
      const { sqlite } = core.ctx.workspace;
      const lines = readFileSync(INSECT, 'utf8').split('\n').filter(Boolean);
      const half = join(dir, 'half.json');
      writeFileSync(half, lines.slice(0, 200).join('\n'));
      await dispatch(core.handlers, 'ingest.importFiles', { paths: [half] });
      const blocks = sqlite.prepare('SELECT count(*) FROM raw_blocks').pluck().get() as number;
      expect(blocks).toBeGreaterThan(0);
      const again = await dispatch(core.handlers, 'ingest.importFiles', { paths: [half] });
      expect(again).toMatchObject({ ok: true, data: { imported: 0, duplicates: 200 } });
      expect(sqlite.prepare('SELECT count(*) FROM raw_blocks').pluck().get()).toBe(blocks);
      // Every alert's record is readable from its block.
      const ids = sqlite.prepare('SELECT id FROM alerts ORDER BY id').pluck().all() as number[];
      for (const [i, id] of ids.entries()) {
        const detail = await dispatch(core.handlers, 'alerts.get', { id });
        expect(detail).toMatchObject({ ok: true, data: { raw: lines[i]!.trim() } });
      }
    } finally {
      await core.close();
    }
  });
});

describe('a correlation run while an import is writing', () => {
  it('groups only alerts whose entity links exist; the next run takes the rest, as a rebuild would', async () => {
    const dir = folder();
    const lines = readFileSync(INSECT, 'utf8').split('\n').filter(Boolean);
    const first = join(dir, 'first.json');
    writeFileSync(first, lines.slice(0, 250).join('\n'));
    const core = createCore({ workspaceDir: dir, transport: 'cli', actor: 'tester' });
    const importer = openWorkspace(dir); // the import's own connection, as in the desktop app
    try {
      await dispatch(core.handlers, 'ingest.importFiles', { paths: [first] });
      expect(runCorrelation(core.ctx, { rebuild: true }).alerts).toBe(250);

      // The rest arrives while the next run is under way: committed, not yet linked (the import links after each stretch).
      const batches: Array<Awaited<ReturnType<typeof collect>>> = [await collect(lines.slice(250).join('\n'))];
      let written = 0;
      const unsubscribe = (core.ctx.events as EventHub).subscribe((event, payload) => {
        if (event !== 'correlate.progress' || (payload as { phase: string }).phase !== 'load' || written > 0) return;
        const writer = new AlertWriter(importer.sqlite, null, () => 2);
        for (const batch of batches[0]!) written += writer.writeBatch([batch.records]).imported;
      });
      const during = runCorrelation(core.ctx, { rebuild: false });
      unsubscribe();
      expect(written).toBe(247);
      expect(during.alerts).toBe(250);
      const { sqlite } = core.ctx.workspace;
      const lateLinked = sqlite.prepare('SELECT count(*) FROM incident_alerts WHERE alert_id > 250').pluck().get();
      expect(lateLinked).toBe(0);

      const after = runCorrelation(core.ctx, { rebuild: false });
      expect(after).toMatchObject({ mode: 'incremental', alerts: 497 });
      const partition = () =>
        (sqlite.prepare('SELECT incident_id, group_concat(alert_id) AS ids FROM (SELECT * FROM incident_alerts ORDER BY alert_id) GROUP BY incident_id ORDER BY min(alert_id)').all() as Array<{ ids: string }>).map(
          (r) => r.ids,
        );
      const incremental = partition();
      runCorrelation(core.ctx, { rebuild: true });
      expect(incremental).toEqual(partition());
      // The Horde login failures name violet only in their text, which now joins the web side of the attack to the PAM/dovecot side.
      expect(incremental.length).toBe(1);
    } finally {
      importer.close();
      await core.close();
    }
  });
});

async function collect(text: string) {
  const out = [];
  for await (const batch of parseBatches(Readable.from([Buffer.from(text)]), { batchSize: 10_000 })) out.push(batch);
  return out;
}
