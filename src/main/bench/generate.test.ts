import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { NormalizedAlert } from '../../shared/domain';
import { extractEntities } from '../ingest/entities';
import { parseRecord } from '../ingest/formats';
import { DNS_SERVER, SCANNER_IP, chainIndicators, generateAlertsFile, generateNewAlertsFile } from './generate';

const dir = mkdtempSync(join(tmpdir(), 'socwb-generate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const OPTIONS = { alerts: 6000, chains: 6 };

function parseAll(path: string): NormalizedAlert[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const parsed = parseRecord(line);
      if (parsed.kind !== 'alert') throw new Error('expected an alert');
      return parsed.alert;
    });
}

describe('benchmark alert generator', () => {
  const first = generateAlertsFile(join(dir, 'a.json'), OPTIONS);
  const alerts = parseAll(first.path);

  it('writes the same bytes for the same seed', () => {
    const again = generateAlertsFile(join(dir, 'b.json'), OPTIONS);
    expect(readFileSync(again.path)).toEqual(readFileSync(first.path));
  });

  it('writes Wazuh alerts.json lines the importer accepts, in time order', () => {
    expect(alerts).toHaveLength(6000);
    expect(new Set(alerts.map((a) => a.format))).toEqual(new Set(['wazuh-alerts']));
    for (let i = 1; i < alerts.length; i++) expect(alerts[i]!.ts).toBeGreaterThanOrEqual(alerts[i - 1]!.ts);
    expect(first.bytes / first.alerts).toBeGreaterThan(700);
    expect(first.bytes / first.alerts).toBeLessThan(1600);
  });

  it('puts hub entities on a large share of alerts', () => {
    const share = (test: (a: NormalizedAlert) => boolean) => alerts.filter(test).length / alerts.length;
    expect(share((a) => a.dstIp === DNS_SERVER)).toBeGreaterThan(0.15);
    expect(share((a) => a.srcIp === SCANNER_IP)).toBeGreaterThan(0.05);
    expect(share((a) => a.user === 'NT AUTHORITY\\SYSTEM')).toBeGreaterThan(0.05);
  });

  it('writes attack chains that share their user and attacker address and carry ATT&CK ids', () => {
    const chain0 = first.chainAlerts.filter((c) => c.chain === 0).map((c) => alerts[c.line - 1]!);
    const { user, attackerIp } = chainIndicators(OPTIONS, 0);
    expect(chain0.length).toBeGreaterThan(10);
    expect(chain0.filter((a) => a.srcIp === attackerIp).length).toBeGreaterThan(5);
    expect(chain0.some((a) => extractEntities(a).some((e) => e.type === 'user' && e.value === user))).toBe(true);
    const techniques = new Set(chain0.flatMap((a) => a.mitre));
    expect(techniques.size).toBeGreaterThanOrEqual(4);
  });

  it('writes new alerts that continue existing chains without repeating any line', () => {
    const fresh = generateNewAlertsFile(join(dir, 'new.json'), 1000, OPTIONS);
    const freshAlerts = parseAll(fresh.path);
    expect(freshAlerts).toHaveLength(1000);
    expect(fresh.chainAlerts.some((c) => c.chain < 6)).toBe(true);
    expect(fresh.chainAlerts.some((c) => c.chain >= 6)).toBe(true);
    const old = new Set(readFileSync(first.path, 'utf8').split('\n'));
    expect(readFileSync(fresh.path, 'utf8').split('\n').filter((l) => l !== '' && old.has(l))).toEqual([]);
  });
});
