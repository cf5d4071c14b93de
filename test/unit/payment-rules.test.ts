import { describe, expect, it } from 'vitest';
import { parseAmount } from '../../src/domain/amount.ts';
import { updatePaymentBody, validatePayment, type PaymentInput } from '../../src/domain/payment.ts';

const lending = { loanId: '1001', kind: 'lending' as const };
const today = '2026-11-25';
const good: PaymentInput = {
  amount: '34,500',
  final_status: 'Partially Recovered',
  payment_method: 'Online',
  date_of_default: '2026-10-05',
  allocation_month: '2026-11-01',
  reference: 'UTR412345678901',
};

describe('amount', () => {
  it.each([
    ['34500', 34500],
    ['34,500', 34500],
    ['3,45,000.50', 345000.5],
    ['₹ 34,500', 34500],
    ['Rs. 500', 500],
    ['0.5', 0.5],
  ])('%j → %d', (text, value) => {
    expect(parseAmount(text)).toEqual({ ok: true, value });
  });

  it.each(['', '0', '-0', '-500', '1e309', '12.345', '١٢٣', 'abc', '100000001', 'NaN', 'Infinity', '1,2,3'])('refuses %j', (text) => {
    expect(parseAmount(text).ok).toBe(false);
  });
});

describe('payment rules', () => {
  it('accepts a good payment and builds the documented body', () => {
    const result = validatePayment(good, lending, today);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(updatePaymentBody(result.draft)).toEqual({
      final_status: 'Partially Recovered',
      amount_recovered: 34500,
      payment_method: 'Online',
      date_of_default: '2026-10-05',
      payment_reference_number: 'UTR412345678901',
    });
  });

  it('needs a date of default only for Partially Recovered', () => {
    const missing = validatePayment({ ...good, date_of_default: '' }, lending, today);
    expect(missing).toMatchObject({ ok: false, errors: { date_of_default: expect.stringMatching(/Partially Recovered/) } });
    const closed = validatePayment({ ...good, final_status: 'Closed', date_of_default: '', closure_with: 'Settlement' }, lending, today);
    expect(closed.ok).toBe(true);
  });

  it('refuses closure_with on a Partially Recovered payment, a future date and a malformed reference', () => {
    const result = validatePayment({ ...good, closure_with: 'NOC', date_of_default: '2026-11-26', reference: 'a b' }, lending, today);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(['closure_with', 'date_of_default', 'reference']);
  });

  it('needs the client customer id for a credit-line loan and sends it', () => {
    const creditLine = { loanId: '2001', kind: 'credit_line' as const };
    expect(validatePayment(good, creditLine, today)).toMatchObject({ ok: false, errors: { client_customer_id: expect.any(String) } });
    const result = validatePayment({ ...good, client_customer_id: '189004' }, creditLine, today);
    expect(result.ok && updatePaymentBody(result.draft).client_customer_id).toBe('189004');
  });

  it('names every missing required field at once', () => {
    const result = validatePayment({}, lending, today);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.errors).sort()).toEqual(['allocation_month', 'amount', 'final_status', 'payment_method']);
  });
});
