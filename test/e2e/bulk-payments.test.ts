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
    expect(batchMessageOf(h, 'november.csv')?.ts).toBe(end.ts);
    // …and in the App Home of the person who sent it.
    await h.slack.openHome(ASHA);
    const home = await h.slack.waitForHome(ASHA, (v) => visibleText({ blocks: v.blocks }).includes('november.csv'));
    expect(visibleText({ blocks: home.blocks })).toMatch(/\*november\.csv\* · .* · _done_ · 3 recorded, 0 failed, 0 waiting, 0 rejected/);
  });
});

const row = (loanId: string, amount: string, reference: string, extra = '') => `${loanId},${amount},Closed,Cash,${MONTH.iso},,${reference},${extra}`;

describe('bulk payments: what is not sent', () => {
  it('rejects rows with their row number and reason, flags duplicates, and sends only the rest', async () => {
    const file = [
      HEADER,
      row('1001', '500', 'DUP-1'),
      row('1002', 'lots', 'R-2'), // row 3: bad amount
      '',
      row('9999', '100', 'R-5'), // row 5: no such loan
      row('2001', '300', 'R-6'), // row 6: a credit line without client_customer_id
      row('2001', '350', 'R-7', '189004'), // row 7: credit line, fine
      row('1001', '500', 'dup-1'), // row 8: repeats row 2
      `1005,200,Partially Recovered,Cash,${MONTH.iso},,R-9,`, // row 9: no date of default (and the loan has no default to take it from)
    ].join('\n');
    const { text } = await reviewOf(h, 'mixed.csv', file);
    expect(text).toContain('*2* payments to send, *₹850* in all');
    expect(text).toContain('Row 3: `amount_recovered`: Enter digits only');
    expect(text).toMatch(/Row 5: .*9999/);
    expect(text).toContain('Row 6: `client_customer_id`: Required for a credit-line loan');
    expect(text).toContain('Row 9: `date_of_default`: Required when the final status is Partially Recovered');
    expect(text).toContain('Row 8: same loan, amount and reference as row 2');
    // Every rejected row is in the errors file, sent to the person.
    const errors = await h.slack.waitFor(() => h.slack.sharedFiles().find((f) => f.title === 'Rejected rows of mixed.csv'));
    expect(errors.bytes.toString('utf8')).toContain('"6","client_customer_id: Required for a credit-line loan"');

    await h.slack.submitView({ userId: ASHA });
    const end = await waitForBatchEnd(h, 'mixed.csv');
    expect(visibleText(end)).toContain('*2* recorded');
    expect(visibleText(end)).toContain('4 rejected rows not sent · 1 duplicate row left out');
    expect(patchesTo(h, '1001')).toHaveLength(1);
    expect(patchesTo(h, '1002')).toHaveLength(0);
    expect(patchesTo(h, '1003')).toHaveLength(0);
    expect(h.credgenics.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith('/2001'))).toHaveLength(1);
    const results = await h.slack.waitFor(() => h.slack.sharedFiles(CHANNEL).find((f) => f.title === 'Results of mixed.csv'));
    const csv = results.bytes.toString('utf8');
    expect(csv.trim().split('\r\n')).toHaveLength(1 + 7);
    expect(csv).toContain('"8","1001","500.00","dup-1","left out: same loan, amount and reference as row 2"');

    // The same payments in a new file are flagged against what loanbot recorded; sent only when chosen.
    const again = await reviewOf(h, 'again.csv', [HEADER, row('1001', '500', 'DUP-1'), row('1004', '250', 'R-10')].join('\n'));
    expect(again.text).toContain('*1* payment to send');
    expect(again.text).toMatch(/Row 2: loanbot already recorded this payment/);
    await h.slack.submitView({ userId: ASHA, values: { bulk_duplicates: ['send'] } });
    await waitForBatchEnd(h, 'again.csv');
    expect(patchesTo(h, '1001')).toHaveLength(2);
    expect(patchesTo(h, '1004')).toHaveLength(1);
  });

  it('rejects a credit-line row naming another customer than the loan’s, and sends it nowhere', async () => {
    const { text } = await reviewOf(h, 'customer.csv', [HEADER, row('2002', '410', 'CUST-1', '999999'), row('2002', '420', 'CUST-2', '189004')].join('\n'));
    expect(text).toContain('*1* payment to send');
    expect(text).toContain('Row 2: `client_customer_id`: Loan 2002 belongs to customer 189004 in Credgenics, not 999999');
    await h.slack.submitView({ userId: ASHA });
    await waitForBatchEnd(h, 'customer.csv');
    const sent = h.credgenics.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith('/2002'));
    expect(sent.map((r) => (r.body as { payment_reference_number?: string }).payment_reference_number)).toEqual(['CUST-2']);
  });

  it.each([
    ['not a CSV', 'report.csv', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]), 'not a CSV'],
    ['an empty file', 'empty.csv', '', 'The file is empty'],
    ['no loan_id column', 'noid.csv', 'amount_recovered,final_status\n500,Closed\n', 'no `loan_id` column'],
    ['unknown columns', 'extra.csv', `${HEADER},colour,Branch Code\n`, 'Unknown columns: `colour`, `Branch Code`'],
    ['over 10,000 rows', 'big.csv', `${HEADER}\n${'1001,1,Closed,Cash,2026-11,,,\n'.repeat(10_001)}`, 'more than 10,000 rows'],
    ['a web page', 'login.csv', '<!DOCTYPE html><html><body>Sign in</body></html>', 'Slack sent a web page'],
  ])('refuses %s inline and sends nothing', async (_what, name, content, reason) => {
    const before = h.credgenics.requests.length;
    const { result } = await submitBulkFile(h, name, content);
    expect(result.outcome).toBe('errors');
    expect(result.errors?.['bulk_file']).toContain(reason);
    expect(result.errors?.['bulk_file']).toContain('Nothing was sent.');
    expect(h.credgenics.requests.length).toBe(before);
  });

  it('refuses a file Slack will not hand over', async () => {
    const before = new Set(h.slack.openViews(ASHA).map((v) => v.id));
    await h.slack.slashCommand({ text: 'bulk', userId: ASHA, channelId: CHANNEL });
    const form = await h.slack.waitForView(ASHA, (v) => v.callback_id === 'bulk_form' && !before.has(v.id));
    const fileId = h.slack.uploadFile('gone.csv', `${HEADER}\n${row('1001', '5', 'X-1')}\n`, ASHA);
    const submitted = h.slack.submitView({ userId: ASHA, viewId: form.id, values: { bulk_file: [fileId] } });
    h.slack.deleteFile(fileId); // picked, then gone before loanbot asks Slack for it
    const result = await submitted;
    expect(result.outcome).toBe('errors');
    expect(result.errors?.['bulk_file']).toContain('Slack would not hand loanbot this file');
  });

  it('offers a template: the header and one example row, in a direct message', async () => {
    const before = new Set(h.slack.openViews(ASHA).map((v) => v.id));
    await h.slack.slashCommand({ text: 'bulk', userId: ASHA, channelId: CHANNEL });
    const form = await h.slack.waitForView(ASHA, (v) => v.callback_id === 'bulk_form' && !before.has(v.id));
    expect(visibleText({ blocks: form.blocks })).toContain('Payments file');
    await h.slack.clickButton({ viewId: form.id, actionId: 'bulk_template', userId: ASHA });
    const template = await h.slack.waitFor(() => h.slack.sharedFiles().find((f) => f.title === 'Bulk payments template'));
    const lines = template.bytes.toString('utf8').trim().split('\r\n');
    expect(lines[0]).toBe('"loan_id","amount_recovered","final_status","payment_method","allocation_month","date_of_default","recovery_method","closure_with","payment_reference_number","payment_mode","client_customer_id"');
    expect(lines).toHaveLength(2);
  });
});

describe('the example file', () => {
  it('examples/payments.csv works against the sandbox: five payments sent, its bad rows refused', async () => {
    const { readFileSync } = await import('node:fs');
    const content = readFileSync(new URL('../../examples/payments.csv', import.meta.url), 'utf8');
    const { text } = await reviewOf(h, 'payments.csv', content);
    expect(text).toContain('*5* payments to send, *₹91,850.50* in all');
    expect(text).toContain('5 rows are rejected');
    expect(text).toContain('Row 8: same loan, amount and reference as row 2');
    await h.slack.submitView({ userId: ASHA });
    const end = await waitForBatchEnd(h, 'payments.csv');
    expect(visibleText(end)).toContain('*5* recorded');
  });
});
