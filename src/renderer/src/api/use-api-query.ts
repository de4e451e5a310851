import { useCallback, useEffect, useRef, useState } from 'react';
import type { MethodInput, MethodName, MethodOutput } from '../../../shared/contract';
import { toApiError, type ApiError } from './api-error';
import { useApi } from './client';
import { useDbChanged } from './use-ui-event';

export interface ApiQuery<T> {
  data: T | undefined;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
}

/**
 * Fetches one method's output and keeps it fresh: refetches when the input
 * changes (compared by JSON) and when `db.changed` names one of `tables`.
 * The data lives in the component, never in zustand. Stale responses are dropped.
 * Pass `null` as input to skip the call.
 */
export function useApiQuery<M extends MethodName>(
  method: M,
  input: MethodInput<M> | null,
  tables: readonly string[],
): ApiQuery<MethodOutput<M>> {
  const api = useApi();
  const [data, setData] = useState<MethodOutput<M> | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(false);
  const [version, setVersion] = useState(0);
  const requestSeq = useRef(0);
  const inputKey = input === null ? null : JSON.stringify(input);
  const lastKey = useRef<string | null>(null);

  useEffect(() => {
    if (inputKey === null) return;
    const seq = ++requestSeq.current;
    // A different question: the previous answer's error no longer applies.
    if (lastKey.current !== inputKey) setError(null);
    lastKey.current = inputKey;
    setLoading(true);
    api
      .call(method, JSON.parse(inputKey) as MethodInput<M>)
      .then((result) => {
        if (seq !== requestSeq.current) return;
        setData(result);
        setError(null);
      })
      .catch((err: unknown) => {
        if (seq !== requestSeq.current) return;
        setError(toApiError(err));
      })
      .finally(() => {
        if (seq === requestSeq.current) setLoading(false);
      });
  }, [api, method, inputKey, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  useDbChanged(tables, reload);

  return { data, error, loading, reload };
}
