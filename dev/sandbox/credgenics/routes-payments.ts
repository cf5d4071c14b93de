/**
 * Update Payment: PATCH /recovery/recovery/update/{loan_id}?allocation_month=YYYY-M-01,
 * for lending loans and credit-line transactions alike.
 */
import { badRequest, notFound, success, type ApiRequest, type ApiResponse } from './responses.ts';
import type { SandboxStore } from './store.ts';
import { checkAllocationMonth, checkPayment, requireObject } from './validation.ts';

export function updatePayment(store: SandboxStore, loanId: string, request: ApiRequest): ApiResponse {
  const found = store.locate(loanId);
  if (!found) return notFound();
  const month = checkAllocationMonth(request.query.allocation_month);
  if (!month.ok) return badRequest(month.message);
  const body = requireObject(request.body);
  if (!body.ok) return badRequest(body.message);
  const input = checkPayment(body.value);
  if (!input.ok) return badRequest(input.message);
  if (found.kind === 'credit_line') {
    // The credit-line table marks client_customer_id required; the lending table does not have it.
    const given = input.value.client_customer_id;
    const owner = found.customer.client_customer_id;
    if (given === undefined) return badRequest('client_customer_id is required for a credit-line loan');
    if (given !== owner) return badRequest(`client_customer_id ${given} does not match the customer of loan ${loanId}`);
  }
  const applied = store.applyPayment(found, month.value, input.value);
  if (!applied.ok) return badRequest(applied.message, { withOutput: false });
  return success('Data updated successfully');
}
