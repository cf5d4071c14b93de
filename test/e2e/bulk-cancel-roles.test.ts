/**
 * Who may stop a batch, or send its failed rows again: the person who started it, or a supervisor — not
 * another agent, even one who may start batches of their own. A cancelled batch sends nothing more.
 */
import { describe, expect, it } from 'vitest';
import { visibleText } from './harness.ts';
import { useHarness } from './use-harness.ts';
import { ASHA, CHANNEL, HEADER, MONTH, batchMessageOf, reviewOf, waitForBatchEnd } from './bulk-helpers.ts';

const DEV = 'U04DEV';
const MEERA = 'U03MEERA';
const h = useHarness({ env: { CREDGENICS_WRITES_PER_SECOND: '2', LOANBOT_AGENTS: `${ASHA},${DEV}`, LOANBOT_SUPERVISORS: MEERA } });

function rows(n: number, tag: string): string {
  return [HEADER, ...Array.from({ length: n }, (_, i) => `${1001 + (i % 4)},${100 + i},Closed,Cash,${MONTH.iso},,${tag}-${i}`)].join('\n');
}
const patches = () => h.credgenics.requests.filter((r) => r.method === 'PATCH');

/**
 * A click on the batch message's *Retry failed rows* as Slack would send it from a copy of the message
 * shown before (a stale screen, or a forged request): the button need not be on the message any more.
 */
async function pressRetry(userId: string, batchId: string, messageTs: string) {
  const payload = {
    type: 'block_actions',
    user: { id: userId, name: userId, team_id: 'T0LOANBOT' },
    team: { id: 'T0LOANBOT' },
    api_app_id: 'A0LOANBOT',
    trigger_id: h.slack.issueTriggerId(userId),
    container: { type: 'message', message_ts: messageTs, channel_id: CHANNEL, is_ephemeral: false },
    channel: { id: CHANNEL, name: 'collections' },
    response_url: h.slack.issueResponseUrl({ userId, channelId: CHANNEL }),
    actions: [{ action_id: 'bulk_retry', block_id: `bulk:${batchId}`, type: 'button', value: batchId, text: { type: 'plain_text', text: 'Retry failed rows' }, action_ts: '1.2' }],
  };
  const result = await h.slack.sendRaw({ body: `payload=${encodeURIComponent(JSON.stringify(payload))}`, contentType: 'application/x-www-form-urlencoded' });
  expect(result.status).toBe(200);
}

/** A finished batch of `n` rows whose first `failing` rows Credgenics refused. */
async function batchWithFailures(fileName: string, n: number, failing: number) {
  h.credgenics.setFault({ match: { method: 'PATCH' }, status: 400, body: { message: 'payment_method is locked for this loan' }, times: failing });
  await reviewOf(h, fileName, rows(n, fileName.slice(0, 2).toUpperCase()));
  const { batchId } = JSON.parse(h.slack.topView(ASHA)?.private_metadata ?? '{}') as { batchId: string };
  await h.slack.submitView({ userId: ASHA });
  const end = await waitForBatchEnd(h, fileName, / done/);
  expect(visibleText(end)).toContain(`*${failing}* failed`);
  return { batchId, end };
}

describe('who may act on a bulk batch', { timeout: 30_000 }, () => {
  it('refuses another agent, and lets a supervisor stop it', async () => {
    await reviewOf(h, 'theirs.csv', rows(10, 'TH'));
    await h.slack.submitView({ userId: ASHA });
    const message = await h.slack.waitFor(() => (patches().length >= 1 ? batchMessageOf(h, 'theirs.csv') : undefined));

    await h.slack.clickButton({ messageTs: message.ts, actionId: 'bulk_cancel', userId: DEV, channelId: CHANNEL });
    const refused = await h.slack.waitFor(() => h.slack.ephemerals(DEV).find((m) => m.text.includes('Only the person who started this batch')));
    expect(refused.text).toContain('Nothing was cancelled');
    // The batch message's next update (the batch goes on) still does not say it was cancelled.
    const updates = () => h.slack.calls.filter((c) => c.method === 'chat.update' && c.args['ts'] === message.ts).length;
    const before = updates();
    await h.slack.waitFor(() => updates() > before, { timeoutMs: 10_000, description: 'the batch message updated again' });
    expect(visibleText(batchMessageOf(h, 'theirs.csv'))).not.toMatch(/cancelled by/);

    await h.slack.clickButton({ messageTs: message.ts, actionId: 'bulk_cancel', userId: MEERA, channelId: CHANNEL });
    const end = await waitForBatchEnd(h, 'theirs.csv', /cancelled by/);
    expect(visibleText(end)).toContain('<@U03MEERA>');
    expect(patches().length).toBeLessThan(10);
  });

  it('Retry failed rows of a cancelled batch sends nothing and tells the person why', async () => {
    // The first row is refused; Asha cancels while the rest wait, then presses Retry from the screen she had.
    h.credgenics.setFault({ match: { method: 'PATCH' }, status: 400, body: { message: 'payment_method is locked for this loan' }, times: 1 });
    await reviewOf(h, 'stopped.csv', rows(8, 'ST'));
    const { batchId } = JSON.parse(h.slack.topView(ASHA)?.private_metadata ?? '{}') as { batchId: string };
    await h.slack.submitView({ userId: ASHA });
    const message = await h.slack.waitFor(() => {
      const m = batchMessageOf(h, 'stopped.csv');
      return m && visibleText(m).includes('*1* failed') && visibleText(m).includes('Retry failed rows') ? m : undefined;
    }, { timeoutMs: 10_000, description: 'the batch message with a failed row' });
    await h.slack.clickButton({ messageTs: message.ts, actionId: 'bulk_cancel', userId: ASHA, channelId: CHANNEL });
    await waitForBatchEnd(h, 'stopped.csv', /cancelled by/);
    await h.waitUntilQuiet({ quietMs: 500 });
    const sent = patches().length;
    expect(sent).toBeLessThan(8);

    await pressRetry(ASHA, batchId, message.ts);
    const said = await h.slack.waitForEphemeral(ASHA, /was cancelled/, { timeoutMs: 5_000 });
    expect(said.text).toContain('Nothing was sent');
    await h.waitUntilQuiet({ quietMs: 1_500 });
    expect(patches()).toHaveLength(sent);
  });

  it('Retry failed rows is refused to another agent; the person who started the batch, or a supervisor, may', async () => {
    const { batchId, end } = await batchWithFailures('colleague.csv', 3, 2);
    expect(patches()).toHaveLength(3);
    await pressRetry(DEV, batchId, end.ts);
    const refused = await h.slack.waitForEphemeral(DEV, /can retry its failed rows/, { timeoutMs: 5_000 });
    expect(refused.text).toContain('Only the person who started this batch, or a supervisor');
    expect(refused.text).toContain('Nothing was sent');
    await h.waitUntilQuiet({ quietMs: 1_500 });
    expect(patches()).toHaveLength(3);

    await h.slack.clickButton({ messageTs: end.ts, actionId: 'bulk_retry', userId: MEERA, channelId: CHANNEL });
    await h.slack.waitForEphemeral(MEERA, /Sending 2 failed rows again/, { timeoutMs: 5_000 });
    await h.slack.waitFor(() => (patches().length === 5 ? true : undefined), { timeoutMs: 10_000, description: 'the two failed rows sent again' });
  });
});
