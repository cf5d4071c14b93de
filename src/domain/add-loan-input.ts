/**
 * Edit & retry of an Add loan Credgenics refused: the body that was sent (the docs' keys and types) as
 * the form's values again, so the person corrects what was refused and sends the rest as it was.
 */
import { ADDRESS_FIELDS, DEFAULT_FIELDS, LOAN_FIELDS, MORE_FIELDS, type AddLoanField, type AddLoanInput } from './add-loan.ts';
import type { LoanKind } from './loan.ts';

const first = (value: unknown): Record<string, unknown> =>
  Array.isArray(value) && typeof value[0] === 'object' && value[0] !== null ? (value[0] as Record<string, unknown>) : {};

export function addLoanInputFromBody(body: Record<string, unknown>): { input: AddLoanInput; kind: LoanKind } {
  const input: AddLoanInput = {};
  const put = (fields: readonly AddLoanField[], from: Record<string, unknown>) => {
    for (const field of fields) {
      const value = from[field];
      if (typeof value === 'string' || typeof value === 'number') input[field] = String(value);
    }
  };
  put([...LOAN_FIELDS, ...MORE_FIELDS], body);
  put(ADDRESS_FIELDS, first(body['applicant_address']));
  put(DEFAULT_FIELDS, first(body['defaults']));
  return { input, kind: typeof body['client_customer_id'] === 'string' ? 'credit_line' : 'lending' };
}
