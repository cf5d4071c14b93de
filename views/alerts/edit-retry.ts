/**
 * Edit & retry on an alert: the rejected write's own form, opened pre-filled from what was sent (the
 * use case reads it from the outbox row), naming the write it replaces by id. Submitting it goes through
 * the form's usual review and Confirm, which check that id again (src/usecases/replace-write.ts).
 */
import type { WebClient } from '@slack/web-api';
import type { Services } from '../../src/services.ts';
import type { CorrectionForm, CorrectionPlace } from '../../src/usecases/edit-and-retry.ts';
import { addLoanFormView, packValues } from '../add-loan/modal.ts';
import { openApolloModal } from '../apollo/open.ts';
import { openPaymentModal } from '../payment/open.ts';
import { openUpdateLoanModal } from '../update-loan/open.ts';

/** Open the rejected write's form, filled in with what was sent. */
export async function openCorrectionForm(deps: Services, client: WebClient, triggerId: string, place: CorrectionPlace, form: CorrectionForm): Promise<void> {
  const where = { channelId: place.channelId, threadTs: place.threadTs, replaces: place.replaces };
  switch (form.operation) {
    case 'update_payment':
      await openPaymentModal(deps, client, triggerId, { ...where, loanId: form.loanId, sourceTs: place.sourceTs }, form.draft);
      return;
    case 'apollo_update':
      await openApolloModal(deps, client, triggerId, { ...where, loanId: form.loanId }, form.input);
      return;
    case 'update_loan':
      await openUpdateLoanModal(deps, client, triggerId, { ...where, loanId: form.loanId, sourceTs: place.sourceTs }, { transactionId: form.loanId, sent: form.sent, leftOut: form.leftOut });
      return;
    case 'add_loan':
      await client.views.open({ trigger_id: triggerId, view: addLoanFormView({ channelId: place.channelId, kind: form.kind, v: packValues(form.input), replaces: place.replaces }) });
      return;
  }
}
