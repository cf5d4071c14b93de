import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CredgenicsSandbox } from '../../dev/sandbox/credgenics/index.ts';
import { AUTH, call, getLoan, pay, sleep, startSandbox, THIS_MONTH } from './helpers.ts';

let sandbox: CredgenicsSandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
beforeEach(() => sandbox.reset());
afterAll(() => sandbox.close());

const payment = { final_status: 'Partially Recovered', amount_recovered: 1000, payment_method: 'Cash', date_of_default: '2026-08-02' };
const amountOf1002 = () => (sandbox.getRaw('1002') as any).loan_details.defaults[0].amount_recovered as number;

describe('status and body faults', () => {
  it('answers the status with a realistic default body, without processing the request', async () => {
    sandbox.setFault({ match: { method: 'PATCH' }, status: 500 });
    const res = await pay(sandbox, '1002', THIS_MONTH, payment);
    expect(res.status).toBe(500);
    expect(res.json).toEqual({ message: 'Internal Server Error', output: null });
    expect(amountOf1002()).toBe(0);
    expect((await getLoan(sandbox, '1002')).status).toBe(200);

    sandbox.setFault({ status: 504 });
    expect((await getLoan(sandbox, '1001')).json).toEqual({ message: 'Endpoint request timed out' });
    sandbox.setFault({ status: 429 });
    expect((await getLoan(sandbox, '1001')).status).toBe(429);
  });

  it('sends a raw malformed body as is (200 when no status is given)', async () => {
    sandbox.setFault({ match: { path: '/recovery/loan/1001' }, body: '{"loan_details": ' });
    const res = await getLoan(sandbox, '1001');
    expect(res.status).toBe(200);
    expect(res.text).toBe('{"loan_details": ');
    expect((await getLoan(sandbox, '1002')).status).toBe(200);
  });

  it('sends an object body as JSON with the given status', async () => {
    sandbox.setFault({ status: 502, body: { message: 'Bad gateway from upstream' } });
    const res = await getLoan(sandbox, '1001');
    expect(res.status).toBe(502);
    expect(res.json).toEqual({ message: 'Bad gateway from upstream' });
  });

  it('times: applies to the next N matching requests, then removes itself', async () => {
    sandbox.setFault({ match: { method: 'GET' }, status: 503, times: 2 });
    expect((await pay(sandbox, '1002', THIS_MONTH, payment)).status).toBe(200); // not matching, not counted
    expect((await getLoan(sandbox, '1001')).status).toBe(503);
    expect((await getLoan(sandbox, '1001')).status).toBe(503);
    expect((await getLoan(sandbox, '1001')).status).toBe(200);
  });

  it('matches by method, exact path (with or without query) and RegExp; first match wins', async () => {
    sandbox.addFault({ match: { path: /^\/recovery\/recovery\/update\/100[12]$/ }, status: 409, times: 1 });
    sandbox.addFault({ match: { method: 'patch', path: `/recovery/recovery/update/1001?allocation_month=${THIS_MONTH}` }, status: 422 });
    sandbox.addFault({ match: { path: '/recovery/loan/1003' }, status: 500 });
    expect((await pay(sandbox, '1001', THIS_MONTH, payment)).status).toBe(409);
    expect((await pay(sandbox, '1001', THIS_MONTH, payment)).status).toBe(422);
    expect((await getLoan(sandbox, '1003')).status).toBe(500);
    expect((await getLoan(sandbox, '1004')).status).toBe(200);
    sandbox.clearFaults();
    expect((await getLoan(sandbox, '1003')).status).toBe(200);
    sandbox.setFault({ status: 500 });
    sandbox.setFault(null);
    expect((await getLoan(sandbox, '1003')).status).toBe(200);
  });

  it('rejects faults that cannot work', () => {
    expect(() => sandbox.setFault({ status: 99 })).toThrow(TypeError);
    expect(() => sandbox.addFault({ times: 0 })).toThrow(TypeError);
    expect(() => sandbox.addFault({ delayMs: -1 })).toThrow(TypeError);
  });

  it('still records faulted requests', async () => {
    sandbox.setFault({ status: 500 });
    await getLoan(sandbox, '1001');
    expect(sandbox.requests.map((r) => r.path)).toEqual(['/recovery/loan/1001']);
  });
});

describe('delays', () => {
  it('delayMs waits before answering', async () => {
    sandbox.setFault({ delayMs: 250, times: 1 });
    const started = Date.now();
    const res = await getLoan(sandbox, '1001');
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
  });

  it('delayMs with a status: slow, then the error', async () => {
    sandbox.setFault({ delayMs: 100, status: 503 });
    const started = Date.now();
    expect((await getLoan(sandbox, '1001')).status).toBe(503);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
  });

  it('delayMs: a client that gives up first leaves the write unapplied', async () => {
    sandbox.setFault({ match: { method: 'PATCH' }, delayMs: 400 });
    const attempt = call(sandbox, 'PATCH', `/recovery/recovery/update/1002?allocation_month=${THIS_MONTH}`, payment, AUTH, AbortSignal.timeout(100));
    await expect(attempt).rejects.toThrow();
    await sleep(500);
    expect(amountOf1002()).toBe(0);
    expect(sandbox.payments('1002')).toEqual([]);
  });

  it('applyThenDelayMs: the write is visible in GET while the answer is still delayed', async () => {
    sandbox.setFault({ match: { method: 'PATCH' }, applyThenDelayMs: 600, times: 1 });
    let answered = false;
    const pending = pay(sandbox, '1002', THIS_MONTH, payment).then((res) => {
      answered = true;
      return res;
    });
    const deadline = Date.now() + 2000;
    while (amountOf1002() === 0 && Date.now() < deadline) await sleep(10);
    expect(amountOf1002()).toBe(1000);
    const seen = await getLoan(sandbox, '1002');
    expect(seen.json.loan_details.defaults[0].amount_recovered).toBe(1000);
    expect(answered).toBe(false);
    const res = await pending;
    expect(res.status).toBe(200);
    expect(res.json.output).toBe('Data updated successfully');
  });

  it('applyThenDelayMs with a client timeout: applied, then timed out', async () => {
    sandbox.setFault({ match: { method: 'PATCH' }, applyThenDelayMs: 5000 });
    const attempt = call(sandbox, 'PATCH', `/recovery/recovery/update/1002?allocation_month=${THIS_MONTH}`, payment, AUTH, AbortSignal.timeout(150));
    await expect(attempt).rejects.toThrow();
    expect(sandbox.payments('1002')).toHaveLength(1);
  });

  it('applyThenDelayMs with a status: applied, then answered with the error', async () => {
    sandbox.setFault({ match: { method: 'PATCH' }, applyThenDelayMs: 50, status: 502 });
    const res = await pay(sandbox, '1002', THIS_MONTH, payment);
    expect(res.status).toBe(502);
    expect(amountOf1002()).toBe(1000);
  });
});

describe('close()', () => {
  it('does not hang on a pending delay, and clears it', async () => {
    const own = await startSandbox();
    own.setFault({ delayMs: 60_000 });
    const attempt = getLoan(own, '1001').then(
      () => 'answered',
      () => 'failed',
    );
    const deadline = Date.now() + 2000;
    while (own.requests.length === 0 && Date.now() < deadline) await sleep(5);
    const started = Date.now();
    await own.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await attempt).toBe('failed');
    await own.close(); // idempotent
  });

  it('does not hang on an applied-then-delayed write either', async () => {
    const own = await startSandbox();
    own.setFault({ applyThenDelayMs: 60_000 });
    const attempt = pay(own, '1002', THIS_MONTH, payment).catch(() => 'failed');
    const deadline = Date.now() + 2000;
    while (own.payments('1002').length === 0 && Date.now() < deadline) await sleep(5);
    await own.close();
    expect(await attempt).toBe('failed');
  });
});
