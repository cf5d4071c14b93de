/**
 * The files a bulk batch hands back: the errors file (every rejected row and why) at review, and at the
 * end the results file, one line per data row of the uploaded file: its outcome, Credgenics' message and
 * the outbox write id.
 */
import { toCsv } from '../domain/csv-write.ts';
import { maskFreeText } from '../domain/masking.ts';
import type { BulkBatch, BulkRowOutcome, Store } from '../store/index.ts';
import { BULK_CANCEL_REASON } from './bulk-keys.ts';

const CANCELLED = 'cancelled (not sent)';

export const RESULTS_HEADER = ['row', 'loan_id', 'amount_recovered', 'payment_reference_number', 'outcome', 'credgenics_message', 'write_id'];

export function errorsCsv(rows: { row: number; reason: string }[]): string {
  return toCsv([['row', 'reason'], ...rows.map((r) => [r.row, r.reason.replace(/`/g, '')])]);
}

function outcomeOf(o: BulkRowOutcome, batch: ResultsOf): string {
  if (o.status === 'rejected') return `rejected: ${(o.reason ?? '').replace(/`/g, '')}`;
  if (o.writeState === null) {
    if (o.status === 'duplicate' && !batch.includeDuplicates) return `left out: ${o.reason ?? 'duplicate'}`;
    // Cancel came before this row was recorded.
    return batch.state === 'cancelled' ? CANCELLED : 'not sent';
  }
  switch (o.writeState) {
    case 'confirmed':
      return 'recorded';
    case 'failed':
      return 'failed';
    case 'dismissed':
      return o.dismissReason === BULK_CANCEL_REASON ? CANCELLED : `dismissed: ${o.dismissReason ?? ''}`;
    default:
      return 'still being sent';
  }
}

/** What the results file needs of its batch. */
export type ResultsOf = Pick<BulkBatch, 'id' | 'includeDuplicates' | 'state'>;

export async function resultsCsv(deps: { store: Pick<Store, 'bulk'> }, batch: ResultsOf): Promise<string> {
  const lines: (string | number)[][] = [];
  for (let offset = 0; ; offset += 1_000) {
    const outcomes = await deps.store.bulk.outcomes(batch.id, { limit: 1_000, offset });
    if (outcomes.length === 0) break;
    lines.push(...outcomes.map((o) => {
    const draft = (o.draft ?? {}) as { amount?: unknown; reference?: unknown };
    const message = o.writeState === 'failed' || o.writeState === 'confirmed' ? maskFreeText(o.lenderMessage ?? (o.writeState === 'failed' ? (o.lastError ?? '') : '')) : '';
    return [o.row, o.loanId ?? '', typeof draft.amount === 'number' ? draft.amount.toFixed(2) : '', typeof draft.reference === 'string' ? draft.reference : '', outcomeOf(o, batch), message, o.writeId ?? ''];
    }));
  }
  return toCsv([RESULTS_HEADER, ...lines]);
}
