/**
 * Field normalisation of real Wazuh alerts. Fixtures are trimmed from the
 * samples of the Wazuh real-data test (AIT-LDS spiral and insect, Wazuh 3.x;
 * Wazuh 4.x alerts.json lines, index documents and Graylog copies quoted in
 * public write-ups); every value a test asserts on is as the source wrote it.
 */
import { describe, expect, it } from 'vitest';
import type { NormalizedAlert } from '../../../shared/domain';
import type { JsonObject } from './common';
import { normalizeWazuh, wazuhIdentity } from './wazuh';

function alertOf(doc: JsonObject): NormalizedAlert {
  return normalizeWazuh(doc, 'wazuh-alerts', JSON.stringify(doc));
}

/** An AIT spiral alert (Wazuh 3.x, manager user-0) with the given rule, full_log and data. */
function spiral(rule: JsonObject, fields: JsonObject): JsonObject {
  return {
    timestamp: '2020-03-04T18:35:02.170210+0000',
    rule,
    agent: { id: '000', name: 'user-0' },
    manager: { name: 'user-0' },
    ...fields,
  };
}

/** Suricata's eve line as Wazuh's json decoder stores it: the line in full_log, its fields (as strings) in data. */
function eveThroughWazuh(eve: JsonObject, description: string): JsonObject {
  return spiral(
    { level: 3, description, id: '86601', groups: ['ids', 'suricata'] },
    { full_log: JSON.stringify(eve), decoder: { name: 'json' }, data: eve, location: '/var/log/forensic/suricata/eve.json' },
  );
}

// spiral :862, the exploit's root shell answering the attacker (eve, numbers as the eve line has them)
const ROOT_SHELL_EVE = {
  timestamp: '2020-03-04T18:35:02.170210+0000',
  event_type: 'alert',
  src_ip: '192.168.10.122',
  src_port: 36826,
  dest_ip: '192.168.10.81',
  dest_port: 9952,
  proto: 'TCP',
  alert: { gid: 1, signature_id: 2100498, rev: 7, signature: 'GPL ATTACK_RESPONSE id check returned root', category: 'Potentially Bad Traffic', severity: 2 },
};

// windows_4625_alerts_then_archives.json: one 4625 alert, as alerts.json and as archives.json (with full_log) wrote it
const LOGON_FAILURE_EVENT = {
  system: {
    eventID: '4625',
    computer: 'client1',
    message:
      '"An account failed to log on.\r\n\r\nSubject:\r\n\tSecurity ID:\t\tS-1-5-18\r\n\tAccount Name:\t\tCLIENT1$\r\n [...]\r\nAccount For Which Logon Failed:\r\n\tSecurity ID:\t\tS-1-0-0\r\n\tAccount Name:\t\tViAnh\r\n [...]"',
  },
  eventdata: {
    subjectUserName: 'CLIENT1$',
    targetUserName: 'ViAnh',
    processName: 'C:\\\\Windows\\\\System32\\\\svchost.exe',
    ipAddress: '127.0.0.1',
    ipPort: '0',
  },
};
const LOGON_FAILURE = {
  timestamp: '2026-04-08T14:34:22.745+0700',
  rule: { level: 5, description: 'Logon Failure - Unknown user or bad password', id: '60122', groups: ['windows', 'windows_security', 'authentication_failed'] },
  agent: { id: '001', name: 'client1', ip: '192.168.10.130' },
  id: '1775633662.884372',
  decoder: { name: 'windows_eventchannel' },
  data: { win: LOGON_FAILURE_EVENT },
  location: 'EventChannel',
};
const LOGON_FAILURE_ARCHIVED = { ...LOGON_FAILURE, full_log: JSON.stringify({ win: LOGON_FAILURE_EVENT }) };
const LOGON_FAILURE_TEXT =
  'An account failed to log on.\r\n\r\nSubject:\r\n\tSecurity ID:\t\tS-1-5-18\r\n\tAccount Name:\t\tCLIENT1$\r\n [...]\r\nAccount For Which Logon Failed:\r\n\tSecurity ID:\t\tS-1-0-0\r\n\tAccount Name:\t\tViAnh\r\n [...]';

// linux_and_modules.ndjson:11, VirusTotal 87105 (EICAR)
const VIRUSTOTAL = {
  timestamp: '2025-05-29T21:37:32.128+0000',
  rule: { level: 12, description: 'VirusTotal: Alert - c:\\users\\jaykit\\downloads\\asdf.txt - 64 engines detected this file', id: '87105', groups: ['virustotal'] },
  agent: { id: '003', name: 'ENDPOINT-Jaykit', ip: '192.168.101.10' },
  decoder: { name: 'json' },
  data: {
    virustotal: {
      found: '1',
      malicious: '1',
      source: { alert_id: '1748554644.31441457', file: 'c:\\users\\jaykit\\downloads\\asdf.txt', md5: '44d88612fea8a8f36de82e1278abb02f', sha1: '3395856ce81f2b7382dee72602f798b642f14140' },
      sha1: '3395856ce81f2b7382dee72602f798b642f14140',
      positives: '64',
      total: '68',
    },
    integration: 'virustotal',
  },
  location: 'virustotal',
};

// index_search_responses_acanto.ndjson:5, Office 365 91575 (the hit's _source)
const OFFICE365 = {
  '@timestamp': '2025-03-07T16:19:58.949Z',
  timestamp: '2025-03-07T13:19:58.949-0300',
  agent: { name: 'wazuh', id: '000' },
  data: {
    integration: 'office365',
    office365: { Operation: 'AtpDetection', Workload: 'ThreatIntelligence', UserId: 'leandro.gonzalez@acanto.io', FileData: { FileName: 'Remuneraciones 2025 (APROBADOS).rar' } },
  },
  rule: { level: 12, description: 'Office 365: Phishing and malware events for files in SharePoint, OneDrive for Business, and Microsoft Teams from Microsoft Defender for Office 365.', id: '91575', groups: ['office365', 'ThreatIntelligenceAtpContent'] },
  decoder: { name: 'json' },
  location: 'office365',
};

// fim_whodata_excerpt.ndjson:1, FIM who-data 554: ubuntu ran `sudo sh -c …` and root's dash wrote the file
const FIM_WHODATA = {
  timestamp: '2026-07-06T07:15:52.000+0000',
  rule: { level: 5, description: 'File added to the system.', id: '554' },
  agent: { id: '001', name: 'wazuh-fim', ip: '192.168.122.6' },
  full_log: "File '/etc/pilot-fim-chaintest.conf' added\nMode: whodata\n",
  syscheck: {
    path: '/etc/pilot-fim-chaintest.conf',
    mode: 'whodata',
    event: 'added',
    audit: {
      user: { id: '0', name: 'root' },
      process: { id: '6126', name: '/usr/bin/dash', parent_name: '/usr/bin/sudo', ppid: '6125' },
      login_user: { id: '1000', name: 'ubuntu' },
      effective_user: { id: '0', name: 'root' },
    },
  },
};

// index_hit_wef_4688.json, 4688 process creation by the machine account (the hit's _source)
const PROCESS_CREATED = {
  timestamp: '2026-04-19T09:34:14.235-0600',
  agent: { ip: '192.168.56.105', name: 'w10.agent.skynet', id: '001' },
  data: {
    win: {
      eventdata: {
        parentProcessName: 'C:\\\\Windows\\\\System32\\\\CompatTelRunner.exe',
        newProcessName: 'C:\\\\Windows\\\\System32\\\\WindowsPowerShell\\\\v1.0\\\\powershell.exe',
        commandLine: "powershell.exe -ExecutionPolicy Restricted -Command Write-Host 'Final result: 1';",
        subjectUserName: 'DESKTOP-FAB7C03$',
      },
      system: { eventID: '4688', computer: 'DESKTOP-FAB7C03', message: '"A new process has been created. [...]"' },
    },
  },
  rule: { level: 3, description: 'A process was created.', groups: ['windows', ' WEF'], id: '67027' },
  decoder: { name: 'windows_eventchannel' },
};

describe('message', () => {
  it('is the Windows event text, not the event JSON Wazuh puts in full_log, so both copies of one alert read the same', () => {
    expect(alertOf(LOGON_FAILURE_ARCHIVED).message).toBe(LOGON_FAILURE_TEXT);
    expect(alertOf(LOGON_FAILURE).message).toBe(LOGON_FAILURE_TEXT);
  });

  it('recognises the event JSON by its {"win": start when the decoder name is missing', () => {
    const { decoder: _decoder, ...withoutDecoder } = LOGON_FAILURE_ARCHIVED;
    expect(alertOf(withoutDecoder).message).toBe(LOGON_FAILURE_TEXT);
  });

  it('is the signature and the addresses for Suricata eve read by the json decoder', () => {
    const alert = alertOf(eveThroughWazuh(ROOT_SHELL_EVE, 'Suricata: Alert - GPL ATTACK_RESPONSE id check returned root'));
    expect(alert.message).toBe('GPL ATTACK_RESPONSE id check returned root 192.168.10.122:36826 → 192.168.10.81:9952');
    expect(alert.raw).toContain('\\"signature_id\\":2100498'); // the eve line itself is still kept
  });

  it('keeps an ordinary full_log line as it is', () => {
    const line = 'Jul 15 04:11:43 ubuntu22-desktop sshd[11501]: Invalid user hacker from 192.168.64.144 port 42412';
    const alert = alertOf({
      timestamp: '2026-07-15T04:11:45.168+0000',
      rule: { level: 5, description: 'sshd: Attempt to login using a non-existent user', id: '5710', groups: ['syslog', 'sshd', 'authentication_failed', 'invalid_login'] },
      full_log: line,
      decoder: { parent: 'sshd', name: 'sshd' },
      data: { srcip: '192.168.64.144', srcport: '42412', srcuser: 'hacker' },
    });
    expect(alert.message).toBe(line);
  });

  describe('without full_log', () => {
    it('summarises an SCA check as its title and result', () => {
      // linux_and_modules.ndjson:10
      const alert = alertOf({
        timestamp: '2024-02-14T22:06:37.782+0500',
        rule: { level: 9, description: "CIS Microsoft Windows 10 Enterprise Benchmark v1.12.0: Ensure 'Enforce password history' is set to '24 or more password(s)'.: Status changed from 'not applicable' to failed", id: '19014', groups: ['sca'] },
        decoder: { name: 'sca' },
        data: {
          sca: {
            type: 'check',
            policy: 'CIS Microsoft Windows 10 Enterprise Benchmark v1.12.0',
            check: { id: '15500', title: "Ensure 'Enforce password history' is set to '24 or more password(s)'.", result: 'failed', previous_result: 'not applicable' },
          },
        },
        location: 'sca',
      });
      expect(alert.message).toBe("Ensure 'Enforce password history' is set to '24 or more password(s)'. (failed)");
    });

    it('names the file VirusTotal flagged', () => {
      expect(alertOf(VIRUSTOTAL).message).toBe('c:\\users\\jaykit\\downloads\\asdf.txt');
    });

    it('gives the Office 365 operation', () => {
      expect(alertOf(OFFICE365).message).toBe('AtpDetection');
    });

    it('summarises a Suricata alert from the index that has no full_log like one that has', () => {
      // index_docs_tomato.ndjson:2
      const alert = alertOf({
        '@timestamp': '2022-12-28T01:35:04.971Z',
        agent: { ip: '10.0.2.6', name: 'DESKTOP-9LO9B7Q', id: '007' },
        data: {
          src_ip: '10.0.2.8',
          src_port: '52664',
          event_type: 'alert',
          alert: { signature_id: '2003068', signature: 'ET SCAN Potential SSH Scan OUTBOUND', category: 'Attempted Information Leak' },
          dest_ip: '10.0.2.6',
          proto: 'TCP',
          dest_port: '22',
        },
        rule: { level: 3, description: 'Suricata: Alert - ET SCAN Potential SSH Scan OUTBOUND', groups: ['ids', 'suricata'], id: '86601' },
        decoder: { name: 'json' },
      });
      expect(alert.message).toBe('ET SCAN Potential SSH Scan OUTBOUND 10.0.2.8:52664 → 10.0.2.6:22');
    });
  });
});

describe('user', () => {
  it("collapses the backslashes Wazuh doubles in Windows eventdata, in the user and the image", () => {
    // windows_eventchannel.ndjson:3, Sysmon EID 1
    const alert = alertOf({
      timestamp: '2025-08-13T08:42:21.005+0000',
      rule: { level: 12, description: 'Powershell.exe spawned a powershell process which executed a base64 encoded command', id: '92057', groups: ['sysmon', 'sysmon_eid1_detections', 'windows'] },
      agent: { id: '002', name: 'DESKTOP-RL1K13Q', ip: '192.168.80.9' },
      decoder: { name: 'windows_eventchannel' },
      data: {
        win: {
          system: { eventID: '1', computer: 'DESKTOP-RL1K13Q', message: '"Process Create: [...]"' },
          eventdata: { image: 'C:\\\\Windows\\\\System32\\\\WindowsPowerShell\\\\v1.0\\\\powershell.exe', user: 'DESKTOP-RL1K13Q\\\\Bluecheap' },
        },
      },
    });
    expect(alert.user).toBe('DESKTOP-RL1K13Q\\Bluecheap');
    expect(alert.process).toBe('C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
  });

  it('leaves values Graylog stored with single backslashes as they are', () => {
    // graylog_flattened.ndjson:1, plus a UNC image path as such a pipeline would store it
    const alert = normalizeWazuh(
      {
        timestamp: '2024-04-17 15:06:57.694',
        rule_level: 3,
        rule_id: '61650',
        data_win_eventdata_user: 'WIN-HFOU106TD7K\\Administrator',
        data_win_eventdata_image: '\\\\fileserver\\tools\\PING.EXE',
      },
      'wazuh-index',
      '{}',
    );
    expect(alert.user).toBe('WIN-HFOU106TD7K\\Administrator');
    expect(alert.process).toBe('\\\\fileserver\\tools\\PING.EXE');
  });

  it('is the Office 365 UserId', () => {
    expect(alertOf(OFFICE365).user).toBe('leandro.gonzalez@acanto.io');
  });

  it('is the login user of FIM who-data, the person behind sudo', () => {
    expect(alertOf(FIM_WHODATA).user).toBe('ubuntu');
  });

  it('falls back to the audit user and then the effective user', () => {
    const audit = (FIM_WHODATA.syscheck as JsonObject).audit as JsonObject;
    const withoutLogin = { ...FIM_WHODATA, syscheck: { ...FIM_WHODATA.syscheck, audit: { ...audit, login_user: { id: '-1', name: '-' }, user: { name: 'deploy' } } } };
    expect(alertOf(withoutLogin).user).toBe('deploy');
    const effectiveOnly = { ...FIM_WHODATA, syscheck: { ...FIM_WHODATA.syscheck, audit: { effective_user: { name: 'www-data' } } } };
    expect(alertOf(effectiveOnly).user).toBe('www-data');
  });

  it('is never a Windows machine account', () => {
    expect(alertOf(PROCESS_CREATED).user).toBeNull();
    // acanto :2 (4740) has the locked-out account next to the machine account; the order of the fields does not matter
    const lockout = (subject: string, target: string) =>
      alertOf({ ...PROCESS_CREATED, data: { win: { eventdata: { subjectUserName: subject, targetUserName: target } } } }).user;
    expect(lockout('QUEULE$', 'mcifuentes')).toBe('mcifuentes');
    expect(lockout('mcifuentes', 'QUEULE$')).toBe('mcifuentes');
    expect(alertOf({ ...PROCESS_CREATED, data: { win: { eventdata: { targetUserName: 'QUEULE$', user: 'ACANTOTEKNOS\\\\QUEULE$' } } } }).user).toBeNull();
  });
});

describe('user named only in the log line', () => {
  /** A log-derived alert without decoded fields, as Wazuh 3.x writes rule 2501. */
  const logAlert = (fullLog: string, data?: JsonObject) =>
    alertOf(
      spiral(
        { level: 5, description: 'syslog: User authentication failure.', id: '2501', groups: ['syslog', 'access_control', 'authentication_failed'] },
        { full_log: fullLog, predecoder: { program_name: 'HORDE', hostname: 'mail' }, decoder: {}, ...(data === undefined ? {} : { data }) },
      ),
    );

  it("takes the user from Horde's FAILED LOGIN line (spiral :47, :856; insect :38)", () => {
    expect(logAlert('Mar  4 18:23:54 mail HORDE: [imp] FAILED LOGIN for giovanni (192.168.10.81) to {imap://localhost/} [pid 6569 on line 156 of "/var/www/mail.spiral.com/imp/lib/Auth.php"]').user).toBe('giovanni');
    expect(logAlert('Mar  4 18:28:57 mail HORDE: [imp] FAILED LOGIN for clay (192.168.10.130) to {imap://localhost/} [pid 8298 on line 156 of "/var/www/mail.spiral.com/imp/lib/Auth.php"]').user).toBe('clay');
    expect(logAlert('Mar  4 14:14:36 mail HORDE: [imp] FAILED LOGIN for violet (192.168.10.18) to {imap://localhost/} [pid 11581 on line 156 of "/var/www/mail.insect.com/imp/lib/Auth.php"]').user).toBe('violet');
  });

  it('reads the sshd and PAM lines Wazuh decoders usually extract, when the fields are missing', () => {
    const users = [
      'Apr 17 00:18:20 ip-10-0-1-85 sshd[10629]: Failed password for invalid user admin from 123.20.109.89 port 49286 ssh2',
      'Aug 02 16:06:41 soc-project-wazuh-siem sshd[104858]: Failed password for azureuser from 74.96.216.30 port 30693 ssh2',
      'Jul 15 04:11:43 ubuntu22-desktop sshd[11501]: Invalid user hacker from 192.168.64.144 port 42412',
      'May 11 12:29:18 localhost sshd[17584]: Invalid user paco from 172.17.1.1 port 56404',
      'Jul 31 03:30:58 argus-wazuh sshd[3140]: Accepted publickey for vagrant from 10.0.2.2 port 49581 ssh2: ED25519 SHA256:hkxznnkU/Fdi7JnHBxX4qQQSuQ+TBVthb5i128+jGyA',
      'Aug 16 17:56:55 user1-IA1803 sshd[136570]: Accepted password for user1 from 127.0.0.1 port 48104 ssh2',
      'Mar  4 18:23:45 mail auth: pam_unix(dovecot:auth): authentication failure; logname= uid=0 euid=0 tty=dovecot ruser=giovanni rhost=127.0.0.1  user=giovanni',
    ].map((line) => logAlert(line).user);
    expect(users).toEqual(['admin', 'azureuser', 'hacker', 'paco', 'vagrant', 'user1', 'giovanni']);
  });

  it('prefers a decoded user to the text', () => {
    expect(logAlert('Mar  4 18:23:54 mail HORDE: [imp] FAILED LOGIN for giovanni (192.168.10.81) to {imap://localhost/}', { srcuser: 'clay' }).user).toBe('clay');
  });

  it('takes nothing from other lines, or when the name is missing, quoted, bracketed or a placeholder', () => {
    const users = [
      // real lines of the two datasets that name no user this way
      '03/04/2020-18:35:55.256520  [**] [1:2100498:7] GPL ATTACK_RESPONSE id check returned root [**] [Classification: Potentially Bad Traffic] [Priority: 2] {TCP} 192.168.10.122:36844 -> 192.168.10.81:9952',
      'Mar  4 18:23:54 mail dovecot: imap-login: Disconnected (auth failed, 2 attempts in 10 secs): user=<giovanni>, method=PLAIN, rip=127.0.0.1, lip=127.0.0.1, secured, session=<pxhGhQuggsh/AAAB>',
      'Mar  4 14:29:43 mail freshclam[22090]: Wed Mar  4 14:29:43 2020 -> ClamAV update process started at Wed Mar  4 14:29:43 2020',
      'Jul 31 03:22:33 argus-zeek sudo[1200]: pam_unix(sudo:session): session opened for user root(uid=0) by (uid=1000)',
      // shapes that must not yield junk
      'Mar  4 18:23:54 mail HORDE: [imp] FAILED LOGIN for  (192.168.10.81) to {imap://localhost/}',
      'Mar  4 18:23:54 mail HORDE: [imp] FAILED LOGIN for (192.168.10.81) to {imap://localhost/}',
      'Mar  4 18:23:54 mail HORDE: [imp] FAILED LOGIN for "giovanni" (192.168.10.81)',
      'Jul 15 04:11:43 host sshd[11501]: Invalid user  from 192.168.64.144 port 42412',
      'Jul 15 04:11:43 host sshd[11501]: Failed password for invalid user  from 192.168.64.144 port 42412 ssh2',
      'Mar  4 18:23:45 mail auth: pam_unix(dovecot:auth): authentication failure; logname= uid=0 euid=0 tty=dovecot ruser= rhost=127.0.0.1  user=',
      'Mar  4 18:23:45 mail auth: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=127.0.0.1  user=unknown',
      'Jul 15 04:11:43 host sshd[11501]: Invalid user 10.0.0.5 from 192.168.64.144 port 42412',
      'Jul 15 04:11:43 host sshd[11501]: Failed password for DESKTOP-FAB7C03$ from 192.168.64.144 port 42412 ssh2',
    ].map((line) => logAlert(line).user);
    expect(users).toEqual(users.map(() => null));
  });
});

describe('addresses and ports', () => {
  it('reads data.dst_ip and data.dst_port (Sophos XG through Wazuh)', () => {
    // index_search_responses_acanto.ndjson:1, the hit's _source
    const alert = alertOf({
      '@timestamp': '2025-03-10T19:33:55.036Z',
      agent: { name: 'wazuh', id: '000' },
      data: { dst_ip: '152.231.98.219', src_ip: '89.248.163.73', protocol: 'TCP', tran_dst_port: '0', src_port: '40845', tran_src_port: '0', dst_port: '3345', device: 'SFW' },
      rule: { level: 5, description: 'Traffic Denied: from 89.248.163.73 to 152.231.98.219', groups: ['sophos-fw'], id: '70021' },
      decoder: { name: 'sophos-fw' },
      full_log: 'device="SFW" date=2025-03-10 time=16:33:55 [...] src_ip=89.248.163.73 dst_ip=152.231.98.219 protocol="TCP" src_port=40845 dst_port=3345 [...]',
    });
    expect(alert).toMatchObject({ srcIp: '89.248.163.73', srcPort: 40845, dstIp: '152.231.98.219', dstPort: 3345 });
  });

  it('reads the Office 365 ClientIP as the source', () => {
    // The Wazuh Office 365 rules match on ClientIP; the acanto sample has none, so one is added here.
    const withClient = { ...OFFICE365, data: { ...OFFICE365.data, office365: { ...OFFICE365.data.office365, ClientIP: '203.0.113.45' } } };
    expect(alertOf(withClient).srcIp).toBe('203.0.113.45');
  });

  it('takes port 0 (Windows ipPort "0") as no port', () => {
    expect(alertOf(LOGON_FAILURE)).toMatchObject({ srcIp: '127.0.0.1', srcPort: null });
    expect(alertOf({ ...LOGON_FAILURE, data: { srcip: '10.0.0.1:0', dstip: '10.0.0.2', dstport: '0' } })).toMatchObject({ srcPort: null, dstPort: null });
  });
});

describe('process', () => {
  it('is the new process of a 4688 event', () => {
    expect(alertOf(PROCESS_CREATED).process).toBe('C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
  });

  it('is the process FIM who-data saw writing the file', () => {
    expect(alertOf(FIM_WHODATA).process).toBe('/usr/bin/dash');
  });
});

describe('file hash', () => {
  it('is the SHA-1 of the file VirusTotal flagged', () => {
    expect(alertOf(VIRUSTOTAL).fileHash).toBe('3395856ce81f2b7382dee72602f798b642f14140');
  });

  it('falls back to the MD5 VirusTotal was asked about', () => {
    const md5Only = { ...VIRUSTOTAL, data: { virustotal: { source: { file: 'asdf.txt', md5: '44D88612FEA8A8F36DE82E1278ABB02F' } } } };
    expect(alertOf(md5Only).fileHash).toBe('44d88612fea8a8f36de82e1278abb02f');
  });
});

describe('domain and URL', () => {
  // spiral :13 (a browser, Host mail.spiral.com) and :32 (hydra, Host the server's address)
  const loginPost = (hostname: string) =>
    alertOf(
      eveThroughWazuh(
        {
          event_type: 'alert',
          src_ip: '192.168.10.81',
          src_port: '60002',
          dest_ip: '192.168.10.122',
          dest_port: '80',
          proto: 'TCP',
          alert: { signature_id: '2012887', signature: 'ET POLICY Http Client Body contains pass= in cleartext', severity: '1' },
          http: { hostname, url: '/login.php', http_method: 'POST', protocol: 'HTTP/1.1', status: '302' },
        },
        'Suricata: Alert - ET POLICY Http Client Body contains pass= in cleartext',
      ),
    );

  it('qualifies a bare path with the Host name it was sent to', () => {
    expect(loginPost('mail.spiral.com')).toMatchObject({ domain: 'mail.spiral.com', url: 'http://mail.spiral.com/login.php' });
  });

  it('takes no domain when the Host is an IP address, but still qualifies the path with it', () => {
    expect(loginPost('192.168.10.122')).toMatchObject({ domain: null, url: 'http://192.168.10.122/login.php' });
  });

  it('keeps a bare path when no Host is known (graylog_flattened.ndjson:2)', () => {
    const alert = normalizeWazuh(
      {
        timestamp_utc: '2025-12-15T09:06:39.308Z',
        timestamp: '2025-12-15 09:06:43.456',
        rule_level: 14,
        rule_id: '32003',
        rule_description: 'Command Injection Attempt',
        data_srcip: '108.136.180.37',
        data_protocol: 'POST',
        data_url: '/stagging-giroku-api/giro/transfer/notif',
      },
      'wazuh-index',
      '{}',
    );
    expect(alert.url).toBe('/stagging-giroku-api/giro/transfer/notif');
  });
});

describe('IDS alerts from fast.log', () => {
  /** A Wazuh 3.x snort-decoder alert (rules 20100/20101/20152) for a fast.log line. */
  const fastLogAlert = (rule: JsonObject, line: string) =>
    alertOf(
      spiral(rule, {
        full_log: line,
        predecoder: { timestamp: line.slice(0, 26) },
        decoder: { parent: 'snort', name: 'snort' },
        data: { srcip: '192.168.10.122', dstip: '192.168.10.81:9952', id: '1:2100498:7' },
        location: '/var/log/forensic/suricata/fast.log',
      }),
    );

  it('are titled by their signature; the rule stays the rule (spiral :863, :865)', () => {
    const first = fastLogAlert(
      { level: 8, description: 'First time this IDS alert is generated.', id: '20100', groups: ['ids', 'fts'] },
      '03/04/2020-18:35:02.170210  [**] [1:2100498:7] GPL ATTACK_RESPONSE id check returned root [**] [Classification: Potentially Bad Traffic] [Priority: 2] {TCP} 192.168.10.122:36826 -> 192.168.10.81:9952',
    );
    expect(first).toMatchObject({ title: 'GPL ATTACK_RESPONSE id check returned root', ruleName: 'First time this IDS alert is generated.', ruleId: '20100', dstIp: '192.168.10.81', dstPort: 9952 });
    const repeat = fastLogAlert(
      { level: 6, description: 'IDS event.', id: '20101', groups: ['ids'] },
      '03/04/2020-18:35:55.256520  [**] [1:2100498:7] GPL ATTACK_RESPONSE id check returned root [**] [Classification: Potentially Bad Traffic] [Priority: 2] {TCP} 192.168.10.122:36844 -> 192.168.10.81:9952',
    );
    expect(repeat).toMatchObject({ title: 'GPL ATTACK_RESPONSE id check returned root', ruleName: 'IDS event.' });
  });

  it('keep the rule description as the title when the line is not a fast.log alert', () => {
    const rule = { level: 6, description: 'IDS event.', id: '20101', groups: ['ids'] };
    expect(fastLogAlert(rule, 'snort[1234]: something else').title).toBe('IDS event.');
  });

  it('have the title of the same signature read from eve.json (rule 86601), so one signature is one detection', () => {
    const eve = alertOf(eveThroughWazuh(ROOT_SHELL_EVE, 'Suricata: Alert - GPL ATTACK_RESPONSE id check returned root'));
    expect(eve).toMatchObject({ title: 'GPL ATTACK_RESPONSE id check returned root', ruleName: 'Suricata: Alert - GPL ATTACK_RESPONSE id check returned root' });
    const { alert: _alert, ...withoutAlert } = ROOT_SHELL_EVE;
    expect(alertOf(eveThroughWazuh(withoutAlert, 'Suricata: Alert - GPL ATTACK_RESPONSE id check returned root')).title).toBe('Suricata: Alert - GPL ATTACK_RESPONSE id check returned root');
  });
});

describe('the identity of a Wazuh alert', () => {
  const alert = spiral({ level: 5, description: 'sshd: authentication failed.', id: '5716' }, { id: '1583346902.14375' });

  it('is its manager, agent, alert id and rule, in each shape the alert is saved in', () => {
    const identity = wazuhIdentity(alert);
    expect(identity).toBeDefined();
    // The index copy adds @timestamp and GeoIP fields; Graylog flattens it.
    expect(wazuhIdentity({ ...alert, '@timestamp': '2020-03-04T18:35:02.170Z', GeoLocation: { country_name: 'AT' } })).toBe(identity);
    const graylog = { timestamp: alert.timestamp, id: '1583346902.14375', rule_level: 5, rule_id: '5716', agent_id: '000', agent_name: 'user-0', manager_name: 'user-0' };
    expect(wazuhIdentity(graylog)).toBe(identity);
    expect(wazuhIdentity({ ...alert, rule: { level: 5, id: '5715' } })).not.toBe(identity);
    expect(wazuhIdentity({ ...alert, agent: { id: '001', name: 'user-0' } })).not.toBe(identity);
    expect(wazuhIdentity({ ...alert, manager: { name: 'worker-2' } })).not.toBe(identity);
  });

  it('is left to the record text when a part is missing or the id is not a Wazuh alert id', () => {
    expect(wazuhIdentity({ ...alert, id: undefined })).toBeUndefined();
    expect(wazuhIdentity({ ...alert, agent: { name: 'user-0' } })).toBeUndefined();
    expect(wazuhIdentity({ ...alert, rule: { level: 5 } })).toBeUndefined();
    // Graylog's message ids and other tools' UUIDs are not Wazuh alert ids.
    expect(wazuhIdentity({ ...alert, id: '01HQ3X9Z8K2M4N6P8R0T2V4X6Z' })).toBeUndefined();
    expect(wazuhIdentity({ ...alert, id: 'f3c1a2b4-5d6e-7f80-91a2-b3c4d5e6f708' })).toBeUndefined();
  });
});

describe('Wazuh alerts copied by Graylog, and Sysmon rule names', () => {
  // Trimmed from a SOCFortress-style Graylog export (Wazuh 4.x, Sysmon event 7).
  const graylog = {
    id: '1766480575.1303456123',
    source: '100.100.12.31',
    rule_id: '92151',
    agent_id: '147',
    agent_name: 'LAPTOP-LBJV3ANB',
    rule_level: 12,
    rule_groups: 'sysmon, sysmon_eid7_detections, windows',
    timestamp: '2025-12-23 11:23:04.780',
    manager_name: 'wazuh.worker.POS_Indonesia',
    syslog_description: 'Binary loaded PowerShell automation library - Possible unmanaged Powershell execution by suspicious process',
    msg_timestamp: '2025-12-23T09:02:55.203Z',
    gl2_message_id: '01KD5F5K6C3APYFCP71S96JW3C',
  };

  it("takes the alert's time, not Graylog's receive time, and the description a pipeline moved", () => {
    const alert = normalizeWazuh(graylog, 'wazuh-index', JSON.stringify(graylog));
    expect(new Date(alert.ts).toISOString()).toBe('2025-12-23T09:02:55.203Z');
    expect(alert.title).toBe(graylog.syslog_description);
    const utc = { ...graylog, msg_timestamp: undefined, timestamp: '2024-04-17 15:06:57.694', timestamp_utc: '2024-04-17T15:06:54.742Z' };
    expect(new Date(normalizeWazuh(utc, 'wazuh-index', '{}').ts).toISOString()).toBe('2024-04-17T15:06:54.742Z');
    // Without either, Graylog's own timestamp is all there is.
    const bare = { ...graylog, msg_timestamp: undefined };
    expect(new Date(normalizeWazuh(bare, 'wazuh-index', '{}').ts).toISOString()).toBe('2025-12-23T11:23:04.780Z');
  });

  it("reads the ATT&CK technique a Sysmon config names in the event's rule name", () => {
    const sysmon = spiral(
      { level: 4, description: 'Sysmon - Suspicious Process', id: '92057', groups: ['sysmon'] },
      { data: { win: { eventdata: { ruleName: 'technique_id=T1204,technique_name=User Execution', image: 'C:\\\\Users\\\\bob\\\\a.exe' } } } },
    );
    expect(alertOf(sysmon).mitre).toEqual(['T1204']);
  });
});
