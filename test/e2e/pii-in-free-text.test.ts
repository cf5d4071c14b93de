/**
 * Phone numbers and Aadhaar numbers written the way people write them, inside a lender's remarks and
 * error messages, reach neither the channel nor the logs.
 */
import { describe, expect, it } from 'vitest';
import { useHarness } from './use-harness.ts';
import { visibleText } from './harness.ts';
import { ASHA, CHANNEL, GOOD_PAYMENT, lookUp, moreOf, openPaymentByCommand } from './payment-helpers.ts';

const h = useHarness();
const WRITTEN = ['97063 67068', '+91-97063-67068', '9706 367 068', '09706367068', '1234 5678 9012', '1234-5678-9012'];

describe('PII in a lender’s free text', () => {
  it('is masked in the remarks (under More), and the summary shows none of it', async () => {
    const raw = h.credgenics.getRaw('1001') as Record<string, unknown>;
    const remarks = [{ remarks: `Wife said call 97063 67068 or +91-97063-67068; office 9706 367 068, old 09706367068; Aadhaar 1234 5678 9012 / 1234-5678-9012`, created: '2026-11-23 12:43:11' }];
    h.credgenics.setFault({ match: { method: 'GET', path: '/recovery/loan/1001' }, body: { ...raw, remarks } });
    const summary = await lookUp(h, '1001');
    for (const written of WRITTEN) expect(visibleText(summary)).not.toContain(written);
    const more = await moreOf(h, summary.ts, '1001');
    expect(more).toContain('XXXXXX7068');
    for (const written of WRITTEN) expect(more).not.toContain(written);
  });

  it('is masked in an alert and in the logs when the lender’s error message carries it', async () => {
    h.credgenics.setFault({ match: { method: 'PATCH' }, status: 400, body: { message: 'Borrower phone 97063 67068 (+91-97063-67068) does not match Aadhaar 1234-5678-9012' } });
    await openPaymentByCommand(h, '1002');
    await h.slack.submitView({ userId: ASHA, values: { ...GOOD_PAYMENT, reference: 'PII-0001' } });
    await h.slack.submitView({ userId: ASHA });
    const alert = await h.slack.waitForMessage(CHANNEL, /loan 1002 failed/);
    const text = visibleText(alert);
    expect(text).toContain('XXXXXX7068');
    const logs = h.logs.join('');
    for (const written of WRITTEN) {
      expect(text).not.toContain(written);
      expect(logs).not.toContain(written);
    }
  });
});
