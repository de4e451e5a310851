/**
 * Handlers are registered once, against the contract, and every transport
 * (IPC, HTTP, CLI) calls `dispatch`: it rejects unknown methods, validates the
 * input with the method's zod schema, runs the handler and turns every outcome
 * into the Result envelope. Unexpected errors become INTERNAL; their stacks are
 * logged here, on the main side, never sent.
 */
import { contract, isMethodName, type MethodArgs, type MethodName, type MethodOutput } from '../../shared/contract';
import { AppError, type Result } from '../../shared/errors';

export type Handler<M extends MethodName> = (args: MethodArgs<M>) => Promise<MethodOutput<M>> | MethodOutput<M>;
export type Handlers = { [M in MethodName]: Handler<M> };

export interface Logger {
  error(message: string, error?: unknown): void;
  warn(message: string): void;
}

export const consoleLogger: Logger = {
  error: (message, error) => console.error(`[socwb] ${message}`, error instanceof Error ? error.stack : (error ?? '')),
  warn: (message) => console.warn(`[socwb] ${message}`),
};

export async function dispatch(handlers: Handlers, method: unknown, input: unknown, logger: Logger = consoleLogger): Promise<Result<unknown>> {
  if (!isMethodName(method)) {
    return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `Unknown method: ${String(method).slice(0, 100)}` } };
  }
  const parsed = contract[method].input.safeParse(input ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
    const first = issues[0];
    return {
      ok: false,
      error: {
        code: 'VALIDATION',
        message: `Invalid input for ${method}: ${first ? `${first.path || '(input)'}: ${first.message}` : 'rejected'}`,
        details: { issues },
      },
    };
  }
  try {
    const handler = handlers[method] as (args: unknown) => unknown;
    const data = await handler(parsed.data);
    return { ok: true, data };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.toInfo() };
    logger.error(`${method} failed`, error);
    return { ok: false, error: { code: 'INTERNAL', message: `${method} failed unexpectedly; see the application log.` } };
  }
}
