import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../src/domain/csv-write.ts';
import { parseBulkFile } from '../../src/domain/bulk-file.ts';
import { checkRow } from '../../src/domain/bulk-row.ts';

const HEADER = ['loan_id', 'amount_recovered', 'final_status', 'payment_method', 'allocation_month', 'payment_mode'];
const hostile = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.constantFrom('"', '""', ';', ',', '\r\n', '\n', '\uFEFF', '=cmd|\' /C calc\'!A0', '<script>', '\u0000', '₹', '１２３', '1e309', '-0', 'NaN'),
);

describe('bulk file parser against hostile cells', () => {
  it('never throws, and a row either passes the rules or says why', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(hostile, { minLength: 0, maxLength: 8 }), { maxLength: 20 }), fc.boolean(), async (rows, crlf) => {
        const text = HEADER.join(',') + (crlf ? '\r\n' : '\n') + rows.map((r) => r.join(',')).join(crlf ? '\r\n' : '\n');
        const parsed = await parseBulkFile(new TextEncoder().encode(text));
        if (!parsed.ok) {
          expect(parsed.reason.length).toBeGreaterThan(0);
          return;
        }
        for (const record of parsed.records) {
          expect(record.row).toBeGreaterThanOrEqual(2);
          const checked = checkRow(record, 'lending', '2026-11-28');
          if (checked.ok) expect(checked.draft.amount).toBeGreaterThan(0);
          else expect(checked.reason).toMatch(/^`/);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('reads back every cell a real CSV writer quoted, with either separator', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim() !== '' && !/[\u0000-\u0008\u000e-\u001f]/.test(s)), { minLength: 1, maxLength: 10 }), fc.constantFrom(',', ';'), async (modes, delimiter) => {
        const rows = modes.map((mode, i) => [String(1000 + i), '500', 'Closed', 'Cash', '2026-11', mode]);
        const text = toCsv([HEADER, ...rows], { delimiter, guardFormulas: false });
        const parsed = await parseBulkFile(new TextEncoder().encode(text));
        expect(parsed.ok).toBe(true);
        if (!parsed.ok) return;
        expect(parsed.records.map((r) => r.cells.payment_mode)).toEqual(modes.map((m) => m.trim()));
      }),
      { numRuns: 200 },
    );
  });
});
