/**
 * The IPC side of the contract, without Electron: the shell passes in the
 * sending frame's URL and this decides whether to dispatch. Kept free of
 * `electron` so the sender check and the envelope are tested in plain Node.
 */
import type { Result } from '../../shared/errors';
import { dispatch, type Handlers, type Logger } from '../api/registry';

export { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../../shared/ipc-channels';

/**
 * A sender is trusted only when it is the app's own renderer document: same
 * protocol, host and path as the page the shell loaded (query and hash ignored).
 */
export function isTrustedSender(senderUrl: string | undefined | null, rendererUrl: string): boolean {
  if (!senderUrl) return false;
  try {
    const sender = new URL(senderUrl);
    const trusted = new URL(rendererUrl);
    return sender.protocol === trusted.protocol && sender.host === trusted.host && sender.pathname === trusted.pathname;
  } catch {
    return false;
  }
}

export async function handleIpcInvoke(
  handlers: Handlers,
  sender: { url: string | undefined | null; isMainFrame: boolean },
  rendererUrl: string,
  method: unknown,
  input: unknown,
  logger?: Logger,
): Promise<Result<unknown>> {
  if (!sender.isMainFrame || !isTrustedSender(sender.url, rendererUrl)) {
    logger?.warn(`IPC call ${String(method).slice(0, 80)} refused from untrusted frame ${String(sender.url).slice(0, 200)}`);
    return { ok: false, error: { code: 'FORBIDDEN', message: 'Calls are only accepted from the SOC Workbench window' } };
  }
  return dispatch(handlers, method, input, logger);
}

/** External links the app may open in the system browser. */
const EXTERNAL_ALLOW_LIST = ['attack.mitre.org', 'github.com', 'documentation.wazuh.com', 'docs.suricata.io'];

export function isAllowedExternalUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && EXTERNAL_ALLOW_LIST.includes(parsed.hostname);
  } catch {
    return false;
  }
}
