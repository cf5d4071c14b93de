import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApolloSandbox } from '../../dev/sandbox/apollo/index.ts';
import { LenderUnauthorizedError } from '../../src/lenders/errors.ts';
import { API_KEY, CLIENT_ID, CLIENT_SECRET, LogCapture, NOW, clientFor, plBody, startSandbox, updates } from './helpers.ts';

let sandbox: ApolloSandbox;
let sandboxNow = NOW;

beforeEach(async () => {
  sandboxNow = NOW;
  sandbox = await startSandbox({ now: () => sandboxNow });
});
afterEach(() => sandbox.close());

describe('Apollo client: token and headers', () => {
  it('asks for a token exactly as the docs show, then updates with Bearer + x-api-key and loan_id in the query', async () => {
    const client = clientFor(sandbox);
    await expect(client.updateLoan('Tesst001', plBody())).resolves.toEqual({ message: 'loan updated successfully' });

    const [token, update] = sandbox.requests;
    expect(token).toMatchObject({ endpoint: 'token', method: 'POST', body: 'grant_type=client_credentials&scope=' });
    expect(token?.headers.authorization).toBe(`Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`);
    expect(token?.headers['content-type']).toBe('application/x-www-form-urlencoded');

    expect(update).toMatchObject({ endpoint: 'update', method: 'PATCH', query: { loan_id: 'Tesst001' }, body: plBody() });
    expect(update?.headers.authorization).toMatch(/^Bearer apl_/);
    expect(update?.headers['x-api-key']).toBe(API_KEY);
    expect(update?.headers['content-type']).toMatch(/^application\/json/);
    expect(sandbox.loan('Tesst001')?.loanInformation).toMatchObject({ disbursement_date: '21/11/2026', first_emi_date: '21/12/2026' });
  });

  it('keeps the update URL’s own query parameters and uses the configured method', async () => {
    const client = clientFor(sandbox, { updateUrl: `${sandbox.updateUrl}?stage=uat&loan_id=stale`, updateMethod: 'POST' });
    await client.updateLoan('1001', plBody());
    expect(updates(sandbox)[0]).toMatchObject({ method: 'POST', query: { stage: 'uat', loan_id: '1001' } });
  });

  it('encodes odd loan ids into the query only', async () => {
    const client = clientFor(sandbox);
    await expect(client.updateLoan('a&b=c/../x', plBody())).rejects.toMatchObject({ status: 404 });
    expect(updates(sandbox)[0]).toMatchObject({ path: '/v1/loan/update', query: { loan_id: 'a&b=c/../x' } });
  });

  it('reuses one token for two updates', async () => {
    const client = clientFor(sandbox);
    await client.updateLoan('Tesst001', plBody());
    await client.updateLoan('1001', plBody());
    expect(sandbox.tokenRequests()).toBe(1);
    expect(client.tokenRequests()).toBe(1);
    const [a, b] = updates(sandbox);
    expect(a?.headers.authorization).toBe(b?.headers.authorization);
  });

  it('100 concurrent updates at a cold start cause exactly one token request', async () => {
    const client = clientFor(sandbox, { timeoutMs: 10_000 });
    const results = await Promise.all(Array.from({ length: 100 }, () => client.updateLoan('1001', plBody())));
    expect(results.every((r) => r.message === 'loan updated successfully')).toBe(true);
    expect(sandbox.tokenRequests()).toBe(1);
    expect(client.tokenRequests()).toBe(1);
    expect(updates(sandbox)).toHaveLength(100);
  });

  it('an expired token (the sandbox clock moved on) costs one refresh, then succeeds', async () => {
    const client = clientFor(sandbox);
    await client.updateLoan('Tesst001', plBody());
    sandboxNow = NOW + 301_000;
    await expect(client.updateLoan('Tesst001', plBody())).resolves.toEqual({ message: 'loan updated successfully' });
    expect(sandbox.tokenRequests()).toBe(2);
    // First update, the refused one with the expired token, then the retry with a new token.
    const bearers = updates(sandbox).map((r) => r.headers.authorization);
    expect(bearers).toHaveLength(3);
    expect(bearers[1]).toBe(bearers[0]);
    expect(bearers[2]).not.toBe(bearers[1]);
  });

  it('refreshes ahead of expiry by its own clock (expires_in, 30 s early)', async () => {
    let clientNow = NOW;
    const client = clientFor(sandbox, { now: () => clientNow });
    await client.updateLoan('Tesst001', plBody());
    clientNow = NOW + 269_000;
    await client.updateLoan('Tesst001', plBody());
    expect(sandbox.tokenRequests()).toBe(1);
    clientNow = NOW + 271_000;
    sandboxNow = NOW + 271_000;
    await client.updateLoan('Tesst001', plBody());
    expect(sandbox.tokenRequests()).toBe(2);
    expect(updates(sandbox)).toHaveLength(3);
  });

  it('a 401 on the update: a new token and exactly one retry', async () => {
    sandbox.setFault({ match: { path: 'update' }, status: 401, times: 1 });
    const client = clientFor(sandbox);
    await expect(client.updateLoan('Tesst001', plBody())).resolves.toEqual({ message: 'loan updated successfully' });
    expect(updates(sandbox)).toHaveLength(2);
    expect(sandbox.tokenRequests()).toBe(2);
  });

  it('a second 401 is not retried again: LenderUnauthorizedError with Apollo’s message', async () => {
    sandbox.setFault({ match: { path: 'update' }, status: 401 });
    const client = clientFor(sandbox);
    const error = await client.updateLoan('Tesst001', plBody()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LenderUnauthorizedError);
    expect(error).toMatchObject({ lender: 'apollo', operation: 'update_loan', status: 401, lenderMessage: 'The incoming token has expired' });
    expect(updates(sandbox)).toHaveLength(2);
  });

  it('wrong client credentials: LenderUnauthorizedError from the token endpoint, and a failed token is not cached', async () => {
    const client = clientFor(sandbox, { clientSecret: 'wrong' });
    const error = await client.updateLoan('Tesst001', plBody()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LenderUnauthorizedError);
    expect(error).toMatchObject({ operation: 'get_token', status: 401, lenderMessage: 'invalid_client' });
    await client.updateLoan('Tesst001', plBody()).catch(() => undefined);
    expect(sandbox.tokenRequests()).toBe(2);
    expect(updates(sandbox)).toHaveLength(0);
  });

  it('a 403 from the token endpoint also means the credentials were refused', async () => {
    sandbox.setFault({ match: { path: 'token' }, status: 403, times: 1 });
    const client = clientFor(sandbox);
    await expect(client.updateLoan('Tesst001', plBody())).rejects.toBeInstanceOf(LenderUnauthorizedError);
    await expect(client.updateLoan('Tesst001', plBody())).resolves.toEqual({ message: 'loan updated successfully' });
  });

  it('a token answer without access_token is malformed', async () => {
    sandbox.setFault({ match: { path: 'token' }, body: { token_type: 'Bearer' }, times: 1 });
    const client = clientFor(sandbox);
    await expect(client.updateLoan('Tesst001', plBody())).rejects.toMatchObject({ kind: 'malformed', operation: 'get_token' });
  });

  it('never logs the token, the API key or the client secret', async () => {
    const logs = new LogCapture();
    sandbox.setFault({ match: { path: 'update' }, status: 401, times: 1 });
    const client = clientFor(sandbox, { logs });
    await client.updateLoan('Tesst001', plBody());
    await client.updateLoan('APL-OLD-001', plBody()).catch(() => undefined);
    const tokens = updates(sandbox).map((r) => (r.headers.authorization ?? '').replace('Bearer ', ''));
    const basic = sandbox.requests[0]?.headers.authorization?.replace('Basic ', '') ?? '';
    expect(logs.text).toContain('Tesst001');
    expect(logs.text).toContain('"status":200');
    for (const secret of [...tokens, basic, API_KEY, CLIENT_SECRET]) {
      expect(secret.length).toBeGreaterThan(5);
      expect(logs.text).not.toContain(secret);
    }
  });
});
