/**
 * Show details: the borrower's full personal details, only to the person who asked (ephemeral),
 * only for agents and supervisors (checked by the authorize middleware), and audited.
 */
import { needs } from '../../src/slack/listener-roles.ts';
import type { App, BlockButtonAction } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import type { Loan } from '../../src/domain/loan.ts';
import type { Services } from '../../src/services.ts';
import { lookupLoan } from '../../src/usecases/lookup-loan.ts';
import { context, escapeMrkdwn, fieldSections, section } from '../shared/blocks.ts';
import { SUMMARY_ACTIONS } from './summary.ts';

export function loanDetailsMessage(loan: Loan): { text: string; blocks: KnownBlock[] } {
  const a = loan.applicant;
  const address = loan.addresses[0];
  const fields = [
    ['Phone', a.contactNumber],
    ['Email', a.email],
    ['PAN', a.panNumber],
    ['Aadhaar', a.aadhaarNumber],
    ['Date of birth', a.dob],
    ['Account number', a.accountNumber],
    ['Bank', a.bankName],
    ['Address', address ? [address.text, address.city, address.state, address.pincode].filter(Boolean).join(', ') : undefined],
  ]
    .filter((f): f is [string, string] => typeof f[1] === 'string' && f[1] !== '')
    .map(([label, value]) => ({ label, value }));
  const blocks: KnownBlock[] = [
    section(`:lock: *Personal details of loan ${escapeMrkdwn(loan.loanId)}*${a.name ? ` · ${escapeMrkdwn(a.name)}` : ''}`),
    ...(fields.length ? fieldSections(fields) : [section('Credgenics holds no personal details for this loan.')]),
    context('Only you can see this. Do not copy it into the channel. This view is recorded in the audit trail.'),
  ];
  return { text: `Personal details of loan ${escapeMrkdwn(loan.loanId)} (only visible to you)`, blocks };
}

export function registerLoanDetails(app: App, services: Services): void {
  app.action<BlockButtonAction>(SUMMARY_ACTIONS.showDetails, needs(app).action(SUMMARY_ACTIONS.showDetails, 'agent'), async ({ ack, action, body, respond }) => {
    await ack();
    const loanId = action.value ?? '';
    const result = await lookupLoan(services, loanId);
    if (!result.ok) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: `:warning: ${escapeMrkdwn(result.message)}` });
      return;
    }
    await services.store.audit.append({
      actor: body.user.id,
      action: 'pii.revealed',
      loanId,
      lender: 'credgenics',
      outcome: 'shown ephemerally',
      detail: 'full personal details shown to the requester only',
      writeId: null,
    });
    await respond({ response_type: 'ephemeral', replace_original: false, ...loanDetailsMessage(result.loan) });
  });
}
