/**
 * Retry that retries, with the settle window at its production length (120 s) and loanbot's clock in the
 * test's hands: an attempt the lender answered (500, 503, an unreadable 2xx) is checked and sent again at
 * once; only one that may still be on its way (a gateway's 504, a connection dropped after the body went
 * out, an instance that stopped mid-send) waits for its final check, and says so with one time everywhere.
 * A person's Retry is a run of its own; an automatic retry's success says loanbot did it; a check that
 * could not read the loan is no verdict. Nothing here sleeps to let loanbot's time pass.
 */
import { describe, expect, it } from 'vitest';
import { useHarness } from './use-harness.ts';
import { visibleText } from './harness.ts';
import { ASHA, CHANNEL, GOOD_PAYMENT, openPaymentByCommand, patchesTo } from './payment-helpers.ts';

let offsetMs = 0;
const now = () => new Date(Date.now() + offsetMs);
/** Moves loanbot's clock (the worker polls every 50 ms, so what falls due is picked up at once). */
const advance = (ms: number) => {
  offsetMs += ms;
};

const SETTLE_MS = 120_000;
const h = useHarness({ now, writePolicy: { settleMs: SETTLE_MS, leaseMs: 30_000 }, env: { CREDGENICS_TIMEOUT_MS: '10000' } });

const MEERA = 'U03MEERA';
const failedFor = (loanId: string) => (m: { text: string }) => m.text.includes(`loan ${loanId} failed`);
const alertNow = (ts: string) => h.slack.messages(CHANNEL).find((m) => m.ts === ts);

async function confirmPayment(loanId: string, reference: string, amount = GOOD_PAYMENT.amount) {
  await openPaymentByCommand(h, loanId);
  await h.slack.submitView({ userId: ASHA, values: { ...GOOD_PAYMENT, amount, reference } });
  await h.slack.submitView({ userId: ASHA });
}

async function failedPayment(loanId: string, reference: string) {
  await confirmPayment(loanId, reference);
  return h.slack.waitForMessage(CHANNEL, failedFor(loanId), { timeoutMs: 10_000 });
}

async function pressRetry(alertTs: string, userId = ASHA) {
  const since = h.slack.ephemerals(userId).at(-1)?.ts;
  const click = await h.slack.clickButton({ messageTs: alertTs, actionId: 'alert_retry', userId, channelId: CHANNEL });
  expect(click.status).toBe(200);
  return since;
}

const recorded = (loanId: string, reference: string) => (m: { text: string }) => m.text.includes(`Payment recorded on loan ${loanId} in Credgenics`) && m.text.includes(reference);

describe('a finished attempt: Retry checks the loan and sends at once', () => {
  it('Credgenics answered 500 and applied nothing: Retry sends it again within seconds, once', async () => {
    h.credgenics.setFault({ match: { method: 'PATCH' }, status: 500, times: 1 });
    const alert = await failedPayment('1001', 'FIN-0001');
    expect(visibleText(alert)).not.toContain('may still');
    const since = await pressRetry(alert.ts);
    await h.slack.waitForMessage(CHANNEL, recorded('1001', 'FIN-0001'), { timeoutMs: 10_000 });
    expect(patchesTo(h, '1001')).toHaveLength(2);
    expect(h.credgenics.payments('1001').filter((p) => p.paymentReferenceNumber === 'FIN-0001')).toHaveLength(1);
    // The clicker is not told of any wait.
    expect(h.slack.ephemerals(ASHA).filter((m) => !since || m.ts > since).map((m) => m.text).join('\n')).not.toMatch(/final check|at \d\d:\d\d:\d\d/);
  });

  it('Credgenics applied it, then answered 500: Retry finds it at once and sends nothing', async () => {
    h.credgenics.setFault({ match: { method: 'PATCH' }, status: 500, applyThenDelayMs: 0, times: 1 });
    const alert = await failedPayment('1002', 'FIN-0002');
    expect(h.credgenics.payments('1002')).toHaveLength(1);
    await pressRetry(alert.ts);
    const done = await h.slack.waitForMessage(CHANNEL, recorded('1002', 'FIN-0002'), { timeoutMs: 10_000 });
    expect(visibleText(done)).toContain('nothing was sent twice');
    expect(patchesTo(h, '1002')).toHaveLength(1);
  });

  it('a gateway applied it and answered 429 Retry-After: 1: checked before anything is sent again', async () => {
    h.credgenics.setFault({ match: { method: 'PATCH' }, status: 429, headers: { 'retry-after': '1' }, applyThenDelayMs: 0, times: 1 });
    const alert = await failedPayment('1003', 'FIN-0003');
    await pressRetry(alert.ts);
    await h.slack.waitForMessage(CHANNEL, recorded('1003', 'FIN-0003'), { timeoutMs: 10_000 });
    expect(patchesTo(h, '1003')).toHaveLength(1);
    expect(h.credgenics.payments('1003')).toHaveLength(1);
  });
});

describe('an attempt that may still be on its way', () => {
  it('a gateway answered 504 and Credgenics applies it later: Retry checks at once, says when the final check is (one time, alert and reply), and never sends it again', async () => {
    h.credgenics.setFault({ match: { method: 'PATCH' }, status: 504, applyAfterAnswerMs: 1_500, times: 1 });
    const alert = await failedPayment('1004', 'WAY-0001');
    const since = await pressRetry(alert.ts);
    const reply = await h.slack.waitForEphemeral(ASHA, 'final check', since ? { since } : {});
    const at = /final check at (\d\d:\d\d:\d\d)/.exec(reply.text)?.[1];
    expect(at).toBeDefined();
    // The alert, updated in place after the check, names the same time.
    await h.slack.waitFor(() => visibleText(alertNow(alert.ts)).includes(`final check of loan 1004 at ${at}`));
    expect(patchesTo(h, '1004')).toHaveLength(1);

    await h.slack.waitFor(() => h.credgenics.payments('1004').length === 1, { timeoutMs: 5_000 }); // it lands late
    advance(SETTLE_MS);
    const done = await h.slack.waitForMessage(CHANNEL, recorded('1004', 'WAY-0001'), { timeoutMs: 10_000 });
    expect(visibleText(done)).toContain('nothing was sent twice');
    expect(patchesTo(h, '1004')).toHaveLength(1);
    expect(h.credgenics.payments('1004')).toHaveLength(1);
  });

  it('504, and the payment has landed by the time a person presses Retry: confirmed at once, inside the window', async () => {
    h.credgenics.setFault({ match: { method: 'PATCH' }, status: 504, applyAfterAnswerMs: 0, times: 1 });
    const alert = await failedPayment('2001', 'WAY-0002');
    await h.slack.waitFor(() => h.credgenics.payments('2001').length === 1);
    await pressRetry(alert.ts);
    await h.slack.waitForMessage(CHANNEL, recorded('2001', 'WAY-0002'), { timeoutMs: 10_000 });
    await h.slack.waitFor(() => visibleText(alertNow(alert.ts)).includes('Resolved'));
    expect(patchesTo(h, '2001')).toHaveLength(1);
  });

  it('the connection drops after the body went out: nothing is sent again before the final check, then it is sent once', async () => {
    h.credgenics.setFault({ match: { method: 'PATCH' }, hangUp: 'unapplied', times: 1 });
    const alert = await failedPayment('2002', 'WAY-0003');
    expect(visibleText(alert)).toMatch(/may still be on its way to Credgenics: \*Retry\* checks loan 2002 at once, and nothing is sent again before the final check at \d\d:\d\d:\d\d/);
    await pressRetry(alert.ts);
    await h.slack.waitFor(() => visibleText(alertNow(alert.ts)).includes('final check of loan 2002'));
    await h.waitUntilQuiet();
    expect(patchesTo(h, '2002')).toHaveLength(1);
    advance(SETTLE_MS);
    await h.slack.waitForMessage(CHANNEL, recorded('2002', 'WAY-0003'), { timeoutMs: 10_000 });
    expect(patchesTo(h, '2002')).toHaveLength(2);
    expect(h.credgenics.payments('2002')).toHaveLength(1);
  });

  it('the final check cannot read the loan (500): no verdict, nobody is asked; checked again and sent', async () => {
    h.credgenics.setFault({ match: { method: 'PATCH' }, hangUp: 'unapplied', times: 1 });
    const alert = await failedPayment('1001', 'WAY-0004');
    await pressRetry(alert.ts);
    await h.slack.waitFor(() => visibleText(alertNow(alert.ts)).includes('final check of loan 1001'));
    await h.waitUntilQuiet();
    h.credgenics.setFault({ match: { method: 'GET' }, status: 500, times: 1 });
    const reads = h.credgenics.requests.filter((r) => r.method === 'GET').length;
    advance(SETTLE_MS);
    await h.slack.waitFor(() => h.credgenics.requests.filter((r) => r.method === 'GET').length > reads); // the final check, answered 500
    await h.waitUntilQuiet();
    const text = visibleText(alertNow(alert.ts));
    expect(text).not.toMatch(/cannot tell|Send anyway|could not tell/);
    expect(JSON.stringify(alertNow(alert.ts)?.blocks)).not.toContain('alert_send_anyway');
    await h.slack.waitForMessage(CHANNEL, recorded('1001', 'WAY-0004'), { timeoutMs: 10_000 });
    expect(h.credgenics.payments('1001').filter((p) => p.paymentReferenceNumber === 'WAY-0004')).toHaveLength(1);
  });
});

describe('reconciliation tells a branch receipt of the same amount from loanbot’s own payment', () => {
  /** Someone records a payment straight in Credgenics, on the loan and month loanbot's payment is for. */
  async function recordOutside(loanId: string, body: Record<string, unknown>) {
    const month = h.credgenics.requests.find((r) => r.method === 'PATCH' && r.path.endsWith(`/${loanId}`))?.query['allocation_month'] ?? '';
    const outside = await fetch(`${h.credgenics.url}/recovery/recovery/update/${loanId}?allocation_month=${month}`, {
      method: 'PATCH',
      headers: { authenticationtoken: 'cg-e2e-auth-token-secret', role: 'collections-agent', 'content-type': 'application/json' },
      body: JSON.stringify({ final_status: 'Partially Recovered', amount_recovered: 34_500, date_of_default: '2026-10-05', ...body }),
    });
    expect(outside.status).toBe(200);
  }

  async function inDoubtThenOutside(loanId: string, reference: string, body: Record<string, unknown>) {
    h.credgenics.setFault({ match: { method: 'PATCH' }, status: 504, times: 1 }); // never applied
    const alert = await failedPayment(loanId, reference);
    await recordOutside(loanId, body); // inside loanbot's settle window
    await pressRetry(alert.ts);
    await h.slack.waitFor(() => visibleText(alertNow(alert.ts)).includes(`final check of loan ${loanId}`));
    advance(SETTLE_MS);
    return alert;
  }

  it('same amount, another payment method: not taken for loanbot’s payment; a person is asked, and nothing is lost', async () => {
    const alert = await inDoubtThenOutside('1003', 'BR-0001', { payment_method: 'Cash' });
    await h.slack.waitFor(() => JSON.stringify(alertNow(alert.ts)?.blocks).includes('alert_send_anyway'), { timeoutMs: 10_000 });
    expect(h.slack.messages(CHANNEL).some(recorded('1003', 'BR-0001'))).toBe(false);
  });

  it('a credit line, same amount, method and status, another reference: not taken for loanbot’s payment', async () => {
    const alert = await inDoubtThenOutside('2001', 'BR-0002', { payment_method: 'Online', client_customer_id: '189004', payment_reference_number: 'BRANCH-77' });
    await h.slack.waitFor(() => JSON.stringify(alertNow(alert.ts)?.blocks).includes('alert_send_anyway'), { timeoutMs: 10_000 });
    expect(h.slack.messages(CHANNEL).some(recorded('2001', 'BR-0002'))).toBe(false);
  });

  it('no reference to tell by: confirmed, saying it was matched by amount', async () => {
    h.credgenics.setFault({ match: { method: 'PATCH' }, status: 504, applyAfterAnswerMs: 0, times: 1 });
    await openPaymentByCommand(h, '1004');
    await h.slack.submitView({ userId: ASHA, values: { ...GOOD_PAYMENT, amount: '4,321', reference: '' } });
    await h.slack.submitView({ userId: ASHA });
    const alert = await h.slack.waitForMessage(CHANNEL, failedFor('1004'), { timeoutMs: 10_000 });
    await h.slack.waitFor(() => h.credgenics.payments('1004').length === 1);
    await pressRetry(alert.ts);
    const done = await h.slack.waitForMessage(CHANNEL, (m) => m.text.includes('Payment recorded on loan 1004') && m.text.includes('₹4,321'), { timeoutMs: 10_000 });
    expect(visibleText(done)).toContain('matched by amount, method and status');
  });
});

describe('a take-over is said at once', () => {
  it('the instance sending a payment stops mid-send: the next one says so in the channel at the claim, with the final check time, and never doubles it', async () => {
    h.credgenics.setFault({ match: { method: 'PATCH' }, applyLateMs: 4_000, times: 1 });
    await confirmPayment('1002', 'TAKE-0001');
    await h.slack.waitFor(() => patchesTo(h, '1002').length === 1);
    await h.restart(); // the instance stops while Credgenics holds its PATCH
    advance(31_000); // its 30 s lease runs out
    const said = await h.slack.waitForMessage(CHANNEL, (m) => m.text.includes('loan 1002') && visibleText(m).includes('instance sending it stopped'), { timeoutMs: 10_000 });
    expect(visibleText(said)).toMatch(/final check of loan 1002 at \d\d:\d\d:\d\d and sends it again only if the payment is not there/);
    expect(patchesTo(h, '1002')).toHaveLength(1);

    await h.slack.waitFor(() => h.credgenics.payments('1002').length === 1, { timeoutMs: 8_000 });
    advance(SETTLE_MS);
    await h.slack.waitForMessage(CHANNEL, recorded('1002', 'TAKE-0001'), { timeoutMs: 10_000 });
    expect(patchesTo(h, '1002')).toHaveLength(1);
    expect(h.credgenics.payments('1002')).toHaveLength(1);
  }, 30_000);
});

describe('a person’s Retry is a run of its own', () => {
  it('two presses of Retry now never use up the automatic tries, and no budget counter is shown', async () => {
    const { stop } = await withTries(3);
    try {
      h.credgenics.setFault({ match: { method: 'PATCH' }, status: 500 });
      const alert = await failedPayment('2002', 'RUN-0001');
      for (let press = 2; press <= 3; press++) {
        await pressRetry(alert.ts, MEERA);
        await h.slack.waitFor(() => patchesTo(h, '2002').length === press);
        await h.slack.waitFor(() => /Credgenics answered 500 at/.test(visibleText(alertNow(alert.ts))));
      }
      await h.waitUntilQuiet();
      const text = visibleText(alertNow(alert.ts));
      expect(text).not.toContain('after 3 tries');
      expect(text).toMatch(/loanbot checks loan 2002 at \d\d:\d\d:\d\d/);
      expect(text).not.toMatch(/attempt \d+ of \d+/);
      h.credgenics.clearFaults();
      advance(60_000);
      await h.slack.waitForMessage(CHANNEL, recorded('2002', 'RUN-0001'), { timeoutMs: 10_000 });
    } finally {
      await stop();
    }
  });

  it('503 with Retry-After: 40: the automatic retry checks and sends no earlier than Credgenics asked, never waiting for the settle window', async () => {
    const { stop } = await withTries(3);
    try {
      h.credgenics.setFault({ match: { method: 'PATCH' }, status: 503, headers: { 'retry-after': '40' }, times: 1 });
      await failedPayment('1004', 'RUN-0003');
      advance(20_000); // the backoff has passed, Credgenics' Retry-After has not
      await h.waitUntilQuiet();
      expect(patchesTo(h, '1004').filter((r) => JSON.stringify(r.body).includes('RUN-0003'))).toHaveLength(1);
      advance(20_000);
      await h.slack.waitForMessage(CHANNEL, recorded('1004', 'RUN-0003'), { timeoutMs: 10_000 });
      expect(patchesTo(h, '1004').filter((r) => JSON.stringify(r.body).includes('RUN-0003'))).toHaveLength(2);
    } finally {
      await stop();
    }
  });

  it('after an automatic retry resolves a write, its messages say loanbot did it', async () => {
    const { stop } = await withTries(3);
    try {
      h.credgenics.setFault({ match: { method: 'PATCH' }, status: 500, times: 1 });
      const alert = await failedPayment('1001', 'RUN-0002');
      advance(20_000);
      const done = await h.slack.waitForMessage(CHANNEL, recorded('1001', 'RUN-0002'), { timeoutMs: 10_000 });
      expect(visibleText(done)).toContain('loanbot retried it by itself');
      await h.slack.waitFor(() => visibleText(alertNow(alert.ts)).includes('Resolved'));
      expect(visibleText(alertNow(alert.ts))).toContain('(loanbot retried it by itself)');
      expect(visibleText(alertNow(alert.ts))).not.toContain('(by <@U01ASHA>)');
    } finally {
      await stop();
    }
  });
});

/** This file's loanbot with `triesPerRun` automatic tries for one test (20 s, then 60 s apart); `stop` puts the usual one back. */
async function withTries(triesPerRun: number) {
  await h.app.stop(2_000);
  const { bootFromEnv, FAST_WRITES, memoryLog } = await import('../../dev/kit/boot.ts');
  const { loanbotEnv } = await import('../../dev/kit/env.ts');
  const env = loanbotEnv({ slack: h.slack, credgenics: h.credgenics, dataDir: h.dataDir, alertsChannel: 'C0ALERTS', logLevel: 'debug', mode: 'http' }, { CREDGENICS_TIMEOUT_MS: '10000' });
  const app = await bootFromEnv(env, {
    logLevel: 'debug',
    destination: memoryLog(h.logs),
    now,
    writePolicy: { ...FAST_WRITES, settleMs: SETTLE_MS, leaseMs: 30_000, triesPerRun, backoffMs: (n) => (n <= 1 ? 20_000 : 60_000) },
  }).start();
  h.slack.setAppUrl(app.eventsUrl);
  return {
    stop: async () => {
      await app.stop(2_000);
      await h.restart();
    },
  };
}
