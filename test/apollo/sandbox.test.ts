import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { validateApolloUpdate } from '../../src/domain/apollo-rules.ts';
import type { ApolloSandbox } from '../../dev/sandbox/apollo/index.ts';
import { API_KEY, CLIENT_ID, CLIENT_SECRET, NOW, PARTNER_TAG, plBody, raw, startSandbox, tokenFrom } from './helpers.ts';

let sandbox: ApolloSandbox;
let now = NOW;
let token: string;

beforeEach(async () => {
  now = NOW;
  sandbox = await startSandbox({ now: () => now, tokenTtlSeconds: 60 });
  token = await tokenFrom(sandbox);
});
afterEach(() => sandbox.close());

const update = (loanId: string | null, body: unknown, headers: Record<string, string> = {}) =>
  raw(`${sandbox.updateUrl}${loanId === null ? '' : `?loan_id=${encodeURIComponent(loanId)}`}`, {
    headers: { authorization: `Bearer ${token}`, 'x-api-key': API_KEY, ...headers },
    body,
  });

describe('sandbox token endpoint', () => {
  const askToken = (secret: string, body = 'grant_type=client_credentials&scope=') =>
    raw(sandbox.tokenUrl, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${CLIENT_ID}:${secret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body,
    });

  it('issues Bearer tokens with expires_in', async () => {
    const answer = await askToken(CLIENT_SECRET);
    expect(answer).toMatchObject({ status: 200, json: { token_type: 'Bearer', expires_in: 60, access_token: expect.any(String) } });
  });

  it('refuses wrong credentials (401 invalid_client) and other grant types', async () => {
    expect(await askToken('nope')).toMatchObject({ status: 401, json: { error: 'invalid_client' } });
    const grant = await askToken(CLIENT_SECRET, 'grant_type=password');
    expect(grant).toMatchObject({ status: 400, json: { error: 'unsupported_grant_type' } });
    expect(sandbox.tokenRequests()).toBe(3);
  });

  it('tokens expire after tokenTtlSeconds; unknown tokens are refused the same way', async () => {
    expect((await update('Tesst001', plBody())).status).toBe(200);
    now = NOW + 60_000;
    expect(await update('Tesst001', plBody())).toMatchObject({ status: 401, json: { message: 'The incoming token has expired' } });
    token = 'apl_made_up';
    expect((await update('Tesst001', plBody())).status).toBe(401);
  });
});

describe('sandbox Loan Update', () => {
  it('checks x-api-key, partner_tag and loan_id', async () => {
    expect(await update('Tesst001', plBody(), { 'x-api-key': 'wrong' })).toMatchObject({ status: 403, json: { message: 'Forbidden' } });
    expect(await update('Tesst001', plBody('OTHER'))).toMatchObject({ status: 403, json: { message: 'partner is not allowed to use this API' } });
    expect((await update(null, plBody())).status).toBe(400);
    expect(await update('NOPE', plBody())).toMatchObject({ status: 404, json: { message: 'No such loan exists' } });
  });

  it('refuses a loan created more than 3 days ago, naming when the window closed', async () => {
    expect(await update('APL-OLD-001', plBody())).toMatchObject({
      status: 400,
      json: { message: 'loan cannot be updated after 18/11/2026 10:00' },
    });
  });

  it('the window is 3 days from creation: a loan created 1 day ago closes 2 days later', async () => {
    now = NOW + 2 * 86_400_000 + 60_000;
    token = await tokenFrom(sandbox);
    expect(await update('Tesst001', plBody())).toMatchObject({ status: 400, json: { message: 'loan cannot be updated after 22/11/2026 10:00' } });
  });

  it('refuses a loan that is not in Document Check Pending', async () => {
    const answer = await update('APL-DISB-001', plBody());
    expect(answer.status).toBe(400);
    expect(answer.json.message).toMatch(/not in Document Check Pending stage \(current stage: Disbursed\)/);
  });

  it('applies a valid update and changes the stored fields', async () => {
    expect(await update('Tesst001', plBody())).toMatchObject({ status: 200, json: { message: 'loan updated successfully' } });
    expect(sandbox.loan('Tesst001')).toMatchObject({ updates: 1, loanInformation: { disbursement_date: '21/11/2026', first_emi_date: '21/12/2026' } });
  });

  it('accepts the bodies loanbot’s own rules build, for ML (with and without a tenure change) and EDI', async () => {
    const dates = { disbursement_date: '2026-11-21', first_date: '2026-12-21' };
    const ml = validateApolloUpdate(
      { loan_type: 'ML', ...dates, loan_tenure_in_days: '90', previous_tenure_in_days: '90' },
      PARTNER_TAG,
    );
    const mlChanged = validateApolloUpdate(
      {
        loan_type: 'ML',
        ...dates,
        loan_tenure_in_days: '120',
        previous_tenure_in_days: '180',
        partner_computed_emi_amount: '2100',
        partner_computed_interest_amount: '800.5',
      },
      PARTNER_TAG,
    );
    const edi = validateApolloUpdate({ loan_type: 'EDI', disbursement_date: '2026-11-21', first_date: '2026-11-22' }, PARTNER_TAG);
    if (!ml.ok || !mlChanged.ok || !edi.ok) throw new Error('rules refused a good input');
    expect((await update('APL-ML-001', ml.body)).status).toBe(200);
    expect((await update('1002', mlChanged.body)).status).toBe(200);
    expect(sandbox.loan('1002')?.loanInformation).toMatchObject({ loan_tenure_in_days: '120', partner_computed_emi_amount: '2100', partner_computed_interest_amount: '800.50' });
    expect((await update('APL-EDI-001', edi.body)).status).toBe(200);
    expect(sandbox.loan('APL-EDI-001')?.loanInformation.first_installment_date).toBe('22/11/2026');
  });

  const dates = { disbursement_date: '21/11/2026', first_emi_date: '21/12/2026' };
  const ml = (info: Record<string, unknown>) => ({ loan_type: 'ML', loan_information: { ...dates, ...info } });
  const pl = (info: Record<string, unknown>) => ({ loan_type: 'PL', loan_information: { ...dates, ...info } });
  const edi = { loan_type: 'EDI', loan_information: { disbursement_date: '21/11/2026', first_emi_date: '22/11/2026' } };
  it.each([
    ['ML without tenure', 'APL-ML-001', ml({}), 'provide disbursement_date, first_emi_date and loan_tenure_in_days'],
    ['ML tenure not whole', 'APL-ML-001', ml({ loan_tenure_in_days: '9.5' }), 'first_emi_date & loan_tenure_in_days do not match'],
    ['ML tenure as a number', 'APL-ML-001', ml({ loan_tenure_in_days: 90 }), 'loan_tenure_in_days should be a string'],
    ['ML new tenure, no amounts', 'APL-ML-001', ml({ loan_tenure_in_days: '60' }), /provide partner_computed_emi_amount/],
    ['PL date as YYYY-MM-DD', 'Tesst001', pl({ disbursement_date: '2026-11-21' }), 'disbursement_date should be a date in DD/MM/YYYY format'],
    ['PL first EMI 20 days after', 'Tesst001', pl({ first_emi_date: '11/12/2026' }), /at least 25 days/],
    ['PL with a tenure', 'Tesst001', pl({ loan_tenure_in_days: '90' }), 'loan_tenure_in_days cannot be updated for PL loans'],
    ['EDI with first_emi_date', 'APL-EDI-001', edi, 'first_emi_date cannot be updated for EDI loans'],
    ['the wrong loan type', 'Tesst001', ml({ loan_tenure_in_days: '90' }), /loan_type does not match the loan \(it is PL\)/],
    ['an unknown loan type', 'Tesst001', { loan_type: 'HL', loan_information: dates }, /loan_type should be one of/],
  ])('400 for %s', async (_label, loanId, body, message) => {
    const answer = await update(loanId, { partner_tag: PARTNER_TAG, ...body });
    expect(answer.status).toBe(400);
    if (typeof message === 'string') expect(answer.json.message).toBe(message);
    else expect(answer.json.message).toMatch(message);
    expect(sandbox.loan(loanId)?.updates).toBe(0);
  });
});

describe('sandbox house keeping', () => {
  it('seeds the documented loans', () => {
    const ids = sandbox.loans().map((l) => l.loanId);
    expect(ids).toEqual(['Tesst001', 'APL-ML-001', 'APL-EDI-001', 'APL-OLD-001', 'APL-DISB-001', '1001', '1002']);
    expect(sandbox.loans()[0]?.line).toMatch(/^Tesst001 +PL · Document Check Pending · created 19\/11\/2026/);
  });

  it('faults count down, reset restores the seed, and control endpoints work over HTTP', async () => {
    const base = sandbox.updateUrl.replace('/v1/loan/update', '');
    const added = await raw(`${base}/__sandbox/faults`, { method: 'POST', body: { match: { path: 'update' }, status: 504, times: 1 } });
    expect(added.status).toBe(201);
    expect(await update('Tesst001', plBody())).toMatchObject({ status: 504 });
    expect((await update('Tesst001', plBody())).status).toBe(200);
    expect((await raw(`${base}/__sandbox/loans/Tesst001`, { method: 'GET' })).json.updates).toBe(1);
    expect((await raw(`${base}/__sandbox/faults`, { method: 'POST', body: { match: { path: 'nope' } } })).status).toBe(400);
    await raw(`${base}/__sandbox/reset`, { method: 'POST' });
    expect(sandbox.requests).toHaveLength(0);
    expect(sandbox.loan('Tesst001')?.updates).toBe(0);
    expect(() => sandbox.setFault({ status: 42 })).toThrow(TypeError);
  });

  it('close() does not hang on a pending delayed request', async () => {
    sandbox.setFault({ match: { path: 'update' }, delayMs: 60_000 });
    const pending = update('Tesst001', plBody()).catch(() => 'closed');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await sandbox.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await pending).toBe('closed');
  });
});
