/**
 * `/loan history <id>`: what loanbot has written for a loan, newest first, a page at a time,
 * each entry with the current state of its write.
 */
import type { AuditEntry, OutboxWrite, Store, WriteState } from '../store/index.ts';

export interface HistoryDeps {
  store: Pick<Store, 'audit' | 'outbox'>;
}

export const HISTORY_PAGE = 10;

export interface HistoryEntry extends AuditEntry {
  writeState: WriteState | undefined;
  /** The entry's write as it stands now, if it names one. */
  write: OutboxWrite | undefined;
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
  const writes = new Map<string, OutboxWrite>();
  for (const id of new Set(entries.map((e) => e.writeId).filter((id): id is string => !!id))) {
    const write = await deps.store.outbox.get(id);
    if (write) writes.set(id, write);
  }
  return {
    loanId,
    offset,
    total,
    entries: entries.map((e) => {
      const write = e.writeId ? writes.get(e.writeId) : undefined;
      return { ...e, write, writeState: write?.state };
    }),
  };
}
