import { useState } from 'react';
import type { CorrelateResult } from '../../../../shared/domain';
import { useApi } from '../../api/client';
import { useUiEvent } from '../../api/use-ui-event';
import { notifyError, notifySuccess } from '../../app/notify';

export interface CorrelateState {
  running: boolean;
  result: CorrelateResult | null;
  progress: { phase: string; done: number; total: number } | null;
  run(rebuild: boolean): Promise<void>;
}

/** Runs correlation (incremental or full rebuild) and follows its progress events. */
export function useCorrelate(onFinished?: () => void): CorrelateState {
  const api = useApi();
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<CorrelateResult | null>(null);
  const [progress, setProgress] = useState<CorrelateState['progress']>(null);

  useUiEvent('correlate.progress', (payload) => {
    if (running) setProgress(payload);
  });

  const run = async (rebuild: boolean) => {
    setRunning(true);
    setProgress(null);
    try {
      const outcome = await api.call('correlate.run', { rebuild });
      setResult(outcome);
      onFinished?.();
      notifySuccess(rebuild ? 'Rebuild finished' : 'Correlation finished', describeCorrelation(outcome));
    } catch (error) {
      notifyError(rebuild ? 'Rebuild failed' : 'Correlation failed', error);
    } finally {
      setRunning(false);
      setProgress(null);
    }
  };

  return { running, result, progress, run };
}

export function describeCorrelation(result: CorrelateResult): string {
  return `${result.incidents.toLocaleString('en-US')} incidents from ${result.alerts.toLocaleString('en-US')} alerts (${result.uncorrelated.toLocaleString('en-US')} lone ones left uncorrelated) in ${Math.round(result.ms).toLocaleString('en-US')} ms (${result.mode}${result.mode === 'incremental' ? `, ${result.newAlerts} new alerts` : ''})`;
}
