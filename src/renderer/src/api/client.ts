import { createContext, useContext } from 'react';
import type { ApiClient } from '../../../shared/contract';
import { getBridge } from './bridge';
import { createHttpClient, takeSessionToken } from './http-client';
import { createIpcClient } from './ipc-client';

/** Picks the transport once at start-up: the Electron bridge if present, else loopback HTTP. */
export function createApiClient(): ApiClient {
  const bridge = getBridge();
  return bridge ? createIpcClient(bridge) : createHttpClient(takeSessionToken());
}

export const ApiContext = createContext<ApiClient | null>(null);

export function useApi(): ApiClient {
  const client = useContext(ApiContext);
  if (!client) throw new Error('useApi() outside <ApiContext.Provider>');
  return client;
}

/** Absolute path of a file in the desktop app; '' in the browser (the content must be sent instead). */
export function pathForFile(file: File): string {
  try {
    return getBridge()?.pathForFile(file) ?? '';
  } catch {
    return '';
  }
}
