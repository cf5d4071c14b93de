/**
 * The App Home and `/loan history` say where a write stands as its alert does: a write waiting for loanbot's
 * own retry is among the failed writes waiting for a person (with Retry now), a refused one says it is
 * corrected with Edit & retry, and the history lists failed attempts and Retry presses.
 */
import { describe, expect, it } from 'vitest';
import { useHarness } from './use-harness.ts';
import { visibleText } from './harness.ts';
import { ASHA, CHANNEL, GOOD_PAYMENT, openPaymentByCommand } from './payment-helpers.ts';

// Three tries a run, a minute apart: a failed write waits for loanbot's own retry while the test looks.
const h = useHarness({ writePolicy: { triesPerRun: 3, backoffMs: () => 60_000 } });

async function pay(loanId: string, reference: string) {
  await openPaymentByCommand(h, loanId);
  await h.slack.submitView({ userId: ASHA, values: { ...GOOD_PAYMENT, reference } });
  await h.slack.submitView({ userId: ASHA });
  return h.slack.waitForMessage(CHANNEL, (m) => m.text.includes(`loan ${loanId} failed`), { timeoutMs: 10_000 });
}

/** The person's Home once it lists `reference`. */
async function home(reference: string) {
  await h.slack.openHome(ASHA);
  return h.slack.waitForHome(ASHA, (v) => visibleText({ blocks: v.blocks }).includes(reference));
}

describe('where a write stands, on the Home and in the history', () => {
  it('a write waiting for its automatic retry is a failed write waiting for you, with Retry now, saying when loanbot checks it', async () => {
    h.credgenics.setFault({ match: { method: 'PATCH' }, status: 500, times: 1 });
    await pay('1001', 'STATE-0001');
    const view = await home('STATE-0001');
    const text = visibleText({ blocks: view.blocks });
    expect(text).not.toContain('None: everything you sent went through');
    const failedPart = text.slice(text.indexOf('Failed writes waiting for you'), text.indexOf('Your recent writes'));
    expect(failedPart).toContain('STATE-0001');
    expect(failedPart).toMatch(/loanbot checks the loan at \d\d:\d\d:\d\d/);
    expect(JSON.stringify(view.blocks)).toContain('Retry now');
  });

  it('a refused write says it is corrected with Edit & retry, on the Home and in the history', async () => {
    h.credgenics.setFault({ match: { method: 'PATCH' }, status: 400, body: { message: 'payment_reference_number is not valid' }, times: 1 });
    await pay('1002', 'STATE-0002');
    const text = visibleText({ blocks: (await home('STATE-0002')).blocks });
    expect(text).toMatch(/refused by Credgenics: correct it with Edit (&amp;|&) retry/); // Slack shows &amp; as &
    expect(text).not.toMatch(/STATE-0002[^\n]*\n?[^\n]*waiting for a Retry/);
    await h.slack.slashCommand({ text: 'history 1002', userId: ASHA, channelId: CHANNEL });
    const history = visibleText(await h.slack.waitForEphemeral(ASHA, 'History of loan 1002'));
    expect(history).toMatch(/refused by Credgenics: correct it with Edit (&amp;|&) retry/);
    expect(history).not.toContain('waiting for a Retry');
  });

  it('/loan history lists the failed attempts and the presses of Retry now', async () => {
    h.credgenics.setFault({ match: { method: 'PATCH' }, status: 503, times: 2 });
    const alert = await pay('1003', 'STATE-0003');
    await h.slack.clickButton({ messageTs: alert.ts, actionId: 'alert_retry', userId: ASHA, channelId: CHANNEL });
    await h.slack.waitFor(() => h.credgenics.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith('/1003')).length === 2);
    await h.waitUntilQuiet();
    await h.slack.slashCommand({ text: 'history 1003', userId: ASHA, channelId: CHANNEL });
    const history = visibleText(await h.slack.waitForEphemeral(ASHA, 'History of loan 1003'));
    expect(history.match(/Record payment: attempt failed/g)).toHaveLength(2);
    expect(history).toContain('Retry pressed');
    expect(history).toContain('HTTP 503');
  });
});
