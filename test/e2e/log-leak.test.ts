import { describe, expect, it } from 'vitest';
import { useHarness } from './use-harness.ts';
import { BOT_TOKEN, CG_TOKEN, SIGNING_SECRET } from './harness.ts';
import { ASHA, CHANNEL, GOOD_PAYMENT, openPaymentByCommand } from './payment-helpers.ts';

const h = useHarness();

const PII_KEYS = /(contact_number|_email$|pan_number|aadhar_number|credit_account_number|_dob$|address_text|sms_mobile|^to$|^from$)/;

/** Every PII value the sandbox holds for its loans. */
function fixturePii(): string[] {
  const values = new Set<string>();
  const walk = (node: unknown, key = '') => {
    if (Array.isArray(node)) node.forEach((n) => walk(n, key));
    else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, k);
    else if (typeof node === 'string' && node.length >= 6 && PII_KEYS.test(key)) values.add(node);
  };
  for (const loan of h.credgenics.loans()) walk(h.credgenics.getRaw(loan.loanId));
  return [...values];
}

describe('logs', () => {
  it('never contain a borrower’s PII or a secret, whatever the flow', async () => {
    for (const loan of h.credgenics.loans()) {
      await h.slack.slashCommand({ text: loan.loanId, userId: ASHA, channelId: CHANNEL });
    }
    await h.slack.waitFor(() => h.slack.messages(CHANNEL).filter((m) => m.text.startsWith('Loan')).length >= h.credgenics.loans().length);
    const summary = h.slack.messages(CHANNEL).find((m) => m.text.includes('Loan 1001'))!;
    await h.slack.clickButton({ messageTs: summary.ts, actionId: 'summary_show_details', userId: ASHA, channelId: CHANNEL });
    await h.slack.waitForEphemeral(ASHA, /Personal details/);
    // A payment, a failed payment, a malformed body, a timeout.
    await openPaymentByCommand(h, '2001');
    await h.slack.submitView({ userId: ASHA, values: GOOD_PAYMENT });
    await h.slack.submitView({ userId: ASHA });
    await h.slack.waitForMessage(CHANNEL, /Payment recorded.*2001/);
    h.credgenics.setFault({ match: { method: 'PATCH' }, status: 400, body: { message: 'Customer 189004 phone 9999999999 rejected' } });
    await openPaymentByCommand(h, '1001');
    await h.slack.submitView({ userId: ASHA, values: { ...GOOD_PAYMENT, reference: 'LEAK-0001' } });
    await h.slack.submitView({ userId: ASHA });
    await h.slack.waitForMessage(CHANNEL, /loan 1001 failed/);
    h.credgenics.setFault({ body: '{"loan_details": {"applicant_contact_number": "9706367068"' });
    await h.slack.slashCommand({ text: '1002', userId: ASHA, channelId: CHANNEL });
    await h.slack.waitForEphemeral(ASHA, /cannot read/);
    h.credgenics.clearFaults();

    const logs = h.logs.join('');
    expect(logs.length).toBeGreaterThan(1000);
    const leaks = [...fixturePii(), CG_TOKEN, BOT_TOKEN, SIGNING_SECRET].filter((secret) => logs.includes(secret));
    expect(leaks).toEqual([]);
  });

  it('never contain a borrower’s details from a lender’s body, should a flow log one', async () => {
    // No flow logs a whole lender body today (each logs ids, statuses and the lender's masked message), so
    // the key-based redaction is what stands between such a body and the logs: every body Credgenics serves
    // for its loans (both shapes), and every body loanbot sent it (an address change among them), is logged
    // here through the app's own logger, as a careless log line in a flow would.
    const street = '77 Zebra Crossing Lane, Navrangpura';
    await h.slack.slashCommand({ text: 'update 1001', userId: ASHA, channelId: CHANNEL });
    await h.slack.waitForView(ASHA, 'update_loan_form');
    await h.slack.submitView({ userId: ASHA, values: { applicant_address_text: street, applicant_city: 'Ahmedabad', applicant_state: 'Gujarat', applicant_pincode: '380009' } });
    await h.slack.submitView({ userId: ASHA });
    await h.slack.waitForMessage(CHANNEL, /Loan 1001 updated/);
    const sent = h.credgenics.requests.filter((r) => r.method !== 'GET').map((r) => r.body);
    expect(JSON.stringify(sent)).toContain(street);

    const pii = [...fixturePii(), street];
    const logged = h.logs.length;
    const logger = h.app.services.logger.child({ lender: 'credgenics' });
    for (const loan of h.credgenics.loans()) logger.warn({ operation: 'get_loan', body: h.credgenics.getRaw(loan.loanId) }, 'credgenics answered');
    for (const body of sent) logger.warn({ operation: 'update_loan', request: { json: body } }, 'credgenics refused');
    await h.slack.waitFor(() => (h.logs.length >= logged + h.credgenics.loans().length + sent.length ? true : undefined));
    const lines = h.logs.slice(logged).join('');
    expect(lines).toContain('[redacted]');
    expect(pii.filter((value) => lines.includes(value))).toEqual([]);
  });
});

