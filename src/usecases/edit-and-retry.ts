/**
 * Edit & retry on an alert: what the rejected write's own form starts from, read from what was sent (the
 * outbox row, on our side), naming the write it replaces by id. Submitting that form goes through its usual
 * review and Confirm, which check the id again (replace-write.ts).
 */
import { addLoanInputFromBody } from '../domain/add-loan-input.ts';
import type { AddLoanInput } from '../domain/add-loan.ts';
import type { ApolloInput } from '../domain/apollo-rules.ts';
import type { LoanKind } from '../domain/loan.ts';
import type { LoanUpdateInput } from '../domain/loan-update.ts';
import { formInputFromBody } from '../domain/loan-update-form.ts';
import type { PaymentDraft } from '../domain/payment.ts';
import { parseApolloUpdateBody } from '../lenders/apollo/schemas.ts';
import type { Store, WriteState } from '../store/index.ts';
import { inputToCorrect } from './update-in-apollo.ts';
import { readWriteRequest } from './write-requests.ts';

/** The rejected write's form, filled in with what was sent. */
export type CorrectionForm =
  | { operation: 'update_payment'; loanId: string; draft: Partial<PaymentDraft> }
  | { operation: 'apollo_update'; loanId: string; input: ApolloInput }
  /** An Update loan of a loan or of a credit-line transaction (`loanId` is the transaction id then): personal details left out, by label. */
  | { operation: 'update_loan'; loanId: string; sent: LoanUpdateInput; leftOut: string[] }
  | { operation: 'add_loan'; kind: LoanKind; input: AddLoanInput };

/** Where the correction is made: the rejected write's channel, thread and summary, and its id. */
export interface CorrectionPlace {
  replaces: string;
  channelId: string;
  threadTs: string | undefined;
  sourceTs: string | undefined;
}

export type EditRetryStart =
  | { kind: 'unknown' }
  | { kind: 'not_failed'; state: WriteState }
  /** The write holds nothing loanbot can put back into a form. */
  | { kind: 'unreadable' }
  | { kind: 'form'; place: CorrectionPlace; form: CorrectionForm };

export async function startEditAndRetry(deps: { store: Pick<Store, 'outbox'> }, writeId: string): Promise<EditRetryStart> {
  const write = await deps.store.outbox.get(writeId);
  if (!write) return { kind: 'unknown' };
  if (write.state !== 'failed') return { kind: 'not_failed', state: write.state };
  const request = readWriteRequest(write.request);
  if (!request) return { kind: 'unreadable' };
  const place: CorrectionPlace = { replaces: write.id, channelId: write.channelId, threadTs: write.threadTs ?? undefined, sourceTs: write.sourceMessageTs ?? undefined };
  switch (request.operation) {
    case 'update_payment': {
      const sent = request.body;
      const draft: Partial<PaymentDraft> = {
        amount: sent.amount_recovered,
        finalStatus: sent.final_status,
        paymentMethod: sent.payment_method as PaymentDraft['paymentMethod'],
        dateOfDefault: sent.date_of_default,
        allocationMonth: request.allocationMonth,
        recoveryMethod: sent.recovery_method as PaymentDraft['recoveryMethod'],
        closureWith: sent.closure_with as PaymentDraft['closureWith'],
        reference: sent.payment_reference_number,
        paymentMode: sent.payment_mode,
        clientCustomerId: sent.client_customer_id,
      };
      return { kind: 'form', place, form: { operation: 'update_payment', loanId: request.loanId, draft } };
    }
    case 'apollo_update': {
      const body = parseApolloUpdateBody(request.body);
      if (!body) return { kind: 'unreadable' };
      return { kind: 'form', place, form: { operation: 'apollo_update', loanId: request.loanId, input: inputToCorrect(body) } };
    }
    case 'update_loan':
    case 'update_transaction': {
      const { input, leftOut } = formInputFromBody(request.body);
      return { kind: 'form', place, form: { operation: 'update_loan', loanId: request.loanId, sent: input, leftOut } };
    }
    case 'add_loan': {
      const { input, kind } = addLoanInputFromBody(request.body);
      return { kind: 'form', place, form: { operation: 'add_loan', kind, input } };
    }
  }
}
