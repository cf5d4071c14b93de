/**
 * Edit & retry on an alert: the rejected write's own form, opened pre-filled from what was sent (the
 * outbox row, on our side), naming the write it replaces by id. Submitting it goes through the form's
 * usual review and Confirm, which check that id again (views/replace-step.ts).
 */
import type { WebClient } from '@slack/web-api';
import { addLoanInputFromBody } from '../../src/domain/add-loan-input.ts';
import { formInputFromBody } from '../../src/domain/loan-update-form.ts';
import type { PaymentDraft } from '../../src/domain/payment.ts';
import { parseApolloUpdateBody } from '../../src/lenders/apollo/schemas.ts';
import type { Services } from '../../src/services.ts';
import type { OutboxWrite } from '../../src/store/index.ts';
import { inputToCorrect } from '../../src/usecases/update-in-apollo.ts';
import { readWriteRequest } from '../../src/usecases/write-requests.ts';
import { packValues, addLoanFormView } from '../add-loan/modal.ts';
import { openApolloModal } from '../apollo/submit.ts';
import { openPaymentModal } from '../payment/submit.ts';
import { openUpdateLoanModal } from '../update-loan/submit.ts';

/** Open the form; false when the write holds nothing loanbot can put back into one. */
export async function openEditRetryForm(services: Services, client: WebClient, triggerId: string, write: OutboxWrite): Promise<boolean> {
  const request = readWriteRequest(write.request);
  if (!request) return false;
  const place = { channelId: write.channelId, threadTs: write.threadTs ?? undefined, replaces: write.id };
  switch (request.operation) {
    case 'update_payment': {
      const sent = request.body;
      await openPaymentModal(services, client, triggerId, { ...place, loanId: request.loanId, sourceTs: write.sourceMessageTs ?? undefined }, {
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
      });
      return true;
    }
    case 'apollo_update': {
      const body = parseApolloUpdateBody(request.body);
      if (!body) return false;
      await openApolloModal(services, client, triggerId, { ...place, loanId: request.loanId }, inputToCorrect(body));
      return true;
    }
    case 'update_loan':
    case 'update_transaction': {
      const { input, leftOut } = formInputFromBody(request.body);
      const origin = { ...place, loanId: request.loanId, sourceTs: write.sourceMessageTs ?? undefined };
      await openUpdateLoanModal(services, client, triggerId, origin, { transactionId: request.loanId, sent: input, leftOut });
      return true;
    }
    case 'add_loan': {
      const { input, kind } = addLoanInputFromBody(request.body);
      await client.views.open({ trigger_id: triggerId, view: addLoanFormView({ channelId: write.channelId, kind, v: packValues(input), replaces: write.id }) });
      return true;
    }
  }
}
