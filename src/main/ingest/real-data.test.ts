/**
 * The parsing layer against real exports (see ../shared/datasets/SOURCES.md beside the repository
 * for origins and licences). Set SOCWB_DATASETS to their folder when it is not
 * at tests/fixtures/datasets or ../shared/datasets beside the repository (as in CI).
 */
import { createReadStream, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NormalizedAlert, ParsedRecord, Severity } from '../../shared/domain';
import { extractEntities } from './entities';
import { parseRecord } from './formats';
import { readRecords } from './record-reader';

const DATASETS = [process.env.SOCWB_DATASETS, resolve(__dirname, '../../../tests/fixtures/datasets'), resolve(__dirname, '../../../../shared/datasets')].find(
  (dir): dir is string => dir !== undefined && existsSync(join(dir, 'wazuh', 'ossec_insect.json')),
);
if (DATASETS === undefined) console.warn('real-data tests skipped: datasets not found (set SOCWB_DATASETS)');

interface FileParse {
  records: Array<{ line: number; parsed: ParsedRecord }>;
  alerts: NormalizedAlert[];
  rejected: Array<{ line: number; reason: string }>;
}

async function parseFile(relative: string): Promise<FileParse> {
  const result: FileParse = { records: [], alerts: [], rejected: [] };
  for await (const item of readRecords(createReadStream(join(DATASETS!, relative)))) {
    if ('error' in item) {
      result.rejected.push({ line: item.line, reason: item.error });
      continue;
    }
    try {
      const parsed = parseRecord(item.text);
      result.records.push({ line: item.line, parsed });
      if (parsed.kind === 'alert') result.alerts.push(parsed.alert);
    } catch (error) {
      result.rejected.push({ line: item.line, reason: (error as Error).message });
    }
  }
  return result;
}

function severityCounts(alerts: NormalizedAlert[]): Partial<Record<Severity, number>> {
  const counts: Partial<Record<Severity, number>> = {};
  for (const alert of alerts) counts[alert.severity] = (counts[alert.severity] ?? 0) + 1;
  return counts;
}

function alertAtLine(file: FileParse, line: number): NormalizedAlert {
  const found = file.records.find((r) => r.line === line)?.parsed;
  if (found?.kind !== 'alert') throw new Error(`no alert at line ${line}`);
  return found.alert;
}

describe.skipIf(DATASETS === undefined)('real exports', () => {
  it('Wazuh 3.x alerts.json (AIT-LDS insect): all 497 alerts, levels to severities, entities', async () => {
    const file = await parseFile('wazuh/ossec_insect.json');
    expect(file.rejected).toEqual([]);
    expect(file.alerts).toHaveLength(497);
    expect(new Set(file.alerts.map((a) => a.format))).toEqual(new Set(['wazuh-alerts']));
    // levels 3 → low, 5–6 → medium, 8 and 10 → high
    expect(severityCounts(file.alerts)).toEqual({ low: 89, medium: 379, high: 29 });

    const first = alertAtLine(file, 1);
    expect(first).toMatchObject({
      ts: Date.parse('2020-03-04T13:55:05.224Z'), ruleId: '20100', ruleLevel: 8, severity: 'high',
      srcIp: '192.168.10.18', dstIp: '192.168.10.21', dstPort: 80, host: 'user-0', category: 'ids,fts',
    });
    expect(extractEntities(first)).toEqual([
      { type: 'host', value: 'user-0' },
      { type: 'ip', value: '192.168.10.18' },
      { type: 'ip', value: '192.168.10.21' },
    ]);

    // Suricata EVE read through Wazuh's json decoder
    expect(alertAtLine(file, 3)).toMatchObject({
      ruleId: '86601', severity: 'low', srcIp: '192.168.10.18', srcPort: 41410, dstIp: '192.168.10.21', dstPort: 80,
      domain: 'mail.insect.com', url: 'http://mail.insect.com/./cfide/./Administrator/./startstop.html',
    });

    // Dovecot writes the user as <violet>
    const dovecot = alertAtLine(file, 44);
    expect(dovecot).toMatchObject({ ruleId: '9705', user: 'violet', srcIp: '127.0.0.1', severity: 'medium', ts: Date.parse('2020-03-04T14:14:36Z') });
    expect(extractEntities(dovecot)).toContainEqual({ type: 'user', value: 'violet' });

    // every alert keeps its line verbatim
    for (const { parsed } of file.records) expect(parsed.kind === 'alert' && parsed.alert.raw.startsWith('{"timestamp":')).toBe(true);
  });

  it('Wazuh 4.x alerts with mitre', async () => {
    const file = await parseFile('wazuh/wazuh-4.14-test-alerts.jsonl');
    expect(file.rejected).toEqual([]);
    expect(file.alerts).toHaveLength(2);
    expect(file.alerts[0]).toMatchObject({
      ts: Date.parse('2022-05-11T12:29:19.905Z'), ruleId: '5712', ruleLevel: 10, severity: 'high', mitre: ['T1110'],
      user: 'paco', srcIp: '172.17.1.1', srcPort: 56404, host: 'localhost.localdomain',
      message: 'May 11 12:29:18 localhost sshd[17584]: Invalid user paco from 172.17.1.1 port 56404',
      category: 'syslog,sshd,authentication_failures',
    });
  });

  it('Suricata EVE as a pretty-printed array and as NDJSON give the same alerts', async () => {
    const array = await parseFile('suricata/first-org-conf-2015.alerts-only.json');
    const lines = await parseFile('suricata/first-org-conf-2015.alerts-only.ndjson');
    expect(array.rejected).toEqual([]);
    expect(lines.rejected).toEqual([]);
    expect(array.alerts).toHaveLength(136);
    expect(severityCounts(array.alerts)).toEqual({ high: 71, medium: 42, low: 23 });
    const withoutRaw = (alerts: NormalizedAlert[]) => alerts.map(({ raw: _raw, ...rest }) => rest);
    expect(withoutRaw(array.alerts)).toEqual(withoutRaw(lines.alerts));
    // the array element's text is the pretty-printed source, the line is the line
    expect(JSON.parse(array.alerts[0]!.raw)).toEqual(JSON.parse(lines.alerts[0]!.raw));
    expect(array.alerts[0]!.raw).toMatch(/^\{\n {4}"timestamp"/);
    expect(array.records.map((r) => r.line).slice(0, 3)).toEqual([2, 29, 67]);

    expect(array.alerts[0]).toMatchObject({
      ts: Date.parse('2015-03-29T17:01:38.221Z'), source: 'suricata', ruleId: '1:2001219:20', title: 'ET SCAN Potential SSH Scan',
      category: 'Attempted Information Leak', severity: 'medium', ruleLevel: 2, srcIp: '222.186.56.46', srcPort: 4904, dstIp: '192.168.0.2', dstPort: 22,
    });
    const skype = array.alerts[1]!;
    expect(skype).toMatchObject({ severity: 'high', domain: 'ui.skype.com' });
    expect(extractEntities(skype)).toContainEqual({ type: 'domain', value: 'ui.skype.com' });
    expect(lines.alerts[0]!.raw).toContain('"flow_id":1959620435402694');
  });

  it('Suricata honeypot NDJSON with zone-less timestamps', async () => {
    const file = await parseFile('suricata/honeypot-2018.alerts-only.ndjson');
    expect(file.rejected).toEqual([]);
    expect(file.alerts).toHaveLength(44);
    expect(severityCounts(file.alerts)).toEqual({ medium: 43, low: 1 });
    expect(file.alerts[0]).toMatchObject({ ts: Date.parse('2019-01-02T03:50:11.315Z'), srcIp: '8.42.77.171', dstPort: 22, ruleId: '1:2001219:19' });
  });

  it('a Suricata fileinfo record is an event, not an alert', async () => {
    const file = await parseFile('suricata/output-eve-fileinfo.expected.eve.json');
    expect(file.rejected).toEqual([]);
    expect(file.alerts).toEqual([]);
    expect(file.records).toHaveLength(1);
    const parsed = file.records[0]!.parsed;
    expect(parsed.kind).toBe('event');
    expect(parsed.kind === 'event' && parsed.event).toMatchObject({ eventType: 'fileinfo', source: 'suricata', format: 'suricata-eve', ts: Date.parse('2016-06-08T20:01:52.875Z') });
  });

  it('host logs (Security-Datasets) are rejected record by record, each saying what it is', async () => {
    const kinds = async (relative: string) => {
      const file = await parseFile(relative);
      expect(file.records).toEqual([]);
      const said = new Map<string, number>();
      for (const r of file.rejected) {
        const kind = / this is (.+), a log record rather than an alert$/.exec(r.reason)?.[1] ?? r.reason;
        said.set(kind.replace(/event \d+/, 'event N'), (said.get(kind.replace(/event \d+/, 'event N')) ?? 0) + 1);
      }
      return Object.fromEntries(said);
    };
    expect(await kinds('windows/atomic/psh_lsass_memory_dump_comsvcs_2020-10-18T19500924.json')).toEqual({
      'a Windows event (event N, Security)': 36,
      'a Windows event (event N, Microsoft-Windows-Sysmon/Operational)': 148,
    });
    expect(await kinds('windows/log4shell/syslog_sysmon_log4shell_cve2021_44228_jndi_reference_2022-05-11181020.json')).toEqual({ 'a Sysmon event forwarded through syslog (Log Analytics)': 93 });
    expect(await kinds('windows/log4shell/syslog_auoms_auditd_log4shell_cve2021_44228_jndi_reference_2022-05-11181020.json')).toEqual({
      'an auditd record forwarded through syslog (Log Analytics)': 50,
    });
  });
});
