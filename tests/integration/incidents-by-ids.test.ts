/**
 * `incidents.list` with `ids`: the merge dialog's one call for the ticked
 * incidents. It gives what asking `incidents.get` for each of them gave, on
 * real data, through the handlers.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../src/main/api/registry';
import type { MethodInput, MethodName, MethodOutput } from '../../src/shared/contract';
import type { IncidentSummaryRow } from '../../src/shared/domain';
import { DATASETS, tempCore } from './helpers';

const core = tempCore({ transport: 'http' });
afterAll(() => core.dispose());

async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const result = await dispatch(core.handlers, method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
  return result.data as MethodOutput<M>;
}

/** The summary part of an incident, as the list gives it. */
function summary(detail: IncidentSummaryRow): IncidentSummaryRow {
  const { id, title, severity, risk, confidence, status, verdict, alertCount, firstSeen, lastSeen } = detail;
  return { id, title, severity, risk, confidence, status, verdict, alertCount, firstSeen, lastSeen };
}

let all: IncidentSummaryRow[] = [];

beforeAll(async () => {
  await call('ingest.importFiles', { paths: [join(DATASETS, 'suricata/first-org-conf-2015.alerts-only.ndjson'), join(DATASETS, 'wazuh/ossec_insect.json')] });
  await call('correlate.run', { rebuild: true });
  all = (await call('incidents.list', { limit: 1000 })).rows;
});

describe('incidents.list by ids', () => {
  it('gives the ticked incidents as incidents.get of each does, in one call', async () => {
    expect(all.length).toBeGreaterThanOrEqual(5);
    const ticked = [all[4]!.id, all[0]!.id, all[2]!.id];
    const page = await call('incidents.list', { ids: ticked, limit: ticked.length });
    const one = await Promise.all(ticked.map(async (id) => summary(await call('incidents.get', { id }))));
    expect(page.total).toBe(3);
    // In the order of the whole list (risk first), each row as incidents.get summarises it.
    expect(page.rows).toEqual(all.filter((r) => ticked.includes(r.id)));
    const byId = (rows: IncidentSummaryRow[]) => [...rows].sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(byId(page.rows)).toEqual(byId(one));
  });

  it('after a merge, lists the survivor once for the id merged away, as incidents.get resolves it', async () => {
    const [survivor, other, third] = all.slice(-3).map((r) => r.id) as [string, string, string];
    const merged = await call('incidents.merge', { ids: [survivor, other] });
    const page = await call('incidents.list', { ids: [other, survivor, third], sort: 'alertCount', order: 'desc' });
    expect(page.rows.map((r) => r.id).sort()).toEqual([survivor, third].sort());
    expect(page.rows.find((r) => r.id === survivor)).toEqual(summary(merged));
    expect((await call('incidents.get', { id: other })).id).toBe(survivor);
    // The unfiltered list is unchanged in shape: the merged-away incident is simply gone.
    const rest = await call('incidents.list', { limit: 1000 });
    expect(rest.total).toBe(all.length - 1);
  });
});
