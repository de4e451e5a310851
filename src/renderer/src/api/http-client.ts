import type { ApiClient, MethodName, MethodOutput, UiEventName, UiEvents } from '../../../shared/contract';
import { ApiError, unwrapResult } from './api-error';

const TOKEN_KEY = 'socwb.token';

/**
 * Browser mode: the page is opened as `http://127.0.0.1:PORT/?token=…`.
 * The token is taken from the query string once, kept in sessionStorage
 * (it survives reloads of this tab only) and removed from the address bar.
 */
export function takeSessionToken(): string {
  const url = new URL(window.location.href);
  const fromQuery = url.searchParams.get('token');
  if (fromQuery) {
    sessionStorage.setItem(TOKEN_KEY, fromQuery);
    url.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
    return fromQuery;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

type Listener = (payload: unknown) => void;

/** The loopback HTTP transport: POST /api/<method> + one EventSource for UI events. */
export function createHttpClient(token: string): ApiClient {
  const listeners = new Map<string, Set<Listener>>();
  let source: EventSource | null = null;
  let hadError = false;

  function dispatch(event: string, payload: unknown): void {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  }

  function attach(event: string): void {
    source?.addEventListener(event, (message) => {
      let payload: unknown;
      try {
        payload = JSON.parse((message as MessageEvent<string>).data);
      } catch {
        return; // a malformed frame is ignored rather than breaking the stream
      }
      dispatch(event, payload);
    });
  }

  function ensureSource(): void {
    if (source) return;
    source = new EventSource('/api/events?token=' + encodeURIComponent(token));
    source.addEventListener('error', () => {
      hadError = true;
    });
    source.addEventListener('open', () => {
      // After a reconnect, changes may have been missed: tell views to refetch everything.
      if (hadError) dispatch('db.changed', { tables: [] });
      hadError = false;
    });
    for (const event of listeners.keys()) attach(event);
  }

  return {
    async call<M extends MethodName>(method: M, input: unknown): Promise<MethodOutput<M>> {
      let response: Response;
      try {
        response = await fetch('/api/' + method, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + token },
          body: JSON.stringify(input ?? {}),
        });
      } catch {
        throw new ApiError('IO', 'Cannot reach the Workbench server. Is `socwb serve` still running?');
      }
      if (response.status === 401) {
        throw new ApiError('UNAUTHORIZED', 'Session token missing or invalid: reopen the link printed by `socwb serve`.');
      }
      let body: unknown;
      try {
        body = await response.json();
      } catch {
        throw new ApiError('INTERNAL', `Unexpected response from the server (HTTP ${response.status}).`);
      }
      return unwrapResult(body) as MethodOutput<M>;
    },

    subscribe<E extends UiEventName>(event: E, listener: (payload: UiEvents[E]) => void): () => void {
      let set = listeners.get(event);
      const isNewEvent = !set;
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      const wrapped: Listener = (payload) => listener(payload as UiEvents[E]);
      set.add(wrapped);
      if (!source) ensureSource();
      else if (isNewEvent) attach(event);
      return () => {
        set.delete(wrapped);
      };
    },
  };
}
