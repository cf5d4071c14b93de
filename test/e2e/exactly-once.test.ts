/**
 * The four ways an earlier loanbot recorded a payment twice, each driven as a person (or Slack, or an
 * operator) would: through the stand-in, against the sandbox Credgenics, counting what Credgenics received
 * and what it applied.
 */
import { describe, expect, it } from 'vitest';
import type { WritePolicy } from '../../src/domain/write-policy.ts';
import { useHarness } from './use-harness.ts';
import { FAST_WRITES, visibleText } from './harness.ts';
import { bootFromEnv } from '../../dev/kit/boot.ts';
import { loanbotEnv } from '../../dev/kit/env.ts';
import { ASHA, CHANNEL, GOOD_PAYMENT, openPaymentByCommand, patchesTo } from './payment-helpers.ts';

// Settle window 2.5 s: longer than the late applies below (the sandbox holds them 2 s), as in production
// it is longer than a lender's queue holds a request.
const h = useHarness({ writePolicy: { settleMs: 2_500, leaseMs: 600 } });

async function confirmPayment(loanId: string, reference: string) {
  await openPaymentByCommand(h, loanId);
  await h.slack.submitView({ userId: ASHA, values: { ...GOOD_PAYMENT, reference } });
  return h.slack.submitView({ userId: ASHA });
}

const failedFor = (loanId: string) => (m: { text: string }) => m.text.includes(`loan ${loanId} failed`);

describe('a payment is recorded once', () => {
  it('Credgenics applies it and answers 200 with an unreadable body: Retry finds it, sends nothing', async () => {
    h.credgenics.setFault({ match: { method: 'PATCH' }, applyThenDelayMs: 0, status: 200, body: '<html><body>502 Bad Gateway</body></html>', times: 1 });
    await confirmPayment('1001', 'HTML-0001');
    const alert = await h.slack.waitForMessage(CHANNEL, failedFor('1001'), { timeoutMs: 10_000 });
    expect(h.credgenics.payments('1001')).toHaveLength(1);

    const click = await h.slack.clickButton({ messageTs: alert.ts, actionId: 'alert_retry', userId: ASHA, channelId: CHANNEL });
    expect(click.status).toBe(200);
    const done = await h.slack.waitForMessage(CHANNEL, /Payment recorded on loan 1001 in Credgenics/, { timeoutMs: 10_000 });
    expect(visibleText(done)).toContain('nothing was sent twice');
    expect(patchesTo(h, '1001')).toHaveLength(1);
    expect(h.credgenics.payments('1001')).toHaveLength(1);
  });

  it('Credgenics applies it after loanbot stopped waiting: Retry is told when the loan is checked, and nothing is sent again', async () => {
    h.credgenics.setFault({ match: { method: 'PATCH' }, applyLateMs: 2_000, times: 1 });
    await confirmPayment('1002', 'LATE-0001');
    const alert = await h.slack.waitForMessage(CHANNEL, failedFor('1002'), { timeoutMs: 10_000 });
    expect(visibleText(alert)).toContain('timed out');
    expect(h.credgenics.payments('1002')).toHaveLength(0); // not yet: still in Credgenics' queue

    await h.slack.clickButton({ messageTs: alert.ts, actionId: 'alert_retry', userId: ASHA, channelId: CHANNEL });
    const told = await h.slack.waitFor(() => h.slack.ephemerals(ASHA).find((m) => m.text.includes('checking loan 1002 now')));
    expect(told.text).toMatch(/may still be on its way to Credgenics\. loanbot is checking loan 1002 now: .*final check at \d\d:\d\d:\d\d and sends it only if it is still missing then/);

    const done = await h.slack.waitForMessage(CHANNEL, /Payment recorded on loan 1002 in Credgenics/, { timeoutMs: 10_000 });
    expect(visibleText(done)).toContain('nothing was sent twice');
    expect(patchesTo(h, '1002')).toHaveLength(1);
    expect(h.credgenics.payments('1002')).toHaveLength(1);
  });

  it('an automatic retry waits for the settle window, so a late apply is found, not doubled', async () => {
    h.credgenics.setFault({ match: { method: 'PATCH' }, applyLateMs: 2_000, times: 1 });
    const { stop } = await withPolicy({ triesPerRun: 3 });
    try {
      await confirmPayment('1003', 'LATE-0002');
      const first = await h.slack.waitForMessage(CHANNEL, failedFor('1003'), { timeoutMs: 10_000 });
      expect(visibleText(first)).toMatch(/may still be on its way to Credgenics, so loanbot makes its final check of loan 1003 at \d\d:\d\d:\d\d/);
      await h.slack.waitForMessage(CHANNEL, /Payment recorded on loan 1003 in Credgenics/, { timeoutMs: 10_000 });
      expect(patchesTo(h, '1003')).toHaveLength(1);
      expect(h.credgenics.payments('1003')).toHaveLength(1);
    } finally {
      await stop();
    }
  });

  it('a second process on the same data directory leaves the first one’s write alone', async () => {
    // Applied, then answered after 1.2 s: longer than the 600 ms lease, which the first instance renews.
    h.credgenics.setFault({ match: { method: 'PATCH' }, applyThenDelayMs: 1_200, times: 1 });
    await confirmPayment('1004', 'TWIN-0001');
    await h.slack.waitFor(() => patchesTo(h, '1004').length === 1);
    const second = await startSecondInstance();
    try {
      await h.slack.waitForMessage(CHANNEL, /Payment recorded on loan 1004 in Credgenics/, { timeoutMs: 10_000 });
      // Quiet for longer than the 600 ms lease: the second instance would have claimed the write by now.
      await h.waitUntilQuiet({ quietMs: 1_000 });
      expect(h.slack.messages(CHANNEL).some(failedFor('1004'))).toBe(false);
      expect(patchesTo(h, '1004')).toHaveLength(1);
      expect(h.credgenics.payments('1004')).toHaveLength(1);
    } finally {
      await second.stop(2_000);
    }
  });

  it('Record anyway, clicked twice and retried by Slack, records the second payment once', async () => {
    const values = { ...GOOD_PAYMENT, amount: '2,222', reference: 'AGAIN-0001' };
    await openPaymentByCommand(h, '1001');
    await h.slack.submitView({ userId: ASHA, values });
    await h.slack.submitView({ userId: ASHA });
    await h.slack.waitForMessage(CHANNEL, /Payment recorded on loan 1001 in Credgenics/);

    await openPaymentByCommand(h, '1001');
    const review = await h.slack.submitView({ userId: ASHA, values });
    expect(review.viewAfter?.submit?.text).toBe('Record anyway');
    const [a, b] = await Promise.all([h.slack.submitView({ userId: ASHA }), h.slack.submitView({ userId: ASHA })]);
    if (a.request) await h.slack.resend(a.request, 1);
    if (b.request) await h.slack.resend(b.request, 2);
    await h.slack.waitFor(() => h.credgenics.payments('1001').length === 2);
    await h.waitUntilQuiet();
    expect(patchesTo(h, '1001')).toHaveLength(2);
    const said = [a, b].map((r) => visibleText({ blocks: r.viewAfter?.blocks })).join('\n');
    expect(said).toContain('already being recorded');
  });
});

/** Another loanbot on the harness's stand-in, sandbox and SQLite directory, with this pacing. */
async function startAnother(policy: Partial<WritePolicy>, env: Record<string, string> = {}) {
  const base = loanbotEnv({ slack: h.slack, credgenics: h.credgenics, dataDir: h.dataDir, credgenicsTimeoutMs: 1_500, logLevel: 'silent' }, env);
  return bootFromEnv(base, { writePolicy: { ...FAST_WRITES, settleMs: 2_500, leaseMs: 600, ...policy } }).start();
}

/** A second loanbot on the same SQLite directory, as a rolling deploy starts one. */
function startSecondInstance() {
  return startAnother({});
}

/** Restart the harness's loanbot with other pacing for one test; `stop` puts the usual one back. */
async function withPolicy(policy: Partial<WritePolicy>) {
  await h.app.stop(2_000);
  const app = await startAnother(policy, { LOANBOT_ALERTS_CHANNEL: 'C0ALERTS' });
  h.slack.setAppUrl(app.eventsUrl);
  return {
    stop: async () => {
      await app.stop(2_000);
      await h.restart();
    },
  };
}
