/**
 * Edit & retry for every rejected write: a 4xx from Apollo, Update loan (lending or a credit-line
 * transaction) or Add loan offers Edit & retry (never a Retry that would resend the same body), opens
 * that write's form pre-filled from what was sent, and the corrected write goes through review and
 * Confirm as one new request; the old alert says it was edited and sent again.
 */
import { describe, expect, it } from 'vitest';
import type { StoredView } from '../../dev/slack-standin/index.ts';
import { visibleText } from './harness.ts';
import { ASHA, CHANNEL, lookUp } from './payment-helpers.ts';
import { useApolloHarness, useHarness } from './use-harness.ts';
import { APOLLO_DATES, LENDING_LOAN, apolloReview } from './write-forms.ts';

const { h, apollo } = useApolloHarness();

const viewText = (view: { blocks?: unknown } | undefined) => visibleText({ blocks: view?.blocks });
const apolloUpdates = () => apollo().requests.filter((r) => r.endpoint === 'update');
const credgenics = (method: string, path: string) => h.credgenics.requests.filter((r) => r.method === method && r.path === path);
const messageAt = (ts: string) => h.slack.messages(CHANNEL).find((m) => m.ts === ts);
const actionIds = (message: { blocks?: unknown } | undefined) => [...JSON.stringify(message?.blocks ?? []).matchAll(/"action_id":"([a-z_]+)"/g)].map((m) => m[1]);

/** The alert offers Edit & retry and Dismiss, and no Retry: a rejected body sent again is rejected again. */
function expectEditAndRetryOnly(alert: { blocks?: unknown }) {
  const ids = actionIds(alert);
  expect(ids).toContain('alert_edit_retry');
  expect(ids).toContain('alert_dismiss');
  expect(ids).not.toContain('alert_retry');
  expect(viewText(alert)).toContain('Edit & retry');
}

async function editAndRetry(alertTs: string, callbackId: string): Promise<StoredView> {
  const before = h.slack.topView(ASHA)?.id;
  const click = await h.slack.clickButton({ messageTs: alertTs, actionId: 'alert_edit_retry', userId: ASHA, channelId: CHANNEL });
  expect(click.status).toBe(200);
  return h.slack.waitForView(ASHA, (v) => v.callback_id === callbackId && v.id !== before);
}

async function expectEditedAndSentAgain(alertTs: string) {
  await h.slack.waitFor(() => viewText(messageAt(alertTs)).includes('edited and sent again as w_'));
  expect(actionIds(messageAt(alertTs))).toEqual([]);
}

describe('Edit & retry: Update in Apollo', () => {
  it('a 400 → Edit & retry (no Retry) → the form pre-filled → corrected date → review → Confirm → one new update with it', async () => {
    const mark = h.slack.lastMessage(CHANNEL)?.ts;
    apollo().setFault({ match: { path: 'update' }, status: 400, body: { message: 'first_emi_date is not valid' }, times: 1 });
    await apolloReview(h, 'Tesst001', APOLLO_DATES);
    await h.slack.submitView({ userId: ASHA });
    const alert = await h.slack.waitForMessage(CHANNEL, (m) => m.text.includes('Updating loan Tesst001 failed'), { since: mark, timeoutMs: 12_000 });
    expectEditAndRetryOnly(alert);

    const form = await editAndRetry(alert.ts, 'apollo_form');
    const formJson = JSON.stringify(form.blocks);
    expect(formJson).toContain('"initial_date":"2026-01-05"');
    expect(formJson).toContain('"initial_date":"2026-02-04"');
    expect(formJson).toContain('"value":"PL"');
    const review = await h.slack.submitView({ userId: ASHA, values: { first_date: '2026-02-10' } });
    expect(review.viewAfter?.callback_id).toBe('apollo_review');
    expect(viewText(review.viewAfter)).toContain('10 Feb 2026');
    await h.slack.submitView({ userId: ASHA });

    await h.slack.waitForMessage(CHANNEL, (m) => m.text.includes('Loan Tesst001 updated in Apollo'), { since: mark });
    await expectEditedAndSentAgain(alert.ts);
    expect(apolloUpdates()).toHaveLength(2);
    expect(apolloUpdates()[1]?.body).toMatchObject({ loan_type: 'PL', loan_information: { disbursement_date: '05/01/2026', first_emi_date: '10/02/2026' } });
  });
});

describe('Edit & retry: Update loan', () => {
  it('lending: a 400 → Edit & retry (no Retry) → the form pre-filled with what was sent → corrected → one new PATCH with it', async () => {
    h.credgenics.setFault({ match: { method: 'PATCH' }, status: 400, body: { message: 'emi_amount is not valid' }, times: 1 });
    await h.slack.slashCommand({ text: 'update 1004', userId: ASHA, channelId: CHANNEL });
    await h.slack.waitForView(ASHA, 'update_loan_form');
    await h.slack.submitView({ userId: ASHA, values: { emi_amount: '6,123' } });
    await h.slack.submitView({ userId: ASHA });
    const alert = await h.slack.waitForMessage(CHANNEL, /Updating loan 1004 failed/);
    expectEditAndRetryOnly(alert);

    const form = await editAndRetry(alert.ts, 'update_loan_form');
    expect(JSON.stringify(form.blocks)).toMatch(/"block_id":"emi_amount".*?"initial_value":"6123"/);
    const review = await h.slack.submitView({ userId: ASHA, values: { emi_amount: '6,321' } });
    expect(review.viewAfter?.callback_id).toBe('update_loan_review');
    expect(viewText(review.viewAfter)).toContain('₹6,321');
    await h.slack.submitView({ userId: ASHA });

    await h.slack.waitForMessage(CHANNEL, /Loan 1004 updated in Credgenics/);
    await expectEditedAndSentAgain(alert.ts);
    expect(credgenics('PATCH', '/recovery/loan/1004').map((r) => r.body)).toEqual([{ emi_amount: 6123 }, { emi_amount: 6321 }]);
  });

  it('puts back what was sent but not the borrower’s phone: it names it, to be typed again', async () => {
    h.credgenics.setFault({ match: { method: 'PATCH' }, status: 400, body: { message: 'emi_amount is not valid' }, times: 1 });
    await h.slack.slashCommand({ text: 'update 1002', userId: ASHA, channelId: CHANNEL });
    await h.slack.waitForView(ASHA, 'update_loan_form');
    await h.slack.submitView({ userId: ASHA, values: { applicant_contact_number: '+91 91234 51234', emi_amount: '6,123' } });
    await h.slack.submitView({ userId: ASHA });
    const alert = await h.slack.waitForMessage(CHANNEL, /Updating loan 1002 failed/);
    const form = await editAndRetry(alert.ts, 'update_loan_form');
    const formJson = JSON.stringify(form.blocks);
    expect(formJson).toMatch(/"block_id":"emi_amount".*?"initial_value":"6123"/);
    expect(formJson).not.toMatch(/91234|9123451234/);
    expect(viewText(form)).toContain('also changed Phone');
    await h.slack.closeView({ userId: ASHA });
    expect(credgenics('PATCH', '/recovery/loan/1002')).toHaveLength(1);
  });

  it('credit line: a rejected transaction update → Edit & retry opens that transaction pre-filled → one new PATCH to its path', async () => {
    h.credgenics.setFault({ match: { method: 'PATCH' }, status: 422, body: { message: 'emi_amount exceeds the limit' }, times: 1 });
    const summary = await lookUp(h, '2001');
    await h.slack.clickButton({ messageTs: summary.ts, actionId: 'summary_update_loan', userId: ASHA, channelId: CHANNEL });
    await h.slack.waitForView(ASHA, 'update_loan_form');
    await h.slack.selectOption({ userId: ASHA, actionId: 'update_loan_transaction', value: '2002' });
    await h.slack.waitForView(ASHA, (v) => JSON.stringify(v.blocks).includes('"block_id":"emi_amount.2002"'));
    await h.slack.submitView({ userId: ASHA, values: { emi_amount: '1,250' } });
    await h.slack.submitView({ userId: ASHA });
    const alert = await h.slack.waitForMessage(CHANNEL, /credit-line transaction 2002 failed/);
    expectEditAndRetryOnly(alert);

    const form = await editAndRetry(alert.ts, 'update_loan_form');
    expect(JSON.stringify(form.blocks)).toMatch(/"block_id":"emi_amount\.2002".*?"initial_value":"1250"/);
    const review = await h.slack.submitView({ userId: ASHA, values: { emi_amount: '1,150' } });
    expect(viewText(review.viewAfter)).toContain('transaction *2002* of customer *189004*');
    await h.slack.submitView({ userId: ASHA });

    await h.slack.waitForMessage(CHANNEL, (m) => m.text.includes('transaction 2002 updated'));
    await expectEditedAndSentAgain(alert.ts);
    expect(credgenics('PATCH', '/recovery/transaction/189004/2002').map((r) => r.body)).toEqual([{ emi_amount: 1250 }, { emi_amount: 1150 }]);
    expect(h.credgenics.requests.filter((r) => r.method === 'PATCH')).toHaveLength(2);
  });
});

describe('Edit & retry: the App Home', () => {
  it('lists a rejected write with Edit & retry, not Retry, and opens its form from there', async () => {
    h.credgenics.setFault({ match: { method: 'PATCH' }, status: 400, body: { message: 'total_loan_amount is not valid' }, times: 1 });
    await h.slack.slashCommand({ text: 'update 1003', userId: ASHA, channelId: CHANNEL });
    await h.slack.waitForView(ASHA, 'update_loan_form');
    await h.slack.submitView({ userId: ASHA, values: { total_loan_amount: '77,777' } });
    await h.slack.submitView({ userId: ASHA });
    await h.slack.waitForMessage(CHANNEL, /Updating loan 1003 failed/);
    await h.slack.openHome(ASHA);
    const home = await h.slack.waitForHome(ASHA, (v) => viewText(v).includes('total_loan_amount is not valid'));
    const row = JSON.stringify(home.blocks.filter((b) => JSON.stringify(b).includes('home_failed_mine')));
    expect(row).toContain('alert_edit_retry');
    expect(row).not.toContain('"action_id":"alert_retry"');
    const wid = /"action_id":"alert_edit_retry","value":"(w_[a-z0-9]+)"/.exec(JSON.stringify(home.blocks))?.[1];
    const before = h.slack.topView(ASHA)?.id;
    await h.slack.clickButton({ viewId: home.id, actionId: 'alert_edit_retry', value: wid, userId: ASHA });
    const form = await h.slack.waitForView(ASHA, (v) => v.callback_id === 'update_loan_form' && v.id !== before);
    expect(JSON.stringify(form.blocks)).toMatch(/"block_id":"total_loan_amount".*?"initial_value":"77777"/);
    await h.slack.closeView({ userId: ASHA });
  });
});

describe('Edit & retry: Add loan', () => {
  it('a 400 → Edit & retry (no Retry) → the form pre-filled with the loan that was sent → corrected → one new POST with it', async () => {
    h.credgenics.setFault({ match: { method: 'POST' }, status: 400, body: { message: 'applicant_pincode is not serviceable' }, times: 1 });
    await h.slack.slashCommand({ text: 'add', userId: ASHA, channelId: CHANNEL });
    await h.slack.waitForView(ASHA, 'add_loan_form');
    await h.slack.submitView({ userId: ASHA, values: LENDING_LOAN });
    await h.slack.submitView({ userId: ASHA });
    const alert = await h.slack.waitForMessage(CHANNEL, /Adding loan EDIT-ADD-1 failed/);
    expectEditAndRetryOnly(alert);

    const form = await editAndRetry(alert.ts, 'add_loan_form');
    const formJson = JSON.stringify(form.blocks);
    for (const value of ['EDIT-ADD-1', 'Personal Loan', '50000', 'Shri Ram', '342001', '113000']) expect(formJson).toContain(`"initial_value":"${value}"`);
    expect(formJson).toContain('"initial_date":"2025-04-07"');
    const review = await h.slack.submitView({ userId: ASHA, values: { applicant_pincode: '342002' } });
    expect(review.viewAfter?.callback_id, JSON.stringify(review.errors)).toBe('add_loan_review');
    await h.slack.submitView({ userId: ASHA });

    await h.slack.waitForMessage(CHANNEL, /Loan EDIT-ADD-1 added in Credgenics/);
    await expectEditedAndSentAgain(alert.ts);
    const bodies = credgenics('POST', '/recovery/loan/EDIT-ADD-1').map((r) => r.body as Record<string, unknown>);
    expect(bodies).toHaveLength(2);
    const [first, second] = bodies;
    expect(second).toEqual({ ...first, applicant_address: [{ ...(first?.['applicant_address'] as object[])[0], applicant_pincode: 342002 }] });
  });
});

describe('Edit & retry: roles', () => {
  const r = useHarness({ env: { LOANBOT_VIEWERS: 'U02RAVI', LOANBOT_AGENTS: 'S0COLLECT', LOANBOT_SUPERVISORS: 'U03MEERA', LOANBOT_CHANNELS: `${CHANNEL},C0ALERTS` } });
  it('needs the role of the write it replaces: an agent may not correct a rejected Update loan, a supervisor may', async () => {
    r.credgenics.setFault({ match: { method: 'PATCH' }, status: 400, body: { message: 'emi_amount is not valid' }, times: 1 });
    await r.slack.slashCommand({ text: 'update 1004', userId: 'U03MEERA', channelId: CHANNEL });
    await r.slack.waitForView('U03MEERA', 'update_loan_form');
    await r.slack.submitView({ userId: 'U03MEERA', values: { emi_amount: '6,123' } });
    await r.slack.submitView({ userId: 'U03MEERA' });
    const alert = await r.slack.waitForMessage(CHANNEL, /Updating loan 1004 failed/);
    await r.slack.clickButton({ messageTs: alert.ts, actionId: 'alert_edit_retry', userId: ASHA, channelId: CHANNEL });
    await r.slack.waitFor(() => visibleText(r.slack.ephemerals(ASHA).at(-1)).includes('only a supervisor (LOANBOT_SUPERVISORS) can do that'));
    expect(r.slack.openViews(ASHA)).toHaveLength(0);
    const before = r.slack.topView('U03MEERA')?.id;
    await r.slack.clickButton({ messageTs: alert.ts, actionId: 'alert_edit_retry', userId: 'U03MEERA', channelId: CHANNEL });
    await r.slack.waitForView('U03MEERA', (v) => v.callback_id === 'update_loan_form' && v.id !== before);
  });
});
