import type { ApiClient, MethodName, MethodOutput, UiEventName, UiEvents } from '../../../shared/contract';
import { toApiError, unwrapResult } from './api-error';
import type { SocwbBridge } from './bridge';

/** The desktop transport: the preload bridge's invoke/on. */
export function createIpcClient(bridge: SocwbBridge): ApiClient {
  return {
    async call<M extends MethodName>(method: M, input: unknown): Promise<MethodOutput<M>> {
      let result: unknown;
      try {
        result = await bridge.invoke(method, input);
      } catch (error) {
        throw toApiError(error);
      }
      return unwrapResult(result) as MethodOutput<M>;
    },
    subscribe<E extends UiEventName>(event: E, listener: (payload: UiEvents[E]) => void): () => void {
      return bridge.on(event, (payload) => listener(payload as UiEvents[E]));
    },
  };
}
