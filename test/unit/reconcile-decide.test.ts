import { describe, expect, it } from 'vitest';
import type { LoanDefault } from '../../src/domain/loan.ts';
import { decide, lastPaymentFits } from '../../src/usecases/reconcile-write.ts';

const EMPTY_DEFAULT: LoanDefault = {
  allocationMonth: '2026-12-01', finalStatus: undefined, amountRecovered: undefined, settlementAmount: undefined, totalClaimAmount: undefined,
  principalOutstanding: undefined, expectedEmi: undefined, lateFee: undefined, dpdValue: undefined, dpdBracket: undefined, dateOfDefault: undefined,
  recoveryDate: undefined, paymentMethod: undefined, recoveryMethod: undefined, closureWith: undefined, referenceNumber: undefined,
};

describe('deciding whether a payment was applied from the change in amount recovered', () => {
  it.each([
    ['alone, applied', 500, 500, [], 'applied'],
    ['alone, not applied', 0, 500, [], 'not_applied'],
    ['alone, something else changed it', 300, 500, [], 'unknown'],
    ['another of unknown fate, both applied', 1_200, 500, [700], 'applied'],
    ['another of unknown fate applied, this not', 700, 500, [700], 'not_applied'],
    ['this applied, the other not', 500, 500, [700], 'applied'],
    ['two of the same amount: cannot tell which', 500, 500, [500], 'unknown'],
    ['three, one combination only', 1_800, 500, [600, 700], 'applied'],
  ] as const)('%s', (_name, change, mine, uncertain, expected) => {
    expect(decide(change, mine, uncertain)).toBe(expected);
  });
});

describe('lastPaymentFits: the default keeps its last payment’s method, status and reference', () => {
  const body = { final_status: 'Partially Recovered', amount_recovered: 34_500, payment_method: 'Online', payment_reference_number: 'UTR1' } as const;
  const entry = (fields: Partial<LoanDefault>): LoanDefault => ({ ...EMPTY_DEFAULT, finalStatus: 'Partially Recovered', paymentMethod: 'Online', ...fields });

  it('fits this payment, told by its reference where the default keeps one, else by amount', () => {
    expect(lastPaymentFits(entry({ referenceNumber: 'UTR1' }), body)).toEqual({ fits: true, matchedBy: 'reference' });
    expect(lastPaymentFits(entry({ referenceNumber: '' }), body)).toEqual({ fits: true, matchedBy: 'amount' });
    expect(lastPaymentFits(entry({}), { ...body, payment_reference_number: undefined })).toEqual({ fits: true, matchedBy: 'amount' });
  });

  it('is another payment when its method, status or reference is another’s (a branch receipt of the same amount)', () => {
    expect(lastPaymentFits(entry({ paymentMethod: 'Cash' }), body).fits).toBe(false);
    expect(lastPaymentFits(entry({ finalStatus: 'Closed' }), body).fits).toBe(false);
    expect(lastPaymentFits(entry({ referenceNumber: 'BRANCH-77' }), body).fits).toBe(false);
  });
});
