/**
 * The loan summary message: header, applicant and loan fields, the current default, recoveries,
 * last contact, legal tracking, remarks, and the buttons of the contract. PII arrives masked.
 */
import type { BlockButtonAction } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import type { LoanSummary } from '../../src/domain/loan-summary.ts';
import { actions, bulletSection, button, context, escapeMrkdwn, fieldSections, header, section } from '../shared/blocks.ts';

export const SUMMARY_ACTIONS = {
  recordPayment: 'summary_record_payment',
  updateLoan: 'summary_update_loan',
  updateInApollo: 'summary_update_apollo',
  more: 'summary_more',
  showDetails: 'summary_show_details',
} as const;

/** The current default's figures an agent acts on, shown in the channel; the rest is behind *More*. */
export const LEAD_DEFAULT_FIELDS = ['Status', 'DPD', 'Total claim', 'Settlement amount', 'Principal outstanding', 'Amount recovered'];

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

/**
 * The summary posted in the channel: short, leading with what an agent acts on (status, DPD, what is due,
 * what was recovered, the last contact). Everything else is one click away (*More*, only to the person).
 */
export function loanSummaryMessage(summary: LoanSummary, options: SummaryOptions): { text: string; blocks: KnownBlock[] } {
  const blocks: KnownBlock[] = [header(summary.title)];
  const current = summary.currentDefault;
  const subtitle = [summary.subtitle, current ? current.heading : undefined].filter(Boolean).join(' · ');
  if (subtitle) blocks.push(context(escapeMrkdwn(subtitle)));
  if (current) {
    const lead = current.fields.filter((f) => LEAD_DEFAULT_FIELDS.includes(f.label));
    if (lead.length) blocks.push(...fieldSections(lead));
  } else {
    blocks.push(section('*No default is recorded for this loan*, so there is no payment to record against it yet.'));
  }
  blocks.push(section(`*Last contact:* ${summary.lastContact ? escapeMrkdwn(summary.lastContact) : 'none recorded yet'}`));

  const buttons = [];
  // Credgenics records a payment only against a default: no default, no Record payment.
  if (current) buttons.push(button('Record payment', SUMMARY_ACTIONS.recordPayment, summary.loanId, 'primary'));
  buttons.push(button('Update loan', SUMMARY_ACTIONS.updateLoan, summary.loanId));
  if (options.apolloConfigured) buttons.push(button('Update in Apollo', SUMMARY_ACTIONS.updateInApollo, summary.loanId));
  buttons.push(button('More', SUMMARY_ACTIONS.more, summary.loanId));
  buttons.push(button('Personal details', SUMMARY_ACTIONS.showDetails, summary.loanId));
  blocks.push(actions(`summary:${summary.loanId}`, buttons));

  const footer = [
    `From Credgenics · ${escapeMrkdwn(options.fetchedAt)}`,
    options.requestedBy ? `asked by <@${options.requestedBy}>` : undefined,
    'personal details masked',
  ]
    .filter(Boolean)
    .join(' · ');
  blocks.push(context(options.sandbox ? `:test_tube: *Sandbox lenders* (not real data) · ${footer}` : footer));

  const status = current?.fields.find((f) => f.label === 'Status')?.value;
  const text = `${summary.title}${status ? ` — ${status}` : ''}`;
  return { text: escapeMrkdwn(text), blocks };
}

/** *More*: the rest of the summary (still masked), for the person who asked. */
export function loanMoreBlocks(summary: LoanSummary): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  const facts = [...summary.applicant, ...summary.loan];
  if (facts.length) blocks.push(...fieldSections(facts));
  const current = summary.currentDefault;
  const rest = current?.fields.filter((f) => !LEAD_DEFAULT_FIELDS.includes(f.label)) ?? [];
  if (current && rest.length) blocks.push(section(`*${escapeMrkdwn(current.heading)}*`), ...fieldSections(rest));
  if (summary.recoveries.length) blocks.push(bulletSection('Recent recoveries', summary.recoveries));
  if (summary.legal.length) blocks.push(bulletSection('Legal & speed post', summary.legal));
  if (summary.remarks.length) blocks.push(bulletSection('Latest remarks', summary.remarks));
  if (summary.transactions.length) blocks.push(bulletSection('Other transactions of this customer', summary.transactions));
  return blocks;
}

export function loanMoreMessage(summary: LoanSummary, options: { fetchedAt: string; sandbox: boolean }): { text: string; blocks: KnownBlock[] } {
  const blocks: KnownBlock[] = [section(`*More about ${escapeMrkdwn(summary.title)}*`), ...loanMoreBlocks(summary)];
  const footer = `Only you can see this · from Credgenics · ${escapeMrkdwn(options.fetchedAt)} · personal details masked`;
  blocks.push(context(options.sandbox ? `:test_tube: *Sandbox lenders* · ${footer}` : footer));
  return { text: `More about ${escapeMrkdwn(summary.title)} (only visible to you)`, blocks: blocks.slice(0, 50) };
}
