/**
 * Phones, Aadhaar, PAN, emails and account numbers in the less common spellings (no-break and thin spaces,
 * dashes and slashes, invisible characters inside, Devanagari or fullwidth digits, URL-encoded, `(at)` and
 * `[dot]`) reach neither the channel, nor the alerts channel, nor the logs: in a lender's error message and
 * its success message, in the loan's own fields (product type, status, business, city, closure with), and in
 * what a supervisor types as a dismiss reason.
 */
import { describe, expect, it } from 'vitest';
import { ODD_ADDRESSES, ODD_NUMBERS, readable, type Spelled } from '../fixtures/pii-spellings.ts';
import { visibleText } from './harness.ts';
import { ASHA, CHANNEL, GOOD_PAYMENT, lookUp, moreOf, openPaymentByCommand } from './payment-helpers.ts';
import { useHarness } from './use-harness.ts';

const h = useHarness();
const MEERA = 'U03MEERA';
const ALERTS = 'C0ALERTS';
const said = (spelled: readonly Spelled[]) => spelled.map((s) => s.written).join(', ');

async function pay(loanId: string, reference: string) {
  await openPaymentByCommand(h, loanId);
  await h.slack.submitView({ userId: ASHA, values: { ...GOOD_PAYMENT, reference } });
  await h.slack.submitView({ userId: ASHA });
}

const logs = () => h.logs.join('');

describe('PII in its less common spellings', () => {
  it('is masked in the alert, its copy in the alerts channel and the logs when a lender’s 500 quotes it', async () => {
    h.credgenics.setFault({ match: { method: 'PATCH', path: '/recovery/recovery/update/1001' }, status: 500, body: { message: `Borrower ${said(ODD_NUMBERS)} unreachable`, output: null } });
    h.credgenics.addFault({ match: { method: 'PATCH', path: '/recovery/recovery/update/1002' }, status: 500, body: { message: `Borrower ${said(ODD_ADDRESSES)} unreachable`, output: null } });
    for (const [loanId, spelled] of [['1001', ODD_NUMBERS], ['1002', ODD_ADDRESSES]] as const) {
      await pay(loanId, `ODD-${loanId}`);
      const alert = await h.slack.waitForMessage(CHANNEL, (m) => m.text.includes(`loan ${loanId} failed`));
      const copy = await h.slack.waitForMessage(ALERTS, (m) => m.text.includes(`loan ${loanId} failed`));
      expect(visibleText(alert)).toContain('unreachable');
      expect({ loanId, channel: readable(visibleText(alert), spelled), alerts: readable(visibleText(copy), spelled) }).toEqual({ loanId, channel: [], alerts: [] });
    }
    expect(readable(logs(), [...ODD_NUMBERS, ...ODD_ADDRESSES])).toEqual([]);
  });

  it('is masked in what a lender says on success, shown under “Credgenics said”', async () => {
    const success = { output: `Noted; SMS sent to ${said(ODD_NUMBERS.slice(0, 6))} and ${said(ODD_ADDRESSES.slice(0, 2))}`, message: 'success' };
    h.credgenics.setFault({ match: { method: 'PATCH' }, status: 200, body: success });
    await pay('1003', 'ODD-OK-1');
    const done = await h.slack.waitForMessage(CHANNEL, /Payment recorded on loan 1003/);
    expect(visibleText(done)).toContain('Noted; SMS sent to');
    expect(readable(visibleText(done), [...ODD_NUMBERS, ...ODD_ADDRESSES])).toEqual([]);
    expect(readable(logs(), [...ODD_NUMBERS, ...ODD_ADDRESSES])).toEqual([]);
  });

  it('is masked in the loan’s own fields: product type, status, business name, city, closure with', async () => {
    const raw = h.credgenics.getRaw('1001') as { loan_details: Record<string, unknown> & { defaults: Record<string, unknown>[]; applicant_address: Record<string, unknown>[] } };
    const d = raw.loan_details;
    const loan = {
      ...raw,
      loan_details: {
        ...d,
        product_type: `Term loan ${ODD_NUMBERS[9]!.written}`,
        loan_type: `Business ${ODD_NUMBERS[0]!.written}`,
        business_name: `Sathiya ${ODD_ADDRESSES[0]!.written}`,
        loan_nbfc_name: `HLPL ${ODD_NUMBERS[12]!.written}`,
        applicant_address: d.applicant_address.map((a) => ({ ...a, applicant_city: `Bhuj ${ODD_NUMBERS[4]!.written}`, applicant_state: `Gujarat ${ODD_NUMBERS[15]!.written}` })),
        defaults: d.defaults.map((x) => ({ ...x, final_status: `Partially Recovered ${ODD_NUMBERS[1]!.written}`, closure_with: `Settlement ${ODD_ADDRESSES[5]!.written}`, payment_method: `Cash ${ODD_NUMBERS[11]!.written}` })),
      },
    };
    h.credgenics.setFault({ match: { method: 'GET', path: '/recovery/loan/1001' }, body: loan });
    const summary = await lookUp(h, '1001');
    const more = await moreOf(h, summary.ts, '1001');
    expect(more).toContain('Sathiya');
    expect(more).toContain('Bhuj');
    expect({ summary: readable(visibleText(summary), [...ODD_NUMBERS, ...ODD_ADDRESSES]), more: readable(more, [...ODD_NUMBERS, ...ODD_ADDRESSES]) }).toEqual({ summary: [], more: [] });
  });

  it('is masked in a dismiss reason, on the alert and in the loan’s history', async () => {
    h.credgenics.setFault({ match: { method: 'PATCH' }, status: 500 });
    await pay('1004', 'ODD-DIS-1');
    const alert = await h.slack.waitForMessage(CHANNEL, (m) => m.text.includes('loan 1004 failed'));
    await h.slack.clickButton({ messageTs: alert.ts, actionId: 'alert_dismiss', userId: MEERA, channelId: CHANNEL });
    await h.slack.waitForView(MEERA, 'alert_dismiss_reason');
    const reason = `Paid by hand; rang ${said(ODD_NUMBERS.slice(0, 4))}, mailed ${said(ODD_ADDRESSES.slice(0, 2))}`;
    await h.slack.submitView({ userId: MEERA, values: { reason } });
    const dismissed = await h.slack.waitFor(() => {
      const m = h.slack.messages(CHANNEL).find((x) => x.ts === alert.ts);
      return m && visibleText(m).includes('Dismissed') ? m : undefined;
    });
    expect(visibleText(dismissed)).toContain('Paid by hand');
    await h.slack.slashCommand({ text: 'history 1004', userId: ASHA, channelId: CHANNEL });
    const history = await h.slack.waitForEphemeral(ASHA, /History of loan 1004/);
    expect(visibleText(history)).toContain('Paid by hand');
    const spelled = [...ODD_NUMBERS, ...ODD_ADDRESSES];
    expect({ alert: readable(visibleText(dismissed), spelled), history: readable(visibleText(history), spelled), logs: readable(logs(), spelled) }).toEqual({ alert: [], history: [], logs: [] });
  });
});
