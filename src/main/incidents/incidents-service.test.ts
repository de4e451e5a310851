import { afterEach, describe, expect, it } from 'vitest';
import type { IncidentListInput } from '../../shared/contract';
import { runCorrelation } from '../correlate/correlate-service';
import { createFixture, type Fixture } from '../correlate/test-fixture';
import { listIncidents, mergeIncidents } from './incidents-service';

const MIN = 60_000;
const T0 = Date.UTC(2024, 2, 1, 8, 0, 0);
const fixtures: Fixture[] = [];
afterEach(() => {
  while (fixtures.length) fixtures.pop()!.close();
});

/** Three incidents on separate hosts, one of them about brute force. */
function threeIncidents(): Fixture {
  const f = createFixture();
  fixtures.push(f);
  f.insert([
    { ts: T0, entities: [{ type: 'host', value: 'web01' }], title: 'SSH brute force', severity: 'high' },
    { ts: T0 + MIN, entities: [{ type: 'host', value: 'web01' }], title: 'SSH brute force', severity: 'high' },
    { ts: T0, entities: [{ type: 'host', value: 'db02' }], title: 'Malware dropped', severity: 'medium' },
    { ts: T0 + MIN, entities: [{ type: 'host', value: 'db02' }], title: 'Malware dropped', severity: 'medium' },
    { ts: T0, entities: [{ type: 'host', value: 'mail03' }], title: 'Phishing link clicked', severity: 'low' },
    { ts: T0 + MIN, entities: [{ type: 'host', value: 'mail03' }], title: 'Phishing link clicked', severity: 'low' },
  ]);
  runCorrelation(f.ctx, { rebuild: true });
  return f;
}

const LIST: IncidentListInput = { sort: 'risk', order: 'desc', limit: 50, offset: 0 };
const search = (f: Fixture, text: string, extra: Partial<IncidentListInput> = {}) =>
  listIncidents(f.workspace.sqlite, { ...LIST, ...extra, search: text });
const allIds = (f: Fixture) => listIncidents(f.workspace.sqlite, LIST).rows.map((r) => r.id);

describe('listIncidents search by incident id', () => {
  it('finds an incident by its full id, in any case, and by the hex part alone', () => {
    const f = threeIncidents();
    const ids = allIds(f);
    expect(ids).toHaveLength(3);
    const id = ids[2]!;
    const hex = id.slice('INC-'.length);
    for (const text of [id, id.toUpperCase(), id.toLowerCase(), hex, hex.toUpperCase(), `  ${id}  `]) {
      const page = search(f, text);
      expect(page.rows.map((r) => r.id), text).toEqual([id]);
      expect(page.total, text).toBe(1);
    }
  });

  it('finds incidents by an id prefix of at least six hex digits (four after "INC-")', () => {
    const f = threeIncidents();
    const id = allIds(f)[1]!;
    const hex = id.slice('INC-'.length);
    expect(search(f, hex.slice(0, 6)).rows.map((r) => r.id)).toContain(id);
    expect(search(f, `inc-${hex.slice(0, 4)}`).rows.map((r) => r.id)).toContain(id);
    // Too short to be an id: searched as text only (and these words are in no incident).
    expect(search(f, hex.slice(0, 3)).rows.map((r) => r.id)).not.toContain(id);
  });

  it('puts the exact id match first, ahead of text matches and of the sort order', () => {
    const f = threeIncidents();
    const sqlite = f.workspace.sqlite;
    const [top, , low] = allIds(f) as [string, string, string];
    // Another incident's summary mentions the low-risk incident's id (say, "see INC-…"): it matches as text too.
    sqlite.prepare('UPDATE incidents SET summary = ? WHERE id = ?').run(`Related to ${low}`, top);
    const rowid = sqlite.prepare('SELECT rowid FROM incidents WHERE id = ?').pluck().get(top) as number;
    sqlite.prepare('DELETE FROM incidents_fts WHERE rowid = ?').run(rowid);
    sqlite.prepare('INSERT INTO incidents_fts (rowid, title, summary, entities, notes) VALUES (?, ?, ?, ?, ?)').run(rowid, 'x', `Related to ${low}`, '', '');
    const page = search(f, low);
    expect(page.rows.map((r) => r.id)).toEqual([low, top]);
    expect(page.total).toBe(2);
  });

  it('keeps free-text search and the other filters working', () => {
    const f = threeIncidents();
    const brute = search(f, 'brute');
    expect(brute.rows.map((r) => r.title)).toEqual([expect.stringMatching(/^SSH brute force/)]);
    expect(search(f, 'web01').total).toBe(1);
    const id = brute.rows[0]!.id;
    expect(search(f, id, { severities: ['low'] }).total).toBe(0);
    expect(search(f, id, { severities: ['high'] }).total).toBe(1);
    expect(search(f, 'INC-zzzz').total).toBe(0);
  });

  it('finds the incident an id was merged into', () => {
    const f = threeIncidents();
    const [a, b, c] = allIds(f) as [string, string, string];
    mergeIncidents(f.ctx, [a, b]);
    mergeIncidents(f.ctx, [c, a]);
    // b went into a, then a into c: both ids lead to c.
    for (const text of [b, b.slice('INC-'.length).toUpperCase(), a]) expect(search(f, text).rows.map((r) => r.id), text).toEqual([c]);
  });
});

describe('listIncidents by ids', () => {
  const byIds = (f: Fixture, ids: string[], extra: Partial<IncidentListInput> = {}) => listIncidents(f.workspace.sqlite, { ...LIST, ...extra, ids });

  it('lists only the named incidents, in the sort asked for', () => {
    const f = threeIncidents();
    const [first, second, third] = allIds(f) as [string, string, string];
    const page = byIds(f, [third, first]);
    expect(page.rows.map((r) => r.id)).toEqual([first, third]);
    expect(page.total).toBe(2);
    expect(byIds(f, [third, first], { order: 'asc' }).rows.map((r) => r.id)).toEqual([third, first]);
    expect(byIds(f, [second]).rows).toEqual(listIncidents(f.workspace.sqlite, LIST).rows.filter((r) => r.id === second));
  });

  it('lists the incident an id was merged into, once, and nothing for an unknown id', () => {
    const f = threeIncidents();
    const [a, b, c] = allIds(f) as [string, string, string];
    mergeIncidents(f.ctx, [a, b]);
    mergeIncidents(f.ctx, [c, a]);
    // b went into a, then a into c.
    expect(byIds(f, [b]).rows.map((r) => r.id)).toEqual([c]);
    expect(byIds(f, [a, b, c]).total).toBe(1);
    expect(byIds(f, ['INC-0000000000']).rows).toEqual([]);
    // Merge records as a chain (x into the a that went on into c), and a cycle: followed, and the cycle ends.
    const insertMerge = f.workspace.sqlite.prepare('INSERT INTO incident_merges (from_id, into_id, merged_at) VALUES (?, ?, 1)');
    insertMerge.run('INC-00000000aa', a);
    insertMerge.run('INC-00000000bb', 'INC-00000000cc');
    insertMerge.run('INC-00000000cc', 'INC-00000000bb');
    expect(byIds(f, ['INC-00000000aa', 'INC-00000000bb']).rows.map((r) => r.id)).toEqual([c]);
  });

  it('combines with the other filters', () => {
    const f = threeIncidents();
    const ids = allIds(f);
    const high = listIncidents(f.workspace.sqlite, { ...LIST, severities: ['high'] }).rows.map((r) => r.id);
    expect(high.length).toBeGreaterThan(0);
    expect(byIds(f, ids, { severities: ['high'] }).rows.map((r) => r.id)).toEqual(high);
    expect(byIds(f, ids, { search: 'malware' }).rows.map((r) => r.title)).toEqual([expect.stringMatching(/Malware/)]);
  });
});
