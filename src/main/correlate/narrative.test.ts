import { describe, expect, it } from 'vitest';
import { attributedTactics, buildNarrative, tacticsOf, type NarrativeAlert, type NarrativeEntity } from './narrative';

const T0 = Date.UTC(2024, 4, 2, 9, 0, 0);
const entities = new Map<number, NarrativeEntity>([
  [1, { type: 'host', value: 'web-01', alertCount: 12, ignored: null }],
  [2, { type: 'ip', value: '172.17.1.1', alertCount: 10, ignored: null }],
  [3, { type: 'user', value: 'root', alertCount: 8, ignored: null }],
  [4, { type: 'ip', value: '127.0.0.1', alertCount: 400, ignored: 'stoplist' }],
]);

function alert(i: number, over: Partial<NarrativeAlert> = {}): NarrativeAlert {
  return {
    id: i,
    ts: T0 + i * 20_000,
    severityRank: 2,
    ruleId: '5712',
    title: 'Brute force against sshd',
    source: 'wazuh',
    category: null,
    mitre: ['T1110'],
    assetTier: null,
    entityIds: [1, 2, 4],
    srcIp: null,
    pinned: false,
    ...over,
  };
}

describe('buildNarrative', () => {
  const alerts = [
    ...Array.from({ length: 10 }, (_, i) => alert(i + 1)),
    alert(11, { title: 'Successful sudo to ROOT', ruleId: '5402', severityRank: 3, mitre: ['T1548.003'], entityIds: [1, 2, 3] }),
    alert(12, { title: 'Web shell uploaded', ruleId: '31510', severityRank: 3, mitre: ['T1505.003'], assetTier: 1, entityIds: [1, 2, 3] }),
  ];
  const input = { alerts, entities, totalAlerts: 1000, windowMs: 30 * 60_000 };

  it('writes a deterministic title, summary and explanation', () => {
    const a = buildNarrative(input);
    const b = buildNarrative({ ...input, entities: new Map([...entities].reverse()) });
    expect(b).toEqual(a);
    // The most severe detection leads, not the most frequent.
    expect(a.title).toBe('Successful sudo to ROOT on web-01 involving 172.17.1.1 (+2 other detections)');
    expect(a.summary).toBe(
      '12 alerts from wazuh between 2024-05-02 09:00:20 UTC and 2024-05-02 09:04:00 UTC (4 minutes). ' +
        'Involves host web-01; ip 172.17.1.1; user root. ' +
        'Top detections: "Successful sudo to ROOT" (rule 5402) ×1, "Web shell uploaded" (rule 31510) ×1, "Brute force against sshd" (rule 5712) ×10. ' +
        'ATT&CK progression: Credential Access (09:00 UTC) → Privilege Escalation (09:03 UTC) → Persistence (09:04 UTC).',
    );
    expect(a.explanation.sharedEntities.slice(0, 2)).toEqual([
      { type: 'host', value: 'web-01', alertCount: 12 },
      { type: 'ip', value: '172.17.1.1', alertCount: 12 },
    ]);
    expect(a.explanation.ignoredHubs).toEqual([{ type: 'ip', value: '127.0.0.1', share: 0.4 }]);
    expect(a.explanation.text).toContain('127.0.0.1 (40% of all alerts)');
    expect(a.confidenceReasons).toContain('2 entities shared by all 12 alerts');
    expect(a.confidenceReasons).toContain('alerts within 4 minutes');
  });

  it('names the address activity came from, not the one it went to', () => {
    const both = new Map<number, NarrativeEntity>([
      ...entities,
      [5, { type: 'ip', value: '10.0.0.20', alertCount: 9, ignored: null }],
      [6, { type: 'ip', value: '203.0.113.9', alertCount: 9, ignored: null }],
    ]);
    const scan = (i: number, srcIp: string | null): NarrativeAlert =>
      alert(i, { title: 'ET SCAN Nmap Scripting Engine', ruleId: '2009358', entityIds: [1, 5, 6], srcIp });
    // Both ends on every alert: the tie used to go to the first by text, the victim.
    const inbound = [1, 2, 3, 4].map((i) => scan(i, '203.0.113.9'));
    expect(buildNarrative({ ...input, entities: both, alerts: inbound }).title).toBe('ET SCAN Nmap Scripting Engine on web-01 from 203.0.113.9');
    // Replies (source and destination swapped) are outnumbered by the requests.
    const mixed = [...inbound, scan(5, '10.0.0.20')];
    expect(buildNarrative({ ...input, entities: both, alerts: mixed }).title).toContain(' from 203.0.113.9');
    // A source that is noise (stoplisted, a hub) is not named; nor is one when no alert has a source.
    const fromLoopback = [1, 2].map((i) => alert(i, { srcIp: '127.0.0.1' }));
    expect(buildNarrative({ ...input, alerts: fromLoopback }).title).toBe('Brute force against sshd on web-01 involving 172.17.1.1');
    expect(buildNarrative({ ...input, entities: both, alerts: [1, 2].map((i) => scan(i, null)) }).title).toBe(
      'ET SCAN Nmap Scripting Engine on web-01 involving 10.0.0.20',
    );
  });

  it('leads with an attack detection, not a policy observation or a mostly-low detection (the AIT insect and spiral shapes)', () => {
    let i = 0;
    const many = (count: number, over: Partial<NarrativeAlert>): NarrativeAlert[] => Array.from({ length: count }, () => alert(++i, { mitre: [], ...over }));
    const alerts = [
      // A policy signature at every level Wazuh gives it: one "first time" alert high, the rest medium and low.
      ...many(3, { title: 'ET POLICY Http Client Body contains pass= in cleartext', ruleId: '20152', severityRank: 3 }),
      ...many(115, { title: 'ET POLICY Http Client Body contains pass= in cleartext', ruleId: '20101', severityRank: 2 }),
      ...many(1, { title: 'SURICATA HTTP Host header invalid', ruleId: '20100', severityRank: 3 }),
      ...many(1, { title: 'GPL ATTACK_RESPONSE id check returned root', ruleId: '20100', severityRank: 3 }),
      ...many(4, { title: 'GPL ATTACK_RESPONSE id check returned root', ruleId: '20101', severityRank: 2 }),
      ...many(15, { title: 'Dovecot brute force attack (multiple auth failures).', ruleId: '9751', severityRank: 3 }),
      ...many(29, { title: 'PAM: Multiple failed logins in a small period of time.', ruleId: '5551', severityRank: 3 }),
      ...many(200, { title: 'PAM: User login failed.', ruleId: '5503', severityRank: 2 }),
    ];
    const n = buildNarrative({ ...input, alerts });
    expect(n.title).toBe('PAM: Multiple failed logins in a small period of time on web-01 involving 172.17.1.1 (+5 other detections)');
    expect(n.summary).toContain(
      'Top detections: "PAM: Multiple failed logins in a small period of time." (rule 5551) ×29, "Dovecot brute force attack (multiple auth failures)." (rule 9751) ×15, ' +
        '"GPL ATTACK_RESPONSE id check returned root" (rule 20100) ×5, "ET POLICY Http Client Body contains pass= in cleartext" (rule 20152) ×118, "SURICATA HTTP Host header invalid" (rule 20100) ×1',
    );
    // A policy detection alone still names its incident.
    expect(buildNarrative({ ...input, alerts: alerts.slice(0, 118) }).title).toBe('ET POLICY Http Client Body contains pass= in cleartext on web-01 involving 172.17.1.1');
    // Severity still comes first: a critical policy hit outranks high attack detections.
    const critical = [...alerts, alert(++i, { title: 'ET INFO Executable Download', ruleId: '1', severityRank: 4 })];
    expect(buildNarrative({ ...input, alerts: critical }).title.startsWith('ET INFO Executable Download on web-01')).toBe(true);
  });

  it('names a rule by a short id: Wazuh and Suricata ids whole, a UUID by its first 8 characters', () => {
    const uuid = 'a9198571-b135-4a76-b055-e3e5a476fd83';
    const n = buildNarrative({ ...input, alerts: [alert(1, { title: 'Encoded PowerShell', ruleId: uuid }), alert(2, { title: 'Suricata scan', ruleId: '1:2001219:20' })] });
    expect(n.summary).toContain('"Encoded PowerShell" (rule a9198571…) ×1');
    expect(n.summary).toContain('(rule 1:2001219:20) ×1');
  });

  it('keeps the most severe steps when the sequence is too long to list', () => {
    const steps = Array.from({ length: 9 }, (_, i) => alert(i + 1, { title: `Step ${i + 1}`, ruleId: String(i + 1), mitre: [], severityRank: i === 8 ? 4 : 1 }));
    const n = buildNarrative({ ...input, alerts: steps });
    expect(n.title.startsWith('Step 9 on web-01')).toBe(true);
    expect(n.summary).toContain('Sequence: Step 1 (09:00 UTC) → Step 2 (09:00 UTC) → Step 3 (09:01 UTC) → Step 4 (09:01 UTC) → Step 5 (09:01 UTC) → Step 9 (09:03 UTC) → … (3 more).');
  });

  it('scores severity, risk and confidence from what the alerts show', () => {
    const n = buildNarrative(input);
    expect(n.severity).toBe('critical'); // high, bumped: two distinct high rules and a multi-tactic chain
    expect(n.explanation.severityRaised).toEqual({
      from: 'high',
      reason: '2 different high-severity detections and an ATT&CK progression over 3 tactics',
    });
    // The risk factor still names the worst alert's level; the raise is what explains the gap.
    expect(n.riskFactors[0]).toEqual({ factor: 'severity high', points: 30 });
    // One high detection, and a chain of three tactics: credential access, privilege escalation, then execution.
    const chainOnly = buildNarrative({ ...input, alerts: [...alerts.slice(0, 10), alert(11, { ...alerts[10]!, mitre: ['T1548.003', 'T1059.004'] })] });
    expect(chainOnly.severity).toBe('critical');
    expect(chainOnly.explanation.severityRaised).toEqual({ from: 'high', reason: 'an ATT&CK progression over 3 tactics' });
    expect(n.riskFactors.map((f) => f.factor)).toContain('crown-jewel asset (tier 1)');
    expect(n.risk).toBe(n.riskFactors.reduce((s, f) => s + f.points, 0));
    expect(n.risk).toBeGreaterThanOrEqual(60);
    const single = buildNarrative({ ...input, alerts: [alert(1, { mitre: [] })] });
    expect(single.severity).toBe('medium');
    expect(single.explanation).not.toHaveProperty('severityRaised');
    expect(single.confidenceReasons).toEqual(['single alert: no corroboration']);
    expect(single.risk).toBeLessThan(n.risk);
    expect(single.confidence).toBeLessThan(n.confidence);
  });

  it('takes a technique listed under several tactics for those the incident shows, else for its earliest', () => {
    // Valid Accounts: initial access, persistence, privilege escalation, defense evasion.
    expect(attributedTactics(['T1078']).get('T1078')).toEqual(['initial-access']);
    expect(attributedTactics(['T1078', 'T1110']).get('T1078')).toEqual(['initial-access']);
    // With a technique that shows privilege escalation and defense evasion, those are what it stands for.
    expect(attributedTactics(['T1078', 'T1548.003']).get('T1078')).toEqual(expect.arrayContaining(['privilege-escalation', 'defense-evasion']));
    expect(attributedTactics(['T1078', 'T1548.003']).get('T1078')).toHaveLength(2);
    const oneAlert = buildNarrative({ ...input, alerts: [alert(1, { mitre: ['T1078'], severityRank: 3 })] });
    expect(oneAlert.summary).toContain('ATT&CK progression: Initial Access (09:00 UTC).');
    expect(oneAlert.riskFactors.map((f) => f.factor).join()).not.toContain('progression');
  });

  it('maps techniques and sub-techniques to tactics', () => {
    expect(tacticsOf('T1110')).toEqual(['credential-access']);
    expect(tacticsOf('t1003.001')).toEqual(['credential-access']);
    expect(tacticsOf('T9999')).toEqual([]);
  });
});
