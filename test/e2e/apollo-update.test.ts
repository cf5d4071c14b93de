import { describe, expect, it } from 'vitest';
import type { StoredView } from '../../dev/slack-standin/index.ts';
import { APOLLO, visibleText } from './harness.ts';
import { ASHA, CHANNEL, lookUp } from './payment-helpers.ts';
import { useApolloHarness, useHarness } from './use-harness.ts';

const { h, apollo } = useApolloHarness();

const updates = () => apollo().requests.filter((r) => r.endpoint === 'update');
const viewText = (view: StoredView | undefined) => visibleText({ blocks: view?.blocks });
const selectedType = (view: StoredView) => /"initial_option":\{[^}]*\},"value":"(\w+)"/.exec(JSON.stringify(view.blocks))?.[1];

/** The channel's last message before the current flow: confirmations and alerts are looked for after it. */
let mark: string | undefined;

async function openForm(loanId: string): Promise<StoredView> {
  mark = h.slack.lastMessage(CHANNEL)?.ts;
  const ack = await h.slack.slashCommand({ text: `apollo ${loanId}`, userId: ASHA, channelId: CHANNEL });
  expect(ack.status).toBe(200);
  return h.slack.waitForView(ASHA, (v) => v.callback_id === 'apollo_form' && viewText(v).includes(loanId));
}

/** Choose the loan type (the select dispatches) and wait for the form to show that type's fields. */
async function pickType(type: string): Promise<StoredView> {
  const view = h.slack.topView(ASHA);
  if (!view) throw new Error('no modal open');
  await h.slack.selectOption({ userId: ASHA, viewId: view.id, actionId: 'apollo_loan_type', value: type });
  return h.slack.waitForView(ASHA, (v) => v.callback_id === 'apollo_form' && selectedType(v) === type);
}

/** Open, pick the type, fill in, review, confirm; returns the review's view. */
async function update(loanId: string, type: string, values: Record<string, string>) {
  await openForm(loanId);
  await pickType(type);
  const review = await h.slack.submitView({ userId: ASHA, values });
  expect(review.outcome, JSON.stringify(review.errors)).toBe('updated');
  expect(review.viewAfter?.callback_id).toBe('apollo_review');
  const confirm = await h.slack.submitView({ userId: ASHA });
  expect(confirm.outcome).toBe('updated');
  expect(confirm.ackMs).toBeLessThan(1000);
  return review.viewAfter;
}

const done = (loanId: string) => h.slack.waitForMessage(CHANNEL, (m) => m.text.includes(`Loan ${loanId} updated in Apollo`), { since: mark });
const failed = (loanId: string) =>
  h.slack.waitForMessage(CHANNEL, (m) => m.text.includes(`Updating loan ${loanId} failed: Apollo answered`), { since: mark, timeoutMs: 12_000 });
const statusSaying = (text: string) => h.slack.waitForView(ASHA, (v) => v.callback_id === 'apollo_status' && viewText(v).includes(text), { timeoutMs: 12_000 });
const DATES = { disbursement_date: '2026-01-05', first_date: '2026-02-04' };

describe('Update in Apollo: bodies as the docs show them', () => {
  it('PL: the docs’ body, Bearer token, x-api-key and loan_id; a second update reuses the token', async () => {
    const review = await update('Tesst001', 'PL', DATES);
    const reviewText = viewText(review);
    for (const part of ['PL — Personal Loan', 'Disbursement date', '5 Jan 2026', 'First EMI date', '4 Feb 2026 (30 days after disbursement)']) {
      expect(reviewText).toContain(part);
    }
    // People read dates one way; the review shows no raw JSON and no API date forms.
    expect(reviewText).not.toContain('partner_tag');
    expect(reviewText).not.toMatch(/\d{2}\/\d{2}\/\d{4}/);
    const confirmation = visibleText(await done('Tesst001'));
    expect(confirmation).toContain('PL · disbursement 5 Jan 2026 · first EMI 4 Feb 2026');
    expect(confirmation).toContain('loan updated successfully');
    await statusSaying('Apollo updated loan *Tesst001*');

    const [sent] = updates();
    expect(updates()).toHaveLength(1);
    expect(sent?.method).toBe('PATCH');
    expect(sent?.query).toEqual({ loan_id: 'Tesst001' });
    expect(sent?.headers['x-api-key']).toBe(APOLLO.apiKey);
    expect(sent?.headers['authorization']).toMatch(/^Bearer \S+$/);
    expect(sent?.body).toStrictEqual({
      partner_tag: 'LOANBOT-E2E',
      loan_type: 'PL',
      loan_information: { disbursement_date: '05/01/2026', first_emi_date: '04/02/2026' },
    });
    const token = apollo().requests.find((r) => r.endpoint === 'token');
    expect(token?.headers['authorization']).toBe(`Basic ${Buffer.from(`${APOLLO.clientId}:${APOLLO.clientSecret}`).toString('base64')}`);
    expect(token?.body).toBe('grant_type=client_credentials&scope=');

    await update('1001', 'PL', { disbursement_date: '2026-01-06', first_date: '2026-02-06' });
    await done('1001');
    expect(updates()[1]?.body).toStrictEqual({
      partner_tag: 'LOANBOT-E2E',
      loan_type: 'PL',
      loan_information: { disbursement_date: '06/01/2026', first_emi_date: '06/02/2026' },
    });
    expect(updates()[1]?.headers['authorization']).toBe(sent?.headers['authorization']);
    expect(apollo().tokenRequests()).toBe(1);
  });

  it('ML without a tenure change: tenure only, no amounts', async () => {
    const review = await update('APL-ML-001', 'ML', { ...DATES, loan_tenure_in_days: '90', previous_tenure_in_days: '90' });
    expect(viewText(review)).toContain('The tenure is unchanged');
    await done('APL-ML-001');
    expect(updates()[0]?.body).toStrictEqual({
      partner_tag: 'LOANBOT-E2E',
      loan_type: 'ML',
      loan_information: { disbursement_date: '05/01/2026', first_emi_date: '04/02/2026', loan_tenure_in_days: '90' },
    });
  });

  it('ML with a tenure change: EMI and interest are required inline, then sent as strings; the next form starts from it', async () => {
    await openForm('1002');
    const form = await pickType('ML');
    for (const label of ['Loan type', 'Disbursement date', 'First EMI date', 'Loan tenure in days', 'Partner computed EMI amount', 'Partner computed interest amount']) {
      expect(viewText(form)).toContain(label);
    }
    const missing = await h.slack.submitView({ userId: ASHA, values: { ...DATES, loan_tenure_in_days: '120', previous_tenure_in_days: '180' } });
    expect(missing.outcome).toBe('errors');
    expect(Object.keys(missing.errors ?? {}).sort()).toEqual(['partner_computed_emi_amount', 'partner_computed_interest_amount']);
    expect(missing.errors?.['partner_computed_emi_amount']).toMatch(/tenure changed from 180 to 120 days/);
    expect(updates()).toHaveLength(0);

    await h.slack.submitView({ userId: ASHA, values: { partner_computed_emi_amount: '2,400', partner_computed_interest_amount: '1150.50' } });
    await h.slack.submitView({ userId: ASHA });
    await done('1002');
    expect(updates()[0]?.body).toStrictEqual({
      partner_tag: 'LOANBOT-E2E',
      loan_type: 'ML',
      loan_information: {
        disbursement_date: '05/01/2026',
        first_emi_date: '04/02/2026',
        loan_tenure_in_days: '120',
        partner_computed_emi_amount: '2400',
        partner_computed_interest_amount: '1150.50',
      },
    });
    const again = JSON.stringify((await openForm('1002')).blocks);
    expect(again).toContain('"initial_value":"120"');
    expect(again).toContain('"initial_date":"2026-01-05"');
    expect(again).not.toContain('"initial_value":"2400"');
    await h.slack.closeView({ userId: ASHA });
  });

  it('EDI: first_installment_date; a date typed before switching the type is kept', async () => {
    await openForm('APL-EDI-001');
    const pl = await pickType('PL');
    await h.slack.selectOption({ userId: ASHA, viewId: pl.id, actionId: 'disbursement_date', value: '2026-01-05' });
    const edi = await pickType('EDI');
    expect(viewText(edi)).toContain('First installment date');
    expect(viewText(edi)).not.toContain('First EMI date');
    const review = await h.slack.submitView({ userId: ASHA, values: { first_date: '2026-01-06' } });
    expect(viewText(review.viewAfter)).toContain('6 Jan 2026 (1 day after disbursement)');
    await h.slack.clickButton({ userId: ASHA, actionId: 'apollo_review_edit' });
    const back = await h.slack.waitForView(ASHA, 'apollo_form');
    expect(JSON.stringify(back.blocks)).toContain('"initial_date":"2026-01-06"');
    await h.slack.submitView({ userId: ASHA });
    await h.slack.submitView({ userId: ASHA });
    await done('APL-EDI-001');
    expect(updates()[0]?.body).toStrictEqual({
      partner_tag: 'LOANBOT-E2E',
      loan_type: 'EDI',
      loan_information: { disbursement_date: '05/01/2026', first_installment_date: '06/01/2026' },
    });
  });
});

describe('Update in Apollo: rules and refusals', () => {
  it('a first EMI 10 days after disbursement is an inline error and nothing reaches Apollo', async () => {
    await openForm('1001');
    await pickType('PL');
    const result = await h.slack.submitView({ userId: ASHA, values: { disbursement_date: '2026-01-05', first_date: '2026-01-15' } });
    expect(result.outcome).toBe('errors');
    expect(result.errors?.['first_date']).toMatch(/at least 25 days .* 10 days apart\. Pick 30\/01\/2026 or later/);
    expect(apollo().requests).toHaveLength(0);
    await h.slack.closeView({ userId: ASHA });
  });

  const refusals: Array<[string, string, () => void, RegExp, RegExp]> = [
    ['APL-OLD-001 (past the 3-day window)', 'APL-OLD-001', () => undefined, /HTTP 400[\s\S]*loan cannot be updated after \d\d\/\d\d\/\d{4} \d\d:\d\d/, /within 3 days of being created/],
    ['APL-DISB-001 (wrong stage)', 'APL-DISB-001', () => undefined, /HTTP 400[\s\S]*not in Document Check Pending/, /only allows changes while a loan is in Document Check Pending/],
    ['403 (key refused)', '1001', () => apollo().setFault({ match: { path: 'update' }, status: 403 }), /HTTP 403[\s\S]*Forbidden/, /API key \(x-api-key\) is wrong/],
    ['404 (unknown loan)', 'NOPE-1', () => undefined, /HTTP 404[\s\S]*No such loan exists/, /Apollo has no loan NOPE-1/],
  ];
  for (const [name, loanId, arrange, alertSays, explained] of refusals) {
    it(`${name}: an alert with Apollo's message, explained, here and in the modal`, async () => {
      arrange();
      await update(loanId, 'PL', DATES);
      const alert = visibleText(await failed(loanId));
      expect(alert).toMatch(alertSays);
      expect(alert).toMatch(explained);
      // Refused: sending the same body again is refused again, so the alert offers the form, not a Retry.
      expect(alert).toContain('Edit & retry');
      expect(JSON.stringify((await failed(loanId)).blocks)).not.toContain('"action_id":"alert_retry"');
      await h.slack.waitForMessage('C0ALERTS', (m) => m.text.includes(`loan ${loanId} failed`));
      expect(viewText(await statusSaying('Apollo did not take the update'))).toMatch(explained);
      expect(updates()).toHaveLength(1);
    });
  }

  it('504: one request per attempt (the outbox owns the retries, not the client), an alert that Apollo is down; Retry once it is back succeeds', async () => {
    // This harness allows one try a run (FAST_WRITES); the outbox's retries of a 504 burst are in test/apollo/outbox-retries.test.ts.
    apollo().setFault({ match: { path: 'update' }, status: 504, times: 1 });
    await update('Tesst001', 'PL', DATES);
    const alert = await failed('Tesst001');
    expect(visibleText(alert)).toMatch(/HTTP 504[\s\S]*Apollo is down \(504\): loanbot's automatic tries did not get through/);
    expect(viewText(await statusSaying('Apollo is down'))).toContain('press Retry');
    expect(updates()).toHaveLength(1);
    await h.slack.clickButton({ messageTs: alert.ts, actionId: 'alert_retry', userId: ASHA, channelId: CHANNEL });
    await h.slack.waitFor(() => visibleText(h.slack.messages(CHANNEL).find((m) => m.ts === alert.ts)).includes('Resolved'), { timeoutMs: 5000 });
    expect(updates()).toHaveLength(2);
  }, 30_000);
});

describe('Update in Apollo: entry points', () => {
  it('the summary has the button; it opens the form for that loan in the summary’s thread', async () => {
    const summary = await lookUp(h, '1001');
    expect(JSON.stringify(summary.blocks)).toContain('"action_id":"summary_update_apollo"');
    const click = await h.slack.clickButton({ messageTs: summary.ts, actionId: 'summary_update_apollo', userId: ASHA, channelId: CHANNEL });
    expect(click.ackMs).toBeLessThan(1000);
    await h.slack.waitForView(ASHA, (v) => v.callback_id === 'apollo_form' && viewText(v).includes('1001'));
    expect(h.slack.triggerUses.at(-1)?.ok).toBe(true);
    await pickType('PL');
    await h.slack.submitView({ userId: ASHA, values: DATES });
    await h.slack.submitView({ userId: ASHA });
    await h.slack.waitForMessage(CHANNEL, (m) => m.thread_ts === summary.ts && m.text.includes('Loan 1001 updated in Apollo'));
  });
});

describe('Update in Apollo: not configured', () => {
  const plain = useHarness();
  it('no summary button; `/loan apollo` says how to configure it and opens nothing', async () => {
    const summary = await lookUp(plain, '1001');
    expect(JSON.stringify(summary.blocks)).not.toContain('summary_update_apollo');
    await plain.slack.slashCommand({ text: 'apollo 1001', userId: ASHA, channelId: CHANNEL });
    await plain.slack.waitForEphemeral(ASHA, /Apollo is not configured here \(set the APOLLO_\* variables\)/);
    expect(plain.slack.topView(ASHA)).toBeUndefined();
  });
});
