import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CredgenicsSandbox } from '../../dev/sandbox/credgenics/index.ts';
import { AUTH, call, getLoan, LAST_MONTH, startSandbox, THIS_MONTH, TOKEN, ROLE } from './helpers.ts';

let sandbox: CredgenicsSandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());

describe('GET /recovery/loan/{id}: lending shape', () => {
  it('returns the docs sample 1001 with PII and two months of defaults', async () => {
    const { status, json } = await getLoan(sandbox, '1001');
    expect(status).toBe(200);
    expect(Object.keys(json)).toEqual(['loan_details', 'communication_details', 'case_tracking_details', 'remarks']);
    const d = json.loan_details;
    expect(d).toMatchObject({
      loan_id: '1001',
      loan_type: 'Business Loan',
      product_type: 'Arbitration',
      applicant_name: 'Keval Gor',
      applicant_contact_number: '9706367068',
      applicant_email: 'keval.gor@gmail.com',
      applicant_pan_number: 'ABCPG1234K',
      applicant_aadhar_number: '235498671293',
      credit_account_number: '11271000005809',
      applicant_dob: '1988-07-14',
      total_loan_amount: 268500,
      loan_nbfc_name: 'HLPL',
      emi_amount: null,
      applicant_language: '',
      backed_by_surety: false,
    });
    expect(d.applicant_address[0]).toEqual({
      applicant_address_type: 'Home',
      applicant_address_text: 'Shopno4, Sarpat Gate Bhuj, Bhuj, Gujarat, 370001',
      applicant_city: 'Bhuj',
      applicant_state: 'Gujarat',
      applicant_pincode: 370001,
    });
    expect(d.defaults.map((x: any) => x.allocation_month)).toEqual([LAST_MONTH, THIS_MONTH]);
    const latest = d.defaults[1];
    expect(latest).toMatchObject({
      final_status: 'Partially Recovered',
      amount_recovered: 8500,
      allocation_dpd_value: 91,
      allocation_dpd_bracket: '91-120',
      settlement_amount: 25000,
      total_claim_amount: 127718,
    });
    expect(latest.created).toMatch(/^2026-11-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
    expect(d.defaults[0].actual_date_of_default).toBe(latest.actual_date_of_default);
    expect(json.communication_details.map((c: any) => c.type_of_comm)).toEqual(['call', 'sms']);
    expect(json.case_tracking_details[1].data.speedpost_delivery_status).toBe('Delivered');
    expect(json.remarks).toHaveLength(2);
  });

  it('has a loan in legal (1003), a closed loan (1004) and a sparse loan (1005)', async () => {
    const legal = (await getLoan(sandbox, '1003')).json;
    const kinds = legal.case_tracking_details.map((c: any) => c.document_type);
    expect(kinds).toEqual(['Notice', 'Speedpost', 'Case Filed']);
    expect(legal.case_tracking_details[1].data.speedpost_delivery_status).toBe('In Transit');
    expect(legal.case_tracking_details[2]).toMatchObject({ case_type: 'arbitration' });
    expect(legal.case_tracking_details[2].data.case_number).toMatch(/^ARB\/1127\//);
    expect(legal.loan_details.defaults[0]).toMatchObject({
      recovery_method: 'Legal',
      allocation_dpd_value: 200,
      allocation_dpd_bracket: '180+',
    });

    const closed = (await getLoan(sandbox, '1004')).json.loan_details.defaults[0];
    expect(closed).toMatchObject({ final_status: 'Closed', closure_with: 'Settlement' });
    expect(closed.amount_recovered).toBe(closed.settlement_amount);

    const sparse = (await getLoan(sandbox, '1005')).json;
    expect(sparse.loan_details.defaults).toEqual([]);
    expect(sparse.loan_details.total_loan_amount).toBeNull();
    expect(sparse.communication_details).toEqual([]);
    expect(sparse.remarks).toEqual([]);
  });

  it('serves 1002 from the Add Loan sample: Initiated this month, DPD 35', async () => {
    const d = (await getLoan(sandbox, '1002')).json.loan_details;
    expect(d).toMatchObject({ applicant_name: 'Shri Ram', applicant_monthly_income: 40000, applicant_occupation: 'Job', applicant_language: 'hi' });
    expect(d.defaults).toHaveLength(1);
    expect(d.defaults[0]).toMatchObject({ allocation_month: THIS_MONTH, final_status: 'Initiated', amount_recovered: 0, allocation_dpd_value: 35 });
  });
});

describe('GET /recovery/loan/{id}: credit-line wrapped shape', () => {
  it('answers 2001 and 2002 with the whole customer 189004', async () => {
    const a = await getLoan(sandbox, '2001');
    const b = await getLoan(sandbox, '2002');
    expect(a.status).toBe(200);
    expect(a.json).toEqual(b.json);
    expect(Object.keys(a.json)).toEqual(['output', 'message', 'headers']);
    expect(a.json.message).toBe('success');
    expect(a.json.headers).toEqual({ 'Content-Type': 'application/json' });
    const out = a.json.output;
    expect(Object.keys(out)).toEqual([
      'applicant_details',
      'transactions_details',
      'communication_details',
      'case_tracking_details',
      'remarks',
    ]);
    expect(out.applicant_details.client_customer_id).toBe('189004');
    expect(out.applicant_details.applicant_name).toBe('Sri Ram');
    expect(Array.isArray(out.applicant_details.defaults)).toBe(true);
    const txs = out.transactions_details.map((t: any) => [t.transaction_id, t.data.transaction_id, t.data.defaults[0].final_status, t.data.defaults[0].allocation_month]);
    expect(txs).toEqual([
      ['2001', '2001', 'Partially Recovered', THIS_MONTH],
      ['2002', '2002', 'Initiated', LAST_MONTH],
      ['2003', '2003', 'Closed', '2026-9-01'],
    ]);
    expect(out.transactions_details[0].data.defaults[0]).toHaveProperty('reference_number', '');
  });

  it('does not answer the customer id itself', async () => {
    expect((await getLoan(sandbox, '189004')).status).toBe(404);
  });
});

describe('errors', () => {
  it('401 without headers, with a wrong token, or a wrong role, on every endpoint', async () => {
    const expected = { message: 'Authentication failed: invalid authenticationtoken or role' };
    const cases: Array<[string, string, Record<string, string>]> = [
      ['GET', '/recovery/loan/1001', {}],
      ['GET', '/recovery/loan/1001', { authenticationtoken: 'nope', role: ROLE }],
      ['GET', '/recovery/loan/1001', { authenticationtoken: TOKEN, role: 'admin' }],
      ['GET', '/recovery/loan/1001', { authenticationtoken: TOKEN }],
      ['POST', '/recovery/loan/9999', {}],
      ['PATCH', '/recovery/loan/1001', { role: ROLE }],
      ['PATCH', '/recovery/transaction/189004/2001', {}],
      ['PATCH', `/recovery/recovery/update/1001?allocation_month=${THIS_MONTH}`, {}],
      ['GET', '/recovery/loan/does-not-exist', {}],
    ];
    for (const [method, path, headers] of cases) {
      const res = await call(sandbox, method, path, method === 'GET' ? undefined : { a: 1 }, headers);
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(res.json).toEqual(expected);
    }
    expect(sandbox.getRaw('9999')).toBeUndefined();
  });

  it('404 for an unknown loan, and for ids that cannot exist', async () => {
    for (const id of ['424242', '1001%2F1', 'abc%2Fdef', '%20']) {
      const res = await getLoan(sandbox, id);
      expect(res.status, id).toBe(404);
      expect(res.json).toEqual({ message: 'Loan not found', output: null });
    }
  });

  it('URL-decodes path segments', async () => {
    expect((await getLoan(sandbox, '%31%30%30%31')).json.loan_details.loan_id).toBe('1001');
  });

  it('404 for unknown routes, 405 for the wrong method', async () => {
    expect((await call(sandbox, 'GET', '/recovery/loans/1001')).status).toBe(404);
    expect((await call(sandbox, 'DELETE', '/recovery/loan/1001')).status).toBe(405);
    expect((await call(sandbox, 'GET', '/recovery/recovery/update/1001')).status).toBe(405);
  });
});

describe('helpers', () => {
  it('loans() gives one readable line per loan', () => {
    const lines = sandbox.loans();
    expect(lines.find((l) => l.loanId === '1001')).toEqual({
      loanId: '1001',
      kind: 'lending',
      line: '1001  Keval Gor · Business Loan · Partially Recovered · DPD 91',
    });
    expect(lines.map((l) => l.loanId)).toEqual(['1001', '1002', '1003', '1004', '1005', '2001', '2002', '2003']);
    expect(lines.filter((l) => l.kind === 'credit_line')).toHaveLength(3);
    expect(lines.find((l) => l.loanId === '1005')?.line).toBe('1005  Arif Khan · Personal Loan · no defaults');
  });

  it('getRaw() is what GET returns, and a copy', async () => {
    const raw = sandbox.getRaw('1001') as any;
    expect(raw).toEqual((await getLoan(sandbox, '1001')).json);
    raw.loan_details.applicant_name = 'changed';
    expect((sandbox.getRaw('1001') as any).loan_details.applicant_name).toBe('Keval Gor');
    expect(sandbox.getRaw('nope')).toBeUndefined();
  });

  it('records every API request', async () => {
    sandbox.requests.length = 0;
    await call(sandbox, 'PATCH', `/recovery/recovery/update/1002?allocation_month=${THIS_MONTH}&x=1`, { bad: true }, { ...AUTH, 'X-Trace-Id': 'abc' });
    const [recorded] = sandbox.requests;
    expect(recorded).toMatchObject({
      method: 'PATCH',
      path: '/recovery/recovery/update/1002',
      query: { allocation_month: THIS_MONTH, x: '1' },
      body: { bad: true },
    });
    expect(recorded?.headers['x-trace-id']).toBe('abc');
    expect(recorded?.headers.authenticationtoken).toBe(TOKEN);
    expect(recorded?.at).toBe(new Date('2026-11-20T10:00:00+05:30').getTime());
  });
});

describe('seed dates follow the clock and time zone', () => {
  it('writes February as "2026-2-01" and rolls January back to December', async () => {
    const feb = await startSandbox({ now: () => new Date('2026-02-10T12:00:00+05:30') });
    const jan = await startSandbox({ now: () => new Date('2026-01-15T12:00:00+05:30') });
    try {
      const months = (s: CredgenicsSandbox) => (s.getRaw('1001') as any).loan_details.defaults.map((d: any) => d.allocation_month);
      expect(months(feb)).toEqual(['2026-1-01', '2026-2-01']);
      expect(months(jan)).toEqual(['2025-12-01', '2026-1-01']);
    } finally {
      await feb.close();
      await jan.close();
    }
  });

  it('uses the wall clock of the time zone (Asia/Kolkata by default)', async () => {
    const instant = new Date('2026-02-28T20:00:00Z'); // 1 March 01:30 in India
    const india = await startSandbox({ now: () => instant });
    const utc = await startSandbox({ now: () => instant, timeZone: 'UTC' });
    try {
      const latest = (s: CredgenicsSandbox) => (s.getRaw('1002') as any).loan_details.defaults[0].allocation_month;
      expect(latest(india)).toBe('2026-3-01');
      expect(latest(utc)).toBe('2026-2-01');
    } finally {
      await india.close();
      await utc.close();
    }
  });

  it('rejects an unknown time zone at start', async () => {
    await expect(startSandbox({ timeZone: 'Mars/Olympus' })).rejects.toThrow(RangeError);
  });
});
