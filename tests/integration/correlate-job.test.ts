import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../src/main/api/registry';
import { DATASETS, tempCore } from './helpers';

const core = tempCore();
afterAll(() => core.dispose());

describe('correlation jobs', () => {
  it('runs one at a time, can be cancelled, and keeps the store usable', async () => {
    await dispatch(core.handlers, 'ingest.importFiles', { paths: [join(DATASETS, 'suricata/first-org-conf-2015.alerts-only.ndjson')] });
    const first = dispatch(core.handlers, 'correlate.run', { rebuild: true });
    const second = await dispatch(core.handlers, 'correlate.run', { rebuild: false });
    expect(second).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await dispatch(core.handlers, 'correlate.cancel', {})).toMatchObject({ ok: true, data: { cancelled: true } });
    expect(await first).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(await dispatch(core.handlers, 'correlate.cancel', {})).toMatchObject({ ok: true, data: { cancelled: false } });
    const done = await dispatch(core.handlers, 'correlate.run', { rebuild: false });
    expect(done).toMatchObject({ ok: true, data: { alerts: 136 } });
  });
});
