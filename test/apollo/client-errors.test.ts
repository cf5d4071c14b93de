import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApolloSandbox } from '../../dev/sandbox/apollo/index.ts';
import {
  LenderBadRequestError,
  LenderForbiddenError,
  LenderGatewayError,
  LenderMalformedResponseError,
  LenderNetworkError,
  LenderNotFoundError,
  LenderRateLimitedError,
  LenderServerError,
  LenderTimeoutError,
} from '../../src/lenders/errors.ts';
import { NOW, clientFor, plBody, startSandbox, updates } from './helpers.ts';

let sandbox: ApolloSandbox;

beforeEach(async () => {
  sandbox = await startSandbox();
});
afterEach(() => sandbox.close());

const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);

describe('Apollo client: failures map to the LenderError family with Apollo’s message', () => {
  it('403 wrong x-api-key → LenderForbiddenError "Forbidden"', async () => {
    const error = await failure(clientFor(sandbox, { apiKey: 'nope' }).updateLoan('Tesst001', plBody()));
    expect(error).toBeInstanceOf(LenderForbiddenError);
    expect(error).toMatchObject({ lender: 'apollo', operation: 'update_loan', status: 403, lenderMessage: 'Forbidden' });
    expect(updates(sandbox)).toHaveLength(1);
  });

  it('403 wrong partner tag → LenderForbiddenError with Apollo’s words', async () => {
    const error = await failure(clientFor(sandbox).updateLoan('Tesst001', plBody('SOMEONE-ELSE')));
    expect(error).toBeInstanceOf(LenderForbiddenError);
    expect(error).toMatchObject({ lenderMessage: 'partner is not allowed to use this API' });
  });

  it('404 unknown loan → LenderNotFoundError "No such loan exists"', async () => {
    const error = await failure(clientFor(sandbox).updateLoan('NOPE-1', plBody()));
    expect(error).toBeInstanceOf(LenderNotFoundError);
    expect(error).toMatchObject({ status: 404, lenderMessage: 'No such loan exists' });
  });

  it('400 past the 3-day window → LenderBadRequestError with the window message, not retried', async () => {
    const error = await failure(clientFor(sandbox).updateLoan('APL-OLD-001', plBody()));
    expect(error).toBeInstanceOf(LenderBadRequestError);
    expect(error).toMatchObject({ status: 400, lenderMessage: 'loan cannot be updated after 18/11/2026 10:00' });
    expect(updates(sandbox)).toHaveLength(1);
  });

  it('500 → LenderServerError, not retried', async () => {
    sandbox.setFault({ match: { path: 'update' }, status: 500, body: { message: 'Internal server error' } });
    const error = await failure(clientFor(sandbox).updateLoan('Tesst001', plBody()));
    expect(error).toBeInstanceOf(LenderServerError);
    expect(error).toMatchObject({ status: 500, lenderMessage: 'Internal server error' });
    expect(updates(sandbox)).toHaveLength(1);
  });

  it.each([502, 503, 504])('%d → one request, LenderGatewayError: the client never retries a write (the outbox does)', async (status) => {
    sandbox.setFault({ match: { path: 'update' }, status, body: { message: 'The server is down' } });
    const error = await failure(clientFor(sandbox).updateLoan('Tesst001', plBody()));
    expect(error).toBeInstanceOf(LenderGatewayError);
    expect(error).toMatchObject({ status, lenderMessage: 'The server is down', retryable: true, retryAfterMs: undefined });
    expect(updates(sandbox)).toHaveLength(1);
    expect(sandbox.tokenRequests()).toBe(1);
  });

  it('a 504 burst: each call sends exactly one request, and the call after the burst succeeds', async () => {
    sandbox.setFault({ match: { path: 'update' }, status: 504, times: 3 });
    const client = clientFor(sandbox);
    for (let call = 1; call <= 3; call++) {
      expect(await failure(client.updateLoan('Tesst001', plBody()))).toBeInstanceOf(LenderGatewayError);
      expect(updates(sandbox)).toHaveLength(call);
    }
    expect(await client.updateLoan('Tesst001', plBody())).toEqual({ message: 'loan updated successfully' });
    expect(updates(sandbox)).toHaveLength(4);
  });

  it.each([
    [429, '7', 7_000, LenderRateLimitedError],
    [503, '120', 120_000, LenderGatewayError],
    [503, new Date(NOW + 30_000).toUTCString(), 30_000, LenderGatewayError],
  ] as const)('%d with Retry-After %s → one request, the error carries retryAfterMs %d', async (status, header, ms, kind) => {
    sandbox.setFault({ match: { path: 'update' }, status, headers: { 'retry-after': header } });
    const error = await failure(clientFor(sandbox, { now: () => NOW }).updateLoan('Tesst001', plBody()));
    expect(error).toBeInstanceOf(kind);
    expect(error).toMatchObject({ status, retryAfterMs: ms });
    expect(updates(sandbox)).toHaveLength(1);
  });

  it('timeout → LenderTimeoutError, not retried', async () => {
    sandbox.setFault({ match: { path: 'update' }, delayMs: 2000 });
    const error = await failure(clientFor(sandbox, { timeoutMs: 200 }).updateLoan('Tesst001', plBody()));
    expect(error).toBeInstanceOf(LenderTimeoutError);
    expect(error).toMatchObject({ lender: 'apollo', operation: 'update_loan', timeoutMs: 200 });
    expect(updates(sandbox)).toHaveLength(1);
    // The sandbox never processed it: the client hung up first.
    expect(sandbox.loan('Tesst001')?.updates).toBe(0);
  });

  it.each([
    ['not JSON', '<html>ok</html>'],
    ['no message', { status: 'ok' }],
    ['message not a string', { message: 42 }],
  ])('a 200 with %s → LenderMalformedResponseError', async (_label, body) => {
    sandbox.setFault({ match: { path: 'update' }, status: 200, body });
    const error = await failure(clientFor(sandbox).updateLoan('Tesst001', plBody()));
    expect(error).toBeInstanceOf(LenderMalformedResponseError);
    expect(error).toMatchObject({ status: 200, operation: 'update_loan' });
  });

  it('unreachable → LenderNetworkError', async () => {
    const url = sandbox.updateUrl;
    await sandbox.close();
    const error = await failure(clientFor(sandbox, { updateUrl: url }).updateLoan('Tesst001', plBody()));
    expect(error).toBeInstanceOf(LenderNetworkError);
    sandbox = await startSandbox();
  });

  it('keeps got’s request options (and the secrets in them) out of the error', async () => {
    const error = await failure(clientFor(sandbox, { apiKey: 'nope' }).updateLoan('Tesst001', plBody()));
    expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain('Bearer');
    expect(String((error as Error).cause)).not.toContain('Bearer');
    expect(JSON.stringify((error as Error).cause, Object.getOwnPropertyNames((error as Error).cause))).not.toContain('nope');
  });
});
