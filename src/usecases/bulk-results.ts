/**
 * The files a bulk batch hands back: the errors file (every rejected row and why) at review, and at the
 * end the results file, one line per data row of the uploaded file: its outcome, Credgenics' message and
 * the outbox write id.
 */
import { toCsv } from '../domain/csv-write.ts';
import { maskFreeText } from '../domain/masking.ts';
import type { BulkRowOutcome, Store } from '../store/index.ts';

export const RESULTS_HEADER = ['row', 'loan_id', 'amount_recovered', 'payment_reference_number', 'outcome', 'credgenics_message', 'write_id'];

export function errorsCsv(rows: { row: number; reason: string }[]): string {
  return toCsv([['row', 'reason'], ...rows.map((r) => [r.row, r.reason.replace(/`/g, '')])]);
}

function outcomeOf(o: BulkRowOutcome, includeDuplicates: boolean): string {
  if (o.status === 'rejected') return `rejected: ${(o.reason ?? '').replace(/`/g, '')}`;
  if (o.writeState === null) return o.status === 'duplicate' && !includeDuplicates ? `left out: ${o.reason ?? 'duplicate'}` : 'not sent';
  switch (o.writeState) {
    case 'confirmed':
      return 'recorded';
    case 'failed':
      return 'failed';
    case 'dismissed':
      return o.dismissReason === 'bulk batch cancelled' ? 'cancelled (not sent)' : `dismissed: ${o.dismissReason ?? ''}`;
    default:
      return 'still being sent';
  }
}

export async function resultsCsv(deps: { store: Pick<Store, 'bulk'> }, batchId: string, includeDuplicates: boolean): Promise<string> {
  const lines: (string | number)[][] = [];
  for (let offset = 0; ; offset += 1_000) {
    const outcomes = await deps.store.bulk.outcomes(batchId, { limit: 1_000, offset });
    if (outcomes.length === 0) break;
    lines.push(...outcomes.map((o) => {
    const draft = (o.draft ?? {}) as { amount?: unknown; reference?: unknown };
    const message = o.writeState === 'failed' || o.writeState === 'confirmed' ? maskFreeText(o.lenderMessage ?? (o.writeState === 'failed' ? (o.lastError ?? '') : '')) : '';
    return [o.row, o.loanId ?? '', typeof draft.amount === 'number' ? draft.amount.toFixed(2) : '', typeof draft.reference === 'string' ? draft.reference : '', outcomeOf(o, includeDuplicates), message, o.writeId ?? ''];
    }));
  }
  return toCsv([RESULTS_HEADER, ...lines]);
}
