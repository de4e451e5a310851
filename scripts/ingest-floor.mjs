#!/usr/bin/env node
/**
 * Ingest floor: how fast this machine can take alerts in with the least work
 * the bench's ingest figure counts (parse + normalise + store + index), each
 * step done the cheapest way we know, and none of the product's generality.
 *
 *   node scripts/ingest-floor.mjs FILE.ndjson [--alerts N]
 *
 * FLOOR_WINDOW=N lets the parser run N batches of 2,000 ahead of the writer
 * (default 4, as the product; 32 gives the best overlap, at several times the
 * memory). WAL auto-checkpoints are off during the run, as the product does;
 * the final checkpoint is timed on its own (checkpoint_s).
 *
 * FILE is the bench's generated file (keep one with `npm run bench -- --keep DIR`):
 * Wazuh alerts.json lines. What is left out, and the product does: format
 * detection and the other readers, every field beyond the nine below,
 * Windows/Sysmon/Suricata-through-Wazuh fields, ATT&CK ids, rejections with
 * line numbers, pretty-printed records, dedup against existing alerts by
 * identity (here only a unique fingerprint index), events, progress, cancel,
 * flow control and memory bounds, the search rows' entity and technique
 * columns. What is kept: JSON.parse of every line, nine fields read at fixed
 * paths, a fingerprint (the time, then SHA-256 of the line's bytes, no
 * re-encoding), the line
 * kept losslessly (zstd, 128 lines a block, from the bytes read), one row per
 * alert with a unique fingerprint index and a time index, entity ids for user,
 * host and two addresses, their (entity, time, alert) links, and a contentless
 * FTS5 row (title, message) per alert. Parsing runs on a worker thread, writing
 * on the main thread, as in the product. Prints one JSON line.
 */
import { createHash } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { zstdCompressSync } from 'node:zlib';

const BATCH = 2000;
const BLOCK_LINES = 128;
const VALUES = 13;

if (isMainThread) await main();
else parse(workerData);

async function main() {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--'));
  const at = args.indexOf('--alerts');
  const limit = at >= 0 ? Number(args[at + 1]) : Infinity;
  if (!file) throw new Error('usage: ingest-floor.mjs FILE.ndjson [--alerts N]');
  const Database = createRequire(import.meta.url)('better-sqlite3');
  const dir = mkdtempSync(join(tmpdir(), 'socwb-floor-'));
  const db = new Database(join(dir, 'floor.sqlite'));
  db.pragma('page_size = 8192');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -131072');
  db.pragma('wal_autocheckpoint = 0');
  db.exec(`
    CREATE TABLE raw_blocks (id INTEGER PRIMARY KEY, data BLOB NOT NULL);
    CREATE TABLE alerts (
      id INTEGER PRIMARY KEY, fingerprint BLOB NOT NULL, ts INTEGER NOT NULL, severity_rank INTEGER NOT NULL,
      rule_id TEXT, title TEXT, message TEXT, host TEXT, user TEXT, src_ip TEXT, dst_ip TEXT,
      raw_block INTEGER NOT NULL, raw_slot INTEGER NOT NULL, entity_ids TEXT NOT NULL);
    CREATE UNIQUE INDEX alerts_fingerprint ON alerts(fingerprint);
    CREATE INDEX alerts_ts ON alerts(ts);
    CREATE TABLE entities (id INTEGER PRIMARY KEY, type TEXT NOT NULL, value TEXT NOT NULL, UNIQUE (type, value));
    CREATE TABLE alert_entities (entity_id INTEGER NOT NULL, ts INTEGER NOT NULL, alert_id INTEGER NOT NULL,
      PRIMARY KEY (entity_id, ts, alert_id)) WITHOUT ROWID;
    CREATE VIRTUAL TABLE alerts_fts USING fts5(title, message, content='', contentless_delete=1);
    INSERT INTO alerts_fts (alerts_fts, rank) VALUES ('hashsize', 67108864);
  `);
  const insertBlock = db.prepare('INSERT INTO raw_blocks (data) VALUES (?)');
  const insertAlert = db.prepare(
    'INSERT OR IGNORE INTO alerts (fingerprint, ts, severity_rank, rule_id, title, message, host, user, src_ip, dst_ip, raw_block, raw_slot, entity_ids) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertEntity = db.prepare('INSERT INTO entities (type, value) VALUES (?, ?)');
  const insertLink = db.prepare('INSERT OR IGNORE INTO alert_entities (entity_id, ts, alert_id) VALUES (?, ?, ?)');
  const insertFts = db.prepare('INSERT INTO alerts_fts (rowid, title, message) VALUES (?, ?, ?)');
  const entityIds = new Map();
  /** Links and search rows wait for a slice, then go in key order, as the product's indexer does. */
  let pendingLinks = [];
  let pendingFts = [];
  const flushIndex = () => {
    pendingLinks.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
    db.transaction(() => {
      for (const l of pendingLinks) insertLink.run(l[0], l[1], l[2]);
      for (const f of pendingFts) insertFts.run(f[0], f[1], f[2]);
    })();
    pendingLinks = [];
    pendingFts = [];
  };

  const started = performance.now();
  const cpu0 = process.cpuUsage();
  let alerts = 0;
  let writeMs = 0;
  let indexMs = 0;
  const worker = new Worker(new URL(import.meta.url), { workerData: { file, limit } });
  let parserMs = 0;
  await new Promise((resolve, reject) => {
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`the parser thread exited (code ${code}) before it was done`)));
    worker.on('message', (m) => {
      if (m.done) {
        parserMs = m.busyMs;
        resolve();
        return;
      }
      const t = performance.now();
      db.transaction(() => {
        const blockIds = m.blocks.map((b) => Number(insertBlock.run(b).lastInsertRowid));
        const v = m.values;
        for (let i = 0; i < m.count; i++) {
          const o = i * VALUES;
          const keys = m.entities[i];
          const ids = [];
          for (const key of keys) {
            let id = entityIds.get(key);
            if (id === undefined) {
              const cut = key.indexOf('\u0000');
              id = Number(insertEntity.run(key.slice(0, cut), key.slice(cut + 1)).lastInsertRowid);
              entityIds.set(key, id);
            }
            ids.push(id);
          }
          const info = insertAlert.run(v[o], v[o + 1], v[o + 2], v[o + 3], v[o + 4], v[o + 5], v[o + 6], v[o + 7], v[o + 8], v[o + 9], blockIds[v[o + 10]], v[o + 11], ids.join(','));
          if (info.changes === 0) continue;
          const alertId = Number(info.lastInsertRowid);
          for (const id of ids) pendingLinks.push([id, v[o + 1], alertId]);
          pendingFts.push([alertId, v[o + 4], v[o + 5]]);
          alerts++;
        }
      })();
      const t2 = performance.now();
      writeMs += t2 - t;
      if (pendingFts.length >= 32_000) {
        flushIndex();
        indexMs += performance.now() - t2;
      }
      worker.postMessage('ack');
    });
  });
  const t = performance.now();
  flushIndex();
  indexMs += performance.now() - t;
  const c = performance.now();
  db.pragma('wal_checkpoint(TRUNCATE)');
  const checkpointMs = performance.now() - c;
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  db.close();
  rmSync(dir, { recursive: true, force: true });
  console.log(
    JSON.stringify({
      alerts,
      seconds: round(seconds),
      alerts_per_s: Math.round(alerts / seconds),
      parser_busy_s: round(parserMs / 1000),
      writer_rows_s: round(writeMs / 1000),
      writer_index_s: round(indexMs / 1000),
      checkpoint_s: round(checkpointMs / 1000),
      cpu_s: round((cpu.user + cpu.system) / 1e6),
      cpu_us_per_alert: round((cpu.user + cpu.system) / alerts),
    }),
  );
}

function parse({ file, limit }) {
  const started = performance.now();
  let idle = 0;
  let credits = Number(process.env.FLOOR_WINDOW ?? 4);
  let wake = null;
  parentPort.on('message', () => {
    credits++;
    if (wake) {
      const w = wake;
      wake = null;
      w();
    }
  });
  const waitCredit = () => new Promise((r) => (wake = r));
  (async () => {
    const fd = openSync(file, 'r');
    const size = statSync(file).size;
    const chunk = Buffer.allocUnsafe(1 << 20);
    let carry = Buffer.alloc(0);
    let position = 0;
    let count = 0;
    let values = [];
    let entities = [];
    let blocks = [];
    let block = [];
    let blockBytes = 0;
    const closeBlock = () => {
      if (block.length === 0) return;
      blocks.push(zstdCompressSync(Buffer.concat(block, blockBytes)));
      block = [];
      blockBytes = 0;
    };
    const post = async () => {
      closeBlock();
      while (credits <= 0) {
        const t = performance.now();
        await waitCredit();
        idle += performance.now() - t;
      }
      credits--;
      parentPort.postMessage({ count: entities.length, values, entities, blocks });
      values = [];
      entities = [];
      blocks = [];
    };
    while ((position < size || carry.length > 0) && count < limit) {
      const n = position < size ? readSync(fd, chunk, 0, chunk.length, position) : 0;
      position += n;
      // At the end of the file a last line without its newline gets one.
      const buf = n === 0 ? Buffer.concat([carry, Buffer.from('\n')]) : carry.length ? Buffer.concat([carry, chunk.subarray(0, n)]) : chunk.subarray(0, n);
      let start = 0;
      for (;;) {
        const end = buf.indexOf(10, start);
        if (end < 0 || count >= limit) break;
        const line = buf.subarray(start, end);
        start = end + 1;
        if (line.length === 0) continue;
        const doc = JSON.parse(line.toString('utf8'));
        const rule = doc.rule;
        const data = doc.data ?? {};
        const level = Number(rule.level);
        const host = doc.agent?.name ?? null;
        const user = data.srcuser ?? data.dstuser ?? null;
        const src = data.srcip ?? null;
        const dst = data.dstip ?? null;
        const ts = Date.parse(doc.timestamp);
        // The time first, so a chronological file appends to the unique index (as the product's fingerprints do).
        const fingerprint = createHash('sha256').update(line).digest();
        fingerprint.copyWithin(8, 0, 8);
        fingerprint.writeBigInt64BE(BigInt(ts), 0);
        if (block.length === BLOCK_LINES) closeBlock();
        const copy = Buffer.from(line);
        block.push(copy);
        blockBytes += copy.length;
        values.push(fingerprint.subarray(0, 16), ts, level >= 12 ? 3 : level >= 8 ? 2 : level >= 4 ? 1 : 0, rule.id, rule.description, doc.full_log ?? null, host, user, src, dst, blocks.length, block.length - 1);
        values.push(null); // keeps VALUES per alert
        const keys = [];
        if (user !== null) keys.push(`user\u0000${String(user).toLowerCase()}`);
        if (host !== null) keys.push(`host\u0000${host.toLowerCase()}`);
        if (src !== null) keys.push(`ip\u0000${src}`);
        if (dst !== null && dst !== src) keys.push(`ip\u0000${dst}`);
        entities.push(keys);
        count++;
        if (entities.length >= BATCH) await post();
      }
      carry = Buffer.from(buf.subarray(start));
    }
    closeSync(fd);
    if (entities.length > 0) await post();
    parentPort.postMessage({ done: true, busyMs: performance.now() - started - idle });
    process.exit(0);
  })();
}

function round(x) {
  return Math.round(x * 100) / 100;
}
