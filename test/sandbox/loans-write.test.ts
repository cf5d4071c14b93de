import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CredgenicsSandbox } from '../../dev/sandbox/credgenics/index.ts';
import { addLoanBody, call, getLoan, LAST_MONTH, startSandbox, THIS_MONTH } from './helpers.ts';

let sandbox: CredgenicsSandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
beforeEach(() => sandbox.reset());
afterAll(() => sandbox.close());

const add = (id: string, body: unknown) => call(sandbox, 'POST', `/recovery/loan/${id}`, body);
const patch = (id: string, body: unknown) => call(sandbox, 'PATCH', `/recovery/loan/${id}`, body);
const patchTx = (customer: string, id: string, body: unknown) =>
  call(sandbox, 'PATCH', `/recovery/transaction/${customer}/${id}`, body);

const SUCCESS_HEADERS = { 'Content-Type': 'application/json' };

describe('Add Loan (lending)', () => {
  it('201, then GET returns the loan with a fresh default for this month', async () => {
    const res = await add('3001', addLoanBody('3001'));
    expect(res.status).toBe(201);
    expect(res.json).toEqual({ output: 'Loan added successfully', message: 'success', headers: SUCCESS_HEADERS });
    const got = await getLoan(sandbox, '3001');
    expect(got.status).toBe(200);
    const d = got.json.loan_details;
    expect(d).toMatchObject({ loan_id: '3001', applicant_name: 'Sunita Devi', total_loan_amount: 60000, applicant_pan_number: '', applicant_cibil_score: null });
    expect(d.defaults[0]).toMatchObject({
      allocation_month: THIS_MONTH,
      final_status: 'Initiated',
      amount_recovered: 0,
      created: '2026-11-20 10:00:00.000000',
      total_claim_amount: 16500,
      date_of_default: '2026-09-05',
      allocation_dpd_value: 57,
      allocation_dpd_bracket: '31-60',
    });
    expect(got.json.remarks).toEqual([]);
    expect(sandbox.loans().find((l) => l.loanId === '3001')?.line).toBe('3001  Sunita Devi · Personal Loan · Initiated · DPD 57');
  });

  it('400 when the loan id already exists (lending or transaction)', async () => {
    for (const id of ['1001', '2001']) {
      const res = await add(id, addLoanBody(id));
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ message: `Loan with loan_id ${id} already exists` });
    }
    await add('3002', addLoanBody('3002'));
    expect((await add('3002', addLoanBody('3002'))).json.message).toBe('Loan with loan_id 3002 already exists');
  });

  const invalid: Array<[string, Record<string, unknown>, string | RegExp]> = [
    ['missing loan_type', { loan_type: undefined }, 'loan_type is required'],
    ['missing applicant_name', { applicant_name: undefined }, 'applicant_name is required'],
    ['missing total_loan_amount', { total_loan_amount: undefined }, 'total_loan_amount is required'],
    ['decimal money', { total_loan_amount: 60000.5 }, 'total_loan_amount must be an integer'],
    ['money as a string', { total_loan_amount: '60000' }, 'total_loan_amount must be an integer'],
    ['missing address', { applicant_address: undefined }, 'applicant_address is required'],
    ['empty address list', { applicant_address: [] }, 'applicant_address must have at least one address'],
    [
      'pincode as a string',
      { applicant_address: [{ applicant_address_type: 'Home', applicant_address_text: 'x', applicant_state: 'Goa', applicant_city: 'Panaji', applicant_pincode: '403001' }] },
      'applicant_address[0].applicant_pincode must be an integer',
    ],
    [
      'address type',
      { applicant_address: [{ applicant_address_type: 'Farm', applicant_address_text: 'x', applicant_state: 'Goa', applicant_city: 'Panaji', applicant_pincode: 403001 }] },
      'applicant_address[0].applicant_address_type must be one of: Home, Business, Office',
    ],
    [
      'address city missing',
      { applicant_address: [{ applicant_address_type: 'Home', applicant_address_text: 'x', applicant_state: 'Goa', applicant_pincode: 403001 }] },
      'applicant_address[0].applicant_city is required',
    ],
    ['date format', { applicant_dob: '12/05/1991' }, 'applicant_dob must be a date in YYYY-MM-DD format'],
    ['security_type', { security_type: 'Gold' }, /^security_type must be one of: /],
    ['cibil as a string', { applicant_cibil_score: '820' }, 'applicant_cibil_score must be an integer'],
    ['tenure_finished', { tenure_finished: 'yes' }, 'tenure_finished must be true or false'],
    ['unknown key', { applicant_nickname: 'Sunny' }, 'applicant_nickname is not a valid field'],
    ['default key missing', { defaults: [{ total_claim_amount: 1 }] }, 'defaults[0].late_fee is required'],
    ['default allocation month', { defaults: [{ ...(addLoanBody('x').defaults as any[])[0], allocation_month: '2026-09-01' }] }, /^defaults\[0\]\.allocation_month must be an allocation month/],
    ['loan_id mismatch', { loan_id: '3999' }, 'loan_id in the body (3999) does not match loan_id in the path (3003)'],
    ['loan_id as a number', { loan_id: 3003 }, 'loan_id must be a string'],
  ];
  for (const [name, change, message] of invalid) {
    it(`400: ${name}`, async () => {
      const res = await add('3003', addLoanBody('3003', change));
      expect(res.status).toBe(400);
      expect(res.json.output).toBeNull();
      if (typeof message === 'string') expect(res.json.message).toBe(message);
      else expect(res.json.message).toMatch(message);
      expect(sandbox.getRaw('3003')).toBeUndefined();
    });
  }

  it('accepts the docs sample security type spelling and null default values', async () => {
    const res = await add('3004', addLoanBody('3004', { security_type: 'Secured immovable' }));
    expect(res.status).toBe(201);
  });

  it('400 for a body that is not JSON, and for an id with a slash', async () => {
    expect((await add('3005', '{"loan_details": ')).json).toEqual({ message: 'Request body is not valid JSON', output: null });
    expect((await add('3005', undefined)).status).toBe(400);
    expect((await add('30%2F05', addLoanBody('30/05'))).status).toBe(400);
  });
});

describe('Add Loan (credit line)', () => {
  it('adds a transaction to an existing customer', async () => {
    const res = await add('2004', addLoanBody('2004', { client_customer_id: '189004' }));
    expect(res.status).toBe(201);
    const byNew = (await getLoan(sandbox, '2004')).json;
    const byOld = (await getLoan(sandbox, '2001')).json;
    expect(byNew).toEqual(byOld);
    const tx = byNew.output.transactions_details.map((t: any) => t.transaction_id);
    expect(tx).toEqual(['2001', '2002', '2003', '2004']);
    const added = byNew.output.transactions_details[3].data;
    expect(added).toMatchObject({ transaction_id: '2004', total_loan_amount: 60000, emi_amount: 5500 });
    expect(added.defaults[0]).toMatchObject({ allocation_month: THIS_MONTH, final_status: 'Initiated', amount_recovered: 0, reference_number: '' });
    expect(byNew.output.applicant_details.applicant_name).toBe('Sri Ram');
  });

  it('creates a new customer', async () => {
    expect((await add('5001', addLoanBody('5001', { client_customer_id: '200777' }))).status).toBe(201);
    const out = (await getLoan(sandbox, '5001')).json.output;
    expect(out.applicant_details).toMatchObject({ client_customer_id: '200777', applicant_name: 'Sunita Devi', applicant_address: [expect.objectContaining({ applicant_city: 'Jaipur' })] });
    expect(out.applicant_details).not.toHaveProperty('total_loan_amount');
    expect(out.transactions_details).toHaveLength(1);
    expect(sandbox.loans().find((l) => l.loanId === '5001')?.kind).toBe('credit_line');
  });
});

describe('Update Loan (lending)', () => {
  it('merges fields and answers 200', async () => {
    const res = await patch('1002', { total_loan_amount: 60000, applicant_email: 'shri.ram@example.in' });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ output: 'Loan successfully updated', message: 'success', headers: SUCCESS_HEADERS });
    const d = (sandbox.getRaw('1002') as any).loan_details;
    expect(d).toMatchObject({ total_loan_amount: 60000, applicant_email: 'shri.ram@example.in', applicant_name: 'Shri Ram', loan_tenure: 12 });
  });

  it('replaces the address list', async () => {
    const address = { applicant_address_type: 'Office', applicant_address_text: 'Plot 7, MIA', applicant_state: 'Rajasthan', applicant_city: 'Alwar', applicant_pincode: 301030 };
    expect((await patch('1002', { applicant_address: [address] })).status).toBe(200);
    expect((sandbox.getRaw('1002') as any).loan_details.applicant_address).toEqual([address]);
  });

  it('merges default entries into the named month, or the latest', async () => {
    expect((await patch('1001', { defaults: [{ settlement_amount: 30000 }] })).status).toBe(200);
    expect((await patch('1001', { defaults: [{ allocation_month: LAST_MONTH, late_fee: 750 }] })).status).toBe(200);
    const [previous, latest] = (sandbox.getRaw('1001') as any).loan_details.defaults;
    expect(latest).toMatchObject({ allocation_month: THIS_MONTH, settlement_amount: 30000, amount_recovered: 8500, late_fee: null });
    expect(previous).toMatchObject({ allocation_month: LAST_MONTH, settlement_amount: 25000, late_fee: 750 });
  });

  it('400s: empty body, unknown key, wrong type, unknown month, no defaults', async () => {
    expect((await patch('1002', {})).json).toEqual({ message: 'No fields to update' });
    expect((await patch('1002', undefined)).json).toEqual({ message: 'No fields to update' });
    expect((await patch('1002', { nickname: 'x' })).json).toEqual({ message: 'nickname is not a valid field', output: null });
    expect((await patch('1002', { emi_amount: '6000' })).json.message).toBe('emi_amount must be an integer');
    expect((await patch('1002', { loan_id: '9' })).json.message).toMatch(/^loan_id cannot be changed/);
    expect((await patch('1002', { defaults: [{ allocation_month: '2021-3-01', late_fee: 1 }] })).json).toEqual({ message: 'No default found for allocation_month 2021-3-01' });
    expect((await patch('1005', { defaults: [{ late_fee: 1 }] })).json).toEqual({ message: 'No default found to update' });
    expect((await patch('1002', { defaults: [{ late_fee: 1.5 }] })).json.message).toBe('defaults[0].late_fee must be an integer');
  });

  it('changes nothing when a default entry is rejected', async () => {
    const before = sandbox.getRaw('1002');
    await patch('1002', { total_loan_amount: 1, defaults: [{ allocation_month: '2021-3-01', late_fee: 1 }] });
    expect(sandbox.getRaw('1002')).toEqual(before);
  });

  it('404 for an unknown loan; a credit-line id points to the transaction API', async () => {
    expect((await patch('8888', { total_loan_amount: 1 })).json).toEqual({ message: 'Loan not found', output: null });
    const res = await patch('2001', { total_loan_amount: 1 });
    expect(res.status).toBe(400);
    expect(res.json.message).toContain('/recovery/transaction/189004/2001');
  });
});

describe('Update Loan (credit-line transaction)', () => {
  it('merges into the transaction data', async () => {
    const res = await patchTx('189004', '2002', { total_loan_amount: 60000, defaults: [{ settlement_amount: 8000 }] });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ output: 'Transaction updated successfully', message: 'success', headers: SUCCESS_HEADERS });
    const tx = (sandbox.getRaw('2002') as any).output.transactions_details.find((t: any) => t.transaction_id === '2002');
    expect(tx.data.total_loan_amount).toBe(60000);
    expect(tx.data.defaults[0].settlement_amount).toBe(8000);
    expect(tx.data.emi_amount).toBe(1000);
  });

  it('puts applicant fields on the customer', async () => {
    expect((await patchTx('189004', '2001', { applicant_email: 'sri.ram@example.in' })).status).toBe(200);
    expect((sandbox.getRaw('2003') as any).output.applicant_details.applicant_email).toBe('sri.ram@example.in');
  });

  it('404 for an unknown customer or transaction; 400 for bad bodies', async () => {
    const a = await patchTx('999999', '2001', { total_loan_amount: 1 });
    expect(a.status).toBe(404);
    expect(a.json.output).toBeNull();
    const b = await patchTx('189004', '1001', { total_loan_amount: 1 });
    expect(b.status).toBe(404);
    expect((await patchTx('189004', '2001', {})).json).toEqual({ message: 'No fields to update' });
    expect((await patchTx('189004', '2001', { total_loan_amount: 'lots' })).json.message).toBe('total_loan_amount must be an integer');
  });
});
