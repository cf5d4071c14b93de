/**
 * What a person reads: every message about a loan names the loan and what they were doing, in the words
 * of the button they pressed; one date format; no API forms, codes or JSON.
 */
import { describe, expect, it } from 'vitest';
import { useHarness } from './use-harness.ts';
import { visibleText } from './harness.ts';
import { ASHA, CHANNEL, GOOD_PAYMENT, openPaymentByCommand } from './payment-helpers.ts';

const h = useHarness({ env: { LOANBOT_SUPERVISORS: 'U03MEERA' } });
const MEERA = 'U03MEERA';

/** Record a payment that Credgenics refuses with `status`; returns the alert in the channel. */
async function refusedPayment(loanId: string, reference: string, status: number) {
  h.credgenics.setFault({ match: { method: 'PATCH' }, status, body: { message: 'allocation month is closed' } });
  await openPaymentByCommand(h, loanId);
  await h.slack.submitView({ userId: ASHA, values: { ...GOOD_PAYMENT, reference } });
  await h.slack.submitView({ userId: ASHA });
  return h.slack.waitForMessage(CHANNEL, (m) => m.text.includes(`loan ${loanId} failed`) && visibleText(m).includes(reference), { timeoutMs: 8000 });
}

describe('messages name the loan and the operation', () => {
  it('a lookup Credgenics rejects (400) says which loan was being looked up', async () => {
    h.credgenics.setFault({ match: { method: 'GET' }, status: 400, body: { message: 'bad loan' } });
    await h.slack.slashCommand({ text: '1002', userId: ASHA, channelId: CHANNEL });
    const shown = visibleText(await h.slack.waitForEphemeral(ASHA, /bad loan/));
    expect(shown).toContain('Looking up loan 1002 in Credgenics failed');
    expect(shown).toContain('(400)');
  });

  it('a refused payment: the alert, the modal and the dismissed alert say “Recording a payment on loan …”', async () => {
    const alert = await refusedPayment('1003', 'WORDS-0001', 400);
    const text = visibleText(alert);
    expect(text).toContain('Recording a payment on loan 1003 failed');
    expect(text).toContain('Record payment'); // the button's words, not the lender's "Update Payment"
    expect(text).not.toContain('Update Payment');

    const modal = await h.slack.waitForView(ASHA, (v) => visibleText({ blocks: v.blocks }).includes('failed'));
    expect(visibleText({ blocks: modal.blocks })).toContain('Recording a payment on loan 1003 failed');
    expect(visibleText({ blocks: modal.blocks })).toContain('HTTP 400');

    await h.slack.clickButton({ messageTs: alert.ts, actionId: 'alert_dismiss', userId: MEERA, channelId: CHANNEL });
    await h.slack.waitForView(MEERA, 'alert_dismiss_reason');
    await h.slack.submitView({ userId: MEERA, values: { reason: 'paid in cash, entered by hand' } });
    await h.slack.waitFor(() => visibleText(h.slack.messages(CHANNEL).find((m) => m.ts === alert.ts)).includes('Dismissed'));
    const dismissed = h.slack.messages(CHANNEL).find((m) => m.ts === alert.ts);
    const headline = visibleText(dismissed).split('\n')[0] ?? '';
    expect(headline).toContain('recording a payment on loan 1003');
    expect(headline).toContain('paid in cash, entered by hand');
  });
});

describe('one vocabulary', () => {
  it('a payment reads the same everywhere: months as “Nov 2026”, dates as “5 Oct 2026”, “payment reference” vs loanbot’s id', async () => {
    const form = await openPaymentByCommand(h, '1001');
    const monthOptions = JSON.stringify(form.blocks);
    expect(monthOptions).not.toMatch(/\(\d{4}-\d{1,2}-01\)/); // no "Nov 2026 (2026-11-01)"
    await h.slack.submitView({ userId: ASHA, values: { ...GOOD_PAYMENT, reference: 'WORDS-0002' } });
    const review = visibleText({ blocks: h.slack.topView(ASHA)?.blocks ?? [] });
    expect(review).toContain('5 Oct 2026');
    expect(review).not.toMatch(/\d{4}-\d{1,2}-\d{2}/);
    await h.slack.submitView({ userId: ASHA });
    const done = visibleText(await h.slack.waitForMessage(CHANNEL, (m) => m.text.includes('Payment recorded on loan 1001') && m.text.includes('WORDS-0002')));
    expect(done).toContain('payment reference WORDS-0002');
    expect(done).toMatch(/loanbot id w_/);
    expect(done).not.toMatch(/\bref\b/);
    expect(done).not.toMatch(/allocation \d{4}-/);
  });

  it('/loan history says what happened in words, once', async () => {
    await openPaymentByCommand(h, '1004');
    await h.slack.submitView({ userId: ASHA, values: { ...GOOD_PAYMENT, reference: 'WORDS-0003' } });
    await h.slack.submitView({ userId: ASHA });
    await h.slack.waitForMessage(CHANNEL, (m) => m.text.includes('Payment recorded on loan 1004') && m.text.includes('WORDS-0003'));
    await h.slack.slashCommand({ text: 'history 1004', userId: ASHA, channelId: CHANNEL });
    const history = visibleText(h.slack.ephemerals(ASHA).at(-1));
    expect(history).toContain('Record payment: done');
    expect(history).not.toContain('update_payment');
    expect(history).not.toMatch(/confirmed.*confirmed/);
  });
});
