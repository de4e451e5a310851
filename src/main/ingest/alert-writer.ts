/**
 * Bulk writer for normalised alerts and events: raw prepared statements, one
 * transaction per batch (never half a batch), fingerprint dedup, entity
 * bookkeeping. The original records of both are kept compressed in raw_blocks. The entity links and full-text rows of written alerts are added
 * afterwards in key order by indexNewAlerts (alert-index.ts).
 */
import { hash } from 'node:crypto';
import { severityRank, type EntityRef, type NormalizedAlert, type NormalizedEvent } from '../../shared/domain';
import { writeTimeKey } from '../store/time-key';
import type { Sqlite } from '../store/workspace';
import { RawBlockBuilder, type RawBlock } from './raw-blocks';

/**
 * Parsed alerts, and the events kept beside them, as columns: the shape
 * batches travel in from the parser thread. Flat arrays of primitives cost far
 * less to post between threads (and to collect) than an object per record.
 * Built by RecordBatchBuilder.
 */
export interface RecordBatch {
  /** Alerts in the batch. */
  count: number;
  /** ALERT_VALUES values per alert, in the order of the insert statement's placeholders. */
  values: Array<string | number | Uint8Array | null>;
  /** The batch's distinct entities, as `type + '\u0000' + value`. */
  entityKeys: string[];
  /** Alert i's entities are entityKeys[entityRefs[k]] for k in entityStart[i] … entityStart[i + 1] - 1. */
  entityRefs: Int32Array;
  entityStart: Int32Array;
  /** The alerts' original records, compressed; alert i is in rawBlocks[rawBlock[i]], slot rawSlot[i]. */
  rawBlocks: RawBlock[];
  rawBlock: Int32Array;
  rawSlot: Int32Array;
  /** Events (records kept but not alerts): EVENT_VALUES values each; their records are in rawBlocks too. */
  eventCount: number;
  eventValues: Array<string | number | Uint8Array>;
  eventRawBlock: Int32Array;
  eventRawSlot: Int32Array;
}

/** Values per alert in RecordBatch.values; ts is at TS_VALUE, source at SOURCE_VALUE. */
const ALERT_VALUES = 24;
const TS_VALUE = 1;
const SOURCE_VALUE = 2;
/** Values per event in RecordBatch.eventValues: fingerprint, ts, source, format, event type. */
const EVENT_VALUES = 5;

export class RecordBatchBuilder {
  private values: RecordBatch['values'] = [];
  private entityKeys: string[] = [];
  private entityIndex = new Map<string, number>();
  private refs: number[] = [];
  private starts: number[] = [0];
  private blocks: number[] = [];
  private slots: number[] = [];
  private eventValues: RecordBatch['eventValues'] = [];
  private eventBlocks: number[] = [];
  private eventSlots: number[] = [];
  private readonly raw = new RawBlockBuilder();

  get count(): number {
    return this.blocks.length;
  }

  /** `identity`: the text the fingerprint is taken from, when not the record itself (a search hit's document). */
  add(a: NormalizedAlert, entities: readonly EntityRef[], identity?: string): void {
    // First what can fail on a huge record, so a failure leaves the columns in step.
    const fingerprint = fingerprintOf(identity ?? a.raw, a.ts);
    const at = this.raw.add(a.raw);
    this.values.push(
      fingerprint,
      a.ts,
      a.source,
      a.format,
      a.ruleId,
      a.ruleName,
      a.ruleLevel,
      a.title,
      a.message,
      a.severity,
      severityRank(a.severity),
      a.category,
      a.user,
      a.host,
      a.srcIp,
      a.srcPort,
      a.dstIp,
      a.dstPort,
      a.process,
      a.fileHash,
      a.url,
      a.domain,
      a.mitre.length ? JSON.stringify(a.mitre) : null,
      a.assetTier,
    );
    for (const e of entities) {
      const key = e.type + '\u0000' + e.value;
      let index = this.entityIndex.get(key);
      if (index === undefined) {
        index = this.entityKeys.length;
        this.entityKeys.push(key);
        this.entityIndex.set(key, index);
      }
      this.refs.push(index);
    }
    this.starts.push(this.refs.length);
    this.blocks.push(at.block);
    this.slots.push(at.slot);
  }

  /** `identity` as for add. */
  addEvent(e: NormalizedEvent, identity?: string): void {
    const fingerprint = fingerprintOf(identity ?? e.raw, e.ts);
    const at = this.raw.add(e.raw);
    this.eventValues.push(fingerprint, e.ts, e.source, e.format, e.eventType);
    this.eventBlocks.push(at.block);
    this.eventSlots.push(at.slot);
  }

  /** The batch so far; the builder starts afresh. */
  take(): RecordBatch {
    const batch: RecordBatch = {
      count: this.blocks.length,
      values: this.values,
      entityKeys: this.entityKeys,
      entityRefs: Int32Array.from(this.refs),
      entityStart: Int32Array.from(this.starts),
      rawBlocks: this.raw.take(),
      rawBlock: Int32Array.from(this.blocks),
      rawSlot: Int32Array.from(this.slots),
      eventCount: this.eventBlocks.length,
      eventValues: this.eventValues,
      eventRawBlock: Int32Array.from(this.eventBlocks),
      eventRawSlot: Int32Array.from(this.eventSlots),
    };
    this.values = [];
    this.eventValues = [];
    this.eventBlocks = [];
    this.eventSlots = [];
    this.entityKeys = [];
    this.entityIndex = new Map();
    this.refs = [];
    this.starts = [0];
    this.blocks = [];
    this.slots = [];
    return batch;
  }
}

export interface BatchOutcome {
  imported: number;
  duplicates: number;
  events: number;
}

/**
 * Identity of a record for dedup, 16 bytes: the record's time as a sortable
 * 8-byte key, then the first 8 bytes of the SHA-256 of the record text as
 * received. Leading with the time makes the keys of a chronological file arrive
 * in index order, so the unique index is appended to instead of written at
 * random (row writes of 1M alerts 18.0 → 15.7 s, measured). The time is
 * read from the record, so the same record always gets the same key.
 * Pretty-printed records (multi-line, or on one line with `": "` and `, `
 * between members as Python's json.dumps writes them) are first reduced to
 * their non-whitespace structure, so re-saving a file does not defeat dedup.
 */
export function fingerprintOf(text: string, ts: number): Buffer {
  const basis = text.includes('\n') || text.includes('": ') ? minifyJson(text) : text;
  const digest = hash('sha256', basis, 'buffer');
  digest.copyWithin(8, 0, 8);
  writeTimeKey(digest, ts);
  return digest.subarray(0, 16);
}

/** Removes whitespace outside JSON strings. */
function minifyJson(text: string): string {
  let out = '';
  let inString = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped char
      else if (c === 34) inString = false;
    } else if (c === 34) {
      inString = true;
    } else if (c === 32 || c === 10 || c === 13 || c === 9) {
      out += text.slice(start, i);
      start = i + 1;
    }
  }
  return out + text.slice(start);
}

export class AlertWriter {
  private readonly insertAlert;
  private readonly insertBlock;
  private readonly deleteBlock;
  private readonly insertEvent;
  private readonly selectEntity;
  private readonly insertEntity;
  private readonly bumpEntity;
  private readonly bumpSource;
  private readonly entityIds = new Map<string, number>();

  constructor(
    private readonly sqlite: Sqlite,
    private readonly importId: number | null,
    private readonly now: () => number,
  ) {
    this.insertAlert = sqlite.prepare(
      `INSERT OR IGNORE INTO alerts (fingerprint, ts, source, format, rule_id, rule_name, rule_level, title, message,
        severity, severity_rank, category, user, host, src_ip, src_port, dst_ip, dst_port, process, file_hash, url, domain, mitre, asset_tier,
        ingested_at, import_id, entity_ids, raw_block, raw_slot, raw)
       VALUES (${'?, '.repeat(ALERT_VALUES + 5)}'')`,
    );
    this.insertBlock = sqlite.prepare('INSERT INTO raw_blocks (codec, records, data) VALUES (?, ?, ?)');
    this.deleteBlock = sqlite.prepare('DELETE FROM raw_blocks WHERE id = ?');
    this.insertEvent = sqlite.prepare(
      `INSERT OR IGNORE INTO events (fingerprint, ts, source, format, event_type, ingested_at, import_id, raw_block, raw_slot, raw)
       VALUES (${'?, '.repeat(EVENT_VALUES + 4)}'')`,
    );
    this.selectEntity = sqlite.prepare('SELECT id FROM entities WHERE type = ? AND value = ?').pluck();
    this.insertEntity = sqlite.prepare('INSERT INTO entities (type, value, alert_count) VALUES (?, ?, 0)');
    this.bumpSource = sqlite.prepare(
      'INSERT INTO alert_sources (source, alert_count) VALUES (?, ?) ON CONFLICT(source) DO UPDATE SET alert_count = alert_count + excluded.alert_count',
    );
    this.bumpEntity = sqlite.prepare(
      `UPDATE entities SET alert_count = alert_count + ?,
         first_seen = min(coalesce(first_seen, ?), ?), last_seen = max(coalesce(last_seen, ?), ?)
       WHERE id = ?`,
    );
  }

  /** Writes record batches in one transaction. */
  writeBatch(batches: readonly RecordBatch[]): BatchOutcome {
    try {
      // IMMEDIATE: it reads (dedup) before it writes, which would fail at once if another connection wrote in between.
      return this.sqlite.transaction(() => this.writeBatchUnsafe(batches)).immediate();
    } catch (error) {
      // Entity ids created inside the rolled-back transaction no longer exist.
      this.entityIds.clear();
      throw error;
    }
  }

  private entityId(key: string): number {
    let id = this.entityIds.get(key);
    if (id === undefined) {
      const split = key.indexOf('\u0000');
      const type = key.slice(0, split);
      const value = key.slice(split + 1);
      id = this.selectEntity.get(type, value) as number | undefined;
      if (id === undefined) id = Number(this.insertEntity.run(type, value).lastInsertRowid);
      if (this.entityIds.size > 2_000_000) this.entityIds.clear();
      this.entityIds.set(key, id);
    }
    return id;
  }

  private writeBatchUnsafe(batches: readonly RecordBatch[]): BatchOutcome {
    const ingestedAt = this.now();
    const counts = new Map<number, { n: number; first: number; last: number }>();
    const sources = new Map<string, number>();
    const params: unknown[] = new Array(ALERT_VALUES + 5);
    params[ALERT_VALUES] = ingestedAt;
    params[ALERT_VALUES + 1] = this.importId;
    const ids: number[] = [];
    const local: number[] = [];
    const eventParams: unknown[] = new Array(EVENT_VALUES + 4);
    eventParams[EVENT_VALUES] = ingestedAt;
    eventParams[EVENT_VALUES + 1] = this.importId;
    let imported = 0;
    let duplicates = 0;
    let eventCount = 0;
    for (const batch of batches) {
      const blockIds = batch.rawBlocks.map((b) => Number(this.insertBlock.run(b.codec, b.records, b.data).lastInsertRowid));
      const blockUsed = new Uint8Array(blockIds.length);
      const entityIds = batch.entityKeys.map((key) => this.entityId(key));
      // Per batch entity: alerts imported with it, and their first and last time.
      const entityAlerts = new Int32Array(entityIds.length);
      const entityFirst = new Float64Array(entityIds.length).fill(Number.POSITIVE_INFINITY);
      const entityLast = new Float64Array(entityIds.length).fill(Number.NEGATIVE_INFINITY);
      const { values, entityRefs, entityStart } = batch;
      for (let i = 0, base = 0; i < batch.count; i++, base += ALERT_VALUES) {
        const block = batch.rawBlock[i]!;
        const blockId = blockIds[block];
        if (blockId === undefined) throw new Error(`alert ${i} of a batch refers to raw block ${block} of ${blockIds.length}`);
        // The alert's distinct entities (batch indexes), by ascending entity id.
        local.length = 0;
        ids.length = 0;
        for (let k = entityStart[i]!; k < entityStart[i + 1]!; k++) {
          const ref = entityRefs[k]!;
          const id = entityIds[ref]!;
          let at = ids.length;
          while (at > 0 && ids[at - 1]! > id) at--;
          if (ids[at - 1] !== id) {
            ids.splice(at, 0, id);
            local.splice(at, 0, ref);
          }
        }
        for (let j = 0; j < ALERT_VALUES; j++) params[j] = values[base + j];
        params[ALERT_VALUES + 2] = ids.join(',');
        params[ALERT_VALUES + 3] = blockId;
        params[ALERT_VALUES + 4] = batch.rawSlot[i];
        if (this.insertAlert.run(params).changes === 0) {
          duplicates++;
          continue;
        }
        imported++;
        blockUsed[block] = 1;
        const ts = values[base + TS_VALUE] as number;
        const source = values[base + SOURCE_VALUE] as string;
        sources.set(source, (sources.get(source) ?? 0) + 1);
        for (const ref of local) {
          entityAlerts[ref]!++;
          if (ts < entityFirst[ref]!) entityFirst[ref] = ts;
          if (ts > entityLast[ref]!) entityLast[ref] = ts;
        }
      }
      for (let ref = 0; ref < entityIds.length; ref++) {
        const n = entityAlerts[ref]!;
        if (n === 0) continue;
        const id = entityIds[ref]!;
        const c = counts.get(id);
        if (c) {
          c.n += n;
          c.first = Math.min(c.first, entityFirst[ref]!);
          c.last = Math.max(c.last, entityLast[ref]!);
        } else counts.set(id, { n, first: entityFirst[ref]!, last: entityLast[ref]! });
      }
      for (let i = 0, base = 0; i < batch.eventCount; i++, base += EVENT_VALUES) {
        const block = batch.eventRawBlock[i]!;
        const blockId = blockIds[block];
        if (blockId === undefined) throw new Error(`event ${i} of a batch refers to raw block ${block} of ${blockIds.length}`);
        for (let j = 0; j < EVENT_VALUES; j++) eventParams[j] = batch.eventValues[base + j];
        eventParams[EVENT_VALUES + 2] = blockId;
        eventParams[EVENT_VALUES + 3] = batch.eventRawSlot[i];
        if (this.insertEvent.run(eventParams).changes === 0) {
          duplicates++;
          continue;
        }
        eventCount++;
        blockUsed[block] = 1;
      }
      // Blocks whose every record was a duplicate are not kept.
      for (let b = 0; b < blockIds.length; b++) if (!blockUsed[b]) this.deleteBlock.run(blockIds[b]!);
    }
    for (const [source, n] of sources) this.bumpSource.run(source, n);
    for (const [entityId, c] of counts) this.bumpEntity.run(c.n, c.first, c.first, c.last, c.last, entityId);
    return { imported, duplicates, events: eventCount };
  }
}
