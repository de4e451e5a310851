import { describe, expect, it } from 'vitest';
import { ApiError, toApiError, unwrapResult } from './api-error';

describe('unwrapResult', () => {
  it('returns data of a successful envelope', () => {
    expect(unwrapResult({ ok: true, data: { n: 1 } })).toEqual({ n: 1 });
  });

  it('throws the error of a failed envelope as an ApiError', () => {
    expect(() => unwrapResult({ ok: false, error: { code: 'VALIDATION', message: 'limit too big' } })).toThrow(
      expect.objectContaining({ code: 'VALIDATION', message: 'limit too big' }),
    );
  });

  it('maps unknown codes and malformed responses to INTERNAL instead of failing silently', () => {
    expect(() => unwrapResult({ ok: false, error: { code: 'WAT', message: 'x' } })).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
    expect(() => unwrapResult('<html>')).toThrow(ApiError);
    expect(toApiError(new Error('boom'))).toMatchObject({ code: 'INTERNAL', message: 'boom' });
  });
});
