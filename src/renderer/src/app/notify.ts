import { toApiError } from '../api/api-error';
import { useUiStore } from '../state/ui-store';

/** Shows a failed call as a notification with its code and message. */
export function notifyError(title: string, error: unknown): void {
  const apiError = toApiError(error);
  useUiStore.getState().pushNotice({ tone: 'error', title, message: `${apiError.message} (${apiError.code})` });
}

export function notifySuccess(title: string, message: string): void {
  useUiStore.getState().pushNotice({ tone: 'success', title, message });
}
