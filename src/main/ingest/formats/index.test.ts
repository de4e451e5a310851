import { describe, expect, it } from 'vitest';
import { detectFormat, parseRecord } from './index';
import { alertOf, eventOf, rejection } from './parsed-records.test-helpers';

const WINDOWS_ALERT = {
  timestamp: '2024-05-06T07:08:09.123+0200',
  rule: {
    level: '12',
    description: 'Mimikatz LSASS access',
    id: '92900',
    groups: ['sysmon', 'credential_access'],
    mitre: { id: 'T1003.001', tactic: ['Credential Access'], technique: ['LSASS Memory'] },
  },
  agent: { id: '003', name: 'WS-042', ip: '10.0.0.42' },
  manager: { name: 'wazuh-manager' },
  data: {
    win: {
      system: { computer: 'WS-042.corp.local', eventID: '10', message: '"Process accessed:\r\nSourceImage: C:\\Windows\\System32\\rundll32.exe"' },
      eventdata: {
        subjectUserName: 'WS-042$',
        targetUserName: '-',
        image: 'C:\\Windows\\System32\\rundll32.exe',
        hashes: 'SHA1=DA39A3EE5E6B4B0D3255BFEF95601890AFD80709,MD5=D41D8CD98F00B204E9800998ECF8427E,SHA256=E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855',
        ipAddress: '::ffff:10.0.0.7',
        ipPort: '49152',
      },
    },
  },
  location: 'EventChannel',
};

describe('wazuh-alerts', () => {
  it('normalises a Wazuh 3.x IDS alert with the port glued to dstip', () => {
    const line =
      '{"timestamp":"2020-03-04T13:55:05.224939+0000","rule":{"level":8,"description":"First time this IDS alert is generated.","id":"20100","groups":["ids","fts"]},"agent":{"id":"000","name":"user-0"},"manager":{"name":"user-0"},"full_log":"fast.log line","data":{"srcip":"192.168.10.18","dstip":"192.168.10.21:80","id":"1:2221028:1"},"location":"/var/log/suricata/fast.log"}';
    const alert = alertOf(parseRecord(line));
    expect(alert).toMatchObject({
      ts: Date.parse('2020-03-04T13:55:05.224Z'),
      source: 'wazuh',
      format: 'wazuh-alerts',
      ruleId: '20100',
      ruleName: 'First time this IDS alert is generated.',
      title: 'First time this IDS alert is generated.',
      ruleLevel: 8,
      severity: 'high',
      category: 'ids,fts',
      message: 'fast.log line',
      host: 'user-0',
      srcIp: '192.168.10.18',
      srcPort: null,
      dstIp: '192.168.10.21',
      dstPort: 80,
    });
    expect(alert.raw).toBe(line);
  });

  it('reads Windows eventdata: user fallbacks, image, hashes, a string level and mitre as a string', () => {
    const alert = alertOf(parseRecord(JSON.stringify(WINDOWS_ALERT)));
    expect(alert).toMatchObject({
      ts: Date.parse('2024-05-06T05:08:09.123Z'),
      ruleLevel: 12,
      severity: 'critical',
      user: null, // targetUserName '-' is a placeholder and subjectUserName a machine account
      host: 'WS-042',
      process: 'C:\\Windows\\System32\\rundll32.exe',
      fileHash: null, // the hash of an OS binary names the Windows build, not the attacker's tool
      srcIp: '10.0.0.7', // IPv4-mapped, normalised
      srcPort: 49152,
      mitre: ['T1003.001'],
      category: 'sysmon,credential_access',
      // No full_log: the event text, without the quotes Wazuh wraps it in.
      message: 'Process accessed:\r\nSourceImage: C:\\Windows\\System32\\rundll32.exe',
    });
  });

  it("takes Sysmon's hash of the file the event is about unless it is an OS binary", () => {
    const withImage = (image: string, imageLoaded?: string) =>
      alertOf(parseRecord(JSON.stringify({ ...WINDOWS_ALERT, data: { win: { ...WINDOWS_ALERT.data.win, eventdata: { ...WINDOWS_ALERT.data.win.eventdata, image, imageLoaded } } } }))).fileHash;
    const sha256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    expect(withImage('C:\\Users\\bob\\Downloads\\mimikatz.exe')).toBe(sha256);
    expect(withImage('C:\\Windows\\Temp\\svchost.exe')).toBe(sha256);
    expect(withImage('C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe')).toBeNull();
    // Image loaded (Sysmon 7): the hashes are the loaded file's.
    expect(withImage('C:\\Windows\\System32\\rundll32.exe', 'C:\\Users\\bob\\AppData\\evil.dll')).toBe(sha256);
    expect(withImage('C:\\Users\\bob\\tool.exe', 'C:\\Windows\\System32\\ntdll.dll')).toBeNull();
    // File written or deleted (Sysmon 29, 23, 26): the hashes are that file's.
    const withTarget = (image: string, targetFilename: string) =>
      alertOf(parseRecord(JSON.stringify({ ...WINDOWS_ALERT, data: { win: { ...WINDOWS_ALERT.data.win, eventdata: { ...WINDOWS_ALERT.data.win.eventdata, image, targetFilename } } } }))).fileHash;
    expect(withTarget('C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 'C:\\Users\\bob\\evil.exe')).toBe(sha256);
    expect(withTarget('C:\\Users\\bob\\tool.exe', 'C:\\Windows\\System32\\drivers\\etc\\hosts')).toBe(sha256);
  });

  it('strips <> from users, prefers srcuser, reads syscheck hashes and falls back to predecoder.hostname', () => {
    const alert = alertOf(
      parseRecord(
        JSON.stringify({
          timestamp: '2020-03-04T14:14:36.000000+0000',
          rule: { level: 7, description: 'File modified', id: '550', mitre: { id: ['T1565', 'not-an-id', 't1070.004'] } },
          predecoder: { hostname: 'mail' },
          data: { srcuser: '<violet>', dstuser: 'root', url: 'http://evil.example/x' },
          syscheck: { path: '/etc/passwd', sha256_after: 'AB'.repeat(32), md5_after: 'cd'.repeat(16) },
        }),
      ),
    );
    expect(alert).toMatchObject({
      user: 'violet',
      host: 'mail',
      severity: 'medium',
      fileHash: 'ab'.repeat(32),
      url: 'http://evil.example/x',
      mitre: ['T1565', 'T1070.004'],
      message: null,
    });
  });

  it('maps every level band to a severity', () => {
    const severityAt = (level: number) =>
      alertOf(parseRecord(JSON.stringify({ timestamp: '2024-01-01T00:00:00Z', rule: { level, id: '1', description: 'x' } }))).severity;
    expect([0, 1, 3, 4, 7, 8, 11, 12, 15, 16].map(severityAt)).toEqual([
      'info', 'low', 'low', 'medium', 'medium', 'high', 'high', 'critical', 'critical', 'critical',
    ]);
  });

  it('reads Suricata EVE carried inside a Wazuh alert (data.src_ip, string ports, http)', () => {
    const alert = alertOf(
      parseRecord(
        JSON.stringify({
          timestamp: '2020-03-04T13:56:40.993961+0000',
          rule: { level: 3, description: 'Suricata: Alert - ET WEB_SERVER ColdFusion administrator access', id: '86601', groups: ['ids', 'suricata'] },
          agent: { id: '000', name: 'user-0' },
          data: {
            src_ip: '192.168.10.18', src_port: '41410', dest_ip: '192.168.10.21', dest_port: '80',
            alert: { signature: 'ET WEB_SERVER ColdFusion administrator access', metadata: { mitre_technique_id: ['T1190'] } },
            http: { hostname: 'mail.insect.com', url: '/cfide/administrator/startstop.html' },
          },
        }),
      ),
    );
    expect(alert).toMatchObject({
      srcIp: '192.168.10.18', srcPort: 41410, dstIp: '192.168.10.21', dstPort: 80,
      domain: 'mail.insect.com', url: 'http://mail.insect.com/cfide/administrator/startstop.html', mitre: ['T1190'], severity: 'low',
    });
  });
});

describe('wazuh-index', () => {
  it('unwraps a search hit and reads @timestamp', () => {
    const hit = { _index: 'wazuh-alerts-4.x-2024.05.06', _id: 'abc', _source: { ...WINDOWS_ALERT, timestamp: undefined, '@timestamp': '2024-05-06T05:08:09.123Z' } };
    const text = JSON.stringify(hit);
    expect(detectFormat(hit)).toBe('wazuh-index');
    const alert = alertOf(parseRecord(text));
    expect(alert).toMatchObject({ format: 'wazuh-index', source: 'wazuh', ts: Date.parse('2024-05-06T05:08:09.123Z'), severity: 'critical', ruleId: '92900' });
    expect(alert.raw).toBe(text);
  });

  it('treats a bare index document (with @timestamp) as wazuh-index, and an alerts.json line as wazuh-alerts', () => {
    expect(detectFormat({ ...WINDOWS_ALERT, '@timestamp': '2024-05-06T05:08:09.123Z' })).toBe('wazuh-index');
    expect(detectFormat(WINDOWS_ALERT)).toBe('wazuh-alerts');
  });

  it('normalises the Graylog-flattened shape like the nested one', () => {
    const flat = {
      timestamp: '2024-05-06 05:08:09.123',
      source: 'wazuh-manager',
      gl2_message_id: '01HX',
      gl2_source_input: '65f',
      rule_level: 12,
      rule_id: '92900',
      rule_description: 'Mimikatz LSASS access',
      rule_groups: 'sysmon,credential_access',
      rule_mitre_id: '["T1003.001"]',
      agent_name: 'WS-042',
      agent_ip: '10.0.0.42',
      data_srcip: '10.0.0.7',
      data_win_eventdata_targetUserName: 'Alice',
      data_win_eventdata_image: 'C:\\Windows\\System32\\rundll32.exe',
      full_log: 'raw event',
    };
    expect(detectFormat(flat)).toBe('wazuh-index');
    const alert = alertOf(parseRecord(JSON.stringify(flat)));
    expect(alert).toMatchObject({
      format: 'wazuh-index',
      source: 'wazuh',
      ts: Date.parse('2024-05-06T05:08:09.123Z'),
      ruleId: '92900',
      ruleLevel: 12,
      severity: 'critical',
      title: 'Mimikatz LSASS access',
      category: 'sysmon,credential_access',
      mitre: ['T1003.001'],
      host: 'WS-042',
      srcIp: '10.0.0.7',
      user: 'Alice',
      process: 'C:\\Windows\\System32\\rundll32.exe',
      message: 'raw event',
    });
  });

  it('reads dotted keys as exported by some Elastic tools', () => {
    const alert = alertOf(parseRecord(JSON.stringify({ '@timestamp': '2024-05-06T05:08:09Z', 'rule.level': '5', 'rule.description': 'sshd: authentication failed', 'agent.name': 'srv1', 'data.srcip': '203.0.113.9' })));
    expect(alert).toMatchObject({ format: 'wazuh-index', severity: 'medium', title: 'sshd: authentication failed', host: 'srv1', srcIp: '203.0.113.9' });
  });
});

describe('suricata-eve', () => {
  const ALERT =
    '{"timestamp":"2015-03-29T11:01:38.221126-0600","flow_id":19596204354026941234,"event_type":"alert","src_ip":"222.186.56.46","src_port":4904,"dest_ip":"192.168.0.2","dest_port":22,"proto":"TCP","host":"sensor-1","alert":{"action":"allowed","gid":1,"signature_id":2001219,"rev":20,"signature":"ET SCAN Potential SSH Scan","category":"Attempted Information Leak","severity":2,"metadata":{"mitre_technique_id":["T1046"]}},"tls":{"sni":"Evil.Example."},"fileinfo":{"sha256":"AA' +
    'a'.repeat(62) +
    '"}}';

  it('normalises an alert and keeps the raw text (flow_id beyond 2^53) untouched', () => {
    const alert = alertOf(parseRecord(ALERT));
    expect(alert).toMatchObject({
      ts: Date.parse('2015-03-29T17:01:38.221Z'),
      source: 'suricata',
      format: 'suricata-eve',
      ruleId: '1:2001219:20',
      ruleName: 'ET SCAN Potential SSH Scan',
      title: 'ET SCAN Potential SSH Scan',
      ruleLevel: 2,
      severity: 'medium',
      category: 'Attempted Information Leak',
      host: 'sensor-1',
      srcIp: '222.186.56.46',
      srcPort: 4904,
      dstIp: '192.168.0.2',
      dstPort: 22,
      domain: 'Evil.Example.',
      fileHash: 'a'.repeat(64),
      mitre: ['T1046'],
    });
    expect(alert.raw).toBe(ALERT);
    expect(alert.raw).toContain('19596204354026941234');
  });

  it('maps priorities 1–4 to high, medium, low, info', () => {
    const severityAt = (severity: unknown) =>
      alertOf(parseRecord(JSON.stringify({ timestamp: '2024-01-01T00:00:00Z', event_type: 'alert', alert: { signature: 's', signature_id: 1, severity } }))).severity;
    expect([1, 2, 3, 4, 5, '1', undefined].map(severityAt)).toEqual(['high', 'medium', 'low', 'info', 'info', 'high', 'low']);
  });

  it('keeps every other event type as an event', () => {
    for (const eventType of ['flow', 'dns', 'http', 'fileinfo', 'anomaly', 'stats']) {
      const text = `{"timestamp":"2016-06-08T20:01:52.875791+0000","event_type":"${eventType}","src_ip":"10.0.0.1"}`;
      expect(eventOf(parseRecord(text))).toEqual({ ts: Date.parse('2016-06-08T20:01:52.875Z'), source: 'suricata', format: 'suricata-eve', eventType, raw: text });
    }
  });

  it('reads the queried name of newer dns records', () => {
    const alert = alertOf(parseRecord(JSON.stringify({ timestamp: '2024-01-01T00:00:00Z', event_type: 'alert', alert: { signature: 'ET DNS', signature_id: 5, severity: 1 }, dns: { queries: [{ rrname: 'bad.example' }] } })));
    expect(alert.domain).toBe('bad.example');
  });
});

describe('generic', () => {
  it('normalises the seed app alert', () => {
    const text = JSON.stringify({ ts: '2024-03-01T10:00:00Z', source: 'edr', alert_type: 'Suspicious PowerShell', message: 'encoded command', user: 'CORP\\Bob', host: 'ws-7', ip: '10.1.2.3', severity: 'high', asset_tier: 2 });
    expect(alertOf(parseRecord(text))).toEqual({
      ts: Date.parse('2024-03-01T10:00:00Z'), source: 'edr', format: 'generic', ruleId: null, ruleName: 'Suspicious PowerShell', ruleLevel: null,
      title: 'Suspicious PowerShell', message: 'encoded command', severity: 'high', category: null, user: 'CORP\\Bob', host: 'ws-7',
      srcIp: '10.1.2.3', srcPort: null, dstIp: null, dstPort: null, process: null, fileHash: null, url: null, domain: null, mitre: [], assetTier: 2, raw: text,
    });
  });

  it('accepts timestamp aliases, severity words and 0–10 numbers, and defaults the source', () => {
    const parse = (fields: object) => alertOf(parseRecord(JSON.stringify({ alert_type: 'x', ...fields })));
    expect(parse({ '@timestamp': 1709287200, severity: 'Warning' })).toMatchObject({ ts: 1709287200000, severity: 'medium', source: 'generic' });
    expect(parse({ timestamp: '2024-03-01T10:00:00Z', severity: 'informational' }).severity).toBe('info');
    expect(parse({ ts: 1, severity: 'ERROR' }).severity).toBe('high');
    expect(parse({ ts: 1, severity: 'crit' }).severity).toBe('critical');
    expect([0, 2, 5, 7.5, 9, 10, '8'].map((severity) => parse({ ts: 1, severity }).severity)).toEqual(['info', 'low', 'medium', 'high', 'critical', 'critical', 'high']);
    expect(parse({ ts: 1, severity: 7.5 }).ruleLevel).toBe(7.5);
    expect(parse({ ts: 1 }).severity).toBe('medium');
    expect(parse({ ts: 1, asset_tier: 9 }).assetTier).toBeNull();
    expect(parse({ ts: 1, asset_tier: '1' }).assetTier).toBe(1);
    expect(parse({ ts: 1, ip: '10.0.0.1:443' })).toMatchObject({ srcIp: '10.0.0.1', srcPort: 443 });
  });
});

describe('rejections say which field and why', () => {
  it('malformed JSON', () => {
    expect(rejection('{"timestamp": "2024-01-01T00:00:00Z", rule')).toMatch(/^malformed JSON: .*position \d+/);
  });

  it.each([['[1,2]'], ['"text"'], ['null'], ['42']])('not an object: %s', (text) => {
    expect(rejection(text)).toBe('record is not a JSON object');
  });

  it('unrecognised format', () => {
    expect(rejection('{"hello":"world"}')).toBe(
      'unrecognised record format: expected a Wazuh alert (rule.level), a wazuh-alerts index document, a Wazuh 5 finding (wazuh.rule), a Suricata EVE record (event_type), an Elastic alert (kibana.alert.*, signal.* or event.kind: alert), a Graylog event (event_definition_id) or a generic alert (ts, alert_type)',
    );
  });

  it('unrecognised format, naming the raw log it is (Winlogbeat, Zeek; the Security-Datasets files are in real-data.test.ts)', () => {
    const expected = 'unrecognised record format: expected a Wazuh alert (rule.level), a wazuh-alerts index document, a Wazuh 5 finding (wazuh.rule), a Suricata EVE record (event_type), an Elastic alert (kibana.alert.*, signal.* or event.kind: alert), a Graylog event (event_definition_id) or a generic alert (ts, alert_type); this is ';
    expect(rejection('{"@timestamp":"2024-01-01T00:00:00Z","winlog":{"event_id":"4624","channel":"Security"},"host":{"name":"dc1"}}')).toBe(
      `${expected}a Windows event (event 4624, Security), a log record rather than an alert`,
    );
    expect(rejection('{"ts":1320279566.452687,"uid":"CWGtK431H9XuaTN4fi","id.orig_h":"10.0.0.5","id.orig_p":51234}')).toBe(`${expected}a Zeek log line, a log record rather than an alert`);
    expect(rejection('{"@timestamp":"2024-05-02T09:00:00Z","event":{"kind":"event","category":["authentication"]},"user":{"name":"jdoe"}}')).toBe(`${expected}an ECS event (event.kind: event), a log record rather than an alert`);
    const archived = '{"timestamp":"2024-05-02T09:00:20.123+0000","agent":{"id":"003","name":"web01"},"manager":{"name":"wazuh"},"id":"1714640420.12345","full_log":"May  2 09:00:20 web01 sshd[812]: Accepted publickey for deploy","predecoder":{"program_name":"sshd"},"decoder":{"name":"sshd"},"location":"/var/log/auth.log"}';
    expect(rejection(archived)).toBe(`${expected}a Wazuh archives.json event (no rule fired on it; its alerts are in alerts.json), a log record rather than an alert`);
  });

  it('missing and unparseable timestamps', () => {
    expect(rejection('{"rule":{"level":3}}')).toBe("missing timestamp (expected 'timestamp' or '@timestamp')");
    expect(rejection('{"event_type":"alert","alert":{}}')).toBe("missing timestamp (expected 'timestamp' or '@timestamp')");
    expect(rejection('{"alert_type":"x"}')).toBe("missing timestamp (expected 'ts' or 'timestamp' or '@timestamp')");
    expect(rejection('{"timestamp":"last tuesday","rule":{"level":3}}')).toBe("unparseable timestamp 'last tuesday' in field 'timestamp'");
    expect(rejection('{"ts":"soon","alert_type":"x"}')).toBe("unparseable timestamp 'soon' in field 'ts'");
  });

  it('a later timestamp field rescues an unparseable earlier one', () => {
    expect(alertOf(parseRecord('{"timestamp":"Mar  4 14:14:30","@timestamp":"2024-01-01T00:00:00Z","rule":{"level":3}}')).ts).toBe(Date.parse('2024-01-01T00:00:00Z'));
  });

  it('invalid field values', () => {
    expect(rejection('{"timestamp":"2024-01-01T00:00:00Z","rule":{"level":"high"}}')).toBe("invalid rule.level 'high' (expected a whole number 0–16)");
    expect(rejection('{"timestamp":"2024-01-01T00:00:00Z","event_type":"alert"}')).toBe("missing 'alert' object (event_type is 'alert')");
    const priority = "(expected a priority, a whole number 1–255: 1 high, 2 medium, 3 low, 4 and above info)";
    for (const bad of ['"bad"', '0', '1.5', '1e300', '"0x01"']) {
      expect(rejection(`{"timestamp":"2024-01-01T00:00:00Z","event_type":"alert","alert":{"severity":${bad}}}`)).toBe(
        `invalid alert.severity '${JSON.parse(bad)}' ${priority}`,
      );
    }
    for (const bad of ['99', '-1', '2.5', '"1e1"', '"0x0c"']) {
      expect(rejection(`{"timestamp":"2024-01-01T00:00:00Z","rule":{"level":${bad}}}`)).toBe(`invalid rule.level '${JSON.parse(bad)}' (expected a whole number 0–16)`);
    }
    expect(rejection('{"ts":1,"alert_type":"x","severity":"spicy"}')).toMatch(/^unrecognised severity 'spicy' in field 'severity'/);
    expect(rejection('{"ts":1,"alert_type":""}')).toBe("empty alert_type ''");
  });

  it('a record that does not fit the forced format says so', () => {
    const suricata = '{"timestamp":"2024-01-01T00:00:00Z","event_type":"alert","alert":{"signature":"s"}}';
    expect(rejection(suricata, 'wazuh-alerts')).toBe('not a wazuh-alerts record: missing rule.level');
    expect(rejection(suricata, 'generic')).toBe('not a generic record: missing alert_type');
    expect(rejection('{"timestamp":"2024-01-01T00:00:00Z","rule":{"level":3}}', 'suricata-eve')).toBe('not a suricata-eve record: missing event_type');
    expect(alertOf(parseRecord(suricata, 'suricata-eve')).title).toBe('s');
    expect(alertOf(parseRecord(JSON.stringify(WINDOWS_ALERT), 'wazuh-index')).format).toBe('wazuh-index');
  });
});

describe('Wazuh active-response messages', () => {
  // Trimmed from a wazuh-execd message (active-responses.log, Wazuh 4.2+).
  const alert = {
    timestamp: '2026-08-02T16:06:42.555+0000',
    rule: { level: 10, description: 'SOC-PROJECT: Possible SSH brute force attack (6+ failures in 2 min)', id: '100010', groups: ['local', 'syslog', 'sshd', 'authentication_failures'] },
    agent: { id: '000', name: 'soc-project-wazuh-siem' },
    manager: { name: 'soc-project-wazuh-siem' },
    id: '1785686802.53631',
    full_log: 'Aug 02 16:06:41 soc-project-wazuh-siem sshd[104858]: Failed password for azureuser from 74.96.216.30 port 30693 ssh2',
    data: { srcip: '74.96.216.30', srcport: '30693', dstuser: 'azureuser' },
  };
  const message = JSON.stringify({
    version: 1,
    origin: { name: 'node01', module: 'wazuh-execd' },
    command: 'add',
    parameters: { extra_args: [], alert, program: 'active-response/bin/respond_auto.py' },
  });

  it('are the alert that triggered the response, and the same alert as its alerts.json line', () => {
    const parsed = parseRecord(message);
    const fromLog = parseRecord(JSON.stringify(alert));
    expect(alertOf(parsed)).toMatchObject({ format: 'wazuh-alerts', ruleId: '100010', severity: 'high', srcIp: '74.96.216.30', user: 'azureuser', raw: message });
    expect(parsed.identity).toBeDefined();
    expect(parsed.identity).toBe(fromLog.identity);
  });
});
