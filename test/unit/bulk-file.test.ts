import { describe, expect, it } from 'vitest';
import { MAX_DATA_ROWS, MAX_FILE_BYTES, parseBulkFile, parseBulkText } from '../../src/domain/bulk-file.ts';
import { checkRow, duplicatesWithinFile, readAllocationMonth, readDate } from '../../src/domain/bulk-row.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const TODAY = '2026-11-28';

describe('bulk payments file', () => {
  it('reads a BOM, CRLF, quoted cells and Credgenics words in any case, spacing and order', async () => {
    const file = '\uFEFFLoan ID;Amount Recovered;FINAL_STATUS;payment method;Allocation_Month;date of default\r\n1001;"₹34,500";partially recovered;online;Nov 2026;25/11/2026\r\n\r\n"1002";"1,00,000.50";Closed;Cash;2026-11;2026-11-01\r\n';
    const parsed = await parseBulkFile(bytes(file));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.records.map((r) => r.row)).toEqual([2, 4]);
    expect(parsed.records[0]!.cells).toMatchObject({ loan_id: '1001', amount_recovered: '₹34,500', allocation_month: 'Nov 2026' });
    const first = checkRow(parsed.records[0]!, 'lending', TODAY);
    expect(first).toMatchObject({ ok: true, draft: { amount: 34500, finalStatus: 'Partially Recovered', paymentMethod: 'Online', allocationMonth: '2026-11-01', dateOfDefault: '2026-11-25' } });
    expect(checkRow(parsed.records[1]!, 'lending', TODAY)).toMatchObject({ ok: true, draft: { amount: 100000.5, finalStatus: 'Closed' } });
  });

  it('keeps a comma file with quoted amounts, and a cell spanning lines counts as one row', async () => {
    const parsed = await parseBulkText('loan_id,amount_recovered,final_status,payment_method,allocation_month,payment_mode\n1001,"34,500",Closed,Cash,2026-11-01,"by hand\nat branch"\n1002,500,Closed,Cash,2026-11-01,\n');
    expect(parsed.ok && parsed.records.map((r) => [r.row, r.cells.amount_recovered])).toEqual([[2, '34,500'], [3, '500']]);
  });

  it.each([
    ['', 'empty'],
    ['<!DOCTYPE html><html><body>Sign in to Slack</body></html>', 'web page'],
    ['amount_recovered,final_status\n500,Closed\n', 'no `loan_id` column'],
    ['loan_id,amount_recovered,final_status,payment_method,allocation_month,colour,size\n1,2,3,4,5,6,7\n', 'Unknown columns: `colour`, `size`'],
    ['loan_id,amount_recovered,final_status,payment_method,allocation_month\n', 'no rows'],
    ['loan_id\n1001\n', 'no `amount_recovered`'],
  ])('refuses %j (%s)', async (text, reason) => {
    const parsed = await parseBulkFile(bytes(text));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toContain(reason);
  });

  it('refuses binary data, over 2 MB and over 10,000 rows', async () => {
    expect(await parseBulkFile(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 1]))).toMatchObject({ ok: false, reason: expect.stringContaining('not a CSV') });
    expect(await parseBulkFile(new Uint8Array(MAX_FILE_BYTES + 1).fill(65))).toMatchObject({ ok: false, reason: expect.stringContaining('2.0 MB') });
    const many = 'loan_id,amount_recovered,final_status,payment_method,allocation_month\n' + '1001,1,Closed,Cash,2026-11\n'.repeat(MAX_DATA_ROWS + 1);
    expect(await parseBulkText(many)).toMatchObject({ ok: false, reason: expect.stringContaining('more than 10,000 rows') });
  });

  const HEADER = 'loan_id,amount_recovered,final_status,payment_method,allocation_month';

  it('counts blank lines toward the 10,000 rows', async () => {
    // The header, then 10,001 blank lines.
    expect(await parseBulkFile(bytes(`${HEADER}${'\n'.repeat(MAX_DATA_ROWS + 2)}`))).toMatchObject({ ok: false, reason: expect.stringContaining('more than 10,000 rows (blank lines count too)') });
    expect(await parseBulkFile(bytes(`${HEADER}\n${',,,,\n'.repeat(MAX_DATA_ROWS)}1001,1,Closed,Cash,2026-11\n`))).toMatchObject({ ok: false, reason: expect.stringContaining('more than 10,000 rows') });
  });

  it('gives up on a file it cannot read within its time budget', async () => {
    let clock = 0;
    const honest = `${HEADER}\n${'1001,500,Closed,Cash,2026-11\n'.repeat(2_000)}`;
    expect(await parseBulkFile(bytes(honest), { budgetMs: 1_000, now: () => (clock += 1) })).toMatchObject({ ok: true });
    expect(await parseBulkFile(bytes(honest), { budgetMs: 1_000, now: () => (clock += 100) })).toMatchObject({ ok: false, reason: expect.stringContaining('took too long to read') });
  });

  it('lets other work run while it reads a file', async () => {
    let turns = 0;
    let reading = true;
    const other = () => {
      turns += 1;
      if (reading) setImmediate(other);
    };
    setImmediate(other);
    // Every cell count differs from the header's, the costliest kind of line for csv-parse: ~0.3 s held at once before.
    const parsed = await parseBulkFile(bytes(`${HEADER}\n${'1001\n'.repeat(MAX_DATA_ROWS)}`));
    reading = false;
    expect(parsed.ok).toBe(true);
    expect(turns).toBeGreaterThan(1);
  });
});

describe('bulk rows', () => {
  const row = (cells: Record<string, string>) => ({ row: 7, cells: { loan_id: '1001', amount_recovered: '500', final_status: 'Closed', payment_method: 'Cash', allocation_month: '2026-11', ...cells } });

  it('reads allocation months and dates as people write them', () => {
    expect(['2026-11', '2026-11-01', '2026-1-01', 'Nov 2026', 'november 2026', 'Jan-2027'].map(readAllocationMonth)).toEqual(['2026-11-01', '2026-11-01', '2026-1-01', '2026-11-01', '2026-11-01', '2027-1-01']);
    expect(readAllocationMonth('2026-13')).toBe('2026-13');
    expect(readAllocationMonth('Nov 26')).toBe('Nov 26');
    expect(['25/11/2026', '2026-11-25', '31/02/2026', '11-25-2026'].map(readDate)).toEqual(['2026-11-25', '2026-11-25', '31/02/2026', '11-25-2026']);
  });

  it('gives the reason in the file’s column names', () => {
    expect(checkRow(row({ amount_recovered: '-5' }), 'lending', TODAY)).toEqual({ ok: false, reason: '`amount_recovered`: The amount must be more than ₹0' });
    expect(checkRow(row({ final_status: 'Partially Recovered' }), 'lending', TODAY)).toMatchObject({ ok: false, reason: expect.stringContaining('`date_of_default`') });
    expect(checkRow(row({ allocation_month: 'soon' }), 'lending', TODAY)).toMatchObject({ ok: false, reason: expect.stringContaining('`allocation_month`') });
    expect(checkRow(row({ loan_id: 'a b' }), 'lending', TODAY)).toMatchObject({ ok: false, reason: expect.stringContaining('`loan_id`') });
  });

  it('takes a blank month or date of default from the loan’s current default, as the modal does', () => {
    const blank = { row: 4, cells: { loan_id: '1001', amount_recovered: '500', final_status: 'Partially Recovered', payment_method: 'Cash' } };
    expect(checkRow(blank, 'lending', TODAY, { allocationMonth: '2026-11-01', dateOfDefault: '2026-11-05' })).toMatchObject({ ok: true, draft: { allocationMonth: '2026-11-01', dateOfDefault: '2026-11-05' } });
    expect(checkRow({ ...blank, cells: { ...blank.cells, allocation_month: 'Oct 2026' } }, 'lending', TODAY, { allocationMonth: '2026-11-01', dateOfDefault: '2026-10-05' })).toMatchObject({ ok: true, draft: { allocationMonth: '2026-10-01' } });
    expect(checkRow(blank, 'lending', TODAY)).toMatchObject({ ok: false, reason: expect.stringContaining('`allocation_month`') });
  });

  it('needs client_customer_id on a credit-line row only', () => {
    expect(checkRow(row({}), 'credit_line', TODAY)).toEqual({ ok: false, reason: '`client_customer_id`: Required for a credit-line loan' });
    expect(checkRow(row({ client_customer_id: 'CUST-9' }), 'credit_line', TODAY)).toMatchObject({ ok: true, draft: { clientCustomerId: 'CUST-9' } });
  });

  it('flags a row repeating an earlier one’s loan, amount and reference', () => {
    const draft = (r: number, ref: string) => {
      const checked = checkRow({ ...row({ payment_reference_number: ref }), row: r }, 'lending', TODAY);
      if (!checked.ok) throw new Error(checked.reason);
      return { row: r, draft: checked.draft };
    };
    expect([...duplicatesWithinFile([draft(2, 'UTR1'), draft(3, 'UTR2'), draft(4, 'utr1')])]).toEqual([[4, 2]]);
  });
});
