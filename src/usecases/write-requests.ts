/**
 * What an outbox entry holds to (re)send a lender write, and the one place that sends it.
 *
 * The stored request is versioned: its JSON carries `v` (REQUEST_FORMAT_VERSION, stamped by the store when
 * a request is recorded or re-stored without one) and is read back only through `writeRequestSchema`, a
 * discriminated union by `operation`. Rows stored before the version existed have no `v`: they read as
 * version 1, which is the shape they were written in. A later format adds its own union member (or a
 * preprocess from v1) here, never a cast.
 */
import { z } from 'zod';
import { apolloUpdateBodySchema } from '../lenders/apollo/schemas.ts';
import { updatePaymentBodySchema } from '../lenders/credgenics/schemas.ts';
import type { ApolloClient } from '../lenders/apollo/client.ts';
import type { CredgenicsClient } from '../lenders/credgenics/client.ts';
import { REQUEST_FORMAT_VERSION } from '../store/index.ts';

export interface SendDeps {
  credgenics: Pick<CredgenicsClient, 'updatePayment' | 'updateLoan' | 'updateTransaction' | 'addLoan'>;
  apollo: Pick<ApolloClient, 'updateLoan'> | null;
}

/** `v`: the stored format; missing on rows written before it existed, which are version 1. */
const v1 = z.literal(REQUEST_FORMAT_VERSION).default(REQUEST_FORMAT_VERSION);
const loanId = z.string().min(1);
const fields = z.record(z.string(), z.unknown());
const epochMsOrNull = z.number().nullable();

export const writeRequestSchema = z.discriminatedUnion('operation', [
  z.object({
    v: v1,
    operation: z.literal('update_payment'),
    loanId,
    allocationMonth: z.string().min(1),
    body: updatePaymentBodySchema,
    /** amount_recovered of that allocation month just before the first send, and when it was read (epoch ms). */
    baselineRecovered: z.number().nullable(),
    baselineAt: epochMsOrNull.optional(),
    /** When it was last handed to Credgenics (epoch ms), written under the loan-and-month lock. */
    lastSendAt: epochMsOrNull.optional(),
  }),
  z.object({ v: v1, operation: z.literal('update_loan'), loanId, body: fields }),
  z.object({ v: v1, operation: z.literal('update_transaction'), clientCustomerId: z.string().min(1), loanId, body: fields }),
  z.object({ v: v1, operation: z.literal('add_loan'), loanId, body: fields }),
  z.object({ v: v1, operation: z.literal('apollo_update'), loanId, body: apolloUpdateBodySchema }),
]);

/** A write request as the use cases build it (`v` may be left out: the store stamps it). */
export type WriteRequest = z.input<typeof writeRequestSchema>;
/** A write request as read back from the store: `v` always set. */
export type StoredWriteRequest = z.output<typeof writeRequestSchema>;

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

/** A stored request, or undefined when it is not one loanbot can send. */
export function readWriteRequest(value: unknown): StoredWriteRequest | undefined {
  const parsed = writeRequestSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

export function isWriteRequest(value: unknown): value is WriteRequest {
  return writeRequestSchema.safeParse(value).success;
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
