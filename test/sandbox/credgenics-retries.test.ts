/**
 * Who retries a Credgenics call: got, for reads only (with Retry-After honoured up to a cap); a write is
 * sent once per call, whatever the answer (the outbox owns its retries).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CredgenicsSandbox } from '../../dev/sandbox/credgenics/index.ts';
import { createCredgenicsClient, READ_MAX_RETRY_AFTER_MS, type CredgenicsClient } from '../../src/lenders/credgenics/client.ts';
import { LenderGatewayError, LenderRateLimitedError } from '../../src/lenders/errors.ts';
import { createLogger } from '../../src/log.ts';
import { ROLE, THIS_MONTH, TOKEN, startSandbox } from './helpers.ts';

let sandbox: CredgenicsSandbox;
let client: CredgenicsClient;

beforeEach(async () => {
  sandbox = await startSandbox();
  client = createCredgenicsClient({ baseUrl: sandbox.url, authToken: TOKEN, role: ROLE, timeoutMs: 5000, logger: createLogger({ level: 'silent' }) });
});
afterEach(() => sandbox.close());

const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);
const sent = (method: string) => sandbox.requests.filter((r) => r.method === method).length;

describe('Credgenics reads: got owns the retries', () => {
  it('a 429 with Retry-After: 1 is waited out, then the read succeeds (two requests)', async () => {
    sandbox.setFault({ match: { method: 'GET' }, status: 429, times: 1, headers: { 'retry-after': '1' } });
    const started = Date.now();
    const loan = await client.getLoan('1001');
    expect(loan.loanId).toBe('1001');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(sent('GET')).toBe(2);
  });

  it(`a Retry-After longer than ${READ_MAX_RETRY_AFTER_MS / 1000} s is not waited for: one request, rate-limited with retryAfterMs`, async () => {
    sandbox.setFault({ match: { method: 'GET' }, status: 429, headers: { 'retry-after': '60' } });
    const error = await failure(client.getLoan('1001'));
    expect(error).toBeInstanceOf(LenderRateLimitedError);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 60_000 });
    expect(sent('GET')).toBe(1);
  });

  it('a 503 without Retry-After: retried twice (three requests), then a gateway error', async () => {
    sandbox.setFault({ match: { method: 'GET' }, status: 503 });
    const error = await failure(client.getLoan('1001'));
    expect(error).toBeInstanceOf(LenderGatewayError);
    expect(sent('GET')).toBe(3);
  });
});

describe('Credgenics writes: sent once per call', () => {
  it.each([429, 503, 504])('%d on Update Payment: one request, even with a short Retry-After', async (status) => {
    sandbox.setFault({ match: { method: 'PATCH' }, status, headers: { 'retry-after': '1' } });
    const error = await failure(client.updatePayment('1001', THIS_MONTH, { final_status: 'Partially Recovered', amount_recovered: 100, payment_method: 'Online' }));
    expect(error).toMatchObject({ status, retryAfterMs: 1000 });
    expect(sent('PATCH')).toBe(1);
  });
});
