/**
 * The preload bridge: exposes exactly the contract to the renderer as
 * `window.socwb` — invoke(method, input), on(event, listener), pathForFile(file).
 * Unknown methods and events are refused here before they reach main.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { isMethodName, UI_EVENT_NAMES, type UiEventName } from '../shared/contract';
import { IPC_EVENT_CHANNEL as EVENT, IPC_INVOKE_CHANNEL as INVOKE } from '../shared/ipc-channels';

const bridge = {
  invoke(method: string, input: unknown): Promise<unknown> {
    if (!isMethodName(method)) {
      return Promise.resolve({ ok: false, error: { code: 'UNKNOWN_METHOD', message: `Unknown method: ${String(method).slice(0, 100)}` } });
    }
    return ipcRenderer.invoke(INVOKE, method, input);
  },
  on(event: string, listener: (payload: unknown) => void): () => void {
    if (!UI_EVENT_NAMES.includes(event as UiEventName)) throw new Error(`Unknown event: ${event}`);
    const wrapped = (_e: unknown, message: { event: string; payload: unknown }) => {
      if (message?.event === event) listener(message.payload);
    };
    ipcRenderer.on(EVENT, wrapped);
    return () => ipcRenderer.removeListener(EVENT, wrapped);
  },
  pathForFile(file: File): string {
    try {
      return webUtils.getPathForFile(file);
    } catch {
      return '';
    }
  },
};

contextBridge.exposeInMainWorld('socwb', bridge);
