import type { Result } from '../../../shared/errors';

/** What the Electron preload exposes on `window.socwb` (contextBridge). */
export interface SocwbBridge {
  invoke(method: string, input: unknown): Promise<Result<unknown>>;
  on(event: string, listener: (payload: unknown) => void): () => void;
  /** Absolute path of a dropped/picked file; '' when it has none. */
  pathForFile(file: File): string;
}

declare global {
  interface Window {
    socwb?: SocwbBridge;
  }
}

export function getBridge(): SocwbBridge | undefined {
  return typeof window === 'undefined' ? undefined : window.socwb;
}
