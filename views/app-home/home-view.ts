/**
 * The App Home tab: a loan look-up box, the person's recent writes, their failed writes waiting for a
 * Retry (Edit & retry when the lender refused them), and for supervisors the team's open alerts. Everything masked, as in the channel.
 */
import type { HomeView, KnownBlock } from '@slack/types';
import { stampIn } from '../../src/domain/dates.ts';
import type { LoanSummary } from '../../src/domain/loan-summary.ts';
import type { BulkBatch, BulkCounts, OutboxWrite } from '../../src/usecases/records.ts';
import { progressFigures } from '../../src/usecases/bulk-progress.ts';
import { actions, button, context, divider, escapeMrkdwn, header, section } from '../shared/blocks.ts';
import { loanMoreBlocks, loanSummaryMessage } from '../loan/summary.ts';
import { ALERT_ACTIONS, WRITE_STATE_ICON, failedWriteSentence } from '../alerts/messages.ts';
import { isRejected } from '../../src/usecases/replace-write.ts';
import { LENDER_NAMES, operationWords } from '../words/operations.ts';
import { writeStateWords } from '../words/write-state.ts';

export const HOME_ACTIONS = { lookup: 'home_lookup', refresh: 'home_refresh' } as const;
export const HOME_LOOKUP_BLOCK = 'home_lookup_input';

export interface HomeContent {
  userId: string;
  sandbox: boolean;
  timeZone: string;
  /** Epoch ms: what a waiting write does next is judged as of now. */
  now: number;
  recent: OutboxWrite[];
  failedMine: OutboxWrite[];
  /** Supervisors only: every open alert. */
  teamAlerts: OutboxWrite[] | undefined;
  /** The person's latest bulk uploads. */
  batches?: { batch: BulkBatch; counts: BulkCounts }[] | undefined;
  lookup?: { loanId: string; summary?: LoanSummary | undefined; error?: string | undefined } | undefined;
  fetchedAt: string;
}

type When = { now: number; timeZone: string };

function writeLine(write: OutboxWrite, at: When): string {
  const when = stampIn(new Date(write.updatedAt), at.timeZone);
  const lender = LENDER_NAMES[write.lender];
  const failedBefore = write.state === 'failed' || (write.state === 'pending' && write.lastError !== null);
  const failure = failedBefore ? ` — ${escapeMrkdwn(failedWriteSentence(write).replace(/\*/g, ''))}` : '';
  return `${WRITE_STATE_ICON[write.state] ?? ''} *${escapeMrkdwn(operationWords(write.operation).name)}* · loan *${escapeMrkdwn(write.loanId)}* · ${lender} · _${escapeMrkdwn(writeStateWords(write, at))}_ · ${escapeMrkdwn(when)}\n${escapeMrkdwn(write.summary)}${failure}`;
}

/** `list` keeps block ids unique across the Home's lists (Slack refuses a view with a repeated block_id). */
function failedBlocks(writes: OutboxWrite[], at: When, canDismiss: boolean, list: 'mine' | 'team'): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  for (const write of writes.slice(0, 10)) {
    blocks.push(section(writeLine(write, at)));
    // As on the alert: a write the lender refused is corrected in its form, not sent again as it was; one
    // waiting for loanbot's own retry offers Retry now.
    const retry = write.state === 'pending' ? button('Retry now', ALERT_ACTIONS.retry, write.id, 'primary') : button('Retry', ALERT_ACTIONS.retry, write.id, 'primary');
    const buttons = [isRejected(write) ? button('Edit & retry', ALERT_ACTIONS.editRetry, write.id, 'primary') : retry];
    if (canDismiss) buttons.push(button('Dismiss', ALERT_ACTIONS.dismiss, write.id, 'danger'));
    blocks.push(actions(`home_failed_${list}:${write.id}`, buttons));
  }
  return blocks;
}

export function homeView(content: HomeContent): HomeView {
  const blocks: KnownBlock[] = [header('loanbot')];
  if (content.sandbox) blocks.push(context(':test_tube: *Sandbox lenders* (not real data) and a local Slack stand-in.'));
  blocks.push({
    type: 'input',
    block_id: HOME_LOOKUP_BLOCK,
    optional: true,
    label: { type: 'plain_text', text: 'Look up a loan' },
    element: { type: 'plain_text_input', action_id: HOME_LOOKUP_BLOCK, placeholder: { type: 'plain_text', text: 'Loan id, e.g. 1001' }, max_length: 50 },
  });
  blocks.push(actions('home_actions', [button('Look up', HOME_ACTIONS.lookup, 'lookup', 'primary'), button('Refresh', HOME_ACTIONS.refresh, 'refresh')]));

  if (content.lookup) {
    blocks.push(divider());
    if (content.lookup.summary) {
      const summary = loanSummaryMessage(content.lookup.summary, { apolloConfigured: false, fetchedAt: content.fetchedAt, sandbox: content.sandbox });
      // The summary's own buttons act on a channel message; the Home is private, so it shows everything (masked).
      blocks.push(...[...summary.blocks.filter((b) => b.type !== 'actions'), ...loanMoreBlocks(content.lookup.summary)].slice(0, 40));
    } else {
      blocks.push(section(`:warning: ${escapeMrkdwn(content.lookup.error ?? `Could not look up ${content.lookup.loanId}.`)}`));
    }
  }

  blocks.push(divider(), section('*Failed writes waiting for you*'));
  const supervisor = content.teamAlerts !== undefined;
  blocks.push(...(content.failedMine.length ? failedBlocks(content.failedMine, content, supervisor, 'mine') : [context('None: everything you sent went through.')]));

  if (content.teamAlerts) {
    // A supervisor's own failed writes are listed once, above.
    const mine = new Set(content.failedMine.map((w) => w.id));
    const others = content.teamAlerts.filter((w) => !mine.has(w.id));
    blocks.push(divider(), section('*Team’s open alerts* (supervisor)'));
    blocks.push(...(others.length ? failedBlocks(others, content, true, 'team') : [context(mine.size ? 'No others: yours are listed above.' : 'No open alerts.')]));
  }

  blocks.push(divider(), section('*Your recent writes*'));
  blocks.push(
    content.recent.length
      ? section(content.recent.slice(0, 10).map((w) => writeLine(w, content)).join('\n\n'))
      : context('Nothing yet. `/loan pay <loan_id>` records a payment.'),
  );
  if (content.batches?.length) {
    blocks.push(divider(), section('*Your bulk uploads*'));
    const lines = content.batches.map(({ batch, counts }) => {
      const f = progressFigures(counts, batch.state);
      const state = batch.state === 'cancelled' ? 'cancelled' : f.finished ? 'done' : 'sending';
      return `• *${escapeMrkdwn(batch.fileName)}* · ${escapeMrkdwn(stampIn(new Date(batch.createdAt), content.timeZone))} · _${state}_ · ${f.recorded} recorded, ${f.failed} failed, ${f.waiting} waiting, ${counts.rejected} rejected${batch.messageTs ? ` · <#${batch.channelId}>` : ''}`;
    });
    blocks.push(section(lines.join('\n')));
  }
  blocks.push(context(`Updated ${escapeMrkdwn(content.fetchedAt)} · personal details masked`));
  return { type: 'home', callback_id: 'loanbot_home', blocks: blocks.slice(0, 100) };
}
