/**
 * Show details: the borrower's full personal details, only to the person who asked (ephemeral),
 * only for agents and supervisors (the role its listener declares), and audited.
 */
import type { KnownBlock } from '@slack/types';
import type { Loan } from '../../src/domain/loan.ts';
import type { Services } from '../../src/services.ts';
import type { ButtonListener } from '../../src/slack/listeners.ts';
import { revealPersonalDetails } from '../../src/usecases/reveal-pii.ts';
import { context, escapeMrkdwn, fieldSections, section } from '../shared/blocks.ts';
import { lookupProblem } from '../words/lender-errors.ts';

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

/** *Personal details* on a summary: only to the person who pressed it, audited. */
export function showPersonalDetails(deps: Services): ButtonListener {
  return async ({ ack, action, body, respond }) => {
    await ack();
    const loanId = action.value ?? '';
    const result = await revealPersonalDetails(deps, { loanId, by: body.user.id, where: 'summary' });
    if (!result.ok) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: `:warning: ${escapeMrkdwn(lookupProblem(loanId, result.error))}` });
      return;
    }
    await respond({ response_type: 'ephemeral', replace_original: false, ...loanDetailsMessage(result.loan) });
  };
}
