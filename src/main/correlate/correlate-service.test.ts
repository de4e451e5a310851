import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../shared/errors';
import { isIncidentCluster, NARRATIVE_VERSION, refreshIncidents, runCorrelation } from './correlate-service';
import { CorrelateRepository } from './correlate-repository';
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

function explanationOf(f: Fixture, alertId: number): {
  text: string;
  ignoredHubs: Array<{ type: string; value: string; share: number }>;
  sharedEntities: Array<{ value: string }>;
} {
  const row = f.workspace.sqlite
    .prepare('SELECT explanation FROM incidents WHERE id = (SELECT incident_id FROM incident_alerts WHERE alert_id = ?)')
    .get(alertId) as { explanation: string };
  return JSON.parse(row.explanation);
}

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
    if (rnd() < 0.15) {
      // An attacker on ~15% of alerts against one victim: common but not diverse, so not a hub.
      entities.length = 0;
      entities.push({ type: 'ip', value: '198.51.100.7' }, { type: 'ip', value: '10.5.5.5' }, { type: 'host', value: `host${pick(40)}` });
    }
    if (rnd() < 0.3) entities.push({ type: 'ip', value: '10.9.9.9' }); // a hub on ~30% of alerts (many peers)
    if (rnd() < 0.1) entities.push({ type: 'user', value: 'SYSTEM' });
    alerts.push({ ts: T0 + pick(3 * 24 * 60) * MIN, entities, ruleId: `r${pick(6)}`, severity: (['low', 'medium', 'high'] as const)[pick(3)] });
  }
  return alerts;
}

describe('runCorrelation', () => {
  it('incremental correlation after each chunk equals one rebuild (several seeds)', () => {
    for (const seed of [1, 7, 42]) {
      const alerts = randomAlerts(seed, 1200);
      // Planted lone alerts on entities of their own: low ones that stay alone, low ones whose neighbour arrives
      // chunks later (the old uncorrelated alert must join it), and high ones that are incidents by themselves.
      const rnd = mulberry32(seed + 1000);
      const at = (from: number, to: number) => from + Math.floor(rnd() * (to - from));
      const solo = (value: string, ts: number, severity: FixtureAlert['severity']): FixtureAlert => ({ ts, entities: [{ type: 'user', value }], severity });
      for (let k = 0; k < 12; k++) {
        const ts = T0 + at(0, 3 * 24 * 60) * MIN;
        alerts.splice(at(0, 400), 0, solo(`solo-${k}`, ts, 'low'));
        if (k % 3 === 0) alerts.splice(at(600, alerts.length), 0, solo(`solo-${k}`, ts + (k % 2 ? -1 : 1) * 10 * MIN, 'medium'));
        if (k % 3 === 1) alerts.splice(at(0, alerts.length), 0, solo(`high-${k}`, ts, k % 2 ? 'high' : 'critical'));
      }
      const inc = fixture();
      const modes: string[] = [];
      for (let at = 0; at < alerts.length; at += 200) {
        inc.insert(alerts.slice(at, at + 200));
        modes.push(runCorrelation(inc.ctx, { rebuild: false }).mode);
      }
      expect(modes[0]).toBe('rebuild'); // no watermark yet
      expect(modes.filter((m) => m === 'incremental').length).toBeGreaterThanOrEqual(3);
      const full = fixture();
      const ids = full.insert(alerts);
      const result = runCorrelation(full.ctx, { rebuild: true });
      expect(result.mode).toBe('rebuild');
      expect(inc.partition()).toEqual(full.partition());
      // Every alert is in an incident or counted as uncorrelated; the lone planted ones went by the rule.
      const links = full.links();
      expect(result.uncorrelated).toBeGreaterThan(0);
      expect(links.size + result.uncorrelated).toBe(alerts.length);
      const planted = (value: string) => ids.filter((_, i) => alerts[i]!.entities[0]!.value === value);
      for (let k = 0; k < 12; k++) {
        const incidents = planted(`solo-${k}`).map((id) => links.get(id));
        if (k % 3 === 0) expect(incidents.length === 2 && incidents[0] !== undefined && incidents[0] === incidents[1]).toBe(true);
        else expect(incidents).toEqual([undefined]);
        if (k % 3 === 1) expect(planted(`high-${k}`).map((id) => links.get(id) !== undefined)).toEqual([true]);
      }
      expect(full.partition().length).toBeGreaterThan(20); // the hub did not glue everything
      const noisy = JSON.parse((full.workspace.sqlite.prepare("SELECT value FROM meta WHERE key = 'correlate.noisy'").get() as { value: string }).value) as { ids: number[] };
      const entityId = (value: string) => (full.workspace.sqlite.prepare('SELECT id FROM entities WHERE value = ?').get(value) as { id: number }).id;
      expect(noisy.ids).toContain(entityId('10.9.9.9'));
      expect(noisy.ids).not.toContain(entityId('198.51.100.7'));
    }
  });

  it('handles noisy-set flips between chunks (share and background, both ways) locally: incremental ≡ rebuild after every chunk', () => {
    // Small thresholds so a 1,600-alert store crosses them: hubs from 10 alerts on 5% with 5+ peers; background in
    // 25% of the active windows, at least 20. Chunk c covers hours [12c, 12c + 12): alerts arrive in time order.
    const params = { hubMinAlerts: 10, hubShare: 0.05, hubMinPeers: 5, backgroundMinWindows: 20 };
    const W30 = 30 * MIN;
    const chunkAlerts = (seed: number, c: number): FixtureAlert[] => {
      const rnd = mulberry32(seed * 100 + c);
      const pick = (n: number) => Math.floor(rnd() * n);
      const start = T0 + c * 24 * W30;
      const out: FixtureAlert[] = [];
      for (let i = 0; i < 200; i++) {
        const entities: FixtureAlert['entities'] = [{ type: 'host', value: `host${pick(30)}` }];
        if (rnd() < 0.5) entities.push({ type: 'user', value: `user${pick(30)}` });
        if (rnd() < 0.4) entities.push({ type: 'ip', value: `10.0.${pick(3)}.${1 + pick(40)}` });
        // A scanner on 15% of chunks 0–1 (a share hub, until the total outgrows it) and one on 20% from chunk 4.
        if ((c <= 1 && rnd() < 0.15) || (c >= 4 && rnd() < 0.2)) entities.push({ type: 'ip', value: c <= 1 ? '203.0.113.5' : '203.0.113.9' }, { type: 'ip', value: `10.1.${pick(4)}.${1 + pick(50)}` });
        out.push({ ts: start + pick(24 * W30), entities, ruleId: `r${pick(5)}`, severity: (['low', 'medium', 'high'] as const)[pick(3)] });
      }
      // Background: a domain in every window of chunk 0 (background until the active windows outgrow it), and a
      // beacon in every window from chunk 3 on.
      for (let w = 0; w < 24; w++) {
        const ts = start + w * W30 + pick(W30);
        if (c === 0) out.push({ ts, entities: [{ type: 'domain', value: 'cdn.example' }, { type: 'host', value: `host${pick(30)}` }] });
        if (c >= 3) out.push({ ts, entities: [{ type: 'domain', value: 'beacon.example' }, { type: 'host', value: `host${pick(30)}` }] });
      }
      return out;
    };
    const noisyIds = (f: Fixture): string[] => {
      const state = JSON.parse((f.workspace.sqlite.prepare("SELECT value FROM meta WHERE key = 'correlate.noisy'").get() as { value: string }).value) as { ids: number[] };
      return state.ids.map((id) => (f.workspace.sqlite.prepare('SELECT value FROM entities WHERE id = ?').get(id) as { value: string }).value).sort();
    };
    for (const seed of [1, 2, 3]) {
      const inc = fixture();
      const full = fixture();
      const history: string[][] = [];
      for (let c = 0; c < 8; c++) {
        const chunk = chunkAlerts(seed, c);
        inc.insert(chunk);
        full.insert(chunk);
        // A small store: let the local re-clustering take any share (its default bound of 20% is for large stores).
        const result = runCorrelation(inc.ctx, { rebuild: false, params, localReclusterMaxShare: 1 });
        expect(result.mode).toBe(c === 0 ? 'rebuild' : 'incremental');
        runCorrelation(full.ctx, { rebuild: true, params });
        expect(inc.partition()).toEqual(full.partition());
        expect(noisyIds(inc)).toEqual(noisyIds(full));
        history.push(noisyIds(inc));
        if (c === 1) {
          // An analyst splits a few alerts out (pinned): two carrying cdn.example (glue again later) and one other.
          for (const f of [inc, full]) {
            const db = f.workspace.sqlite;
            db.prepare("INSERT INTO incidents (id, title, severity, severity_rank, risk, confidence, created_at, updated_at, analyst_touched) VALUES ('INC-split', '', 'info', 0, 0, 0, 1, 1, 1)").run();
            const cdn = db.prepare("SELECT alert_id FROM alert_entities WHERE entity_id = (SELECT id FROM entities WHERE value = 'cdn.example') ORDER BY alert_id LIMIT 2").all() as Array<{ alert_id: number }>;
            for (const alertId of [...cdn.map((r) => r.alert_id), 5]) {
              db.prepare("INSERT INTO incident_alerts (alert_id, incident_id, pinned) VALUES (?, 'INC-split', 1) ON CONFLICT(alert_id) DO UPDATE SET incident_id = 'INC-split', pinned = 1").run(alertId);
            }
          }
        }
      }
      const became = (value: string) => history.findIndex((ids) => ids.includes(value));
      const stopped = (value: string) => history.findIndex((ids, k) => k > 0 && history[k - 1]!.includes(value) && !ids.includes(value));
      // Each flip happened between chunks, after the first run: share hub → glue, glue → share hub, background → glue, glue → background.
      expect(became('203.0.113.5')).toBe(0);
      expect(stopped('203.0.113.5')).toBeGreaterThan(0);
      expect(became('203.0.113.9')).toBeGreaterThan(0);
      expect(became('cdn.example')).toBe(0);
      expect(stopped('cdn.example')).toBeGreaterThan(0);
      expect(became('beacon.example')).toBeGreaterThan(0);
      // The audit says incremental for every run after the first.
      const audit = inc.workspace.sqlite.prepare("SELECT action FROM audit_log WHERE target_type = 'workspace' ORDER BY id").all() as Array<{ action: string }>;
      expect(audit.map((a) => a.action)).toEqual(['correlate.rebuild', ...Array(7).fill('correlate.incremental')]);
    }
  });

  it('carries persisted active-window counts forward exactly, with alerts arriving out of time order', () => {
    const params = { hubMinAlerts: 10, hubShare: 0.5, hubMinPeers: 5, backgroundMinWindows: 20 };
    const W30 = 30 * MIN;
    for (const seed of [4, 5]) {
      const rnd = mulberry32(seed);
      const pick = (n: number) => Math.floor(rnd() * n);
      const inc = fixture();
      const full = fixture();
      for (let c = 0; c < 8; c++) {
        const chunk: FixtureAlert[] = [];
        // Times over four days, whichever chunk: new alerts land in windows old ones already made active, and in new ones.
        const span = (2 + c) * 24 * 2;
        for (let i = 0; i < 150; i++) {
          const entities: FixtureAlert['entities'] = [{ type: 'host', value: `host${pick(30)}` }];
          if (rnd() < 0.35) entities.push({ type: 'domain', value: 'beacon.example' });
          if (rnd() < 0.12) entities.push({ type: 'domain', value: `cdn${pick(3)}.example` });
          if (rnd() < 0.4) entities.push({ type: 'user', value: `user${pick(20)}` });
          chunk.push({ ts: T0 + pick(span) * W30 + pick(W30), entities, ruleId: `r${pick(4)}`, severity: (['low', 'medium', 'high'] as const)[pick(3)] });
        }
        inc.insert(chunk);
        full.insert(chunk);
        runCorrelation(inc.ctx, { rebuild: false, params, localReclusterMaxShare: 1 });
        runCorrelation(full.ctx, { rebuild: true, params });
        expect(inc.partition()).toEqual(full.partition());
        const state = (f: Fixture) =>
          JSON.parse((f.workspace.sqlite.prepare("SELECT value FROM meta WHERE key = 'correlate.noisy'").get() as { value: string }).value) as {
            ids: number[];
            background: number[];
            windowCounts: { windowMs: number; through: number; entries: number[] };
          };
        const s = state(inc);
        expect(s.ids).toEqual(state(full).ids);
        expect(s.background).toEqual(state(full).background);
        const db = inc.workspace.sqlite;
        for (let k = 0; k < s.windowCounts.entries.length; k += 3) {
          const [id, count, exact] = s.windowCounts.entries.slice(k, k + 3) as [number, number, number];
          const truth = (db.prepare('SELECT count(DISTINCT ts / ?) AS n FROM (SELECT ts - (ts % ?) AS ts FROM alert_entities WHERE entity_id = ? AND alert_id <= ?)').get(W30, W30, id, s.windowCounts.through) as { n: number }).n;
          if (exact) expect(count).toBe(truth);
          else expect(count).toBeLessThanOrEqual(truth);
        }
        if (c === 7) expect(s.background.length).toBeGreaterThan(0);
      }
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

  it('does not let a scanner IP on 30% of alerts, hitting 200+ different IPs, glue unrelated groups', () => {
    const f = fixture();
    const alerts: FixtureAlert[] = [];
    let target = 0;
    const scanned = (): FixtureAlert['entities'] => [
      { type: 'ip', value: '10.6.6.6' },
      { type: 'ip', value: `172.16.${Math.floor(target / 250)}.${1 + (target++ % 250)}` },
    ];
    for (let g = 0; g < 7; g++) {
      for (let i = 0; i < 10; i++) {
        const entities: FixtureAlert['entities'] = [{ type: 'host', value: `srv-${g}` }];
        if (i % 3 === 0) entities.push(...scanned());
        alerts.push({ ts: T0 + g * MIN + i * 1000, entities });
      }
    }
    // 700 alerts; the scanner is on 30% of them, each time against another address; the rest are far-apart singletons.
    for (let i = 0; alerts.length < 700; i++) {
      const entities: FixtureAlert['entities'] = [{ type: 'host', value: `lonely-${i}` }];
      if (target < 210) entities.push(...scanned());
      alerts.push({ ts: T0 + 10 * MIN + i * 1000, entities });
    }
    expect(target).toBe(210);
    f.insert(alerts);
    runCorrelation(f.ctx, { rebuild: true });
    const sizes = f.partition().map((g) => g.length).sort((a, b) => b - a);
    expect(sizes).toEqual([10, 10, 10, 10, 10, 10, 10]); // the lone medium alerts stay uncorrelated
    const explanation = explanationOf(f, 1);
    expect(explanation.ignoredHubs).toEqual([{ type: 'ip', value: '10.6.6.6', share: 0.3 }]);
    expect(explanation.text).toContain('ip 10.6.6.6 (on 30% of all alerts and with 20+ distinct IPs)');
  });

  it('lets an attacker IP on 60% of alerts, talking to one victim, glue its chain (the hard share is for hosts only)', () => {
    const f = fixture();
    const alerts: FixtureAlert[] = [];
    const rules = ['scan', 'exploit', 'upload', 'shell', 'exfil'];
    // 150 attacker alerts one minute apart over 2.5 hours, every one against the same victim.
    for (let i = 0; i < 150; i++) {
      alerts.push({
        ts: T0 + i * MIN,
        ruleId: rules[Math.floor(i / 30)]!,
        entities: [
          { type: 'ip', value: '203.0.113.7' },
          { type: 'ip', value: '10.1.1.21' },
          { type: 'host', value: i % 2 ? 'web-01' : 'mail-01' },
        ],
      });
    }
    // 100 unrelated alerts on hosts of their own.
    for (let i = 0; i < 100; i++) alerts.push({ ts: T0 + i * 40_000, entities: [{ type: 'host', value: `desk-${i}` }] });
    const ids = f.insert(alerts);
    const result = runCorrelation(f.ctx, { rebuild: true });
    const links = f.links();
    const attackIncidents = new Set(ids.slice(0, 150).map((id) => links.get(id)));
    expect(attackIncidents.size).toBe(1);
    expect(f.partition().length).toBe(1); // the 100 lone medium alerts are no incidents
    expect(result).toMatchObject({ incidents: 1, alerts: 250, uncorrelated: 100 });
    const explanation = explanationOf(f, ids[0]!);
    expect(explanation.sharedEntities.map((e) => e.value)).toEqual(expect.arrayContaining(['203.0.113.7', '10.1.1.21']));
    expect(explanation.ignoredHubs).toEqual([]);
  });

  it('treats a service account on 25% of alerts across 50 hosts as a hub, and SYSTEM as stoplisted', () => {
    const f = fixture();
    const alerts: FixtureAlert[] = [];
    // 50 hosts, each with a burst of 8 alerts; two of each burst show the service account and SYSTEM.
    for (let g = 0; g < 50; g++) {
      for (let i = 0; i < 8; i++) {
        const entities: FixtureAlert['entities'] = [{ type: 'host', value: `ws-${g}` }];
        if (i < 2) entities.push({ type: 'user', value: 'svc_backup' }, { type: 'user', value: 'SYSTEM' });
        alerts.push({ ts: T0 + g * 2 * MIN + i * 1000, entities });
      }
    }
    f.insert(alerts);
    runCorrelation(f.ctx, { rebuild: true });
    const groups = f.partition();
    expect(groups.length).toBe(50);
    expect(groups.every((g) => g.length === 8)).toBe(true);
    const explanation = explanationOf(f, 1);
    expect(explanation.ignoredHubs).toEqual([
      { type: 'user', value: 'svc_backup', share: 0.25 },
      { type: 'user', value: 'system', share: 0.25 },
    ]);
    expect(explanation.text).toContain('user svc_backup (on 25% of all alerts and with 20+ distinct hosts)');
    expect(explanation.text).toContain('user system (stoplisted, 25% of all alerts)');
  });

  it('does not let an operating-system program glue two hosts, lets an attacker\'s tool do so, and regroups a store correlated before', () => {
    const f = fixture();
    const { sqlite } = f.workspace;
    // Two hosts, two users, a minute apart: all they share is powershell.exe (a name without its path).
    const ids = f.insert([
      { ts: T0, entities: [{ type: 'host', value: 'ws-1' }, { type: 'user', value: 'alice' }, { type: 'process', value: 'powershell.exe' }], severity: 'high' },
      { ts: T0 + MIN, entities: [{ type: 'host', value: 'ws-2' }, { type: 'user', value: 'bob' }, { type: 'process', value: 'powershell.exe' }], severity: 'high' },
      // The same on two other hosts, sharing a tool of the attacker's.
      { ts: T0, entities: [{ type: 'host', value: 'ws-3' }, { type: 'process', value: 'mimikatz.exe' }], severity: 'high' },
      { ts: T0 + MIN, entities: [{ type: 'host', value: 'ws-4' }, { type: 'process', value: 'mimikatz.exe' }], severity: 'high' },
    ]);
    runCorrelation(f.ctx, { rebuild: true });
    expect(f.partition()).toEqual([[ids[0]!], [ids[1]!], [ids[2]!, ids[3]!]]);
    expect(explanationOf(f, ids[0]!).text).toContain('process powershell.exe (an operating-system program, on every host of its kind; 50% of all alerts)');

    // A store correlated before the stoplist named programs: the two hosts in one incident, and a noisy state without it.
    const into = f.links().get(ids[0]!)!;
    const from = f.links().get(ids[1]!)!;
    sqlite.prepare('UPDATE incident_alerts SET incident_id = ? WHERE alert_id = ?').run(into, ids[1]);
    sqlite.prepare('DELETE FROM incidents WHERE id = ?').run(from);
    const powershell = sqlite.prepare("SELECT id FROM entities WHERE type = 'process' AND value = 'powershell.exe'").pluck().get() as number;
    const noisy = JSON.parse(sqlite.prepare("SELECT value FROM meta WHERE key = 'correlate.noisy'").pluck().get() as string);
    const old = { ...noisy, ids: noisy.ids.filter((id: number) => id !== powershell), stop: noisy.stop.filter((id: number) => id !== powershell) };
    delete old.stoplist;
    sqlite.prepare("UPDATE meta SET value = ? WHERE key = 'correlate.noisy'").run(JSON.stringify(old));
    expect(f.partition()).toEqual([[ids[0]!, ids[1]!], [ids[2]!, ids[3]!]]);
    // Regrouped locally (in so small a store the default share would rebuild it instead).
    const run = runCorrelation(f.ctx, { rebuild: false, localReclusterMaxShare: 1 });
    expect(run.mode).toBe('incremental');
    expect(f.partition()).toEqual([[ids[0]!], [ids[1]!], [ids[2]!, ids[3]!]]);
  });

  it('does not let a busy server on 2% of alerts, talking to 100 users, chain unrelated groups', () => {
    const f = fixture();
    const alerts: FixtureAlert[] = [];
    // 50 groups of 5 alerts on hosts of their own, 20 minutes apart; two alerts of each group also show the busy
    // server with another user each time. Through the server, single linkage would chain all 50 into one.
    for (let g = 0; g < 50; g++) {
      for (let i = 0; i < 5; i++) {
        const entities: FixtureAlert['entities'] = [{ type: 'host', value: `grp-${g}` }];
        if (i < 2) entities.push({ type: 'host', value: 'srv-busy' }, { type: 'user', value: `user-${g}-${i}` });
        alerts.push({ ts: T0 + g * 20 * MIN + i * MIN, entities });
      }
    }
    // 4,750 unrelated alerts: the server is on 2% of all alerts, far below the 5% that used to make it a candidate.
    for (let i = 0; alerts.length < 5000; i++) alerts.push({ ts: T0 + i * 20_000, entities: [{ type: 'host', value: `lonely-${i}` }] });
    f.insert(alerts);
    runCorrelation(f.ctx, { rebuild: true });
    const sizes = f.partition().map((g) => g.length).sort((a, b) => b - a);
    expect(sizes).toEqual(Array(50).fill(5));
    const explanation = explanationOf(f, 1);
    expect(explanation.ignoredHubs).toEqual([{ type: 'host', value: 'srv-busy', share: 0.02 }]);
    expect(explanation.text).toContain('host srv-busy (on 2% of all alerts and with 20+ distinct users/IPs)');
  });

  it('treats an always-on pair with one peer as background, and keeps an attack chain on a quiet user one incident', () => {
    const DAY = 24 * 60 * MIN;
    const alerts: FixtureAlert[] = [];
    // A backup host and its service account, together every 30 minutes for 8 days (384 windows): one peer, so the
    // peer test cannot see it; 37% of all alerts, below the hard share.
    for (let w = 0; w < 8 * 48; w++) alerts.push({ ts: T0 + w * 30 * MIN, entities: [{ type: 'host', value: 'backup-01' }, { type: 'user', value: 'svc-backup' }] });
    // 20 unrelated groups on hosts of their own, one alert of each touching the backup host.
    for (let g = 0; g < 20; g++) {
      for (let i = 0; i < 4; i++) {
        const entities: FixtureAlert['entities'] = [{ type: 'host', value: `grp-${g}` }];
        if (i === 0) entities.push({ type: 'host', value: 'backup-01' });
        alerts.push({ ts: T0 + g * 9 * 60 * MIN + 7 * MIN + i * MIN, entities });
      }
    }
    for (let i = 0; i < 600; i++) alerts.push({ ts: T0 + i * 19 * MIN, entities: [{ type: 'host', value: `lonely-${i}` }] });
    // The attack: a quiet user brute-forced from outside, then active on a workstation that also reaches the backup host.
    const chain: FixtureAlert[] = Array.from({ length: 10 }, (_, i) => ({
      ts: T0 + 5 * DAY + 3 * MIN + i * 12 * MIN,
      ruleId: i < 5 ? 'brute' : 'exec',
      entities: [
        { type: 'user', value: 'mallory' },
        i < 5 ? { type: 'ip', value: '203.0.113.66' } : { type: 'host', value: 'wks-7' },
        ...(i === 7 ? [{ type: 'host' as const, value: 'backup-01' }] : []),
      ],
    }));
    // Incrementally in two halves (the second half makes the pair background) and as one rebuild: the same incidents.
    const inc = fixture();
    inc.insert(alerts.slice(0, 300));
    runCorrelation(inc.ctx, { rebuild: false });
    const chainIds = inc.insert([...alerts.slice(300), ...chain]).slice(-chain.length);
    runCorrelation(inc.ctx, { rebuild: false });
    const f = fixture();
    expect(f.insert([...alerts.slice(0, 300), ...alerts.slice(300), ...chain]).slice(-chain.length)).toEqual(chainIds);
    runCorrelation(f.ctx, { rebuild: true });
    expect(inc.partition()).toEqual(f.partition());

    const links = f.links();
    const chainIncident = links.get(chainIds[0]!)!;
    expect(chainIds.map((id) => links.get(id))).toEqual(Array(10).fill(chainIncident));
    expect([...links.values()].filter((i) => i === chainIncident)).toHaveLength(10);
    const groupSizes = f.partition().map((g) => g.length).sort((a, b) => b - a);
    expect(groupSizes.slice(0, 21)).toEqual([10, ...Array(20).fill(4)]);
    const explanation = explanationOf(f, chainIds[7]!);
    expect(explanation.sharedEntities.map((e) => e.value)).toEqual(expect.arrayContaining(['mallory']));
    expect(explanation.ignoredHubs.map((h) => h.value)).toEqual(['backup-01']);
    expect(explanation.text).toMatch(/host backup-01 \(on \d+% of all alerts, active in 25%\+ of the \d+ 30-minute windows with alerts: always-on background\)/);
  });

  it('has no background on a dataset shorter than a week: an attacker active all along still glues', () => {
    const f = fixture();
    // An attacker against one victim every 20 minutes for 3 days (every window), beside unrelated singletons.
    const alerts: FixtureAlert[] = [];
    for (let i = 0; i < 3 * 72; i++) alerts.push({ ts: T0 + i * 20 * MIN, entities: [{ type: 'ip', value: '198.51.100.9' }, { type: 'ip', value: '10.7.7.7' }] });
    for (let i = 0; i < 400; i++) alerts.push({ ts: T0 + i * 10 * MIN, entities: [{ type: 'host', value: `lonely-${i}` }] });
    const ids = f.insert(alerts);
    runCorrelation(f.ctx, { rebuild: true });
    const links = f.links();
    expect(new Set(ids.slice(0, 216).map((id) => links.get(id))).size).toBe(1);
    expect(explanationOf(f, ids[0]!).ignoredHubs).toEqual([]);
  });

  it('chains alerts over the window by single linkage, and splits at a gap', () => {
    const f = fixture();
    const chain = [0, 25, 50, 75, 100].map((m) => ({ ts: T0 + m * MIN, entities: [{ type: 'user' as const, value: 'bob' }] }));
    const after = { ts: T0 + 131 * MIN, entities: [{ type: 'user' as const, value: 'bob' }] }; // 31 min gap
    f.insert([...chain, after]);
    expect(runCorrelation(f.ctx, { rebuild: true })).toMatchObject({ incidents: 1, uncorrelated: 1 });
    expect(f.partition()).toEqual([[1, 2, 3, 4, 5]]); // the lone medium alert 6 is no incident
    // An alert filling the gap bridges the incident and the uncorrelated alert incrementally.
    f.insert([{ ts: T0 + 116 * MIN, entities: [{ type: 'user', value: 'bob' }] }]);
    const result = runCorrelation(f.ctx, { rebuild: false });
    expect(result).toMatchObject({ mode: 'incremental', uncorrelated: 0 });
    expect(f.partition()).toEqual([[1, 2, 3, 4, 5, 6, 7]]);
  });

  it('completes on a workspace holding times past the year 9999 (imported before they were refused)', () => {
    const f = fixture();
    const bob = [{ type: 'user' as const, value: 'bob' }];
    // 1e16 ms is past JavaScript's Date range; past 2^53 ms a window no longer moves the time, so the window counts spun.
    f.insert([{ ts: T0, entities: bob }, { ts: T0 + MIN, entities: bob }, { ts: 1e16, entities: bob }, { ts: 1e16, entities: bob }, { ts: 1e300, entities: bob }]);
    const result = runCorrelation(f.ctx, { rebuild: true });
    expect(result).toMatchObject({ incidents: 2, uncorrelated: 1 });
    expect(f.partition()).toEqual([[1, 2], [3, 4]]);
  });

  it('unlinks alerts whose cluster is no longer an incident: the untouched incident goes, a touched one stays empty', () => {
    const f = fixture();
    const bob = (m: number): FixtureAlert => ({ ts: T0 + m * MIN, entities: [{ type: 'user', value: 'bob' }] });
    const eve = (m: number): FixtureAlert => ({ ts: T0 + m * MIN, entities: [{ type: 'user', value: 'eve' }] });
    f.insert([bob(0), bob(20), eve(100), eve(120)]);
    // A store correlated as an older rule or a wider window left it: two pairs, each an incident.
    expect(runCorrelation(f.ctx, { rebuild: true, params: { windowMs: 30 * MIN } })).toMatchObject({ incidents: 2, uncorrelated: 0 });
    const [bobIncident, eveIncident] = [f.links().get(1)!, f.links().get(3)!];
    f.workspace.sqlite.prepare("UPDATE incidents SET status = 'investigating', analyst_touched = 1 WHERE id = ?").run(eveIncident);
    // With a 10-minute window every alert is a lone medium one: no incident holds them.
    expect(runCorrelation(f.ctx, { rebuild: true, params: { windowMs: 10 * MIN } })).toMatchObject({ incidents: 1, uncorrelated: 4 });
    expect(f.links().size).toBe(0);
    const rows = f.workspace.sqlite.prepare('SELECT id, alert_count, status FROM incidents').all();
    expect(rows).toEqual([{ id: eveIncident, alert_count: 0, status: 'investigating' }]);
    expect(bobIncident).not.toBe(eveIncident);
    // A store correlated under another incident rule is rebuilt once, then runs incrementally again.
    f.workspace.sqlite.prepare("UPDATE meta SET value = 'older-rule' WHERE key = 'correlate.rules'").run();
    expect(runCorrelation(f.ctx, { rebuild: false }).mode).toBe('rebuild');
    expect(runCorrelation(f.ctx, { rebuild: false }).mode).toBe('incremental');
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

  it('writes new incidents from memory exactly as a refresh from their links would', () => {
    const f = fixture();
    const db = f.workspace.sqlite;
    // Incidents a run wrote (the narrative's shares use that run's totals, so compare within one run).
    const derived = (since: number) =>
      db
        .prepare(
          `SELECT id, title, severity, risk, confidence, confidence_reasons, risk_factors, summary, explanation, entities, mitre, sources,
             alert_count, first_seen, last_seen FROM incidents WHERE updated_at > ? ORDER BY id`,
        )
        .all(since) as Array<{ id: string }>;
    const lastWrite = () => (db.prepare('SELECT coalesce(max(updated_at), 0) AS m FROM incidents').get() as { m: number }).m;
    const check = (since: number): void => {
      const written = derived(since);
      expect(written.length).toBeGreaterThan(10);
      refreshIncidents(f.ctx, written.map((r) => r.id));
      expect(derived(since)).toEqual(written);
    };
    f.insert(randomAlerts(9, 800));
    runCorrelation(f.ctx, { rebuild: true });
    check(0);
    const before = lastWrite();
    f.insert(randomAlerts(10, 200).map((a) => ({ ...a, ts: a.ts + 3 * 24 * 60 * MIN })));
    expect(runCorrelation(f.ctx, { rebuild: false }).mode).toBe('incremental');
    check(before);
  });

  it('a bulk rebuild (index rebuilt once) gives the same result, keeps the index, and restores it when stopped or killed', () => {
    const alerts = randomAlerts(21, 2000);
    const plain = fixture();
    plain.insert(alerts);
    runCorrelation(plain.ctx, { rebuild: true });
    const db = (f: Fixture) => f.workspace.sqlite;
    const hasIndex = (f: Fixture) =>
      db(f).prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'incident_alerts_incident'").get() !== undefined;

    const bulk = fixture();
    bulk.insert(alerts);
    runCorrelation(bulk.ctx, { rebuild: true, bulkLinksFrom: 1, batchSize: 300 });
    expect(bulk.links()).toEqual(plain.links());
    expect(hasIndex(bulk)).toBe(true);
    expect(db(bulk).pragma('foreign_key_check')).toEqual([]);
    expect(db(bulk).pragma('foreign_keys', { simple: true })).toBe(1);

    const controller = new AbortController();
    let writes = 0;
    const stopped = fixture({
      sink: (event, payload) => {
        if (event === 'correlate.progress' && (payload as { phase: string }).phase === 'write' && ++writes === 3) controller.abort();
      },
    });
    stopped.insert(alerts);
    expect(() => runCorrelation(stopped.ctx, { rebuild: true, bulkLinksFrom: 1, batchSize: 300, signal: controller.signal })).toThrowError(AppError);
    expect(stopped.links().size).toBeGreaterThan(0);
    expect(hasIndex(stopped)).toBe(true);
    expect(db(stopped).pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db(stopped).pragma('foreign_key_check')).toEqual([]);
    // A kill mid-write leaves committed batches without the index: the next run puts it back and completes.
    db(stopped).exec('DROP INDEX incident_alerts_incident');
    expect(runCorrelation(stopped.ctx, { rebuild: false }).mode).toBe('rebuild');
    expect(hasIndex(stopped)).toBe(true);
    expect(stopped.partition()).toEqual(plain.partition());
  });

  it('rewrites an incident\'s search row only when its searchable text changes', () => {
    const f = fixture();
    const { sqlite } = f.workspace;
    const t0 = Date.UTC(2024, 0, 1);
    const alert = (minute: number, title: string, host = 'web-7') => ({ ts: t0 + minute * MIN, title, severity: 'high' as const, entities: [{ type: 'host' as const, value: host }, { type: 'user' as const, value: 'mallory' }] });
    f.insert([alert(0, 'Brute force'), alert(5, 'Brute force')]);
    runCorrelation(f.ctx, { rebuild: true });
    const [incident] = [...new Set(f.links().values())];
    const hashOf = () => sqlite.prepare('SELECT search_hash FROM incidents WHERE id = ?').pluck().get(incident) as string;
    const matches = (q: string) => sqlite.prepare('SELECT count(*) FROM incidents_fts WHERE incidents_fts MATCH ?').pluck().get(q) as number;
    const first = hashOf();
    expect(first).toMatch(/^[\w-]{27}$/);
    expect(matches('mallory AND brute')).toBe(1);

    // One more alert of a kind the incident already holds: counts change, the searchable text does not.
    const ftsWrites = vi.spyOn(CorrelateRepository.prototype, 'writeFts');
    f.insert([alert(9, 'Brute force')]);
    runCorrelation(f.ctx, { rebuild: false });
    expect(sqlite.prepare('SELECT alert_count FROM incidents WHERE id = ?').pluck().get(incident)).toBe(3);
    expect(hashOf()).toBe(first);
    expect(ftsWrites).not.toHaveBeenCalled();
    expect(matches('mallory AND brute')).toBe(1);

    // A new detection and a new host are searchable at once.
    f.insert([alert(12, 'Credential dumping', 'db-2')]);
    runCorrelation(f.ctx, { rebuild: false });
    expect(ftsWrites).toHaveBeenCalledTimes(1);
    ftsWrites.mockRestore();
    expect(hashOf()).not.toBe(first);
    expect(matches('dumping AND "db-2" AND mallory')).toBe(1);
    expect(matches('brute')).toBe(1);
  });

  it('rewrites every incident written under older narrative rules once, without regrouping; a fresh store is not rewritten', () => {
    const f = fixture();
    const { sqlite } = f.workspace;
    f.insert(randomAlerts(11, 300));
    const writes = vi.spyOn(CorrelateRepository.prototype, 'writeDerived');
    runCorrelation(f.ctx, { rebuild: false });
    const incidents = f.workspace.sqlite.prepare('SELECT count(*) FROM incidents').pluck().get() as number;
    expect(incidents).toBeGreaterThan(5);
    expect(writes.mock.calls.length).toBe(incidents); // the first run writes each incident once
    expect(sqlite.prepare("SELECT value FROM meta WHERE key = 'correlate.narrative'").pluck().get()).toBe(NARRATIVE_VERSION);
    const titles = () => sqlite.prepare('SELECT id, title, summary FROM incidents ORDER BY id').all();
    const before = titles();
    const partition = f.partition();

    // A store from a version with other wording: its titles are stale until a run rewrites them all.
    sqlite.prepare("UPDATE incidents SET title = 'worded by an older version', summary = ''").run();
    sqlite.prepare("UPDATE meta SET value = '1' WHERE key = 'correlate.narrative'").run();
    writes.mockClear();
    const run = runCorrelation(f.ctx, { rebuild: false });
    expect(run.mode).toBe('incremental');
    expect(writes.mock.calls.length).toBe(incidents);
    expect(titles()).toEqual(before);
    expect(f.partition()).toEqual(partition);
    expect(sqlite.prepare("SELECT value FROM meta WHERE key = 'correlate.narrative'").pluck().get()).toBe(NARRATIVE_VERSION);

    // Once is enough.
    writes.mockClear();
    runCorrelation(f.ctx, { rebuild: false });
    expect(writes).not.toHaveBeenCalled();
    writes.mockRestore();
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
    const size = (i: number) => clusters.start[clusters.clusterOf[i]! + 1]! - clusters.start[clusters.clusterOf[i]!]!;
    for (let i = 0; i < columns.count; i++) {
      if (isIncidentCluster(size(i), false, ['low', 'medium', 'high'].indexOf(alerts[i]!.severity!) + 1)) links.set(columns.ids[i]!, `c${clusters.clusterOf[i]}`);
    }
    expect(links.size).toBeLessThan(500); // some lone low/medium alerts stayed out
    expect(f.partition()).toEqual(partitionOf(links));
    expect(ids.length).toBe(500);
    const hit = f.workspace.sqlite.prepare("SELECT count(*) AS n FROM incidents_fts WHERE incidents_fts MATCH 'host7'").get() as { n: number };
    expect(hit.n).toBeGreaterThan(0);
    const total = f.workspace.sqlite.prepare('SELECT count(*) AS n FROM incidents').get() as { n: number };
    const fts = f.workspace.sqlite.prepare("SELECT count(*) AS n FROM incidents_fts WHERE incidents_fts MATCH 'test'").get() as { n: number };
    expect(fts.n).toBe(total.n);
  });
});
