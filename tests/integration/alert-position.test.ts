import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../src/main/api/registry';
import type { AlertRow } from '../../src/shared/domain';
import { tempCore } from './helpers';

const T0 = Date.UTC(2026, 0, 1);

function ndjson(from: number, count: number, ts: (i: number) => number): string {
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    return JSON.stringify({
      ts: new Date(ts(i)).toISOString(),
      source: i % 2 ? 'edr' : 'proxy',
      alert_type: `Detection ${i}`,
      message: `record ${i}`,
      host: `host${i % 7}`,
      severity: ['low', 'medium', 'high', 'critical'][i % 4],
    });
  }).join('\n');
}

describe('alerts.position', () => {
  // Each test on a workspace of its own holding the same 60 alerts, so any one runs alone (-t) or in any order.
  let core: ReturnType<typeof tempCore>;
  beforeEach(async () => {
    core = tempCore();
    // Pairs of alerts share a timestamp, so ties are ordered by id like the list does.
    await call('ingest.importContent', { fileName: 'a.ndjson', content: ndjson(0, 60, (i) => T0 + Math.floor(i / 2) * 1000) });
  });
  afterEach(() => core.dispose());

  const call = async <T>(method: 'alerts.list' | 'alerts.position' | 'ingest.importContent' | 'correlate.run' | 'incidents.merge', input: unknown): Promise<T> => {
    const result = await dispatch(core.handlers, method, input);
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
    return result.data as T;
  };
  const listIds = async (input: Record<string, unknown>) =>
    (await call<{ rows: AlertRow[] }>('alerts.list', { ...input, limit: 1000, offset: 0 })).rows.map((r) => r.id);

  it('is the offset at which alerts.list lists the alert, for either order and any filter', async () => {
    for (const filters of [{}, { severities: ['high', 'critical'] }, { sources: ['edr'], from: T0 + 5_000 }, { text: 'record' }]) {
      for (const order of ['desc', 'asc'] as const) {
        const ids = await listIds({ ...filters, order });
        expect(ids.length).toBeGreaterThan(10);
        for (const [offset, id] of ids.entries()) {
          expect(await call('alerts.position', { ...filters, order, id })).toEqual({ offset });
        }
      }
    }
  });

  it('follows an alert down the newest-first list when newer alerts arrive above it', async () => {
    const [, , third] = await listIds({ order: 'desc' });
    expect(await call('alerts.position', { id: third })).toEqual({ offset: 2 });
    await call('ingest.importContent', { fileName: 'b.ndjson', content: ndjson(1000, 25, (i) => T0 + 3_600_000 + i) });
    expect(await call('alerts.position', { id: third })).toEqual({ offset: 27 });
    expect((await listIds({ order: 'desc' }))[27]).toBe(third);
  });

  it('is null for an alert the filters leave out or that does not exist', async () => {
    const [low] = await listIds({ severities: ['low'] });
    expect(await call('alerts.position', { id: low, severities: ['critical'] })).toEqual({ offset: null });
    expect(await call('alerts.position', { id: 987_654 })).toEqual({ offset: null });
    expect(await call('alerts.position', { id: low, text: '"' })).toEqual({ offset: null });
  });

  it('reads a pasted incident id as the alerts of that incident, in the list and its positions', async () => {
    await call('correlate.run', { rebuild: true });
    const all = (await call<{ rows: AlertRow[] }>('alerts.list', { limit: 1000, offset: 0 })).rows;
    const incidentId = all.find((row) => row.incidentId !== null)!.incidentId!;
    const members = all.filter((row) => row.incidentId === incidentId).map((row) => row.id);
    expect(members.length).toBeGreaterThan(1);
    for (const text of [incidentId, incidentId.toLowerCase(), ` ${incidentId.toUpperCase()} `]) expect(await listIds({ text })).toEqual(members);
    // The start of an id names every incident it begins.
    expect(await listIds({ text: incidentId.slice(0, 10) })).toEqual(expect.arrayContaining(members));
    expect(await call('alerts.position', { id: members[1], text: incidentId })).toEqual({ offset: 1 });
    expect(await listIds({ text: 'INC-0000000000' })).toEqual([]);
    // Text that only looks like an id still finds the alerts that say it.
    await call('ingest.importContent', {
      fileName: 'c.ndjson',
      content: JSON.stringify({ ts: new Date(T0).toISOString(), source: 'edr', alert_type: 'Disk full', message: 'on INC-DB01', host: 'inc-db01', severity: 'low' }),
    });
    expect(await listIds({ text: 'INC-DB01' })).toHaveLength(1);

    // An id merged away lists the alerts of the incident it went into.
    const other = all.find((row) => row.incidentId !== null && row.incidentId !== incidentId)!.incidentId!;
    await call('incidents.merge', { ids: [other, incidentId] });
    const merged = await listIds({ text: incidentId });
    expect(merged).toEqual(await listIds({ text: other }));
    expect(merged).toEqual(expect.arrayContaining(members));
    expect(merged.length).toBeGreaterThan(members.length);
  });

  it('validates its input like alerts.list', async () => {
    expect(await dispatch(core.handlers, 'alerts.position', { id: 0 })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await dispatch(core.handlers, 'alerts.position', { id: 1, offset: 5 })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await dispatch(core.handlers, 'alerts.position', { id: 1, severities: ['apocalyptic'] })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
  });
});
