import { describe, expect, it } from 'vitest';
import { clusterAlerts, columnsFromRows, hardHubThreshold, hubThreshold, isStoplisted, peerTypesOf, DEFAULT_CORRELATION_PARAMS } from './engine';

const MIN = 60_000;
const groups = (rows: Array<{ id: number; ts: number; entityIds: number[] }>, noisy: number[] = [], windowMs = 30 * MIN) => {
  const flags = new Uint8Array(100);
  for (const e of noisy) flags[e] = 1;
  const columns = columnsFromRows(rows);
  const c = clusterAlerts(columns, flags, windowMs);
  return Array.from({ length: c.count }, (_, k) => Array.from(c.members.subarray(c.start[k]!, c.start[k + 1]!), (i) => columns.ids[i]!));
};

describe('clusterAlerts', () => {
  it('chains through an entity within the window and orders clusters by time', () => {
    const rows = [
      { id: 1, ts: 100 * MIN, entityIds: [7] },
      { id: 2, ts: 0, entityIds: [5] },
      { id: 3, ts: 29 * MIN, entityIds: [5, 6] },
      { id: 4, ts: 58 * MIN, entityIds: [6] },
      { id: 5, ts: 87 * MIN, entityIds: [6, 7] },
      { id: 6, ts: 88 * MIN, entityIds: [9] },
    ];
    expect(groups(rows)).toEqual([[2, 3, 4, 5, 1], [6]]);
  });

  it('never links through noisy entities', () => {
    const rows = [
      { id: 1, ts: 0, entityIds: [1, 2] },
      { id: 2, ts: MIN, entityIds: [1, 3] },
      { id: 3, ts: 2 * MIN, entityIds: [3] },
    ];
    expect(groups(rows, [1])).toEqual([[1], [2, 3]]);
  });

  it('handles a million alerts quickly', () => {
    const n = 1_000_000;
    const ids = new Int32Array(n);
    const ts = new Float64Array(n);
    const entityStart = new Int32Array(n + 1);
    const entityIds = new Int32Array(n * 4);
    let seed = 1;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    for (let i = 0; i < n; i++) {
      ids[i] = i + 1;
      ts[i] = Math.floor(rnd() * 30 * 24 * 60) * MIN;
      entityStart[i] = i * 4;
      for (let k = 0; k < 4; k++) entityIds[i * 4 + k] = Math.floor(rnd() * 200_000);
    }
    entityStart[n] = n * 4;
    const started = performance.now();
    const c = clusterAlerts({ count: n, ids, ts, entityStart, entityIds }, new Uint8Array(0), 30 * MIN);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(c.start[c.count]).toBe(n);
  });
});

describe('noise rules', () => {
  it('stoplists loopback, multicast, broadcast and built-in accounts', () => {
    for (const [type, value] of [['ip', '127.0.0.1'], ['ip', '239.255.255.250'], ['ip', '255.255.255.255'], ['ip', 'ff02::1'], ['user', 'NT AUTHORITY\\SYSTEM'], ['user', '-']]) {
      expect(isStoplisted(type!, value!)).toBe(true);
    }
    expect(isStoplisted('ip', '192.168.10.18')).toBe(false);
    expect(isStoplisted('user', 'violet')).toBe(false);
  });

  it('stoplists the programs of the operating system by name, not a disguise told by its path, nor an attacker\'s tool', () => {
    for (const name of ['powershell.exe', 'svchost.exe', 'sshd', 'bash']) expect(isStoplisted('process', name)).toBe(true);
    for (const value of ['c:\\windows\\temp\\svchost.exe', '/tmp/sshd', 'mimikatz.exe', 'psexesvc.exe']) expect(isStoplisted('process', value)).toBe(false);
    expect(isStoplisted('host', 'bash')).toBe(false);
  });

  it('makes candidates from max(hubMinAlerts, hubShare × total) and hosts hubs outright from hubHardShare × total', () => {
    expect(hubThreshold(DEFAULT_CORRELATION_PARAMS, 100)).toBe(50);
    expect(hubThreshold(DEFAULT_CORRELATION_PARAMS, 10_000)).toBe(50);
    expect(hubThreshold(DEFAULT_CORRELATION_PARAMS, 1_000_000)).toBe(2_000); // 0.2%: common is relative, not a twentieth
    expect(hardHubThreshold(DEFAULT_CORRELATION_PARAMS, 497)).toBe(249);
    expect(hardHubThreshold(DEFAULT_CORRELATION_PARAMS, 60)).toBe(50);
  });

  it('measures diversity by counterpart type', () => {
    expect(peerTypesOf('ip')).toEqual(['ip']);
    expect(peerTypesOf('user')).toEqual(['host']);
    expect(peerTypesOf('host')).toEqual(['user', 'ip']);
    for (const type of ['domain', 'url', 'hash', 'process']) expect(peerTypesOf(type)).toEqual(['host']);
  });
});
