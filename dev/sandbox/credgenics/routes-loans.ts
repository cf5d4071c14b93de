/**
 * Loan endpoints: Get Loan (both shapes), Add Loan (lending / credit line), Update Loan
 * (lending) and Update Loan for a credit-line transaction.
 */
import { badRequest, notFound, success, type ApiRequest, type ApiResponse } from './responses.ts';
import type { SandboxStore } from './store.ts';
import { checkAddLoan, checkUpdateLoan, isJsonObject, requireObject, type Checked, type UpdateLoanInput } from './validation.ts';
import { updateLending, updateTransaction } from './writes.ts';

/** GET /recovery/loan/{loan_id} */
export function getLoan(store: SandboxStore, loanId: string): ApiResponse {
  const body = store.view(loanId);
  return body === undefined ? notFound() : { status: 200, body };
}

/** POST /recovery/loan/{loan_id} */
export function addLoan(store: SandboxStore, loanId: string, request: ApiRequest): ApiResponse {
  if (loanId.includes('/')) return badRequest(`loan_id must not contain "/" (got ${loanId})`);
  const body = requireObject(request.body);
  if (!body.ok) return badRequest(body.message);
  const input = checkAddLoan(body.value, loanId);
  if (!input.ok) return badRequest(input.message);
  if (store.locate(loanId)) return badRequest(`Loan with loan_id ${loanId} already exists`, { withOutput: false });
  store.addLoan(input.value);
  return success('Loan added successfully', 201);
}

/** The body of an Update Loan: a non-empty JSON object of Add Loan keys. */
function updateInput(request: ApiRequest, loanId: string): Checked<UpdateLoanInput> | 'empty' {
  const raw = request.body;
  if (raw === null || raw === undefined || (isJsonObject(raw) && Object.keys(raw).length === 0)) return 'empty';
  const body = requireObject(raw);
  if (!body.ok) return body;
  return checkUpdateLoan(body.value, loanId);
}

const NO_FIELDS = badRequest('No fields to update', { withOutput: false });

/** PATCH /recovery/loan/{loan_id} */
export function updateLoan(store: SandboxStore, loanId: string, request: ApiRequest): ApiResponse {
  const found = store.locate(loanId);
  if (!found) return notFound();
  if (found.kind === 'credit_line') {
    return badRequest(
      `Loan ${loanId} is a credit-line transaction; update it with PATCH /recovery/transaction/${found.customer.client_customer_id}/${loanId}`,
    );
  }
  const input = updateInput(request, loanId);
  if (input === 'empty') return NO_FIELDS;
  if (!input.ok) return badRequest(input.message);
  const applied = updateLending(found.loan, input.value);
  if (!applied.ok) return badRequest(applied.message, { withOutput: false });
  return success('Loan successfully updated');
}

/** PATCH /recovery/transaction/{client_customer_id}/{loan_id} */
export function updateCreditLineTransaction(
  store: SandboxStore,
  customerId: string,
  transactionId: string,
  request: ApiRequest,
): ApiResponse {
  const customer = store.customer(customerId);
  if (!customer) return notFound(`Customer with client_customer_id ${customerId} not found`);
  const transaction = customer.transactions.find((t) => t.transaction_id === transactionId);
  if (!transaction) return notFound(`Transaction ${transactionId} not found for customer ${customerId}`);
  const input = updateInput(request, transactionId);
  if (input === 'empty') return NO_FIELDS;
  if (!input.ok) return badRequest(input.message);
  const applied = updateTransaction(customer, transaction, input.value);
  if (!applied.ok) return badRequest(applied.message, { withOutput: false });
  return success('Transaction updated successfully');
}
