/** The one error family: status → subclass, Retry-After in both forms, and asLenderError for anything thrown. */
import { describe, expect, it } from 'vitest';
import { asLenderError } from '../../src/lenders/as-lender-error.ts';
import { LenderBadRequestError, LenderConflictError, LenderError, LenderForbiddenError, LenderGatewayError } from '../../src/lenders/errors.ts';
import { LenderMalformedResponseError, LenderNetworkError, LenderNotFoundError, LenderRateLimitedError } from '../../src/lenders/errors.ts';
import { LenderServerError, LenderTimeoutError, LenderUnauthorizedError, lenderErrorFromStatus, parseRetryAfter } from '../../src/lenders/errors.ts';

describe('lenderErrorFromStatus: status → subclass', () => {
  it.each([
    [400, LenderBadRequestError, 'bad_request', false],
    [401, LenderUnauthorizedError, 'unauthorized', false],
    [403, LenderForbiddenError, 'forbidden', false],
    [404, LenderNotFoundError, 'not_found', false],
    [409, LenderConflictError, 'conflict', false],
    [410, LenderBadRequestError, 'bad_request', false],
    [422, LenderBadRequestError, 'bad_request', false],
    [429, LenderRateLimitedError, 'rate_limited', true],
    [500, LenderServerError, 'server', true],
    [501, LenderServerError, 'server', true],
    [502, LenderGatewayError, 'gateway', true],
    [503, LenderGatewayError, 'gateway', true],
    [504, LenderGatewayError, 'gateway', true],
    [599, LenderServerError, 'server', true],
    [302, LenderBadRequestError, 'bad_request', false],
  ] as const)('%d → %o', (status, Subclass, kind, retryable) => {
    const error = lenderErrorFromStatus('credgenics', 'get_loan', status, { message: 'the lender says no' });
    expect(error).toBeInstanceOf(Subclass);
    expect(error).toBeInstanceOf(LenderError);
    expect(error).toMatchObject({ kind, retryable, status, lender: 'credgenics', operation: 'get_loan', lenderMessage: 'the lender says no' });
    expect(error.name).toBe(Subclass.name);
    expect(error.retryAfterMs).toBeUndefined();
  });

  it('keeps a Retry-After and logs it', () => {
    const error = lenderErrorFromStatus('apollo', 'update_loan', 503, '', undefined, 30_000);
    expect(error.retryAfterMs).toBe(30_000);
    expect(error.toLog()).toMatchObject({ kind: 'gateway', retryAfterMs: 30_000 });
  });

  it('every subclass names itself and says what happened', () => {
    const init = { lender: 'apollo', operation: 'update_loan', status: 504, timeoutMs: 10_000 } as const;
    expect(new LenderGatewayError(init).message).toBe('apollo update_loan: gateway error (504)');
    expect(new LenderTimeoutError(init).message).toBe('apollo update_loan: timed out after 10 s');
    expect(new LenderMalformedResponseError(init).name).toBe('LenderMalformedResponseError');
    expect(new LenderNetworkError({ lender: 'credgenics', operation: 'get_loan' })).toMatchObject({ kind: 'network', retryable: true });
  });
});

describe('parseRetryAfter', () => {
  const NOW = Date.parse('2026-11-20T04:30:00Z');
  it.each([
    ['120', 120_000],
    ['0', 0],
    [' 7 ', 7_000],
    [['30', '60'], 30_000],
    ['Fri, 20 Nov 2026 04:31:00 GMT', 60_000],
    ['Fri, 20 Nov 2026 04:29:00 GMT', 0], // in the past: now
    [undefined, undefined],
    ['', undefined],
    ['soon', undefined],
    ['1.5', undefined],
    ['-3', undefined],
  ] as const)('%o → %o ms', (value, expected) => {
    expect(parseRetryAfter(value as string | string[] | undefined, NOW)).toBe(expected);
  });
});

describe('asLenderError', () => {
  it('a LenderError passes through unchanged', () => {
    const error = new LenderNotFoundError({ lender: 'credgenics', operation: 'get_loan', status: 404 });
    expect(asLenderError(error, { lender: 'apollo', operation: 'update_loan' })).toBe(error);
  });

  it('anything else is a network error for that lender and operation, its cause a plain copy', () => {
    const thrown = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED', options: { headers: { authorization: 'Bearer s3cret' } } });
    const error = asLenderError(thrown, { lender: 'apollo', operation: 'update_loan' });
    expect(error).toBeInstanceOf(LenderNetworkError);
    expect(error).toMatchObject({ lender: 'apollo', operation: 'update_loan' });
    expect(error.cause).toBeInstanceOf(Error);
    expect(error.cause).not.toBe(thrown);
    expect(JSON.stringify(error.cause, Object.getOwnPropertyNames(error.cause))).not.toContain('s3cret');
  });
});
