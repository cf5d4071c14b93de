/**
 * What an outbox entry holds to (re)send a lender write, and the one place that sends it.
 */
import type { UpdatePaymentBody } from '../lenders/credgenics/client.ts';
import type { ApolloUpdateBody } from '../domain/apollo-rules.ts';
import type { ApolloClient } from '../lenders/apollo/client.ts';
import type { CredgenicsClient } from '../lenders/credgenics/client.ts';

export interface SendDeps {
  credgenics: Pick<CredgenicsClient, 'updatePayment' | 'updateLoan' | 'updateTransaction' | 'addLoan'>;
  apollo: Pick<ApolloClient, 'updateLoan'> | null;
}

export type WriteRequest =
  | {
      operation: 'update_payment';
      loanId: string;
      allocationMonth: string;
      body: UpdatePaymentBody;
      /** amount_recovered of that allocation month just before the first send, and when it was read (epoch ms). */
      baselineRecovered: number | null;
      baselineAt?: number | null;
      /** When it was last handed to Credgenics (epoch ms), written under the loan-and-month lock. */
      lastSendAt?: number | null;
    }
  | { operation: 'update_loan'; loanId: string; body: Record<string, unknown> }
  | { operation: 'update_transaction'; clientCustomerId: string; loanId: string; body: Record<string, unknown> }
  | { operation: 'add_loan'; loanId: string; body: Record<string, unknown> }
  | { operation: 'apollo_update'; loanId: string; body: ApolloUpdateBody };

export const OPERATION_NAMES: Record<WriteRequest['operation'], string> = {
  update_payment: 'Update Payment',
  update_loan: 'Update Loan',
  update_transaction: 'Update Loan (credit-line transaction)',
  add_loan: 'Add Loan',
  apollo_update: 'Loan Update',
};

export function lenderOf(request: WriteRequest): 'credgenics' | 'apollo' {
  return request.operation === 'apollo_update' ? 'apollo' : 'credgenics';
}

const OPERATIONS: readonly string[] = Object.keys(OPERATION_NAMES);

export function isWriteRequest(value: unknown): value is WriteRequest {
  if (typeof value !== 'object' || value === null) return false;
  const { operation, loanId, body } = value as { operation?: unknown; loanId?: unknown; body?: unknown };
  return typeof operation === 'string' && OPERATIONS.includes(operation) && typeof loanId === 'string' && typeof body === 'object' && body !== null;
}

/** A stored request, or undefined when it is not one loanbot can send. */
export function readWriteRequest(value: unknown): WriteRequest | undefined {
  return isWriteRequest(value) ? value : undefined;
}

/** Send it. Throws a LenderError on failure. */
export async function sendWrite(services: SendDeps, request: WriteRequest): Promise<unknown> {
  switch (request.operation) {
    case 'update_payment':
      return services.credgenics.updatePayment(request.loanId, request.allocationMonth, request.body);
    case 'update_loan':
      return services.credgenics.updateLoan(request.loanId, request.body);
    case 'update_transaction':
      return services.credgenics.updateTransaction(request.clientCustomerId, request.loanId, request.body);
    case 'add_loan':
      return services.credgenics.addLoan(request.loanId, request.body);
    case 'apollo_update':
      if (!services.apollo) throw new Error('Apollo is not configured');
      return services.apollo.updateLoan(request.loanId, request.body);
  }
}
