/**
 * `/loan history <id>`: what loanbot has written for a loan, newest first, a page at a time,
 * each entry with the current state of its write.
 */
import type { AuditEntry, Store, WriteState } from '../store/index.ts';

export interface HistoryDeps {
  store: Pick<Store, 'audit' | 'outbox'>;
}

export const HISTORY_PAGE = 10;

export interface HistoryEntry extends AuditEntry {
  writeState: WriteState | undefined;
}

export interface HistoryPage {
  loanId: string;
  entries: HistoryEntry[];
  offset: number;
  total: number;
}

export async function loanHistory(deps: HistoryDeps, loanId: string, offset: number): Promise<HistoryPage> {
  const [entries, total] = await Promise.all([
    deps.store.audit.listByLoan(loanId, { limit: HISTORY_PAGE, offset }),
    deps.store.audit.countByLoan(loanId),
  ]);
  const states = new Map<string, WriteState>();
  for (const id of new Set(entries.map((e) => e.writeId).filter((id): id is string => !!id))) {
    const write = await deps.store.outbox.get(id);
    if (write) states.set(id, write.state);
  }
  return {
    loanId,
    offset,
    total,
    entries: entries.map((e) => ({ ...e, writeState: e.writeId ? states.get(e.writeId) : undefined })),
  };
}
