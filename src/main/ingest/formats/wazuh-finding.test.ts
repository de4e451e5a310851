import { describe, expect, it } from 'vitest';
import { detectFormat, parseRecord } from './index';
import { alertOf, rejection } from './parsed-records.test-helpers';
import { searchHitTexts } from './search-response';

/**
 * A finding as the Wazuh indexer writes it to wazuh-findings-v5-<category>
 * (wazuh/wazuh-indexer-security-analytics, WazuhEnrichedFindingService and its
 * tests): the normalized event it matched, copied whole, with `@timestamp` the
 * event's, `event.doc_id` / `event.index` naming that event, and the Sigma rule
 * in `wazuh.rule` (`level` the rule's word; `mitre` as SigmaMitre nests it,
 * sub-techniques merged into `technique`). The event's own fields are those
 * of the Wazuh Common Schema (`wazuh.agent.*`, `wazuh.integration.*`,
 * `event.original`, ECS `source.*`, `user.*`, `process.*`), as in
 * wazuh-indexer-plugins ecs/stateless and the 5.0 documentation.
 */
const FINDING = {
  '@timestamp': '2026-05-20T10:00:00.000Z',
  event: {
    original: 'May 20 10:00:00 web01 sshd[4242]: Failed password for invalid user admin from 203.0.113.9 port 51122 ssh2',
    category: ['authentication'],
    type: ['start'],
    action: 'ssh-login-failed',
    outcome: 'failure',
    kind: 'event',
    doc_id: 'oPoOs58B4OP1Z0luRhFX',
    index: '.ds-wazuh-events-v5-access-management-000001',
  },
  message: 'Failed password for invalid user admin from 203.0.113.9 port 51122 ssh2',
  wazuh: {
    agent: { id: '003', name: 'web01', groups: ['default'] },
    integration: { name: 'linux', category: 'access-management', decoders: ['decoder/core-wazuh-message/0', 'decoder/sshd/0'] },
    protocol: { location: 'journald', queue: 49 },
    cluster: { name: 'wazuh', node: 'node01' },
    space: { name: 'standard' },
    schema: { version: '1.0.0' },
    event: { id: '0b7f6c62-3a1c-4c1e-9f2e-6d3f4e1a2b10' },
    rule: {
      id: '24503db6-50e3-4dee-b592-db4d1056c775',
      sigma_id: '1da8ce0b-855d-4004-8860-7d64d42063b1',
      title: 'SSH authentication failure for a non-existent user',
      tags: ['attack.credential-access', 'attack.t1110'],
      level: 'medium',
      status: 'stable',
      compliance: { pci_dss: ['10.2.4', '10.2.5'] },
      mitre: {
        tactic: { id: ['TA0006'], name: ['Credential Access'] },
        technique: { id: ['T1110', 'T1110.001'], name: ['Brute Force', 'Password Guessing'] },
        subtechnique: { id: ['T1110.001'], name: ['Password Guessing'] },
      },
    },
  },
  source: { ip: '203.0.113.9', port: 51122 },
  user: { name: 'admin' },
  host: { hostname: 'web01' },
  process: { name: 'sshd', pid: 4242 },
};

const IDENTITY = `wazuh-finding\u0000${FINDING.event.index}\u0000${FINDING.event.doc_id}\u0000${FINDING.wazuh.rule.id}`;

const withRule = (rule: Record<string, unknown>) => ({ ...FINDING, wazuh: { ...FINDING.wazuh, rule: { ...FINDING.wazuh.rule, ...rule } } });

describe('Wazuh 5 findings', () => {
  it('is detected with its rule written partly dotted: inside `wazuh`, or beside it at the top', () => {
    const { rule, ...agentOnly } = FINDING.wazuh;
    const insideDotted = { ...FINDING, wazuh: { ...agentOnly, 'rule.id': rule.id, 'rule.title': rule.title, 'rule.level': rule.level } };
    const besideDotted = { ...FINDING, wazuh: agentOnly, 'wazuh.rule.id': rule.id, 'wazuh.rule.title': rule.title, 'wazuh.rule.level': rule.level };
    for (const doc of [insideDotted, besideDotted]) {
      expect(detectFormat(doc)).toBe('wazuh-finding');
      expect(alertOf(parseRecord(JSON.stringify(doc)))).toMatchObject({ title: rule.title, severity: 'medium' });
    }
  });

  it('reads a finding: the rule, its level, the event time, who and where, and the ATT&CK techniques', () => {
    expect(detectFormat(FINDING)).toBe('wazuh-finding');
    const record = parseRecord(JSON.stringify(FINDING));
    expect(alertOf(record)).toMatchObject({
      ts: Date.parse('2026-05-20T10:00:00Z'),
      source: 'wazuh',
      format: 'wazuh-finding',
      ruleId: '24503db6-50e3-4dee-b592-db4d1056c775',
      ruleName: 'SSH authentication failure for a non-existent user',
      // Wazuh 5 rules have a level word, no number.
      ruleLevel: null,
      title: 'SSH authentication failure for a non-existent user',
      message: 'Failed password for invalid user admin from 203.0.113.9 port 51122 ssh2',
      severity: 'medium',
      category: 'authentication',
      user: 'admin',
      host: 'web01',
      srcIp: '203.0.113.9',
      srcPort: 51122,
      process: 'sshd',
      mitre: ['T1110', 'T1110.001'],
    });
    expect(record.identity).toBe(IDENTITY);
  });

  it('takes the log as received (event.original) for the message when no decoder wrote one', () => {
    const { message: _message, ...bare } = FINDING;
    expect(alertOf(parseRecord(JSON.stringify(bare))).message).toBe(FINDING.event.original);
  });

  it('maps the rule’s level word to severity; an unknown word is passed over, not a reason to refuse the finding', () => {
    const severityOf = (level: unknown) => alertOf(parseRecord(JSON.stringify(withRule({ level })))).severity;
    expect(['informational', 'low', 'medium', 'high', 'critical'].map(severityOf)).toEqual(['info', 'low', 'medium', 'high', 'critical']);
    expect(severityOf('HIGH')).toBe('high');
    expect(severityOf('urgent')).toBe('medium');
    expect(severityOf(undefined)).toBe('medium');
  });

  it('reads ATT&CK ids from the rule’s mitre in either of its shapes, its Sigma tags, and ECS threat', () => {
    const mitreOf = (doc: unknown) => alertOf(parseRecord(JSON.stringify(doc))).mitre;
    // Builds before ATT&CK names were added wrote plain lists of ids (SigmaMitre.toMitreMap, flat form).
    expect(mitreOf(withRule({ mitre: { tactic: ['TA0002'], technique: ['T1059', 'T1059.001'], subtechnique: ['T1059.001'] }, tags: [] }))).toEqual(['T1059', 'T1059.001']);
    // Only Sigma tags (`attack.t1059.001`), lower-case as Sigma writes them.
    expect(mitreOf(withRule({ mitre: undefined, tags: ['attack.execution', 'attack.t1059.001', 'cve.2021-44228'] }))).toEqual(['T1059.001']);
    // An integration that maps ECS threat adds its techniques.
    expect(mitreOf({ ...withRule({ mitre: undefined, tags: [] }), threat: { technique: { id: ['T1078'] } } })).toEqual(['T1078']);
  });

  it('is one alert whether saved bare, as a search hit, or inside a saved search response', () => {
    const hit = { _index: '.ds-wazuh-findings-v5-access-management-000001', _id: 'b3f1c2d4e5a6978812345678', _score: 1.3, _source: FINDING };
    expect(detectFormat(hit)).toBe('wazuh-finding');
    const fromHit = parseRecord(JSON.stringify(hit));
    expect(fromHit.identity).toBe(IDENTITY);
    expect({ ...alertOf(fromHit), raw: '' }).toEqual({ ...alertOf(parseRecord(JSON.stringify(FINDING))), raw: '' });

    // As Dev Tools returns `GET wazuh-findings-v5-*/_search`, pretty-printed, the hit found again with another score.
    const response = JSON.stringify({ took: 4, timed_out: false, hits: { total: { value: 2, relation: 'eq' }, max_score: 2, hits: [{ ...hit, _score: 2 }, { ...hit, _id: 'c4', _source: withRule({ id: 'f2a7e9c0-1111-4a2b-9c3d-5e6f7a8b9c0d', title: 'Root login attempt', level: 'high' }) }] } }, null, 2);
    const hits = searchHitTexts(response);
    expect(hits).toHaveLength(2);
    const [same, other] = hits!.map((text) => parseRecord(text));
    expect(same!.identity).toBe(IDENTITY);
    expect(alertOf(same!).raw).toBe(hits![0]);
    // The same event matched by another rule is another finding.
    expect(other!.identity).toBe(`wazuh-finding\u0000${FINDING.event.index}\u0000${FINDING.event.doc_id}\u0000f2a7e9c0-1111-4a2b-9c3d-5e6f7a8b9c0d`);
    expect(alertOf(other!)).toMatchObject({ title: 'Root login attempt', severity: 'high' });
  });

  it('is identified by the event it matched and the rule, whatever else its copy carries', () => {
    // A copy whose event fields were re-ordered, or that picked up another field on the way (a re-index, an export), is the same finding.
    const reordered = { wazuh: FINDING.wazuh, event: { ...FINDING.event }, '@timestamp': FINDING['@timestamp'], tags: ['exported'] };
    expect(parseRecord(JSON.stringify(reordered)).identity).toBe(IDENTITY);
    // Without event.doc_id, the event's own id, its space and the rule.
    const { doc_id: _doc, index: _index, ...event } = FINDING.event;
    expect(parseRecord(JSON.stringify({ ...FINDING, event })).identity).toBe(
      `wazuh-finding-event\u0000${FINDING.wazuh.event.id}\u0000standard\u0000${FINDING.wazuh.rule.id}`,
    );
  });

  it('reads a finding of an early 5.0 build, its rule at the top level and the event’s time in event.ingested', () => {
    // WazuhEnrichedFindingService before wazuh.rule: `rule` with the level as a word, @timestamp the detector's run.
    const early = {
      ...FINDING,
      '@timestamp': '2026-05-20T10:01:00.000Z',
      event: { ...FINDING.event, ingested: '2026-05-20T10:00:00.000Z' },
      wazuh: { ...FINDING.wazuh, rule: undefined },
      rule: { id: FINDING.wazuh.rule.id, sigma_id: FINDING.wazuh.rule.id, title: FINDING.wazuh.rule.title, tags: FINDING.wazuh.rule.tags, level: 'high', mitre: { tactic: ['TA0006'], technique: ['T1110'], subtechnique: [] } },
    };
    expect(detectFormat(early)).toBe('wazuh-finding');
    expect(alertOf(parseRecord(JSON.stringify(early)))).toMatchObject({
      ts: Date.parse('2026-05-20T10:00:00Z'),
      format: 'wazuh-finding',
      ruleId: FINDING.wazuh.rule.id,
      title: FINDING.wazuh.rule.title,
      severity: 'high',
      mitre: ['T1110'],
    });
    expect(parseRecord(JSON.stringify(early)).identity).toBe(IDENTITY);
  });

  it('is read as a finding although its event says event.kind: alert, and a 4.x alert or an Elastic alert is read as before', () => {
    const alerting = { ...FINDING, event: { ...FINDING.event, kind: 'alert' } };
    expect(detectFormat(alerting)).toBe('wazuh-finding');
    expect(alertOf(parseRecord(JSON.stringify(alerting))).title).toBe(FINDING.wazuh.rule.title);
    // An Elastic detection alert on a finding is Elastic's alert, as on any event.
    expect(detectFormat({ ...FINDING, 'kibana.alert.rule.name': 'Wazuh finding seen', 'kibana.alert.uuid': 'x' })).toBe('elastic-alert');
    expect(detectFormat({ '@timestamp': '2024-05-02T09:10:00Z', event: { kind: 'alert', module: 'endpoint' }, rule: { name: 'Malware' } })).toBe('elastic-alert');
    const v4 = { timestamp: '2024-05-02T09:00:20.123+0000', rule: { level: 10, description: 'sshd: brute force', id: '5712', groups: ['sshd'] }, agent: { id: '003', name: 'web01' }, manager: { name: 'wazuh' }, id: '1714640420.12345' };
    expect(detectFormat(v4)).toBe('wazuh-alerts');
    expect(detectFormat({ ...v4, '@timestamp': '2024-05-02T09:00:20.123Z' })).toBe('wazuh-index');
  });

  it('rejects a finding without its time, naming the field', () => {
    const { '@timestamp': _at, ...timeless } = FINDING;
    expect(rejection(JSON.stringify(timeless))).toBe("missing timestamp (expected '@timestamp')");
    expect(rejection(JSON.stringify({ ...FINDING, '@timestamp': 'soon' }))).toBe("unparseable timestamp 'soon' in field '@timestamp'");
  });

  it('rejects a Wazuh 5 event (no rule) as the log record it is, naming where its alerts are', () => {
    const { rule: _rule, ...wazuh } = FINDING.wazuh;
    const { doc_id: _doc, index: _index, ...event } = FINDING.event;
    expect(rejection(JSON.stringify({ ...FINDING, wazuh, event }))).toMatch(
      /; this is a Wazuh 5 event \(wazuh-events-v5-\*; the alerts Wazuh 5 raises on it are its findings, in wazuh-findings-v5-\*\), a log record rather than an alert$/,
    );
    // As for any ECS document, one that says it is an alert (a product's own alert, decoded by Wazuh) is read as one.
    expect(detectFormat({ ...FINDING, wazuh, event: { ...event, kind: 'alert' } })).toBe('elastic-alert');
  });

  it('names the format when it is forced on a record that is not a finding', () => {
    expect(rejection(JSON.stringify({ ts: 1, alert_type: 'x' }), 'wazuh-finding')).toBe(
      'not a wazuh-finding record: expected wazuh.rule (a finding of the wazuh-findings-v5-* indices)',
    );
  });
});
