/**
 * The CLI as a user runs it: the built bundle (out/main/cli.js, with the
 * parser worker beside it) in a child process, against a real workspace.
 * Skips with a printed reason when the build is missing (npm test builds first).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DATASETS, tempDir } from './helpers';

const root = resolve(__dirname, '../..');
const cli = join(root, 'bin/socwb.js');
const built = existsSync(join(root, 'out/main/cli.js')) && existsSync(join(root, 'out/main/ingest-worker.js'));
if (!built) console.log('[cli.test] skipped: out/main is not built (run `npm run build`; `npm test` builds first)');
const ws = tempDir('socwb-cli-');
afterAll(() => ws.cleanup());

function socwb(...args: string[]): { code: number; stdout: string; stderr: string; json: unknown } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, SOCWB_WORKSPACE: ws.dir, CI: '1' }, timeout: 120_000 });
  let json: unknown = null;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    // human output
  }
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, json };
}

describe.skipIf(!built)('socwb CLI (built, with the parser worker)', () => {
  it('imports files and reports {imported, duplicates, rejected, errors}', () => {
    const r = socwb('import', join(DATASETS, 'wazuh/ossec_insect.json'), join(DATASETS, 'suricata/honeypot-2018.alerts-only.ndjson'), '--json');
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ imported: 497 + 44, duplicates: 0, rejected: 0, errors: [] });
    const again = socwb('import', join(DATASETS, 'wazuh/ossec_insect.json'), '--json');
    expect(again.json).toMatchObject({ imported: 0, duplicates: 497 });
  });

  it('lists rejected lines with file, line and reason', () => {
    const bad = join(ws.dir, 'bad.ndjson');
    writeFileSync(bad, '{"ts":"2026-01-01T00:00:00Z","source":"x","alert_type":"a","message":"ok"}\nnot json\n');
    const r = socwb('import', bad, '--json');
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ imported: 1, rejected: 1, errors: [{ file: bad, line: 2 }] });
  });

  it('writes its whole JSON output to a pipe, however long', () => {
    // Exiting right after the write once cut piped output at the pipe's 64 KiB.
    const noisy = join(ws.dir, 'noisy.ndjson');
    writeFileSync(noisy, '{"ts":"2026-01-02T00:00:00Z","source":"x","alert_type":"a","message":"ok"}\n' + 'not json\n'.repeat(1500));
    const r = socwb('import', noisy, '--json');
    expect(r.stdout.length).toBeGreaterThan(128 * 1024);
    expect(r.json).toMatchObject({ imported: 1, rejected: 1500, errorsTruncated: true });
    expect((r.json as { errors: unknown[] }).errors).toHaveLength(1000);
  });

  it('fails with a non-zero exit on an empty file and on usage errors', () => {
    const empty = join(ws.dir, 'empty.json');
    writeFileSync(empty, '');
    const r = socwb('import', empty, '--json');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/EMPTY_INPUT/);
    expect(socwb('import', '--format', 'xml', empty).code).toBe(2);
    expect(socwb('frobnicate').code).toBe(2);
  });

  it('correlates, lists incidents and shows one', () => {
    const c = socwb('correlate', '--json');
    expect(c.code).toBe(0);
    const summary = c.json as { incidents: number; alerts: number; ms: number; uncorrelated: number };
    expect(summary.alerts).toBe(497 + 44 + 2);
    expect(summary.uncorrelated).toBeGreaterThanOrEqual(0);
    expect(summary.incidents).toBeGreaterThan(0);
    const list = socwb('incidents', '--json');
    const rows = list.json as Array<{ id: string; title: string; severity: string; risk: number; confidence: number; alertCount: number; firstSeen: string; lastSeen: string }>;
    expect(rows.length).toBe(summary.incidents);
    expect(Object.keys(rows[0]!)).toEqual(expect.arrayContaining(['id', 'title', 'severity', 'risk', 'confidence', 'alertCount', 'firstSeen', 'lastSeen']));
    // Every alert is in one incident, or uncorrelated (a lone low/medium alert).
    expect(rows.reduce((n, r) => n + r.alertCount, 0) + summary.uncorrelated).toBe(summary.alerts);
    const high = socwb('incidents', '--severity', 'high,critical', '--json').json as Array<{ severity: string }>;
    expect(high.every((r) => r.severity === 'high' || r.severity === 'critical')).toBe(true);
    // An id pasted from a ticket, in any case, with or without "INC-", finds its incident first.
    const pasted = rows[rows.length - 1]!.id;
    for (const text of [pasted.toUpperCase(), pasted.slice('INC-'.length)]) {
      const found = socwb('incidents', '--search', text, '--json').json as Array<{ id: string }>;
      expect(found[0]?.id, text).toBe(pasted);
    }
    const one = socwb('incident', rows[0]!.id, '--json');
    expect(one.code).toBe(0);
    expect(one.json).toMatchObject({ id: rows[0]!.id, summary: expect.any(String), explanation: { text: expect.any(String) }, alertIds: expect.any(Array) });
    expect(socwb('incident', 'INC-nope', '--json').code).toBe(1);
    const rebuild = socwb('correlate', '--rebuild', '--json');
    expect(rebuild.json).toMatchObject({ incidents: summary.incidents, alerts: summary.alerts, uncorrelated: summary.uncorrelated });
    const after = socwb('incidents', '--json').json as Array<{ id: string }>;
    expect(after.map((r) => r.id).sort()).toEqual(rows.map((r) => r.id).sort());
  });
});
