/**
 * `/loan help`: usage, visible only to the caller.
 */
import type { KnownBlock } from '@slack/types';
import { context, escapeMrkdwn, section } from '../shared/blocks.ts';

export function helpMessage(options: { reason?: string | undefined; apolloConfigured: boolean; sandbox: boolean }): {
  text: string;
  blocks: KnownBlock[];
} {
  const lines = [
    '`/loan <loan_id>` — the loan’s summary in this channel (personal details masked)',
    '`/loan pay <loan_id>` — record a payment in Credgenics',
    '`/loan update <loan_id>` — correct a loan’s details in Credgenics',
    options.apolloConfigured
      ? '`/loan apollo <loan_id>` — update the loan in Apollo Finvest'
      : '`/loan apollo <loan_id>` — update the loan in Apollo Finvest (not configured here)',
    '`/loan history <loan_id>` — what loanbot has written for that loan',
    '`/loan add` — add a new loan to Credgenics',
    '`/loan bulk` — record many payments from a settlement file (CSV)',
    '`/loan help` — this message',
  ];
  const blocks: KnownBlock[] = [];
  if (options.reason) blocks.push(section(`:warning: ${escapeMrkdwn(options.reason)}`));
  blocks.push(section(`*loanbot* looks loans up and records collections without leaving Slack.\n${lines.map((l) => `• ${l}`).join('\n')}`));
  blocks.push(context(`Loan ids are 1–50 letters, digits, \`-\` and \`_\`, e.g. \`1001\` or \`Tesst001\`.${options.sandbox ? ' · :test_tube: Sandbox lenders' : ''}`));
  return { text: options.reason ? `${escapeMrkdwn(options.reason)} — try /loan help` : 'How to use /loan', blocks };
}
