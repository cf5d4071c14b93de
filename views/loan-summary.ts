/**
 * The loan summary message: header, applicant and loan fields, the current default, recoveries,
 * last contact, legal tracking, remarks, and the buttons of the contract. PII arrives masked.
 */
import type { BlockButtonAction } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import type { LoanSummary } from '../src/domain/loan-summary.ts';
import { actions, bulletSection, button, context, divider, escapeMrkdwn, fieldSections, header, section } from './blocks.ts';

export const SUMMARY_ACTIONS = {
  recordPayment: 'summary_record_payment',
  updateLoan: 'summary_update_loan',
  updateInApollo: 'summary_update_apollo',
  showDetails: 'summary_show_details',
} as const;

/** Where a summary button was pressed: the loan, and the summary message the answer belongs under. */
export function summaryButtonOrigin(body: BlockButtonAction, loanId: string) {
  const messageTs = body.message?.ts ?? body.container.message_ts;
  return {
    loanId,
    channelId: body.channel?.id ?? body.container.channel_id,
    threadTs: body.message?.thread_ts ?? messageTs,
    sourceTs: messageTs,
    responseUrl: body.response_url,
  };
}

export interface SummaryOptions {
  apolloConfigured: boolean;
  /** e.g. "25 Nov 2026, 14:02 IST" */
  fetchedAt: string;
  sandbox: boolean;
  /** Who asked, shown in the footer so the channel knows. */
  requestedBy?: string | undefined;
}

export function loanSummaryMessage(summary: LoanSummary, options: SummaryOptions): { text: string; blocks: KnownBlock[] } {
  const blocks: KnownBlock[] = [header(summary.title)];
  if (summary.subtitle) blocks.push(context(escapeMrkdwn(summary.subtitle)));
  blocks.push(...fieldSections([...summary.applicant, ...summary.loan]));
  if (summary.currentDefault) {
    blocks.push(divider(), section(`*${escapeMrkdwn(summary.currentDefault.heading)}*`));
    blocks.push(...fieldSections(summary.currentDefault.fields));
  } else {
    blocks.push(divider(), section('*Current default*\nNo default is recorded for this loan.'));
  }
  if (summary.recoveries.length) blocks.push(bulletSection('Recent recoveries', summary.recoveries));
  blocks.push(section(`*Last contact*\n${summary.lastContact ? escapeMrkdwn(summary.lastContact) : 'No contact recorded yet.'}`));
  if (summary.legal.length) blocks.push(bulletSection('Legal & speed post', summary.legal));
  if (summary.remarks.length) blocks.push(bulletSection('Latest remarks', summary.remarks));
  if (summary.transactions.length) blocks.push(bulletSection('Other transactions of this customer', summary.transactions));

  const buttons = [
    button('Record payment', SUMMARY_ACTIONS.recordPayment, summary.loanId, 'primary'),
    button('Update loan', SUMMARY_ACTIONS.updateLoan, summary.loanId),
  ];
  if (options.apolloConfigured) buttons.push(button('Update in Apollo', SUMMARY_ACTIONS.updateInApollo, summary.loanId));
  buttons.push(button('Show details', SUMMARY_ACTIONS.showDetails, summary.loanId));
  blocks.push(actions(`summary:${summary.loanId}`, buttons));

  const footer = [
    `From Credgenics · ${escapeMrkdwn(options.fetchedAt)}`,
    options.requestedBy ? `asked by <@${options.requestedBy}>` : undefined,
    'personal details masked',
  ]
    .filter(Boolean)
    .join(' · ');
  blocks.push(context(options.sandbox ? `:test_tube: *Sandbox lenders* (not real data) · ${footer}` : footer));

  const current = summary.currentDefault?.fields.find((f) => f.label === 'Status')?.value;
  const text = `${summary.title}${current ? ` — ${current}` : ''}`;
  return { text: escapeMrkdwn(text), blocks };
}
