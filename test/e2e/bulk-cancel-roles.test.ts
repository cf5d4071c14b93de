/**
 * Who may stop a batch: the person who started it, or a supervisor — not another agent, even one who may
 * start batches of their own.
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

describe('cancelling a bulk batch', () => {
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
});
