/**
 * A failed Update in Apollo is sent again only by a supervisor: Retry now and Edit & retry need the role of
 * the write they send again, and an agent pressing either on an Apollo alert is refused with nothing sent.
 */
import { describe, expect, it } from 'vitest';
import type { StoredView } from '../../dev/slack-standin/index.ts';
import { visibleText } from './harness.ts';
import { useApolloHarness } from './use-harness.ts';

const ASHA = 'U01ASHA'; // agent
const MEERA = 'U03MEERA'; // supervisor
const CHANNEL = 'C0COLLECT';
const { h, apollo } = useApolloHarness({ env: { LOANBOT_AGENTS: ASHA, LOANBOT_SUPERVISORS: MEERA } });

const updates = () => apollo().requests.filter((r) => r.endpoint === 'update');
const viewText = (view: StoredView | undefined) => visibleText({ blocks: view?.blocks });
const selectedType = (view: StoredView) => /"initial_option":\{[^}]*\},"value":"(\w+)"/.exec(JSON.stringify(view.blocks))?.[1];
const lastEphemeral = (userId: string) => visibleText(h.slack.ephemerals(userId).at(-1));

/** Meera updates `loanId` in Apollo (type PL) and confirms; returns the alert once it failed. */
async function failedUpdate(loanId: string) {
  const mark = h.slack.lastMessage(CHANNEL)?.ts;
  await h.slack.slashCommand({ text: `apollo ${loanId}`, userId: MEERA, channelId: CHANNEL });
  const form = await h.slack.waitForView(MEERA, (v) => v.callback_id === 'apollo_form' && viewText(v).includes(loanId));
  await h.slack.selectOption({ userId: MEERA, viewId: form.id, actionId: 'apollo_loan_type', value: 'PL' });
  await h.slack.waitForView(MEERA, (v) => v.callback_id === 'apollo_form' && selectedType(v) === 'PL');
  const review = await h.slack.submitView({ userId: MEERA, values: { disbursement_date: '2026-01-05', first_date: '2026-02-04' } });
  expect(review.viewAfter?.callback_id).toBe('apollo_review');
  await h.slack.submitView({ userId: MEERA });
  return h.slack.waitForMessage(CHANNEL, (m) => m.text.includes(`Updating loan ${loanId} failed: Apollo answered`), { since: mark, timeoutMs: 12_000 });
}

describe('sending a failed Update in Apollo again', () => {
  it('Retry now is refused to an agent and sends nothing; a supervisor’s goes through', async () => {
    apollo().setFault({ match: { path: 'update' }, status: 504, times: 1 });
    const alert = await failedUpdate('Tesst001');
    expect(updates()).toHaveLength(1);

    const before = h.slack.ephemerals(ASHA).length;
    await h.slack.clickButton({ messageTs: alert.ts, actionId: 'alert_retry', userId: ASHA, channelId: CHANNEL });
    await h.slack.waitFor(() => (h.slack.ephemerals(ASHA).length > before ? true : undefined), { description: 'a reply to the agent who pressed it' });
    expect(lastEphemeral(ASHA)).toContain('only a supervisor (LOANBOT_SUPERVISORS) can do that');
    await h.waitUntilQuiet({ quietMs: 300 });
    expect(updates()).toHaveLength(1);

    await h.slack.clickButton({ messageTs: alert.ts, actionId: 'alert_retry', userId: MEERA, channelId: CHANNEL });
    await h.slack.waitFor(() => visibleText(h.slack.messages(CHANNEL).find((m) => m.ts === alert.ts)).includes('Resolved'), { timeoutMs: 5_000 });
    expect(updates()).toHaveLength(2);
  }, 30_000);

  it('Edit & retry is refused to an agent and opens nothing; a supervisor gets the form', async () => {
    const alert = await failedUpdate('APL-OLD-001'); // refused by Apollo: past its 3-day window
    expect(JSON.stringify(alert.blocks)).toContain('"action_id":"alert_edit_retry"');

    const before = h.slack.ephemerals(ASHA).length;
    await h.slack.clickButton({ messageTs: alert.ts, actionId: 'alert_edit_retry', userId: ASHA, channelId: CHANNEL });
    await h.slack.waitFor(() => (h.slack.ephemerals(ASHA).length > before ? true : undefined), { description: 'a reply to the agent who pressed it' });
    expect(lastEphemeral(ASHA)).toContain('only a supervisor (LOANBOT_SUPERVISORS) can do that');
    expect(h.slack.openViews(ASHA)).toHaveLength(0);

    const open = h.slack.topView(MEERA)?.id;
    await h.slack.clickButton({ messageTs: alert.ts, actionId: 'alert_edit_retry', userId: MEERA, channelId: CHANNEL });
    await h.slack.waitForView(MEERA, (v) => v.callback_id === 'apollo_form' && v.id !== open);
    expect(updates()).toHaveLength(1);
  });
});
