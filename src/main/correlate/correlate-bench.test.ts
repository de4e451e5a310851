/**
 * Manual scale measurement (skipped unless CORRELATE_BENCH=1):
 *   CORRELATE_BENCH=1 npx vitest run src/main/correlate/correlate-bench.test.ts
 * Generates 1,000,000 synthetic alerts (noise + attack chains + hubs) straight
 * into a workspace, times a rebuild, then 10,000 more and an incremental run.
 * Targets on a 2-core laptop: rebuild ≤ 20 s, incremental ≤ 1 s.
 */
import { describe, expect, it } from 'vitest';
import { runCorrelation } from './correlate-service';
import { createFixture, mulberry32 } from './test-fixture';

const TOTAL = Number(process.env.CORRELATE_BENCH_ALERTS ?? 1_000_000);
const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);

function generator(fixture: ReturnType<typeof createFixture>, seed: number) {
  const db = fixture.workspace.sqlite;
  const rnd = mulberry32(seed);
  const pick = (n: number) => Math.floor(rnd() * n);
  const entityIds = new Map<string, number>();
  const counts = new Map<number, number>();
  const maxEntity = db.prepare('SELECT coalesce(max(id), 0) AS m FROM entities').get() as { m: number };
  let nextEntity = maxEntity.m + 1;
  for (const r of db.prepare('SELECT id, type, value FROM entities').all() as Array<{ id: number; type: string; value: string }>) {
    entityIds.set(`${r.type}|${r.value}`, r.id);
  }
  const insertAlert = db.prepare(
    `INSERT INTO alerts (id, fingerprint, ts, ingested_at, source, format, rule_id, title, severity, severity_rank, user, host, src_ip, dst_ip, mitre, asset_tier, entity_ids, raw)
     VALUES (?, ?, ?, ?, 'synthetic', 'generic', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '{}')`,
  );
  const insertAe = db.prepare('INSERT OR IGNORE INTO alert_entities (entity_id, ts, alert_id) VALUES (?, ?, ?)');
  const insertEntity = db.prepare('INSERT INTO entities (id, type, value, alert_count) VALUES (?, ?, ?, 0)');
  const bump = db.prepare('UPDATE entities SET alert_count = alert_count + ? WHERE id = ?');
  const sevs = ['info', 'low', 'medium', 'high', 'critical'];
  const rules = [
    ['5710', 'sshd: Attempt to login using a non-existent user', '["T1110"]'],
    ['5712', 'sshd: brute force trying to get access to the system', '["T1110"]'],
    ['31101', 'Web server 400 error code', '[]'],
    ['92000', 'Suspicious PowerShell command line', '["T1059.001"]'],
    ['92100', 'Credential dumping via LSASS access', '["T1003.001"]'],
    ['87000', 'Outbound connection to rare domain', '["T1071"]'],
    ['60000', 'New scheduled task', '["T1053.005"]'],
    ['70000', 'Port scan detected', '["T1046"]'],
  ] as const;
  let nextId = ((db.prepare('SELECT coalesce(max(id), 0) AS m FROM alerts').get() as { m: number }).m) + 1;
  const entity = (type: string, value: string): number => {
    const key = `${type}|${value}`;
    let id = entityIds.get(key);
    if (id === undefined) {
      id = nextEntity++;
      entityIds.set(key, id);
      insertEntity.run(id, type, value);
    }
    counts.set(id, (counts.get(id) ?? 0) + 1);
    return id;
  };
  const add = (ts: number, user: string, host: string, src: string, dst: string, rule: number): void => {
    const r = rules[rule]!;
    const ids = [...new Set([entity('user', user), entity('host', host), entity('ip', src), entity('ip', dst)])].sort((a, b) => a - b);
    const id = nextId++;
    const sev = Math.min(4, pick(3) + (rule >= 3 ? 2 : 0));
    insertAlert.run(id, `syn-${seed}-${id}`, ts, ts, r[0], r[1], sevs[sev], sev, user, host, src, dst, r[2], pick(4) + 1, ids.join(','));
    for (const e of ids) insertAe.run(e, ts, id);
  };
  /** Alert storms: one host/user/rule fires 1–60 times within minutes (most noise in a SOC is repetitive). */
  const noise = (span: number, max: number): number => {
    const size = Math.min(max, 1 + Math.floor(-Math.log(1 - rnd()) * (process.env.CORRELATE_BENCH_SPARSE ? 0 : 8)), 60);
    const ts = T0 + Math.floor(rnd() * span);
    const user = rnd() < 0.05 ? 'system' : `user${pick(20_000)}`;
    const host = `host${pick(10_000)}`;
    const src = `10.${pick(50)}.${pick(250)}.${pick(250)}`;
    const rule = pick(3);
    for (let k = 0; k < size; k++) {
      const dst = rnd() < 0.25 ? '10.0.0.53' : `172.16.${pick(200)}.${pick(250)}`; // DNS server hub on ~25%
      add(ts + k * pick(20_000), user, host, src, dst, rule);
    }
    return size;
  };
  const chain = (span: number) => {
    const start = T0 + Math.floor(rnd() * span);
    const attacker = `203.0.${pick(250)}.${pick(250)}`;
    const host = `host${pick(10_000)}`;
    const user = `user${pick(20_000)}`;
    for (let k = 0; k < 20; k++) add(start + k * 3 * 60_000, user, host, attacker, `10.1.${pick(250)}.${pick(250)}`, Math.min(7, Math.floor(k / 3)));
  };
  const flush = () => {
    for (const [id, n] of counts) bump.run(n, id);
    counts.clear();
  };
  return {
    generate(count: number, span: number): void {
      let made = 0;
      while (made < count) {
        db.transaction(() => {
          for (let k = 0; k < 50_000 && made < count; k++) {
            if (rnd() < 0.002 && count - made >= 20) {
              chain(span);
              made += 20;
            } else {
              made += noise(span, count - made);
            }
          }
          flush();
        })();
      }
    },
  };
}

describe.skipIf(!process.env.CORRELATE_BENCH)('correlation at scale (manual)', () => {
  it(`rebuilds ${TOTAL} alerts and increments 10,000 more`, () => {
    const f = createFixture();
    try {
      const gen = generator(f, 1);
      let t = performance.now();
      gen.generate(TOTAL, 30 * DAY);
      console.log(`generate ${TOTAL}: ${Math.round(performance.now() - t)} ms`);
      t = performance.now();
      const rebuild = runCorrelation(f.ctx, { rebuild: true });
      console.log(`rebuild: ${JSON.stringify(rebuild)} wall ${Math.round(performance.now() - t)} ms, rss ${Math.round(process.memoryUsage().rss / 1e6)} MB`);
      // The hub rule at scale: the DNS server (25% of alerts, thousands of clients) is a hub; SYSTEM is stoplisted.
      const db = f.workspace.sqlite;
      const noisy = (JSON.parse((db.prepare("SELECT value FROM meta WHERE key = 'correlate.noisy'").get() as { value: string }).value) as { ids: number[] }).ids;
      const named = noisy.map((id) => db.prepare('SELECT type, value, alert_count FROM entities WHERE id = ?').get(id) as { type: string; value: string; alert_count: number });
      console.log(`noisy: ${JSON.stringify(named)}`);
      expect(named.map((e) => e.value)).toEqual(expect.arrayContaining(['10.0.0.53', 'system']));
      t = performance.now();
      const again = runCorrelation(f.ctx, { rebuild: true });
      console.log(`second rebuild (no changes): ${JSON.stringify(again)} wall ${Math.round(performance.now() - t)} ms`);
      const more = generator(f, 2);
      more.generate(10_000, 30 * DAY);
      t = performance.now();
      const inc = runCorrelation(f.ctx, { rebuild: false });
      console.log(`incremental: ${JSON.stringify(inc)} wall ${Math.round(performance.now() - t)} ms`);
      expect(inc.newAlerts).toBe(10_000);
    } finally {
      f.close();
    }
  }, 1_800_000);
});
