import { describe, expect, it } from 'vitest';
import { useHarness } from './use-harness.ts';
import { visibleText } from './harness.ts';
import { ASHA, CHANNEL, GOOD_PAYMENT, openPaymentByCommand, patchesTo } from './payment-helpers.ts';
import { HEADER, MONTH, reviewOf, waitForBatchEnd } from './bulk-helpers.ts';

const h = useHarness({ env: { LOANBOT_SUPERVISORS: 'U03MEERA' } });

const homeText = (user: string) => visibleText({ blocks: h.slack.homeView(user)?.blocks });

describe('App Home', () => {
  it('shows a person their writes and their failed writes, and Retry from the Home works', async () => {
    await openPaymentByCommand(h, '1001');
    await h.slack.submitView({ userId: ASHA, values: { ...GOOD_PAYMENT, reference: 'HOME-0001' } });
    await h.slack.submitView({ userId: ASHA });
    await h.slack.waitForMessage(CHANNEL, /Payment recorded.*1001/);
    h.credgenics.setFault({ match: { method: 'PATCH' }, status: 500 });
    await openPaymentByCommand(h, '1002');
    await h.slack.submitView({ userId: ASHA, values: { ...GOOD_PAYMENT, reference: 'HOME-0002' } });
    await h.slack.submitView({ userId: ASHA });
    await h.slack.waitForMessage(CHANNEL, /loan 1002 failed/);

    await h.slack.openHome(ASHA);
    const home = await h.slack.waitForHome(ASHA);
    const text = visibleText({ blocks: home.blocks });
    expect(text).toContain('Failed writes waiting for you');
    expect(text).toContain('HOME-0002');
    expect(text).toContain('Your recent writes');
    expect(text).toContain('HOME-0001');
    expect(text).not.toContain('Team’s open alerts'); // asha is not a supervisor

    h.credgenics.clearFaults();
    expect(JSON.stringify(home.blocks)).toContain('alert_retry');
    await h.slack.clickButton({ viewId: home.id, actionId: 'alert_retry', userId: ASHA });
    await h.slack.waitForMessage(CHANNEL, /Payment recorded.*1002/);
    // The Home refreshes by itself once the retry went through.
    await h.slack.waitFor(() => homeText(ASHA).includes('None: everything you sent went through'));
    expect(patchesTo(h, '1002')).toHaveLength(2);
  });

  it('shows supervisors the team’s open alerts', async () => {
    h.credgenics.setFault({ match: { method: 'PATCH' }, status: 500 });
    await openPaymentByCommand(h, '1003');
    await h.slack.submitView({ userId: ASHA, values: { ...GOOD_PAYMENT, reference: 'HOME-0003' } });
    await h.slack.submitView({ userId: ASHA });
    await h.slack.waitForMessage(CHANNEL, /loan 1003 failed/);
    await h.slack.openHome('U03MEERA');
    const home = await h.slack.waitForHome('U03MEERA');
    expect(visibleText({ blocks: home.blocks })).toContain('Team’s open alerts');
    expect(visibleText({ blocks: home.blocks })).toContain('HOME-0003');
  });

  it('publishes a supervisor’s Home when their own write failed, listing it once', async () => {
    h.credgenics.setFault({ match: { method: 'PATCH' }, status: 500 });
    await openPaymentByCommand(h, '1003', 'U03MEERA');
    await h.slack.submitView({ userId: 'U03MEERA', values: { ...GOOD_PAYMENT, reference: 'HOME-0004' } });
    await h.slack.submitView({ userId: 'U03MEERA' });
    await h.slack.waitForMessage(CHANNEL, /loan 1003 failed/);
    await h.slack.openHome('U03MEERA');
    await h.slack.waitFor(() => homeText('U03MEERA').includes('HOME-0004'));
    const text = homeText('U03MEERA');
    expect(text).toContain('Team’s open alerts');
    expect(text.split('HOME-0004')).toHaveLength(2);
    expect(h.slack.violations.map((v) => v.problems)).toEqual([]);
  });

  it('lists a bulk upload once, with its failed rows counted, and not each of its rows as a write or an alert', async () => {
    h.credgenics.setFault({ match: { method: 'PATCH' }, status: 400, body: { message: 'payment_method is locked for this loan' }, times: 2 });
    const rows = [1001, 1002, 1003, 1004].map((loan, i) => `${loan},${500 + i},Closed,Cash,${MONTH.iso},,HB-${i}`);
    await reviewOf(h, 'home-batch.csv', [HEADER, ...rows].join('\n'));
    await h.slack.submitView({ userId: ASHA });
    await waitForBatchEnd(h, 'home-batch.csv');
    for (const user of [ASHA, 'U03MEERA']) await h.slack.openHome(user);
    await h.slack.waitFor(() => homeText(ASHA).includes('*home-batch.csv*') && homeText('U03MEERA').includes('Team’s open alerts'));
    const asha = homeText(ASHA);
    // The upload, with where it stands (a refused row counts as failed; the batch message lists it with Retry failed rows)…
    expect(asha).toMatch(/\*home-batch\.csv\* · .* · _done_ · \d recorded, [12] failed/);
    // …and none of its rows among the person's writes or anyone's alerts.
    for (const text of [asha, homeText('U03MEERA')]) expect(text).not.toContain('bulk file home-batch.csv row');
  });

  it('looks a loan up from the Home, masked', async () => {
    await h.slack.openHome(ASHA);
    const home = await h.slack.waitForHome(ASHA);
    await h.slack.selectOption({ viewId: home.id, actionId: 'home_lookup_input', value: '1001', userId: ASHA });
    await h.slack.clickButton({ viewId: home.id, actionId: 'home_lookup', userId: ASHA });
    await h.slack.waitFor(() => homeText(ASHA).includes('Loan 1001 · Keval Gor'));
    expect(homeText(ASHA)).toContain('XXXXXX7068');
    expect(homeText(ASHA)).not.toContain('9706367068');
  });
});

describe('App Home look-up with bad input', () => {
  it('says so for an empty or malformed loan id, without calling the lender', async () => {
    await h.slack.openHome(ASHA);
    const home = await h.slack.waitForHome(ASHA);
    const before = h.credgenics.requests.length;
    await h.slack.selectOption({ viewId: home.id, actionId: 'home_lookup_input', value: '', userId: ASHA });
    await h.slack.clickButton({ viewId: home.id, actionId: 'home_lookup', userId: ASHA });
    await h.slack.waitFor(() => homeText(ASHA).includes('Type a loan id first'));
    await h.slack.selectOption({ viewId: h.slack.homeView(ASHA)!.id, actionId: 'home_lookup_input', value: '<!channel> ../x', userId: ASHA });
    await h.slack.clickButton({ viewId: h.slack.homeView(ASHA)!.id, actionId: 'home_lookup', userId: ASHA });
    await h.slack.waitFor(() => homeText(ASHA).includes('is not a valid loan id'));
    expect(homeText(ASHA)).not.toContain('<!channel>');
    expect(h.credgenics.requests.length).toBe(before);
  });
});
