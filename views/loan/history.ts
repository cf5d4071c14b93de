/**
 * `/loan history <id>` (commands/history.ts): the audit trail for a loan, ephemeral, newest first, with
 * Newer/Older paging.
 */
import type { KnownBlock } from '@slack/types';
import { stampIn } from '../../src/domain/dates.ts';
import type { Services } from '../../src/services.ts';
import { HISTORY_PAGE, loanHistory, type HistoryEntry, type HistoryPage } from '../../src/usecases/loan-history.ts';
import type { WriteState } from '../../src/usecases/records.ts';
import type { ButtonListener } from '../../src/slack/listeners.ts';
import { actions, button, context, escapeMrkdwn, mention, section } from '../shared/blocks.ts';
import { WRITE_STATE_ICON } from '../alerts/messages.ts';
import { LENDER_NAMES, auditActionWords } from '../words/operations.ts';
import { writeStateWords } from '../words/write-state.ts';

/** The audit trail's outcome, minus what the action's words already say ("Record payment: done"). */
function outcomeWords(outcome: string): string {
  if (outcome === 'confirmed' || outcome === 'dismissed' || outcome === 'confirmed by the person, sending') return '';
  if (outcome === 'confirmed by reconciliation') return 'an earlier attempt had already reached the lender: nothing was sent twice';
  return outcome.replace(/^failed: /, '');
}

/** The write's state an entry already reports (so "now …" is said only when the write has moved on since). */
const STATE_OF_STEP: Partial<Record<string, WriteState>> = { confirmed: 'confirmed', failed: 'failed', dismissed: 'dismissed' };

/** One entry: when, who, what (and with which lender, when there was one: a refusal has none), and its detail. */
function entryLine(e: HistoryEntry, timeZone: string, now: number): string {
  // An entry says what happened then; "now" is the write's state today, said only when it differs.
  const said = outcomeWords(e.outcome);
  const step = e.action.split('.')[1] ?? '';
  const state = e.write && STATE_OF_STEP[step] !== e.write.state ? ` · now ${WRITE_STATE_ICON[e.write.state]} _${escapeMrkdwn(writeStateWords(e.write, { now, timeZone }))}_` : '';
  const lender = e.lender ? ` (${LENDER_NAMES[e.lender]})` : '';
  const detail = e.detail.trim() ? `\n    ${escapeMrkdwn(e.detail)}` : '';
  return `• ${escapeMrkdwn(stampIn(new Date(e.at), timeZone))} · ${mention(e.actor)} · *${escapeMrkdwn(auditActionWords(e.action))}*${lender}${said ? ` — ${escapeMrkdwn(said)}` : ''}${state}${detail}`;
}

export const HISTORY_ACTIONS = { older: 'history_older', newer: 'history_newer' } as const;

export function historyMessage(page: HistoryPage, timeZone: string, now: number): { text: string; blocks: KnownBlock[] } {
  const loan = escapeMrkdwn(page.loanId);
  if (page.total === 0) {
    const text = `loanbot has not written anything for loan ${loan} yet.`;
    return { text, blocks: [section(text)] };
  }
  // One section per entry: a long entry is clipped on its own, never hiding the ones after it.
  const blocks: KnownBlock[] = [section(`*History of loan ${loan}* (newest first)`), ...page.entries.map((e) => section(entryLine(e, timeZone, now)))];
  const buttons = [];
  if (page.offset > 0) buttons.push(button('Newer', HISTORY_ACTIONS.newer, `${page.loanId}:${Math.max(0, page.offset - HISTORY_PAGE)}`));
  if (page.offset + HISTORY_PAGE < page.total) buttons.push(button('Older', HISTORY_ACTIONS.older, `${page.loanId}:${page.offset + HISTORY_PAGE}`));
  if (buttons.length) blocks.push(actions(`history:${page.loanId}`, buttons));
  blocks.push(context(`${page.offset + 1}–${page.offset + page.entries.length} of ${page.total} · personal details masked`));
  return { text: `History of loan ${loan}`, blocks };
}

/** *Newer* / *Older*: the page in place of the one shown. */
export function turnHistoryPage(deps: Services): ButtonListener {
  return async ({ ack, action, respond }) => {
    await ack();
    const [loanId = '', offsetText = '0'] = (action.value ?? '').split(':');
    const page = await loanHistory(deps, loanId, Math.max(0, Number(offsetText) || 0));
    await respond({ response_type: 'ephemeral', replace_original: true, ...historyMessage(page, deps.config.timeZone, deps.now().getTime()) });
  };
}
