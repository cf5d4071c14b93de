import { describe, expect, it } from 'vitest';
import { useHarness } from './use-harness.ts';
import { visibleText } from './harness.ts';
import { ASHA, CHANNEL, GOOD_PAYMENT, openPaymentByCommand, patchesTo } from './payment-helpers.ts';

const h = useHarness();

const MEERA = 'U03MEERA';

async function failedPayment(loanId: string, reference: string) {
  await openPaymentByCommand(h, loanId);
  await h.slack.submitView({ userId: ASHA, values: { ...GOOD_PAYMENT, reference } });
  await h.slack.submitView({ userId: ASHA });
  return h.slack.waitForMessage(CHANNEL, (m) => m.text.includes('failed') && m.text.includes(loanId) && visibleText(m).includes(reference), { timeoutMs: 8000 });
}

function writeIdOf(alert: { blocks: unknown[] }): string {
  const id = /"value":"(w_[a-z2-7]{12})"/.exec(JSON.stringify(alert.blocks))?.[1];
  if (!id) throw new Error('no write id on the alert');
  return id;
}

describe('failed writes', () => {
  it('500 → alert here and in the alerts channel → healed → Retry → one more PATCH → alert shows success', async () => {
    h.credgenics.setFault({ match: { method: 'PATCH' }, status: 500 });
    const alert = await failedPayment('1001', 'RTY-0001');
    const text = visibleText(alert);
    for (const part of ['Credgenics', 'Record payment', '1001', 'HTTP 500', 'Internal Server Error', '<@U01ASHA>', '₹34,500', 'Retry', 'Dismiss']) {
      expect(text + JSON.stringify(alert.blocks)).toContain(part);
    }
    const copy = await h.slack.waitForMessage('C0ALERTS', /Recording a payment on loan 1001 failed/);
    expect(patchesTo(h, '1001')).toHaveLength(1);
    expect(h.credgenics.payments('1001')).toHaveLength(0);

    h.credgenics.clearFaults();
    await h.slack.clickButton({ messageTs: alert.ts, actionId: 'alert_retry', userId: MEERA, channelId: CHANNEL });
    await h.slack.waitFor(() => visibleText(h.slack.messages(CHANNEL).find((m) => m.ts === alert.ts)).includes('Resolved'));
    const updated = visibleText(h.slack.messages(CHANNEL).find((m) => m.ts === alert.ts));
    expect(updated).toMatch(/succeeded at .* \(by <@U03MEERA>\)/);
    expect(JSON.stringify(h.slack.messages(CHANNEL).find((m) => m.ts === alert.ts)?.blocks)).not.toContain('alert_retry');
    await h.slack.waitFor(() => visibleText(h.slack.messages('C0ALERTS').find((m) => m.ts === copy.ts)).includes('Resolved'));
    expect(patchesTo(h, '1001')).toHaveLength(2);
    expect(h.credgenics.payments('1001')).toHaveLength(1);
    await h.slack.waitForMessage(CHANNEL, /Payment recorded on loan 1001 in Credgenics/);
  });

  it('“applied, then timed out” → Retry reconciles and sends no second PATCH', async () => {
    h.credgenics.setFault({ match: { method: 'PATCH' }, applyThenDelayMs: 4000, times: 1 });
    const alert = await failedPayment('1002', 'REC-0001');
    expect(visibleText(alert)).toContain('timed out');
    expect(h.credgenics.payments('1002')).toHaveLength(1);
    await h.slack.clickButton({ messageTs: alert.ts, actionId: 'alert_retry', userId: ASHA, channelId: CHANNEL });
    const done = await h.slack.waitForMessage(CHANNEL, /Payment recorded on loan 1002 in Credgenics/);
    expect(visibleText(done)).toContain('nothing was sent twice');
    expect(patchesTo(h, '1002')).toHaveLength(1);
    expect(h.credgenics.payments('1002')).toHaveLength(1);
  });

  it('two people pressing Retry at once send one PATCH', async () => {
    h.credgenics.setFault({ match: { method: 'PATCH' }, status: 503, times: 1 });
    const alert = await failedPayment('1003', 'TWO-0001');
    await Promise.all([
      h.slack.clickButton({ messageTs: alert.ts, actionId: 'alert_retry', userId: ASHA, channelId: CHANNEL }),
      h.slack.clickButton({ messageTs: alert.ts, actionId: 'alert_retry', userId: MEERA, channelId: CHANNEL }),
    ]);
    await h.slack.waitForMessage(CHANNEL, /Payment recorded on loan 1003 in Credgenics/);
    await h.waitUntilQuiet();
    expect(patchesTo(h, '1003')).toHaveLength(2); // the failed one and exactly one retry
    expect(h.credgenics.payments('1003')).toHaveLength(1);
  });

  it('Dismiss asks for a reason and updates the alert in place', async () => {
    h.credgenics.setFault({ match: { method: 'PATCH' }, status: 500 });
    const alert = await failedPayment('1004', 'DIS-0001');
    await h.slack.clickButton({ messageTs: alert.ts, actionId: 'alert_dismiss', userId: MEERA, channelId: CHANNEL });
    await h.slack.waitForView(MEERA, 'alert_dismiss_reason');
    const empty = await h.slack.submitView({ userId: MEERA, values: { reason: '' } });
    expect(['errors', 'blocked']).toContain(empty.outcome);
    await h.slack.submitView({ userId: MEERA, values: { reason: 'Recorded by hand in Credgenics' } });
    await h.slack.waitFor(() => visibleText(h.slack.messages(CHANNEL).find((m) => m.ts === alert.ts)).includes('Dismissed'));
    expect(visibleText(h.slack.messages(CHANNEL).find((m) => m.ts === alert.ts))).toContain('Recorded by hand in Credgenics');
  });

  it('Retry on an alert posted before a restart still works', async () => {
    h.credgenics.setFault({ match: { method: 'PATCH' }, status: 502 });
    const alert = await failedPayment('2001', 'RST-0001');
    expect(writeIdOf(alert)).toMatch(/^w_/);
    await h.restart();
    h.credgenics.clearFaults();
    await h.slack.clickButton({ messageTs: alert.ts, actionId: 'alert_retry', userId: ASHA, channelId: CHANNEL });
    await h.slack.waitForMessage(CHANNEL, /Payment recorded on loan 2001 in Credgenics/);
  });

  it('/loan history lists what was written, newest first, with states', async () => {
    h.credgenics.setFault({ match: { method: 'PATCH' }, status: 500, times: 1 });
    const alert = await failedPayment('1004', 'HIS-0001');
    await h.slack.clickButton({ messageTs: alert.ts, actionId: 'alert_retry', userId: ASHA, channelId: CHANNEL });
    await h.slack.waitForMessage(CHANNEL, (m) => m.text.includes('Payment recorded on loan 1004 in Credgenics') && m.text.includes('HIS-0001'));
    await h.slack.slashCommand({ text: 'history 1004', userId: ASHA, channelId: CHANNEL });
    const history = visibleText(h.slack.ephemerals(ASHA).at(-1));
    const order = ['Record payment: done', 'Retry pressed', 'Record payment: failed', 'Record payment: queued to send'].map((a) => history.indexOf(a));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(history).toContain('confirmed');
  });
});

describe('reconciliation when other payments land on the same loan and month', () => {
  async function review(loanId: string, userId: string, reference: string, amount: string) {
    await h.slack.slashCommand({ text: `pay ${loanId}`, userId, channelId: CHANNEL });
    await h.slack.waitForView(userId, 'payment_form');
    await h.slack.submitView({ userId, values: { ...GOOD_PAYMENT, amount, reference } });
  }

  it('two payments at once, one fails with 500: Retry sends it, neither is lost or doubled', async () => {
    await review('1001', ASHA, 'CON-0001', '1,123');
    await review('1001', MEERA, 'CON-0002', '3,017');
    h.credgenics.setFault({ match: { method: 'PATCH' }, status: 500, times: 1 });
    await Promise.all([h.slack.submitView({ userId: ASHA }), h.slack.submitView({ userId: MEERA })]);
    const alert = await h.slack.waitForMessage(CHANNEL, (m) => m.text.includes('loan 1001 failed'));
    await h.slack.waitFor(() => h.credgenics.payments('1001').length === 1);
    await h.slack.clickButton({ messageTs: alert.ts, actionId: 'alert_retry', userId: MEERA, channelId: CHANNEL });
    await h.slack.waitFor(() => h.credgenics.payments('1001').length === 2);
    const refs = h.credgenics.payments('1001').map((p) => p.paymentReferenceNumber).sort();
    expect(refs).toEqual(['CON-0001', 'CON-0002']);
    await h.slack.waitFor(() => visibleText(h.slack.messages(CHANNEL).find((m) => m.ts === alert.ts)).includes('Resolved'));
  });

  it('a change loanbot cannot explain: asks a person, and Send anyway sends it once', async () => {
    await review('1002', ASHA, 'UNK-0001', '2,000');
    h.credgenics.setFault({ match: { method: 'PATCH' }, status: 503, times: 1 });
    await h.slack.submitView({ userId: ASHA });
    const alert = await h.slack.waitForMessage(CHANNEL, (m) => m.text.includes('loan 1002 failed'));
    // Someone records a payment on the same loan and month outside loanbot.
    const month = (h.credgenics.requests.find((r) => r.method === 'PATCH')?.query['allocation_month']) ?? '';
    const outside = await fetch(`${h.credgenics.url}/recovery/recovery/update/1002?allocation_month=${month}`, {
      method: 'PATCH',
      headers: { authenticationtoken: 'cg-e2e-auth-token-secret', role: 'collections-agent', 'content-type': 'application/json' },
      body: JSON.stringify({ final_status: 'Partially Recovered', amount_recovered: 750, payment_method: 'Cash', date_of_default: '2026-10-05' }),
    });
    expect(outside.status).toBe(200);
    await h.slack.clickButton({ messageTs: alert.ts, actionId: 'alert_retry', userId: ASHA, channelId: CHANNEL });
    await h.slack.waitFor(() => JSON.stringify(h.slack.messages(CHANNEL).find((m) => m.ts === alert.ts)?.blocks).includes('alert_send_anyway'));
    expect(visibleText(h.slack.messages(CHANNEL).find((m) => m.ts === alert.ts))).toContain('cannot tell');
    expect(h.credgenics.payments('1002').map((p) => p.paymentReferenceNumber)).not.toContain('UNK-0001');
    await h.slack.clickButton({ messageTs: alert.ts, actionId: 'alert_send_anyway', userId: MEERA, channelId: CHANNEL });
    await h.slack.waitFor(() => h.credgenics.payments('1002').some((p) => p.paymentReferenceNumber === 'UNK-0001'));
    expect(h.credgenics.payments('1002').filter((p) => p.paymentReferenceNumber === 'UNK-0001')).toHaveLength(1);
  });
});

describe('Edit & retry and history paging', () => {
  it('Edit & retry opens the payment pre-filled, sends the corrected one, and closes the old alert', async () => {
    h.credgenics.setFault({ match: { method: 'PATCH' }, status: 400, body: { message: 'payment_reference_number is not valid' }, times: 1 });
    const alert = await failedPayment('1003', 'EDIT-0001');
    // A refused payment sent as it is would be refused again: no Retry, only the form.
    expect(JSON.stringify(alert.blocks)).not.toContain('"action_id":"alert_retry"');
    await h.slack.clickButton({ messageTs: alert.ts, actionId: 'alert_edit_retry', userId: ASHA, channelId: CHANNEL });
    const form = await h.slack.waitForView(ASHA, 'payment_form');
    const formJson = JSON.stringify(form.blocks);
    expect(formJson).toContain('"initial_value":"34500"');
    expect(formJson).toContain('"initial_value":"EDIT-0001"');
    await h.slack.submitView({ userId: ASHA, values: { reference: 'EDIT-0002' } });
    await h.slack.submitView({ userId: ASHA });
    await h.slack.waitForMessage(CHANNEL, (m) => m.text.includes('Payment recorded on loan 1003 in Credgenics') && visibleText(m).includes('EDIT-0002'));
    await h.slack.waitFor(() => visibleText(h.slack.messages(CHANNEL).find((m) => m.ts === alert.ts)).includes('edited and sent again as w_'));
    expect(h.credgenics.payments('1003').map((p) => p.paymentReferenceNumber)).toEqual(['EDIT-0002']);
  });

  it('Edit & retry of a refused payment, sent unchanged once the lender takes it: no “duplicate” warning, and it is recorded', async () => {
    h.credgenics.setFault({ match: { method: 'PATCH' }, status: 400, body: { message: 'allocation month is closed' }, times: 1 });
    const alert = await failedPayment('1002', 'EDIT-0003');
    await h.slack.clickButton({ messageTs: alert.ts, actionId: 'alert_edit_retry', userId: ASHA, channelId: CHANNEL });
    await h.slack.waitForView(ASHA, 'payment_form');
    const review = await h.slack.submitView({ userId: ASHA });
    const reviewText = visibleText({ blocks: review.viewAfter?.blocks });
    expect(reviewText).toContain('You are about to record');
    expect(reviewText).not.toMatch(/duplicate|already recorded|anyway/i);
    await h.slack.submitView({ userId: ASHA });
    await h.slack.waitForMessage(CHANNEL, (m) => m.text.includes('Payment recorded on loan 1002 in Credgenics') && visibleText(m).includes('EDIT-0003'));
    expect(h.credgenics.payments('1002').map((p) => p.paymentReferenceNumber)).toEqual(['EDIT-0003']);
  });

  it('pages /loan history with Older and Newer', async () => {
    for (let i = 0; i < 4; i++) {
      h.credgenics.setFault({ match: { method: 'PATCH' }, status: 500 });
      const alert = await failedPayment('2002', `PAGE-000${i}`);
      await h.slack.clickButton({ messageTs: alert.ts, actionId: 'alert_dismiss', userId: MEERA, channelId: CHANNEL });
      await h.slack.waitForView(MEERA, 'alert_dismiss_reason');
      await h.slack.submitView({ userId: MEERA, values: { reason: 'paged' } });
    }
    await h.slack.slashCommand({ text: 'history 2002', userId: ASHA, channelId: CHANNEL });
    const first = h.slack.ephemerals(ASHA).at(-1)!;
    expect(visibleText(first)).toMatch(/1–10 of \d+/);
    await h.slack.clickButton({ messageTs: first.ts, actionId: 'history_older', userId: ASHA, channelId: CHANNEL });
    await h.slack.waitFor(() => /11–\d+ of \d+/.test(visibleText(h.slack.ephemerals(ASHA).at(-1))));
    const second = h.slack.ephemerals(ASHA).at(-1)!;
    await h.slack.clickButton({ messageTs: second.ts, actionId: 'history_newer', userId: ASHA, channelId: CHANNEL });
    await h.slack.waitFor(() => /1–10 of \d+/.test(visibleText(h.slack.ephemerals(ASHA).at(-1))));
  });
});
