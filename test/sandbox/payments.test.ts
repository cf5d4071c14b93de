import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CredgenicsSandbox } from '../../dev/sandbox/credgenics/index.ts';
import { getLoan, LAST_MONTH, pay, startSandbox, THIS_MONTH } from './helpers.ts';

let sandbox: CredgenicsSandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
beforeEach(() => sandbox.reset());
afterAll(() => sandbox.close());

const valid = {
  final_status: 'Partially Recovered',
  amount_recovered: 3450,
  payment_method: 'Online',
  date_of_default: '2026-08-02',
};

async function expect400(id: string, month: string | null, body: unknown, message: RegExp | string) {
  const res = await pay(sandbox, id, month, body);
  expect(res.status, JSON.stringify(body)).toBe(400);
  if (typeof message === 'string') expect(res.json.message).toBe(message);
  else expect(res.json.message).toMatch(message);
  return res;
}

describe('Update Payment validation', () => {
  it('requires allocation_month, written without a leading zero and with day 01', async () => {
    await expect400('1001', null, valid, /^allocation_month query parameter is required/);
    await expect400('1001', '2026-02-01', valid, /^allocation_month must look like 2021-2-01.*\(got 2026-02-01\)$/);
    await expect400('1001', '2026-11-1', valid, /^allocation_month/);
    await expect400('1001', '2026-11-15', valid, /^allocation_month/);
    await expect400('1001', '2026-13-01', valid, /^allocation_month/);
    await expect400('1001', '2026-0-01', valid, /^allocation_month/);
    await expect400('1001', 'November', valid, /^allocation_month/);
    const res = await pay(sandbox, '1001', '2021-02-01', valid);
    expect(res.json).toEqual({ message: expect.stringContaining('allocation_month'), output: null });
  });

  it('checks final_status', async () => {
    await expect400('1001', THIS_MONTH, { ...valid, final_status: undefined }, 'final_status is required');
    await expect400('1001', THIS_MONTH, { ...valid, final_status: 'Recovered' }, 'final_status must be one of: Partially Recovered, Closed');
    await expect400('1001', THIS_MONTH, { ...valid, final_status: 'closed' }, /^final_status must be one of/);
  });

  it('checks payment_method', async () => {
    await expect400('1001', THIS_MONTH, { ...valid, payment_method: undefined }, 'payment_method is required');
    await expect400(
      '1001',
      THIS_MONTH,
      { ...valid, payment_method: 'UPI' },
      'payment_method must be one of: Cash, Online, Cheque, Application, Bank Account Transfer, Payment Link',
    );
  });

  it('requires date_of_default (YYYY-MM-DD) only when Partially Recovered', async () => {
    await expect400('1001', THIS_MONTH, { ...valid, date_of_default: undefined }, 'date_of_default is required when final_status is Partially Recovered');
    await expect400('1001', THIS_MONTH, { ...valid, date_of_default: '02/08/2026' }, 'date_of_default must be a date in YYYY-MM-DD format');
    await expect400('1001', THIS_MONTH, { ...valid, date_of_default: '2026-02-30' }, /^date_of_default must be a date/);
    const closed = await pay(sandbox, '1001', THIS_MONTH, { final_status: 'Closed', amount_recovered: 16500, payment_method: 'Cash', closure_with: 'Settlement' });
    expect(closed.status).toBe(200);
  });

  it('checks the optional choices and strings', async () => {
    await expect400('1001', THIS_MONTH, { ...valid, recovery_method: 'Phone' }, 'recovery_method must be one of: Communications, Field Collection, Legal');
    await expect400('1001', THIS_MONTH, { ...valid, closure_with: 'Waiver' }, 'closure_with must be one of: NOC, Settlement');
    await expect400('1001', THIS_MONTH, { ...valid, payment_reference_number: 12345 }, 'payment_reference_number must be a string');
    await expect400('1001', THIS_MONTH, { ...valid, payment_mode: null }, 'payment_mode must be a string');
    await expect400('1001', THIS_MONTH, { ...valid, client_customer_id: 189004 }, 'client_customer_id must be a string');
    await expect400('1001', THIS_MONTH, { ...valid, amount: 10 }, 'amount is not a valid field');
  });

  it('requires a positive amount_recovered', async () => {
    await expect400('1001', THIS_MONTH, { ...valid, amount_recovered: undefined }, 'amount_recovered is required');
    await expect400('1001', THIS_MONTH, { ...valid, amount_recovered: 0 }, 'amount_recovered must be a number greater than 0');
    await expect400('1001', THIS_MONTH, { ...valid, amount_recovered: -5 }, 'amount_recovered must be a number greater than 0');
    await expect400('1001', THIS_MONTH, { ...valid, amount_recovered: '3450' }, 'amount_recovered must be a number');
  });

  it('rejects a body that is not a JSON object', async () => {
    await expect400('1001', THIS_MONTH, '{"final_status": ', 'Request body is not valid JSON');
    await expect400('1001', THIS_MONTH, [valid], 'Request body must be a JSON object');
  });

  it('needs a default for that allocation month', async () => {
    const res = await pay(sandbox, '1001', '2021-3-01', valid);
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ message: 'No default found for allocation_month 2021-3-01' });
    await expect400('1005', THIS_MONTH, valid, `No default found for allocation_month ${THIS_MONTH}`);
  });

  it('404 for an unknown loan', async () => {
    const res = await pay(sandbox, '777', THIS_MONTH, valid);
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ message: 'Loan not found', output: null });
  });

  it('changes nothing when it rejects', async () => {
    const before = sandbox.getRaw('1001');
    await pay(sandbox, '1001', THIS_MONTH, { ...valid, payment_method: 'UPI' });
    expect(sandbox.getRaw('1001')).toEqual(before);
    expect(sandbox.payments('1001')).toEqual([]);
  });
});

describe('Update Payment on a lending loan', () => {
  it('adds the amount, sets the status and payment fields, and notes a remark', async () => {
    const res = await pay(sandbox, '1002', THIS_MONTH, {
      ...valid,
      recovery_method: 'Field Collection',
      payment_reference_number: 'UTR20261120001',
      payment_mode: 'UPI',
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ output: 'Data updated successfully', message: 'success', headers: { 'Content-Type': 'application/json' } });
    const loan = (await getLoan(sandbox, '1002')).json;
    expect(loan.loan_details.defaults[0]).toMatchObject({
      final_status: 'Partially Recovered',
      amount_recovered: 3450,
      payment_method: 'Online',
      recovery_method: 'Field Collection',
      reference_number: 'UTR20261120001',
      payment_mode: 'UPI',
      date_of_default: '2026-08-02',
      closure_with: '',
      recovery_date: '2026-11-20 10:00:00.000000',
    });
    expect(loan.remarks.at(-1)).toEqual({ remarks: 'Payment of ₹3,450 recorded (Online)', created: '2026-11-20 10:00:00', author: 'api' });
  });

  it('accumulates on the existing amount (1001: 8500 + 3450) and needs no client_customer_id', async () => {
    await pay(sandbox, '1001', THIS_MONTH, valid);
    const second = await pay(sandbox, '1001', THIS_MONTH, { ...valid, amount_recovered: 150000, payment_method: 'Cheque' });
    expect(second.status).toBe(200);
    const latest = (sandbox.getRaw('1001') as any).loan_details.defaults[1];
    expect(latest.amount_recovered).toBe(8500 + 3450 + 150000);
    expect(latest.payment_method).toBe('Cheque');
    expect((sandbox.getRaw('1001') as any).loan_details.defaults[0].amount_recovered).toBe(5000);
    expect(sandbox.payments('1001').map((p) => [p.amountRecovered, p.totalRecoveredAfter])).toEqual([
      [3450, 11950],
      [150000, 161950],
    ]);
    expect((sandbox.getRaw('1001') as any).remarks.at(-1).remarks).toBe('Payment of ₹1,50,000 recorded (Cheque)');
  });

  it('pays a previous month and closes it', async () => {
    const res = await pay(sandbox, '1001', LAST_MONTH, { final_status: 'Closed', amount_recovered: 20000, payment_method: 'Cash', closure_with: 'NOC' });
    expect(res.status).toBe(200);
    const previous = (sandbox.getRaw('1001') as any).loan_details.defaults[0];
    expect(previous).toMatchObject({ allocation_month: LAST_MONTH, final_status: 'Closed', amount_recovered: 25000, closure_with: 'NOC' });
  });

  it('ignores a client_customer_id on a lending loan', async () => {
    expect((await pay(sandbox, '1002', THIS_MONTH, { ...valid, client_customer_id: '189004' })).status).toBe(200);
  });
});

describe('Update Payment on a credit-line transaction', () => {
  it('needs the client_customer_id of the customer', async () => {
    await expect400('2002', LAST_MONTH, valid, 'client_customer_id is required for a credit-line loan');
    await expect400('2002', LAST_MONTH, { ...valid, client_customer_id: '189005' }, 'client_customer_id 189005 does not match the customer of loan 2002');
    expect(sandbox.payments('2002')).toEqual([]);
  });

  it('updates that transaction and the customer summary', async () => {
    const res = await pay(sandbox, '2002', LAST_MONTH, { ...valid, client_customer_id: '189004', amount_recovered: 2500 });
    expect(res.status).toBe(200);
    const out = (await getLoan(sandbox, '2001')).json.output;
    const tx = out.transactions_details.find((t: any) => t.transaction_id === '2002');
    expect(tx.data.defaults[0]).toMatchObject({ final_status: 'Partially Recovered', amount_recovered: 2500, payment_method: 'Online' });
    const summary = out.applicant_details.defaults.find((d: any) => d.allocation_month === LAST_MONTH);
    expect(summary).toMatchObject({ amount_recovered: 2500, final_status: 'Partially Recovered' });
    expect(out.remarks.at(-1).remarks).toBe('Payment of ₹2,500 recorded (Online)');
    expect(sandbox.payments('2002')).toMatchObject([{ loanId: '2002', kind: 'credit_line', clientCustomerId: '189004', allocationMonth: LAST_MONTH }]);
  });

  it('has no default for another transaction\'s month', async () => {
    await expect400('2002', THIS_MONTH, { ...valid, client_customer_id: '189004' }, `No default found for allocation_month ${THIS_MONTH}`);
  });
});
