import { describe, expect, it } from 'vitest';
import type { NormalizedAlert } from '../../shared/domain';
import { extractEntities } from './entities';

function alert(fields: Partial<NormalizedAlert>): NormalizedAlert {
  return {
    ts: 0, source: 'test', format: 'generic', ruleId: null, ruleName: null, ruleLevel: null, title: 't', message: null, severity: 'low',
    category: null, user: null, host: null, srcIp: null, srcPort: null, dstIp: null, dstPort: null, process: null, fileHash: null,
    url: null, domain: null, mitre: [], assetTier: null, raw: '{}', ...fields,
  };
}

describe('extractEntities', () => {
  it('normalises every entity type for matching', () => {
    expect(
      extractEntities(
        alert({
          user: '  <Violet> ',
          host: 'WS-042.Corp.Local.',
          srcIp: '[FE80::1%eth0]:443',
          dstIp: '192.168.10.21:80',
          fileHash: 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855',
          domain: 'Evil.Example.',
          url: 'http://evil.example/Payload.EXE',
          process: 'C:\\Users\\Public\\RunDLL32.exe',
        }),
      ),
    ).toEqual([
      { type: 'user', value: 'violet' },
      { type: 'host', value: 'ws-042.corp.local' },
      { type: 'ip', value: 'fe80::1' },
      { type: 'ip', value: '192.168.10.21' },
      { type: 'hash', value: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
      { type: 'domain', value: 'evil.example' },
      { type: 'url', value: 'http://evil.example/Payload.EXE' },
      // A system program's name outside its folder: a disguise, told apart by its path.
      { type: 'process', value: 'c:\\users\\public\\rundll32.exe' },
    ]);
  });

  it('keeps DOMAIN\\user whole, lower-cased, and unix process basenames', () => {
    expect(extractEntities(alert({ user: 'CORP\\Alice', process: '/tmp/.x/Kworker' }))).toEqual([
      { type: 'user', value: 'corp\\alice' },
      { type: 'process', value: 'kworker' },
    ]);
  });

  it('gives an operating-system binary no process entity, by its path', () => {
    const processOf = (process: string) => extractEntities(alert({ process })).filter((e) => e.type === 'process').map((e) => e.value);
    for (const system of [
      'C:\\Windows\\System32\\cmd.exe',
      'c:\\windows\\explorer.exe',
      'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
      'C:\\Windows\\SysWOW64\\wbem\\WmiPrvSE.exe',
      'C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\csc.exe',
      '/usr/sbin/sshd',
      '/bin/bash',
      '/lib/systemd/systemd',
    ]) {
      expect(processOf(system), system).toEqual([]);
    }
    // Where attackers drop their tools: under a system program's name, the whole path (the name alone is stoplisted).
    expect(processOf('C:\\Windows\\Temp\\svchost.exe')).toEqual(['c:\\windows\\temp\\svchost.exe']);
    expect(processOf('C:\\Windows\\PSEXESVC.exe')).toEqual(['psexesvc.exe']);
    expect(processOf('C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\Temporary ASP.NET Files\\root\\1a\\App_Web_x.dll')).toEqual(['app_web_x.dll']);
    expect(processOf('/usr/bin/../../tmp/x')).toEqual(['x']);
    expect(processOf('/USR/BIN/miner')).toEqual(['miner']);
    // Other spellings of system folders.
    expect(processOf('C:/Windows/System32/cmd.exe')).toEqual([]);
    expect(processOf('\\\\?\\C:\\Windows\\System32\\cmd.exe')).toEqual([]);
    expect(processOf('C:\\Windows\\System32\\spool\\drivers\\color\\x.exe')).toEqual(['x.exe']);
    expect(processOf('C:\\Windows\\System32\\Tasks\\evil.exe')).toEqual(['evil.exe']);
    expect(processOf('/usr/local/bin/miner')).toEqual(['miner']);
    expect(processOf('/tmp/sshd')).toEqual(['/tmp/sshd']);
    // No path: correlation's stoplist knows the common names.
    expect(processOf('powershell.exe')).toEqual(['powershell.exe']);
  });

  it('deduplicates (same src and dst ip, IPv4-mapped IPv6 as IPv4)', () => {
    expect(extractEntities(alert({ srcIp: '::ffff:10.0.0.7', dstIp: '10.0.0.7' }))).toEqual([{ type: 'ip', value: '10.0.0.7' }]);
  });

  it.each(['', '  ', '-', 'N/A', 'null', '(null)', 'unknown', 'Unknown', 'NULL'])('skips the placeholder %j everywhere', (placeholder) => {
    expect(
      extractEntities(alert({ user: placeholder, host: placeholder, srcIp: placeholder, dstIp: placeholder, fileHash: placeholder, domain: placeholder, url: placeholder, process: placeholder })),
    ).toEqual([]);
  });

  it('takes no URL entity from a bare / (every site has one), but keeps other paths', () => {
    expect(extractEntities(alert({ url: '/' }))).toEqual([]);
    expect(extractEntities(alert({ url: '/login.php' }))).toEqual([{ type: 'url', value: '/login.php' }]);
  });

  it('drops values that are not what their field claims', () => {
    expect(extractEntities(alert({ srcIp: 'mail.example.com', dstIp: '999.1.1.1', fileHash: 'not-a-hash', domain: '10.0.0.1', user: '<>' }))).toEqual([]);
  });

  it('takes the domain from an absolute url when no domain is given, but not from a bare path', () => {
    expect(extractEntities(alert({ url: 'https://user@Files.Example.org:8443/a?b' }))).toEqual([
      { type: 'url', value: 'https://user@Files.Example.org:8443/a?b' },
      { type: 'domain', value: 'files.example.org' },
    ]);
    expect(extractEntities(alert({ url: '/cfide/administrator' }))).toEqual([{ type: 'url', value: '/cfide/administrator' }]);
  });
});

describe('IPv4 addresses named only in the message', () => {
  it('finds valid addresses and skips version strings and invalid octets', async () => {
    const { ipv4sInText } = await import('./entities');
    expect(ipv4sInText('HORDE [error] FAILED LOGIN for violet (192.168.10.18) to mail, retry from 10.0.0.7:443')).toEqual(['192.168.10.18', '10.0.0.7']);
    expect(ipv4sInText('agent 4.14.7.1.2 and 300.1.1.1 and 01.2.3.4')).toEqual([]);
  });
});
