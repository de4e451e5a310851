import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { refreshIncidents, runCorrelation } from './correlate-service';
import { clusterAlerts, columnsFromRows } from './engine';
import { createFixture, mulberry32, partitionOf, type Fixture, type FixtureAlert } from './test-fixture';

const MIN = 60_000;
const T0 = Date.UTC(2024, 2, 1, 8, 0, 0);
const fixtures: Fixture[] = [];
function fixture(options?: Parameters<typeof createFixture>[0]): Fixture {
  const f = createFixture(options);
  fixtures.push(f);
  return f;
}
afterEach(() => {
  while (fixtures.length) fixtures.pop()!.close();
});

function randomAlerts(seed: number, count: number): FixtureAlert[] {
  const rnd = mulberry32(seed);
  const pick = (n: number) => Math.floor(rnd() * n);
  const alerts: FixtureAlert[] = [];
  for (let i = 0; i < count; i++) {
    const entities: FixtureAlert['entities'] = [];
    const k = 1 + pick(3);
    for (let j = 0; j < k; j++) {
      const kind = pick(3);
      if (kind === 0) entities.push({ type: 'user', value: `user${pick(40)}` });
      else if (kind === 1) entities.push({ type: 'host', value: `host${pick(40)}` });
      else entities.push({ type: 'ip', value: `10.0.${pick(4)}.${1 + pick(60)}` });
    }
    if (rnd() < 0.3) entities.push({ type: 'ip', value: '10.9.9.9' }); // a hub on ~30% of alerts
    if (rnd() < 0.1) entities.push({ type: 'user', value: 'SYSTEM' });
    alerts.push({ ts: T0 + pick(3 * 24 * 60) * MIN, entities, ruleId: `r${pick(6)}`, severity: (['low', 'medium', 'high'] as const)[pick(3)] });
  }
  return alerts;
}

describe('runCorrelation', () => {
  it('incremental correlation after each chunk equals one rebuild (several seeds)', () => {
    for (const seed of [1, 7, 42]) {
      const alerts = randomAlerts(seed, 1200);
      const inc = fixture();
      const modes: string[] = [];
      for (let at = 0; at < alerts.length; at += 200) {
        inc.insert(alerts.slice(at, at + 200));
        modes.push(runCorrelation(inc.ctx, { rebuild: false }).mode);
      }
      expect(modes[0]).toBe('rebuild'); // no watermark yet
      expect(modes.filter((m) => m === 'incremental').length).toBeGreaterThanOrEqual(3);
      const full = fixture();
      full.insert(alerts);
      const result = runCorrelation(full.ctx, { rebuild: true });
      expect(result.mode).toBe('rebuild');
      expect(inc.partition()).toEqual(full.partition());
      expect(full.links().size).toBe(alerts.length);
      expect(full.partition().length).toBeGreaterThan(20); // the hub did not glue everything
    }
  });

  it('keeps incident ids, links and analyst work across rebuilds', () => {
    const f = fixture();
    f.insert(randomAlerts(3, 600));
    runCorrelation(f.ctx, { rebuild: true });
    const before = f.links();
    const incident = before.get(1)!;
    f.workspace.sqlite
      .prepare("UPDATE incidents SET status = 'investigating', verdict = 'true_positive', verdict_reason = 'confirmed', assignee = 'ana', analyst_touched = 1 WHERE id = ?")
      .run(incident);
    f.workspace.sqlite.prepare("INSERT INTO incident_notes (incident_id, author, body, created_at) VALUES (?, 'ana', 'found the dropper', 1)").run(incident);
    const second = runCorrelation(f.ctx, { rebuild: true });
    expect(second.mode).toBe('rebuild');
    expect(f.links()).toEqual(before);
    const row = f.workspace.sqlite.prepare('SELECT status, verdict, verdict_reason, assignee FROM incidents WHERE id = ?').get(incident);
    expect(row).toEqual({ status: 'investigating', verdict: 'true_positive', verdict_reason: 'confirmed', assignee: 'ana' });
    const audit = f.workspace.sqlite.prepare("SELECT action FROM audit_log WHERE target_type = 'workspace' ORDER BY id").all();
    expect(audit).toEqual([{ action: 'correlate.rebuild' }, { action: 'correlate.rebuild' }]);
  });

  it('does not let a hub IP on 30% of alerts glue unrelated groups', () => {
    const f = fixture();
    const alerts: FixtureAlert[] = [];
    for (let g = 0; g < 7; g++) {
      for (let i = 0; i < 10; i++) {
        const entities: FixtureAlert['entities'] = [{ type: 'host', value: `srv-${g}` }];
        if (i % 3 === 0) entities.push({ type: 'ip', value: '10.0.0.53' });
        alerts.push({ ts: T0 + g * MIN + i * 1000, entities });
      }
    }
    // 30% of the 230 alerts carry the DNS server; the rest are scattered singletons far apart.
    const hubbed = alerts.filter((a) => a.entities.some((e) => e.value === '10.0.0.53')).length;
    for (let i = 0; alerts.length < 230; i++) {
      const entities: FixtureAlert['entities'] = [{ type: 'host', value: `lonely-${i}` }];
      if (hubbed + i < 69) entities.push({ type: 'ip', value: '10.0.0.53' });
      alerts.push({ ts: T0 + 10 * MIN + i * 1000, entities });
    }
    f.insert(alerts);
    runCorrelation(f.ctx, { rebuild: true });
    const groups = f.partition();
    const sizes = groups.map((g) => g.length).sort((a, b) => b - a);
    expect(sizes.slice(0, 7)).toEqual([10, 10, 10, 10, 10, 10, 10]);
    expect(sizes[7]).toBe(1);
    const explanation = JSON.parse(
      (f.workspace.sqlite.prepare("SELECT explanation FROM incidents WHERE id = (SELECT incident_id FROM incident_alerts WHERE alert_id = 1)").get() as { explanation: string }).explanation,
    );
    expect(explanation.ignoredHubs).toEqual([{ type: 'ip', value: '10.0.0.53', share: 0.3 }]);
    expect(explanation.text).toContain('10.0.0.53');
  });

  it('chains alerts over the window by single linkage, and splits at a gap', () => {
    const f = fixture();
    const chain = [0, 25, 50, 75, 100].map((m) => ({ ts: T0 + m * MIN, entities: [{ type: 'user' as const, value: 'bob' }] }));
    const after = { ts: T0 + 131 * MIN, entities: [{ type: 'user' as const, value: 'bob' }] }; // 31 min gap
    f.insert([...chain, after]);
    runCorrelation(f.ctx, { rebuild: true });
    expect(f.partition()).toEqual([[1, 2, 3, 4, 5], [6]]);
    // An alert filling the gap bridges the two incidents incrementally.
    f.insert([{ ts: T0 + 116 * MIN, entities: [{ type: 'user', value: 'bob' }] }]);
    const result = runCorrelation(f.ctx, { rebuild: false });
    expect(result.mode).toBe('incremental');
    expect(f.partition()).toEqual([[1, 2, 3, 4, 5, 6, 7]]);
  });

  it('keeps an analyst merge and split across rebuilds and incremental runs', () => {
    const f = fixture();
    const group = (host: string, start: number, n: number): FixtureAlert[] =>
      Array.from({ length: n }, (_, i) => ({ ts: T0 + start * MIN + i * MIN, entities: [{ type: 'host' as const, value: host }] }));
    f.insert([...group('a', 0, 5), ...group('b', 100, 5), ...group('c', 200, 10)]);
    runCorrelation(f.ctx, { rebuild: true });
    const links = f.links();
    const [incA, incB, incC] = [links.get(1)!, links.get(6)!, links.get(11)!];
    const db = f.workspace.sqlite;
    // Merge B into A (as the lead's merge does: move links pinned, record the merge).
    db.prepare('UPDATE incident_alerts SET incident_id = ?, pinned = 1 WHERE incident_id = ?').run(incA, incB);
    db.prepare('INSERT INTO incident_merges (from_id, into_id, merged_at) VALUES (?, ?, 1)').run(incB, incA);
    db.prepare('UPDATE incidents SET analyst_touched = 1 WHERE id IN (?, ?)').run(incA, incB);
    // Split alerts 11–13 out of C into a new incident S.
    db.prepare("INSERT INTO incidents (id, title, severity, severity_rank, risk, confidence, created_at, updated_at, analyst_touched) VALUES ('INC-split', '', 'info', 0, 0, 0, 1, 1, 1)").run();
    db.prepare("UPDATE incident_alerts SET incident_id = 'INC-split', pinned = 1 WHERE alert_id IN (11, 12, 13)").run();
    refreshIncidents(f.ctx, [incA, incB, incC, 'INC-split']);
    const expected = f.links();
    runCorrelation(f.ctx, { rebuild: true });
    expect(f.links()).toEqual(expected);
    expect(expected.get(6)).toBe(incA);
    expect(expected.get(11)).toBe('INC-split');
    expect(expected.get(14)).toBe(incC);
    // New alerts related to B's alerts join the merged incident; related to C's go to C.
    const [nb, nc] = f.insert([...group('b', 106, 1), ...group('c', 211, 1)]);
    expect(runCorrelation(f.ctx, { rebuild: false }).mode).toBe('incremental');
    expect(f.links().get(nb!)).toBe(incA);
    expect(f.links().get(nc!)).toBe(incC);
    const incremental = f.links();
    runCorrelation(f.ctx, { rebuild: true });
    expect(f.links()).toEqual(incremental);
    // B is empty but analyst-touched: kept with alert_count 0.
    expect(db.prepare('SELECT alert_count FROM incidents WHERE id = ?').get(incB)).toEqual({ alert_count: 0 });
  });

  it('a cancelled run leaves a consistent store and the next run completes it', () => {
    const alerts = randomAlerts(11, 3000);
    const controller = new AbortController();
    let writes = 0;
    const f = fixture({
      sink: (event, payload) => {
        if (event === 'correlate.progress' && (payload as { phase: string }).phase === 'write' && ++writes === 2) controller.abort();
      },
    });
    f.insert(alerts);
    expect(() => runCorrelation(f.ctx, { rebuild: true, signal: controller.signal, batchSize: 500 })).toThrowError(AppError);
    const partial = f.links();
    expect(partial.size).toBeGreaterThan(0);
    expect(partial.size).toBeLessThan(alerts.length);
    // Every link points at an existing incident whose alert_count matches its links.
    const db = f.workspace.sqlite;
    expect(db.prepare('SELECT count(*) AS n FROM incident_alerts ia LEFT JOIN incidents i ON i.id = ia.incident_id WHERE i.id IS NULL').get()).toEqual({ n: 0 });
    expect(
      db.prepare('SELECT count(*) AS n FROM incidents i WHERE alert_count != (SELECT count(*) FROM incident_alerts WHERE incident_id = i.id)').get(),
    ).toEqual({ n: 0 });
    expect(db.prepare("SELECT value FROM meta WHERE key = 'correlate.watermark'").get()).toBeUndefined();
    const next = runCorrelation(f.ctx, { rebuild: false });
    expect(next.mode).toBe('rebuild');
    const fresh = fixture();
    fresh.insert(alerts);
    runCorrelation(fresh.ctx, { rebuild: true });
    expect(f.partition()).toEqual(fresh.partition());
  });

  it('matches the pure engine and maintains incidents_fts', () => {
    const f = fixture();
    const alerts = randomAlerts(5, 500);
    const ids = f.insert(alerts);
    runCorrelation(f.ctx, { rebuild: true });
    const rows = f.workspace.sqlite.prepare('SELECT id, ts, entity_ids FROM alerts').all() as Array<{ id: number; ts: number; entity_ids: string }>;
    const noisy = (f.workspace.sqlite.prepare("SELECT value FROM meta WHERE key = 'correlate.noisy'").get() as { value: string }).value;
    const flags = new Uint8Array(10_000);
    for (const e of JSON.parse(noisy).ids as number[]) flags[e] = 1;
    const columns = columnsFromRows(rows.map((r) => ({ id: r.id, ts: r.ts, entityIds: r.entity_ids.split(',').map(Number) })));
    const clusters = clusterAlerts(columns, flags, 30 * MIN);
    const links = new Map<number, string>();
    for (let i = 0; i < columns.count; i++) links.set(columns.ids[i]!, `c${clusters.clusterOf[i]}`);
    expect(f.partition()).toEqual(partitionOf(links));
    expect(ids.length).toBe(500);
    const hit = f.workspace.sqlite.prepare("SELECT count(*) AS n FROM incidents_fts WHERE incidents_fts MATCH 'host7'").get() as { n: number };
    expect(hit.n).toBeGreaterThan(0);
    const total = f.workspace.sqlite.prepare('SELECT count(*) AS n FROM incidents').get() as { n: number };
    const fts = f.workspace.sqlite.prepare("SELECT count(*) AS n FROM incidents_fts WHERE incidents_fts MATCH 'test'").get() as { n: number };
    expect(fts.n).toBe(total.n);
  });
});
