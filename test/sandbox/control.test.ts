import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CredgenicsSandbox } from '../../dev/sandbox/credgenics/index.ts';
import { call, getLoan, pay, startSandbox, THIS_MONTH } from './helpers.ts';

let sandbox: CredgenicsSandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
beforeEach(() => sandbox.reset());
afterAll(() => sandbox.close());

/** Control endpoints need no credentials. */
const control = (method: string, path: string, body?: unknown) => call(sandbox, method, `/__sandbox/${path}`, body, {});

describe('HTTP control endpoints', () => {
  it('POST /__sandbox/faults adds a fault (path as a string); DELETE clears', async () => {
    const added = await control('POST', 'faults', { match: { method: 'GET', path: '/recovery/loan/1001' }, status: 503, times: 1 });
    expect(added.status).toBe(201);
    expect(added.json.faults).toHaveLength(1);
    expect((await getLoan(sandbox, '1001')).status).toBe(503);
    expect((await getLoan(sandbox, '1001')).status).toBe(200);

    await control('POST', 'faults', { status: 500 });
    expect((await control('GET', 'faults')).json).toHaveLength(1);
    expect((await getLoan(sandbox, '1002')).status).toBe(500);
    expect((await control('DELETE', 'faults')).status).toBe(200);
    expect((await getLoan(sandbox, '1002')).status).toBe(200);
  });

  it('accepts match.pathPattern as a regex source, raw bodies and delays', async () => {
    await control('POST', 'faults', { match: { pathPattern: '^/recovery/loan/100[34]$' }, body: '<html>502 Bad Gateway</html>', status: 502 });
    const res = await getLoan(sandbox, '1004');
    expect(res.status).toBe(502);
    expect(res.text).toBe('<html>502 Bad Gateway</html>');
    expect((await getLoan(sandbox, '1001')).status).toBe(200);
    const listed = (await control('GET', 'faults')).json[0].match.pathPattern as string;
    expect(new RegExp(listed).test('/recovery/loan/1003')).toBe(true);

    await control('DELETE', 'faults');
    await control('POST', 'faults', { match: { method: 'GET' }, delayMs: 150, times: 1 });
    const started = Date.now();
    expect((await getLoan(sandbox, '1001')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('rejects an invalid fault with 400', async () => {
    expect((await control('POST', 'faults', { status: 'slow' })).status).toBe(400);
    expect((await control('POST', 'faults', { match: { pathPattern: '(' } })).status).toBe(400);
    expect((await control('POST', 'faults', { delay: 5 })).status).toBe(400);
    expect((await control('GET', 'faults')).json).toEqual([]);
  });

  it('GET /__sandbox/requests lists recorded API requests (not control calls)', async () => {
    await getLoan(sandbox, '1001');
    await control('GET', 'loans');
    const res = await control('GET', 'requests');
    expect(res.status).toBe(200);
    expect(res.json).toHaveLength(1);
    expect(res.json[0]).toMatchObject({ method: 'GET', path: '/recovery/loan/1001', query: {}, body: null });
    expect(res.json[0].headers.role).toBe('collections-agent');
  });

  it('POST /__sandbox/reset restores the seed, clears faults and requests', async () => {
    await pay(sandbox, '1002', THIS_MONTH, { final_status: 'Closed', amount_recovered: 45000, payment_method: 'Cash' });
    await control('POST', 'faults', { match: { path: '/recovery/loan/1003' }, status: 500 });
    expect((await control('POST', 'reset')).status).toBe(200);
    expect((sandbox.getRaw('1002') as any).loan_details.defaults[0].final_status).toBe('Initiated');
    expect((await getLoan(sandbox, '1003')).status).toBe(200);
    expect(sandbox.requests).toHaveLength(1);
    expect(sandbox.payments('1002')).toEqual([]);
  });

  it('GET /__sandbox/loans and /__sandbox/payments/{id}', async () => {
    const loans = (await control('GET', 'loans')).json;
    expect(loans[0]).toEqual({ loanId: '1001', kind: 'lending', line: '1001  Keval Gor · Business Loan · Partially Recovered · DPD 91' });
    await pay(sandbox, '1002', THIS_MONTH, { final_status: 'Closed', amount_recovered: 45000, payment_method: 'Cash' });
    const payments = (await control('GET', 'payments/1002')).json;
    expect(payments).toMatchObject([{ loanId: '1002', amountRecovered: 45000, finalStatus: 'Closed' }]);
  });

  it('control endpoints ignore faults; unknown ones are 404', async () => {
    sandbox.setFault({ status: 500 });
    expect((await control('GET', 'loans')).status).toBe(200);
    expect((await control('GET', 'nothing-here')).status).toBe(404);
  });
});
