/**
 * *Show current details* in the Update loan form: the borrower's full phone, email and address, read from
 * Credgenics when a supervisor asks, shown only to them in a modal on top of the form, and audited like
 * *Show details* on a summary. The form itself never carries them.
 */
import type { ModalView } from '@slack/types';
import type { Loan } from '../../src/domain/loan.ts';
import type { Services } from '../../src/services.ts';
import type { ButtonListener } from '../../src/slack/listeners.ts';
import { revealPersonalDetails } from '../../src/usecases/reveal-pii.ts';
import { context, escapeMrkdwn, fieldSections, section } from '../shared/blocks.ts';
import { readMetadata } from '../../src/slack/metadata.ts';
import { modalView } from '../shared/modal-parts.ts';
import { lookupProblem } from '../words/lender-errors.ts';
import { updateLoanFormSchema } from './metadata.ts';

function currentDetailsView(loanId: string, loan: Loan | undefined, problem?: string): ModalView {
  const address = loan?.addresses[0];
  const fields = [
    ['Contact number', loan?.applicant.contactNumber],
    ['Email', loan?.applicant.email],
    ['Address', address ? [address.text, address.city, address.state, address.pincode].filter(Boolean).join(', ') : undefined],
  ]
    .filter((f): f is [string, string] => typeof f[1] === 'string' && f[1] !== '')
    .map(([label, value]) => ({ label, value: escapeMrkdwn(value) }));
  const blocks = problem
    ? [section(`:warning: ${escapeMrkdwn(problem)}`)]
    : [
        section(`:lock: *Current details of loan ${escapeMrkdwn(loanId)}*`),
        ...(fields.length ? fieldSections(fields) : [section('Credgenics holds no phone, email or address for this loan.')]),
        context('Only you can see this. It is recorded in the audit trail. Back returns to the form as you left it.'),
      ];
  return modalView({ callbackId: 'update_loan_current', title: 'Current details', metadata: { loanId }, blocks, close: 'Back' });
}

/** *Show current details* in the form: pushed on top of it, audited. */
export function showCurrentDetails(deps: Services): ButtonListener {
  return async ({ ack, body, client }) => {
    await ack();
    if (!body.view) return;
    const { loanId } = readMetadata(body.view.private_metadata, updateLoanFormSchema);
    const result = await revealPersonalDetails(deps, { loanId, by: body.user.id, where: 'update_form' });
    const view = result.ok ? currentDetailsView(loanId, result.loan) : currentDetailsView(loanId, undefined, lookupProblem(loanId, result.error));
    await client.views.push({ trigger_id: body.trigger_id, view });
  };
}
