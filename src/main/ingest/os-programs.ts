/**
 * The programs of the operating system, by path and by name. Each is on every
 * host of its kind (powershell.exe, sshd), so neither its name nor its hash says
 * which attack two hosts' alerts belong to: such a program gives no process
 * entity or hash at import (isSystemBinary), and correlation stoplists its
 * name where an alert gave no path (isOsProgramName). A system program's name
 * run from anywhere else (`C:\Windows\Temp\svchost.exe`) is an attacker's
 * disguise: its entity is the whole path, which is not stoplisted and links
 * the hosts the same dropped file ran on.
 */

/**
 * Process names of operating-system binaries, shells and interpreters, as a
 * process entity holds them (the file name, lower-cased).
 */
const OS_PROGRAM_NAMES: ReadonlySet<string> = new Set([
  // Windows
  'powershell.exe', 'pwsh.exe', 'powershell_ise.exe', 'cmd.exe', 'conhost.exe', 'svchost.exe', 'rundll32.exe',
  'regsvr32.exe', 'wmiprvse.exe', 'wmic.exe', 'lsass.exe', 'services.exe', 'explorer.exe', 'winlogon.exe',
  'csrss.exe', 'smss.exe', 'wininit.exe', 'taskhostw.exe', 'taskhost.exe', 'taskmgr.exe', 'dllhost.exe',
  'msiexec.exe', 'wscript.exe', 'cscript.exe', 'mshta.exe', 'schtasks.exe', 'sc.exe', 'net.exe', 'net1.exe',
  'reg.exe', 'whoami.exe', 'ipconfig.exe', 'systeminfo.exe', 'tasklist.exe', 'taskkill.exe', 'netsh.exe',
  'certutil.exe', 'bitsadmin.exe', 'wevtutil.exe', 'vssadmin.exe', 'searchindexer.exe', 'searchprotocolhost.exe',
  'spoolsv.exe', 'userinit.exe', 'sihost.exe', 'runtimebroker.exe', 'backgroundtaskhost.exe', 'consent.exe',
  'werfault.exe', 'wermgr.exe', 'msmpeng.exe', 'mpcmdrun.exe', 'trustedinstaller.exe', 'tiworker.exe',
  'notepad.exe', 'regedit.exe', 'mmc.exe', 'at.exe', 'find.exe', 'findstr.exe', 'ping.exe', 'nslookup.exe',
  'hostname.exe', 'quser.exe', 'query.exe', 'esentutl.exe', 'ntdsutil.exe', 'wuauclt.exe', 'gpupdate.exe',
  'msedge.exe', 'chrome.exe', 'firefox.exe', 'iexplore.exe', 'outlook.exe', 'winword.exe', 'excel.exe',
  'powerpnt.exe', 'onedrive.exe', 'teams.exe',
  // Unix
  'sh', 'bash', 'dash', 'zsh', 'ksh', 'csh', 'tcsh', 'fish', 'sshd', 'ssh', 'sudo', 'su', 'login', 'cron', 'crond',
  'anacron', 'atd', 'systemd', 'systemd-logind', 'init', 'kernel', 'dbus-daemon', 'polkitd', 'pkexec', 'rsyslogd',
  'auditd', 'python', 'python2', 'python3', 'perl', 'ruby', 'php', 'node', 'java', 'curl', 'wget', 'passwd',
  'useradd', 'usermod', 'userdel', 'groupadd', 'chage', 'chmod', 'chown', 'cat', 'ls', 'ps', 'id', 'uname',
  'env', 'awk', 'sed', 'grep', 'find', 'tar', 'gzip', 'cp', 'mv', 'rm', 'apt', 'apt-get', 'dpkg', 'yum', 'dnf',
  'rpm', 'snapd', 'containerd', 'dockerd', 'kubelet',
]);

export function isOsProgramName(name: string): boolean {
  return OS_PROGRAM_NAMES.has(name);
}

/** The Windows folders whose every program ships with the OS (System32 with its PowerShell and WMI folders). */
const WINDOWS_SYSTEM_FOLDER = /^[a-z]:\\windows\\(?:system32|syswow64|sysnative)\\(?:windowspowershell\\v1\.0\\|wbem\\)?[^\\]+$/;
const WINDOWS_COMPONENT_STORE = /^[a-z]:\\windows\\(?:winsxs|systemapps|microsoft\.net)\\/;
/** The root of `C:\Windows`: only the OS's own programs there (PsExec and Impacket drop their services beside them). */
const WINDOWS_ROOT = /^[a-z]:\\windows\\([^\\]+)$/;
const UNIX_SYSTEM_FOLDER = /^\/(?:usr\/)?(?:s?bin|lib\/systemd)\/[^/]+$/;

/**
 * An operating-system binary, by its path: a program in System32 or SysWOW64
 * (and their PowerShell and WMI folders), WinSxS or the .NET framework, one of
 * the OS's own programs in the root of `C:\Windows`, or one in the system `bin`
 * and `sbin` folders or systemd's. Not `C:\Windows\Temp`, System32's `spool`
 * or `Tasks`, nor the ASP.NET compilation folder: attackers drop tools there.
 * Windows paths in any case, with `/` or `\\?\` too; Unix paths as written.
 */
export function isSystemBinary(path: string | null): boolean {
  if (path === null) return false;
  const trimmed = path.trim();
  if (trimmed.startsWith('/')) return !trimmed.includes('/../') && UNIX_SYSTEM_FOLDER.test(trimmed);
  const windows = trimmed.replace(/\//g, '\\').replace(/^(?:\\\\[?.]|\\\?\?)\\/, '').toLowerCase();
  if (WINDOWS_SYSTEM_FOLDER.test(windows)) return true;
  if (WINDOWS_COMPONENT_STORE.test(windows)) return !windows.includes('\\temporary asp.net files\\') && !windows.includes('\\..\\');
  const root = WINDOWS_ROOT.exec(windows);
  return root !== null && OS_PROGRAM_NAMES.has(root[1]!);
}
