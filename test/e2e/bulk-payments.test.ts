/**
 * Bulk payments through the stand-in: a settlement file in, every row recorded once, progress in the channel.
 */
import { describe, expect, it } from 'vitest';
import { visibleText } from './harness.ts';
import { useHarness } from './use-harness.ts';
import { ASHA, CHANNEL, HEADER, MONTH, batchMessageOf, patchesTo, reviewOf, submitBulkFile, waitForBatchEnd } from './bulk-helpers.ts';

const h = useHarness({ env: { CREDGENICS_WRITES_PER_SECOND: '20' } });

describe('bulk payments', () => {
  it('reads a messy file (BOM, CRLF, ;, quoted ₹ amounts, DD/MM/YYYY, Nov 2026), reviews it, and records every row once', async () => {
    const file = [
      '\uFEFFLoan ID;Amount Recovered;Final Status;Payment Method;Allocation_Month;Date of Default;Payment Reference Number',
      `1001;"₹12,500";partially recovered;Online;${MONTH.words};05/${MONTH.iso.slice(5)}/${MONTH.iso.slice(0, 4)};UTR1001A`,
      `1002;"1,00,000.50";Closed;cash;${MONTH.iso};;UTR1002A`,
      `1003;700;Closed;Cheque;${MONTH.credgenics};;`,
    ].join('\r\n');
    const { text } = await reviewOf(h, 'november.csv', file);
    expect(text).toContain('*3* payments to send, *₹1,13,200.50* in all');
    const submit = await h.slack.submitView({ userId: ASHA });
    expect(submit.outcome).toBe('updated');
    const end = await waitForBatchEnd(h, 'november.csv');
    expect(visibleText(end)).toContain('*3* recorded');
    expect(visibleText(end)).toContain(`<@${ASHA}>`);
    expect(patchesTo(h, '1001')).toHaveLength(1);
    expect(patchesTo(h, '1002')).toHaveLength(1);
    expect(patchesTo(h, '1003')).toHaveLength(1);
    expect(h.credgenics.payments('1002').at(-1)).toMatchObject({ amountRecovered: 100000.5, paymentReferenceNumber: 'UTR1002A' });
    // No confirmation per row: the batch message tells it.
    expect(h.slack.messages(CHANNEL).filter((m) => m.text.includes('recorded in Credgenics'))).toHaveLength(0);
    const results = await h.slack.waitFor(() => h.slack.sharedFiles(CHANNEL).find((f) => f.title === 'Results of november.csv'));
    expect(results.shares[0]).toMatchObject({ threadTs: end.ts });
    const lines = results.bytes.toString('utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('"row","loan_id","amount_recovered","payment_reference_number","outcome","credgenics_message","write_id"');
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 5).join(','))).toEqual(['"2","1001","12500.00","UTR1001A","recorded"', '"3","1002","100000.50","UTR1002A","recorded"', '"4","1003","700.00","","recorded"']);
  });
});
