/**
 * Real data through the real importer: the AIT-LDS "insect" Wazuh alerts. The
 * importer puts the monitored agent user-0 on every alert, the brute-forced
 * user violet and the stoplisted 127.0.0.1 on ~39%, and the attacker
 * 192.168.10.18 on 60%: from the Suricata copies Wazuh decodes (with its
 * victim 192.168.10.21) and from the message text of 138 HORDE "FAILED LOGIN
 * for violet (192.168.10.18)" syslog lines. Share alone would call the
 * attacker a hub — even the hard share, which is why that one is for hosts
 * only; it talks to one victim, so it must group the attack across its phases.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CoreContext } from '../core/context';
import { importFiles } from '../ingest/ingest-service';
import { openWorkspace, type Workspace } from '../store/workspace';
import { runCorrelation } from './correlate-service';

// ../shared/datasets beside the repository, as on developer machines and in CI.
const DATASETS = resolve(__dirname, '../../../../shared/datasets');
const DATA = resolve(DATASETS, 'wazuh/ossec_insect.json');
const PHASES = resolve(DATASETS, 'wazuh/ossec_insect.phases.json');
const ATTACKER = '192.168.10.18';

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

function workspaceContext(): CoreContext {
  const dir = mkdtempSync(join(tmpdir(), 'socwb-insect-'));
  const workspace: Workspace = openWorkspace(dir);
  cleanup = () => {
    workspace.close();
    rmSync(dir, { recursive: true, force: true });
  };
  let now = Date.UTC(2024, 0, 1);
  return { workspace, clock: { now: () => now++ }, events: { emit: () => undefined }, actor: 'tester' };
}

describe.skipIf(!existsSync(DATA))('Wazuh insect scenario (real importer)', () => {
  it(`groups the attacker ${ATTACKER} into one incident spanning several phases; the agent is an ignored hub`, async () => {
    const ctx = workspaceContext();
    const imported = await importFiles(ctx, [DATA]);
    expect(imported.rejected).toBe(0);
    const total = imported.imported;
    expect(total).toBeGreaterThan(400);
    const result = runCorrelation(ctx, { rebuild: true });
    const db = ctx.workspace.sqlite;

    // The attacker is on most alerts (60%) — the case share alone gets wrong.
    const attacker = db.prepare("SELECT id, alert_count FROM entities WHERE type = 'ip' AND value = ?").get(ATTACKER) as { id: number; alert_count: number };
    expect(attacker.alert_count / total).toBeGreaterThan(0.5);

    const phases = Object.entries((JSON.parse(readFileSync(PHASES, 'utf8')) as { phases: Record<string, [string, string]> }).phases).map(
      ([name, [from, to]]) => ({ name, from: Date.parse(from), to: Date.parse(to) }),
    );
    // Every attacker alert, the HORDE login failures named only in their message among them, is in one incident.
    const attackerAlerts = db
      .prepare(
        `SELECT ae.alert_id, ae.ts, ia.incident_id, a.title FROM alert_entities ae JOIN alerts a ON a.id = ae.alert_id
         LEFT JOIN incident_alerts ia ON ia.alert_id = ae.alert_id WHERE ae.entity_id = ?`,
      )
      .all(attacker.id) as Array<{ alert_id: number; ts: number; incident_id: string | null; title: string }>;
    expect(attackerAlerts.length).toBe(attacker.alert_count);
    const incidentIds = new Set(attackerAlerts.map((a) => a.incident_id));
    expect([...incidentIds]).toEqual([expect.stringMatching(/^INC-/)]);
    const incidentId = attackerAlerts[0]!.incident_id!;
    const held = attackerAlerts.length;
    const hordeLines = db.prepare("SELECT count(*) AS n FROM alerts WHERE message LIKE '%FAILED LOGIN%(192.168.10.18)%'").get() as { n: number };
    expect(hordeLines.n).toBe(138);
    const hordeHeld = db
      .prepare(
        `SELECT count(*) AS n FROM alerts a JOIN incident_alerts ia ON ia.alert_id = a.id
         WHERE ia.incident_id = ? AND a.message LIKE '%FAILED LOGIN%(192.168.10.18)%'`,
      )
      .get(incidentId) as { n: number };
    expect(hordeHeld.n).toBe(138);

    const members = db.prepare('SELECT a.ts FROM incident_alerts ia JOIN alerts a ON a.id = ia.alert_id WHERE ia.incident_id = ?').all(incidentId) as Array<{ ts: number }>;
    const phasesHit = new Set(members.flatMap((a) => phases.filter((p) => a.ts >= p.from && a.ts < p.to).map((p) => p.name)));
    expect(phasesHit.size).toBeGreaterThanOrEqual(4);

    // A handful of incidents, not one per alert: the real activity is grouped, and lone low/medium alerts that
    // carry nothing but the agent stay uncorrelated. Every alert is accounted for.
    expect(result.incidents).toBeLessThan(20);
    const linked = db.prepare('SELECT count(*) AS n FROM incident_alerts').get() as { n: number };
    expect(linked.n + result.uncorrelated).toBe(total);

    const row = db.prepare('SELECT title, summary, explanation, alert_count FROM incidents WHERE id = ?').get(incidentId) as {
      title: string;
      summary: string;
      explanation: string;
      alert_count: number;
    };
    expect(row.alert_count).toBeLessThan(total); // user-0 (on every alert) did not glue everything
    const explanation = JSON.parse(row.explanation) as { text: string; ignoredHubs: Array<{ value: string; share: number }>; sharedEntities: Array<{ value: string }> };
    expect(explanation.ignoredHubs).toContainEqual(expect.objectContaining({ value: 'user-0', share: 1 }));
    expect(explanation.text).toContain('host user-0 (on 100% of all alerts: a host on half of all alerts or more)');
    expect(explanation.sharedEntities.map((e) => e.value)).toContain(ATTACKER);
    expect(explanation.ignoredHubs.map((h) => h.value)).not.toContain(ATTACKER);
    expect(row.title).toContain('192.168.10.');
    console.log(
      `insect: ${result.incidents} incidents, ${result.uncorrelated} uncorrelated, from ${total} alerts; attacker ${held}/${attackerAlerts.length} alerts in ${incidentId} ` +
        `(${row.alert_count} alerts; phases ${[...phasesHit].join(', ')})\n${row.title}\n${row.summary}\n${explanation.text}`,
    );
  });
});
