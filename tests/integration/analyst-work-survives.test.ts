/**
 * Nothing an analyst did is lost: status, verdict, notes, merges and splits
 * survive rebuilds, re-imports and incremental correlation of new alerts, and
 * incident ids stay stable. Driven through the handlers, on real data.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../src/main/api/registry';
import type { MethodInput, MethodName, MethodOutput } from '../../src/shared/contract';
import { DATASETS, tempCore, tempDir } from './helpers';

const core = tempCore({ transport: 'cli' });
const files = tempDir('socwb-work-');
afterAll(async () => {
  await core.dispose();
  files.cleanup();
});

async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const result = await dispatch(core.handlers, method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
  return result.data as MethodOutput<M>;
}

async function snapshot() {
  const page = await call('incidents.list', { limit: 1000 });
  return new Map(page.rows.map((r) => [r.id, r]));
}

describe('analyst work across re-correlation', () => {
  it('keeps status, verdict, notes, merges, splits and ids', async () => {
    await call('ingest.importFiles', { paths: [join(DATASETS, 'suricata/first-org-conf-2015.alerts-only.ndjson'), join(DATASETS, 'wazuh/ossec_insect.json')] });
    const first = await call('correlate.run', { rebuild: true });
    expect(first.alerts).toBe(136 + 497);
    const before = await snapshot();
    expect(before.size).toBe(first.incidents);

    // Ids are stable across a rebuild of unchanged data.
    await call('correlate.run', { rebuild: true });
    expect([...(await snapshot()).keys()].sort()).toEqual([...before.keys()].sort());

    const multi = [...before.values()].filter((r) => r.alertCount >= 3).sort((a, b) => b.alertCount - a.alertCount);
    expect(multi.length).toBeGreaterThanOrEqual(3);
    const [triaged, mergeA, mergeB] = multi as [(typeof multi)[0], (typeof multi)[0], (typeof multi)[0]];

    await call('incidents.update', { id: triaged.id, status: 'investigating', verdict: 'true_positive', verdictReason: 'confirmed by EDR', assignee: 'ana' });
    await call('incidents.addNote', { id: triaged.id, body: 'pivoted to proxy logs' });
    const merged = await call('incidents.merge', { ids: [mergeA.id, mergeB.id] });
    expect(merged.id).toBe(mergeA.id);
    expect(merged.alertCount).toBe(mergeA.alertCount + mergeB.alertCount);
    const triagedDetail = await call('incidents.get', { id: triaged.id });
    const splitOut = triagedDetail.alertIds.slice(0, 1);
    const split = await call('incidents.split', { id: triaged.id, alertIds: splitOut });
    expect(split.alertIds).toEqual(splitOut);

    const check = async (label: string) => {
      const t = await call('incidents.get', { id: triaged.id });
      expect(t, label).toMatchObject({ status: 'investigating', verdict: 'true_positive', verdictReason: 'confirmed by EDR', assignee: 'ana' });
      expect(t.notes.map((n) => n.body), label).toContain('pivoted to proxy logs');
      expect(t.alertIds, label).not.toContain(splitOut[0]);
      const m = await call('incidents.get', { id: mergeA.id });
      expect(m.alertIds.length, label).toBeGreaterThanOrEqual(mergeA.alertCount + mergeB.alertCount);
      // The absorbed id resolves to the survivor.
      expect((await call('incidents.get', { id: mergeB.id })).id, label).toBe(mergeA.id);
      const s = await call('incidents.get', { id: split.id });
      expect(s.alertIds, label).toEqual(splitOut);
      const audit = await call('incidents.audit', { id: triaged.id });
      expect(audit.map((a) => a.action), label).toEqual(expect.arrayContaining(['incident.update', 'incident.note', 'incident.split']));
    };
    await check('after the changes');
    await call('correlate.run', { rebuild: true });
    await check('after a rebuild');
    await call('correlate.run', { rebuild: true });
    await check('after a second rebuild');

    // Re-importing the same files adds nothing and changes nothing.
    const again = await call('ingest.importFiles', { paths: [join(DATASETS, 'wazuh/ossec_insect.json')] });
    expect(again.imported).toBe(0);
    await call('correlate.run', { rebuild: false });
    await check('after a re-import');

    // New alerts related to the triaged incident join it incrementally; the work stays.
    const t = await call('incidents.get', { id: triaged.id });
    const sample = await call('alerts.get', { id: t.alertIds[t.alertIds.length - 1]! });
    const newFile = join(files.dir, 'follow-up.ndjson');
    writeFileSync(
      newFile,
      JSON.stringify({ ts: sample.ts + 60_000, source: 'edr', alert_type: 'Follow-up on the same IP', message: 'x', ip: sample.srcIp ?? sample.dstIp, severity: 'high' }) + '\n',
    );
    expect((await call('ingest.importFiles', { paths: [newFile] })).imported).toBe(1);
    const inc = await call('correlate.run', { rebuild: false });
    expect(inc.newAlerts).toBe(1);
    await check('after incremental correlation');
    const rebuilt = await call('correlate.run', { rebuild: true });
    expect(rebuilt.incidents).toBe(inc.incidents);
    await check('after the final rebuild');
  });
});
