/** The audit trail's contract (src/store/types.ts has the rest of the store's). */
import type { LenderName } from './write-kinds.ts';

/**
 * action e.g. 'lookup', 'payment.recorded', 'payment.failed', 'write.retried', 'alert.dismissed',
 * 'access.refused', 'pii.revealed'; detail is PII-masked text, never a secret.
 */
export interface AuditEntry {
  id: number;
  /** Epoch ms. */
  at: number;
  actor: string;
  action: string;
  loanId: string | null;
  lender: LenderName | null;
  outcome: string;
  detail: string;
  /** Must name an existing outbox write (foreign key) or be null. */
  writeId: string | null;
}

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at'> & { at?: number };
/** The audit entry of a write being recorded: its `writeId` is the new write's. */
export type NewWriteAudit = Omit<NewAuditEntry, 'writeId'>;

export interface AuditTrail {
  append(entry: NewAuditEntry): Promise<AuditEntry>;
  /** Newest first. */
  listByLoan(loanId: string, page: Page): Promise<AuditEntry[]>;
  countByLoan(loanId: string): Promise<number>;
  /** Newest first. */
  listByActor(actor: string, limit: number): Promise<AuditEntry[]>;
}

/** A page of a newest-first list. */
export interface Page {
  limit: number;
  offset: number;
}
