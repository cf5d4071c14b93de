import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseGetLoanResponse } from '../../src/lenders/credgenics/schemas.ts';
import { toLoan } from '../../src/lenders/credgenics/to-loan.ts';
import { buildLoanSummary } from '../../src/domain/loan-summary.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

const lendingSample = JSON.parse(fixture('credgenics-get-loan-lending.doc.json')) as unknown;
// The docs' credit-line sample is not valid JSON (a trailing comma closes transactions_details);
// the real API answers valid JSON, so the fixture is read with that one comma removed.
const creditLineSample = JSON.parse(fixture('credgenics-get-loan-credit-line.doc.txt').replace(/,(\s*[\]}])/g, '$1')) as unknown;

describe('Credgenics Get Loan schemas', () => {
  it('parses the docs’ lending sample into a loan', () => {
    const parsed = parseGetLoanResponse(lendingSample);
    expect(parsed?.shape).toBe('lending');
    const loan = toLoan('2954', parsed!);
    expect(loan).toMatchObject({
      loanId: '2954',
      kind: 'lending',
      loanType: 'Business Loan',
      totalLoanAmount: 268500,
      emiAmount: undefined,
      applicant: { name: 'Keval Gor', contactNumber: '9706367068', email: undefined },
    });
    expect(loan.defaults[0]).toMatchObject({ allocationMonth: '2020-8-01', amountRecovered: 8500, dpdValue: 91, dpdBracket: '91-120' });
    expect(loan.addresses[0]).toMatchObject({ city: 'Bhuj', pincode: '370001' });
    expect(loan.communications.map((c) => c.type)).toEqual(['call', 'sms']);
    expect(loan.caseTracking[1]).toMatchObject({ documentType: 'Speedpost', status: 'Delivered' });
    expect(loan.remarks).toHaveLength(2);
  });

  it('parses the docs’ credit-line sample and picks the transaction named by the loan id', () => {
    const parsed = parseGetLoanResponse(creditLineSample);
    expect(parsed?.shape).toBe('credit_line');
    const loan = toLoan('283921', parsed!);
    expect(loan).toMatchObject({ kind: 'credit_line', clientCustomerId: '189004', totalLoanAmount: 50000, emiAmount: 6000 });
    expect(loan.defaults).toHaveLength(1);
    expect(loan.defaults[0]).toMatchObject({ allocationMonth: '2021-2-01', amountRecovered: 3450, finalStatus: 'Partially Recovered' });
    expect(loan.transactions.map((t) => t.transactionId)).toEqual(['283921', '18372']);
  });

  it('finds a credit-line transaction by the id inside `data` too (the docs disagree with themselves there)', () => {
    const loan = toLoan('283920', parseGetLoanResponse(creditLineSample)!);
    expect(loan.totalLoanAmount).toBe(902929);
  });

  it('tolerates nulls, empty strings, numeric strings, unknown fields and bad list elements', () => {
    const parsed = parseGetLoanResponse({
      loan_details: {
        loan_id: 77,
        applicant_name: null,
        total_loan_amount: '1,20,000',
        emi_amount: '',
        something_new: { nested: true },
        applicant_address: 'not a list',
        defaults: [null, 5, { allocation_month: '2026-11-01', amount_recovered: '250.50', allocation_dpd_value: 'n/a' }],
      },
      communication_details: null,
      remarks: [{ remarks: '' }, { remarks: 'Called', created: null }],
    });
    const loan = toLoan('77', parsed!);
    expect(loan.totalLoanAmount).toBe(120000);
    expect(loan.emiAmount).toBeUndefined();
    expect(loan.addresses).toEqual([]);
    expect(loan.defaults).toHaveLength(1);
    expect(loan.defaults[0]).toMatchObject({ amountRecovered: 250.5, dpdValue: undefined });
    expect(loan.remarks).toEqual([{ text: 'Called', created: undefined, author: undefined }]);
    expect(() => buildLoanSummary(loan)).not.toThrow();
  });

  it('refuses bodies that are neither shape', () => {
    expect(parseGetLoanResponse({ hello: 'world' })).toBeUndefined();
    expect(parseGetLoanResponse('text')).toBeUndefined();
    expect(parseGetLoanResponse({ output: 'Loan not found' })).toBeUndefined();
  });
});
