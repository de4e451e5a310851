import { AppError, isErrorCode, type ErrorCode, type ErrorInfo } from '../../../shared/errors';

/** A failed API call as the renderer sees it: the envelope's code, message and details. */
export class ApiError extends AppError {
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(code, message, details);
    this.name = 'ApiError';
  }

  static fromInfo(info: ErrorInfo): ApiError {
    return new ApiError(info.code, info.message, info.details);
  }
}

/** Turns anything thrown into an ApiError so every failure can be shown with a code and message. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof Error) return new ApiError('INTERNAL', error.message || error.name);
  return new ApiError('INTERNAL', String(error));
}

/**
 * Checks that a value crossing the boundary is a Result envelope and unwraps it:
 * returns `data` or throws an ApiError. Anything malformed becomes INTERNAL.
 */
export function unwrapResult(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && 'ok' in value) {
    const envelope = value as { ok: unknown; data?: unknown; error?: unknown };
    if (envelope.ok === true) return envelope.data;
    if (envelope.ok === false && typeof envelope.error === 'object' && envelope.error !== null) {
      const info = envelope.error as { code?: unknown; message?: unknown; details?: unknown };
      const code = isErrorCode(info.code) ? info.code : 'INTERNAL';
      const message = typeof info.message === 'string' ? info.message : 'The request failed.';
      throw new ApiError(code, message, info.details);
    }
  }
  throw new ApiError('INTERNAL', 'Malformed response from the Workbench core.');
}
