/**
 * From a parsed bulk file to a batch under review: each row checked by the payment modal's rules against
 * its loan as Credgenics has it (credit lines need `client_customer_id`, and it must be the line's own
 * customer), repeats within the file and payments loanbot already recorded (same loan, amount and
 * reference) flagged. The batch and its rows
 * are stored, so the review modal carries only the batch id.
 */
import type { BulkRecord } from '../domain/bulk-file.ts';
import { checkRow, duplicatesWithinFile, rowLoanId, type LoanDefaults } from '../domain/bulk-row.ts';
import { formatAllocationMonth, parseAllocationMonth } from '../domain/allocation-month.ts';
import { currentDefaultOf } from '../domain/loan-summary.ts';
import type { Loan } from '../domain/loan.ts';
import { todayIn } from '../domain/dates.ts';
import type { LoanKind } from '../domain/loan.ts';
import { paymentFingerprint, type PaymentDraft } from '../domain/payment.ts';
import type { Config } from '../config.ts';
import type { BulkBatch, NewBulkRow, Store } from '../store/index.ts';
import { lookupLoan, type LookupDeps } from './lookup-loan.ts';

/** Payments loanbot recorded this long ago or less count as "already recorded". */
export const BULK_DUPLICATE_WINDOW_MS = 90 * 24 * 60 * 60 * 1000;
/** Loans looked up at once while checking a file. */
const LOOKUPS_AT_ONCE = 8;

export interface BulkReviewDeps extends LookupDeps {
  store: Pick<Store, 'outbox' | 'bulk'>;
  now(): Date;
  config: Pick<Config, 'timeZone'>;
}
type Deps = BulkReviewDeps;

/** A row whose loan could not be looked up is rejected with this reason (the view's words for the failure). */
export type LookupReason = (loanId: string, error: unknown) => string;

export interface BulkReview {
  batch: BulkBatch;
  toSend: number;
  total: number;
  rejected: { row: number; reason: string }[];
  duplicates: { row: number; reason: string; amount: number }[];
}

type LoanFacts = { kind: LoanKind; defaults: LoanDefaults; clientCustomerId: string | undefined } | { problem: string };

/** What the payment modal would default to for this loan: its current default's month and date of default. */
function defaultsOf(loan: Loan): LoanDefaults {
  const current = currentDefaultOf(loan);
  const month = parseAllocationMonth(current?.allocationMonth);
  return {
    allocationMonth: month ? formatAllocationMonth(month) : undefined,
    dateOfDefault: /^\d{4}-\d{2}-\d{2}$/.test(current?.dateOfDefault ?? '') ? current?.dateOfDefault : undefined,
  };
}

async function loanKinds(deps: Deps, loanIds: string[], reason: LookupReason): Promise<Map<string, LoanFacts>> {
  const kinds = new Map<string, LoanFacts>();
  let next = 0;
  const worker = async () => {
    while (next < loanIds.length) {
      const loanId = loanIds[next++]!;
      const found = await lookupLoan(deps, loanId);
      kinds.set(loanId, found.ok ? { kind: found.loan.kind, defaults: defaultsOf(found.loan), clientCustomerId: found.loan.clientCustomerId } : { problem: reason(loanId, found.error) });
    }
  };
  await Promise.all(Array.from({ length: Math.min(LOOKUPS_AT_ONCE, loanIds.length) }, worker));
  return kinds;
}

export async function reviewBulkFile(
  deps: Deps,
  input: { fileId: string; fileName: string; by: string; channelId: string; records: BulkRecord[]; lookupReason: LookupReason },
): Promise<BulkReview> {
  const today = todayIn(deps.now(), deps.config.timeZone);
  const ids = [...new Set(input.records.map(rowLoanId).flatMap((r) => (r.ok ? [r.loanId] : [])))];
  const kinds = await loanKinds(deps, ids, input.lookupReason);
  const rows: NewBulkRow[] = [];
  const drafts: { row: number; draft: PaymentDraft }[] = [];
  for (const record of input.records) {
    const id = rowLoanId(record);
    const loanId = id.ok ? id.loanId : null;
    const kind = loanId ? kinds.get(loanId) : undefined;
    if (kind && 'problem' in kind) {
      rows.push({ row: record.row, loanId, status: 'rejected', reason: kind.problem, draft: null, fingerprint: null });
      continue;
    }
    const checked = checkRow(record, kind?.kind ?? 'lending', today, kind?.defaults, kind?.clientCustomerId);
    if (!checked.ok) {
      rows.push({ row: record.row, loanId, status: 'rejected', reason: checked.reason, draft: null, fingerprint: null });
      continue;
    }
    drafts.push({ row: record.row, draft: checked.draft });
    rows.push({ row: record.row, loanId, status: 'valid', reason: null, draft: checked.draft, fingerprint: paymentFingerprint(checked.draft) });
  }
  const repeats = duplicatesWithinFile(drafts);
  const since = deps.now().getTime() - BULK_DUPLICATE_WINDOW_MS;
  const amountOf = new Map(drafts.map((d) => [d.row, d.draft.amount]));
  for (const row of rows) {
    if (row.status !== 'valid') continue;
    const earlier = repeats.get(row.row);
    if (earlier !== undefined) {
      Object.assign(row, { status: 'duplicate', reason: `same loan, amount and reference as row ${earlier}` });
      continue;
    }
    const recorded = await deps.store.outbox.findByFingerprint(row.fingerprint!, since);
    if (recorded) Object.assign(row, { status: 'duplicate', reason: `loanbot already recorded this payment (${recorded.id}, ${recorded.state})` });
  }
  const batch = await deps.store.bulk.create({ fileId: input.fileId, fileName: input.fileName, requestedBy: input.by, channelId: input.channelId, rows });
  const valid = rows.filter((r) => r.status === 'valid');
  return {
    batch,
    toSend: valid.length,
    total: Math.round(valid.reduce((sum, r) => sum + (amountOf.get(r.row) ?? 0), 0) * 100) / 100,
    rejected: rows.filter((r) => r.status === 'rejected').map((r) => ({ row: r.row, reason: r.reason ?? '' })),
    duplicates: rows.filter((r) => r.status === 'duplicate').map((r) => ({ row: r.row, reason: r.reason ?? '', amount: amountOf.get(r.row) ?? 0 })),
  };
}
