/**
 * Suricata EVE details met in real sensor output (records trimmed from public
 * eve.json samples: suricata-verify, elastic/beats and elastic/integrations test
 * data, write-ups).
 */
import { describe, expect, it } from 'vitest';
import type { NormalizedAlert, ParsedRecord } from '../../../shared/domain';
import { parseRecord } from './index';

function alertOf(record: ParsedRecord): NormalizedAlert {
  if (record.kind !== 'alert') throw new Error(`expected an alert, got ${record.kind}`);
  return record.alert;
}

const eve = (fields: Record<string, unknown>): string =>
  JSON.stringify({
    timestamp: '2021-10-01T15:31:54.593627+0300',
    flow_id: 133719507209947,
    event_type: 'alert',
    src_ip: '10.0.0.5',
    src_port: 52484,
    dest_ip: '10.0.0.9',
    dest_port: 80,
    proto: 'TCP',
    alert: { action: 'allowed', gid: 1, signature_id: 2030387, rev: 1, signature: 'ET TEST', category: 'Misc activity', severity: 2 },
    ...fields,
  });

describe('suricata-eve: fields as sensors write them', () => {
  it('puts fully expanded IPv6 addresses in their usual short form', () => {
    const alert = alertOf(parseRecord(eve({ src_ip: 'fe80:0000:0000:0000:d4aa:8d54:3230:720b', dest_ip: 'ff02:0000:0000:0000:0000:0000:0001:0003', dest_port: 5355 })));
    expect(alert).toMatchObject({ srcIp: 'fe80::d4aa:8d54:3230:720b', dstIp: 'ff02::1:3', dstPort: 5355 });
  });

  it('drops redacted addresses (X.X.X.X) rather than storing them as IPs', () => {
    expect(alertOf(parseRecord(eve({ src_ip: 'X.X.X.X', dest_ip: 'x.x.250.50' })))).toMatchObject({ srcIp: null, dstIp: null });
  });

  it('qualifies a request path with its Host (and a non-default port); the libhtp placeholder is no URL', () => {
    const http = (h: Record<string, unknown>) => alertOf(parseRecord(eve({ http: h }))).url;
    expect(http({ hostname: 'testmynids.org', url: '/uid/index.html' })).toBe('http://testmynids.org/uid/index.html');
    expect(http({ hostname: '192.168.73.129', http_port: 8080, url: '/abc.jsp' })).toBe('http://192.168.73.129:8080/abc.jsp');
    expect(http({ url: '/login.php' })).toBe('/login.php');
    expect(http({ hostname: 'a.example', url: 'http://b.example/x' })).toBe('http://b.example/x');
    expect(http({ url: '/libhtp::request_uri_not_seen' })).toBeNull();
    expect(http({ hostname: 'a.example', url: '\u0000\u0000' })).toBeNull();
  });

  it('never puts an IP address in the domain column', () => {
    const alert = alertOf(parseRecord(eve({ http: { hostname: '36.89.106.69', url: '/x' }, tls: { sni: 'c2.example' } })));
    expect(alert.domain).toBe('c2.example');
    expect(alertOf(parseRecord(eve({ http: { hostname: '36.89.106.69' } }))).domain).toBeNull();
  });

  it('gives ICMP alerts their type and code instead of port 0', () => {
    const alert = alertOf(parseRecord(eve({ src_port: 0, dest_port: 0, proto: 'ICMP', icmp_type: 8, icmp_code: 0 })));
    expect(alert).toMatchObject({ srcPort: null, dstPort: null, message: 'ICMP 10.0.0.5 → 10.0.0.9 · type 8 code 0' });
  });

  it('says in one line what the alert saw: the flow, what it carried, and a block by an inline sensor', () => {
    const message = (fields: Record<string, unknown>) => alertOf(parseRecord(eve(fields))).message;
    expect(message({ proto: 'TCP' })).toBe('TCP 10.0.0.5:52484 → 10.0.0.9:80');
    expect(message({ http: { hostname: 'ui.skype.com', url: '/ui/0/getlatestversion', http_method: 'GET', status: 200 }, app_proto: 'http' })).toBe(
      'TCP 10.0.0.5:52484 → 10.0.0.9:80 · http GET http://ui.skype.com/ui/0/getlatestversion 200',
    );
    expect(message({ tls: { sni: 'c2.example', version: 'TLS 1.2' }, app_proto: 'tls' })).toBe('TCP 10.0.0.5:52484 → 10.0.0.9:80 · tls c2.example');
    expect(message({ proto: 'UDP', dest_port: 53, dns: { type: 'query', rrname: 'evil.example' }, app_proto: 'dns' })).toBe(
      'UDP 10.0.0.5:52484 → 10.0.0.9:53 · dns evil.example',
    );
    expect(message({ app_proto: 'smb' })).toBe('TCP 10.0.0.5:52484 → 10.0.0.9:80 · smb');
    expect(message({ src_ip: 'fe80::1', alert: { action: 'blocked', signature_id: 1, signature: 'DROP test', severity: 1 } })).toBe(
      'TCP [fe80::1]:52484 → 10.0.0.9:80 · blocked',
    );
    // An attack's request line is kept short and on one line (the full record is kept as it came).
    const long = message({ http: { hostname: 'a.example', url: `/${'A'.repeat(5000)}`, http_method: 'GET' } })!;
    expect(long.length).toBe(500);
    expect(message({ dns: { rrname: 'a\r\nb.example' } })).toBe('TCP 10.0.0.5:52484 → 10.0.0.9:80 · dns a b.example');
  });

  it("caps the severity of Emerging Threats rules marked Informational or Minor", () => {
    const withSeverity = (priority: number, level: string) =>
      alertOf(parseRecord(eve({ alert: { signature_id: 1, signature: 'ET POLICY x', severity: priority, metadata: { signature_severity: [level] } } }))).severity;
    expect(withSeverity(1, 'Informational')).toBe('low');
    expect(withSeverity(1, 'Minor')).toBe('medium');
    expect(withSeverity(3, 'Minor')).toBe('low');
    expect(withSeverity(1, 'Major')).toBe('high');
  });

  it('reads ATT&CK ids from metadata.mitre_attack too', () => {
    const alert = alertOf(parseRecord(eve({ alert: { signature_id: 1, signature: 'x', severity: 2, metadata: { mitre_attack: ['t1190'] } } })));
    expect(alert.mitre).toEqual(['T1190']);
  });
});

describe('suricata-eve shipped by Filebeat / Elastic Agent (ECS)', () => {
  const line =
    '{"timestamp":"2018-07-05T15:07:20.910626-0400","flow_id":904992230150281,"in_iface":"en0","event_type":"alert","src_ip":"192.168.86.85","src_port":55641,"dest_ip":"192.168.156.70","dest_port":443,"proto":"TCP","tx_id":0,"alert":{"action":"allowed","gid":1,"signature_id":2024833,"rev":3,"signature":"ET POLICY Observed IP Lookup Domain (l2 .io in TLS SNI)","category":"Potential Corporate Privacy Violation","severity":1},"tls":{"session_resumed":true,"sni":"l2.io","version":"TLS 1.2"},"app_proto":"tls"}';
  const shipped = {
    '@timestamp': '2018-07-05T19:07:20.910Z',
    destination: { address: '192.168.156.70', ip: '192.168.156.70', port: 443 },
    event: { created: '2020-11-10T19:08:41.847Z', dataset: 'suricata.eve', module: 'suricata', original: line, severity: 1 },
    host: { name: '731280f894fa' },
    network: { community_id: '1:BWtsS+4pk477zAwfzve3Nm+x1Ms=', transport: 'TCP' },
    source: { address: '192.168.86.85', ip: '192.168.86.85', port: 55641 },
    rule: { id: '2024833', name: 'ET POLICY Observed IP Lookup Domain (l2 .io in TLS SNI)', category: 'Potential Corporate Privacy Violation' },
    suricata: {
      eve: {
        alert: { action: 'allowed', category: 'Potential Corporate Privacy Violation', gid: 1, rev: 3, severity: 1, signature: 'ET POLICY Observed IP Lookup Domain (l2 .io in TLS SNI)', signature_id: 2024833 },
        app_proto: 'tls',
        event_type: 'alert',
        flow_id: '904992230150281',
        tls: { sni: 'l2.io', version: 'TLS 1.2' },
      },
    },
  };
  const expected = {
    format: 'suricata-eve',
    ts: Date.parse('2018-07-05T19:07:20.910Z'),
    ruleId: '1:2024833:3',
    title: 'ET POLICY Observed IP Lookup Domain (l2 .io in TLS SNI)',
    severity: 'high',
    host: '731280f894fa',
    srcIp: '192.168.86.85',
    srcPort: 55641,
    dstIp: '192.168.156.70',
    dstPort: 443,
    domain: 'l2.io',
  };

  it('reads the original line it carries, and is identified by it (the same record as the line itself)', () => {
    const text = JSON.stringify(shipped);
    const parsed = parseRecord(text);
    expect(alertOf(parsed)).toMatchObject({ ...expected, raw: text });
    expect(parsed.identity).toBe(line);
  });

  it('reads suricata.eve and the ECS fields when the original line was not kept', () => {
    const { original: _dropped, ...event } = shipped.event;
    const parsed = parseRecord(JSON.stringify({ ...shipped, event, suricata: { eve: { ...shipped.suricata.eve, alert: undefined } } }));
    expect(alertOf(parsed)).toMatchObject({ ...expected, ruleId: '1:2024833:0' });
    expect(parsed.identity).toBeUndefined();
  });

  it('keeps shipped non-alert records as events', () => {
    const dns = { '@timestamp': '2019-08-22T23:48:27.924Z', event: { module: 'suricata' }, suricata: { eve: { event_type: 'dns', dns: { rrname: 'google.com' } } } };
    expect(parseRecord(JSON.stringify(dns))).toMatchObject({ kind: 'event', event: { eventType: 'dns', ts: Date.parse('2019-08-22T23:48:27.924Z') } });
  });
});
