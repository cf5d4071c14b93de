/**
 * The durable store's contract: the outbox of lender writes and the audit trail. Async so that a
 * Postgres implementation (several instances) can sit behind the same interface later; the only
 * implementation today is SQLite (src/store/sqlite.ts and friends).
 */

export type LenderName = 'credgenics' | 'apollo';
export const LENDER_NAMES = ['credgenics', 'apollo'] as const satisfies readonly LenderName[];

export type WriteOperation = 'update_payment' | 'update_loan' | 'update_transaction' | 'apollo_update' | 'add_loan';
export const WRITE_OPERATIONS = [
  'update_payment',
  'update_loan',
  'update_transaction',
  'apollo_update',
  'add_loan',
] as const satisfies readonly WriteOperation[];

/**
 * pending: recorded, not yet sent. sending: a request is (or may be) in flight. confirmed: the lender
 * accepted it (or reconciliation found it applied). failed: the lender refused or could not be reached;
 * can be retried (→ sending) or dismissed. dismissed: a person gave up on it, with a reason.
 */
export type WriteState = 'pending' | 'sending' | 'confirmed' | 'failed' | 'dismissed';
export const WRITE_STATES = ['pending', 'sending', 'confirmed', 'failed', 'dismissed'] as const satisfies readonly WriteState[];

/** A Slack message that shows this write (an alert), to be updated in place when the write changes. */
export interface AlertRef {
  channel: string;
  ts: string;
}

export interface OutboxWrite {
  /** Short unique id, 'w_' + 12 base32 characters; safe to put in a Slack button value. */
  id: string;
  /** Unique: derived by the caller from the Slack view id etc. */
  idempotencyKey: string;
  lender: LenderName;
  operation: WriteOperation;
  loanId: string;
  /** Everything needed to send it again (stored as JSON text). null if the stored JSON is unreadable. */
  request: unknown;
  /** Readable, PII-masked one-liner for alerts/history, e.g. "₹34,500 · Partially Recovered · Online". */
  summary: string;
  /** Caller-computed, for duplicate detection (e.g. loan+amount+reference). */
  fingerprint: string | null;
  /** Slack user id. */
  requestedBy: string;
  channelId: string;
  threadTs: string | null;
  /** E.g. the loan summary message to refresh after success. */
  sourceMessageTs: string | null;
  state: WriteState;
  attempts: number;
  /** HTTP status of the last failure, null for timeout/network. Kept after a later success, as history. */
  lastStatus: number | null;
  /** Our short description of the last failure, e.g. "timed out after 10 s". */
  lastError: string | null;
  /** The lender's own words about the last failure. */
  lenderMessage: string | null;
  retryable: boolean | null;
  /** The lender's answer on success. */
  result: unknown | null;
  /** Alert messages to update in place. */
  alerts: AlertRef[];
  /** Epoch ms. */
  createdAt: number;
  updatedAt: number;
  sentAt: number | null;
  confirmedAt: number | null;
  /** Who retried successfully / who dismissed. */
  resolvedBy: string | null;
  dismissReason: string | null;
}

export interface NewWrite {
  idempotencyKey: string;
  lender: LenderName;
  operation: WriteOperation;
  loanId: string;
  /** Must be JSON-serialisable. */
  request: unknown;
  summary: string;
  fingerprint?: string | null;
  requestedBy: string;
  channelId: string;
  threadTs?: string | null;
  sourceMessageTs?: string | null;
}

export interface WriteFailure {
  status: number | null;
  error: string;
  lenderMessage: string | null;
  retryable: boolean;
}

export interface Page {
  limit: number;
  offset: number;
}

export interface Outbox {
  /** Insert unless the idempotency key exists; then return the existing one. Never two rows per key. */
  record(write: NewWrite): Promise<{ created: boolean; write: OutboxWrite }>;
  get(id: string): Promise<OutboxWrite | undefined>;
  getByKey(idempotencyKey: string): Promise<OutboxWrite | undefined>;
  /**
   * Atomic compare-and-set to 'sending' (attempts+1, sentAt=now) only if the current state is in `from`;
   * undefined otherwise. Two concurrent claims (even from two processes) → exactly one wins.
   */
  claim(id: string, from: WriteState[]): Promise<OutboxWrite | undefined>;
  /**
   * Replaces the stored request while the write is 'pending' or 'sending' (by whoever claimed it), e.g. to
   * add the baseline read just before a payment is sent; undefined if unknown, confirmed, failed or dismissed.
   */
  updateRequest(id: string, request: unknown): Promise<OutboxWrite | undefined>;
  /**
   * → 'confirmed' from any other state. Already confirmed: returned unchanged (idempotent).
   * `by` sets resolvedBy (otherwise it is kept). A result JSON cannot represent is stored as null rather
   * than losing the confirmation. Throws UnknownWriteError for an unknown id.
   */
  markConfirmed(id: string, outcome: { result: unknown; by?: string }): Promise<OutboxWrite>;
  /**
   * → 'failed' from pending, sending or failed. A confirmed or dismissed write is returned unchanged
   * (a late failure never downgrades it; check `state`). Lenient about the failure's fields (a status
   * that is not a whole number is stored as null) so recording a failure cannot itself fail.
   * Throws UnknownWriteError for an unknown id.
   */
  markFailed(id: string, failure: WriteFailure): Promise<OutboxWrite>;
  /** Only from 'failed' (or 'pending'); returns undefined if it was not dismissable (e.g. already confirmed) or unknown. */
  markDismissed(id: string, by: string, reason: string): Promise<OutboxWrite | undefined>;
  /** Remembers an alert message (no duplicates; updatedAt unchanged). Throws UnknownWriteError for an unknown id. */
  addAlert(id: string, alert: AlertRef): Promise<void>;
  /** Newest first. */
  listByLoan(loanId: string, page: Page): Promise<OutboxWrite[]>;
  /** Newest first. */
  listByUser(userId: string, limit: number): Promise<OutboxWrite[]>;
  /** State 'failed', newest first, optionally only those requested by `userId`. */
  listFailed(filter: { userId?: string; limit: number }): Promise<OutboxWrite[]>;
  /** Left 'pending' or 'sending' (e.g. by a crash), oldest first. */
  listUnfinished(): Promise<OutboxWrite[]>;
  /** Most recent non-dismissed write with this fingerprint created at or after `since` (epoch ms), excluding `excludeKey`. */
  findByFingerprint(fingerprint: string, since: number, excludeKey?: string): Promise<OutboxWrite | undefined>;
  counts(): Promise<Record<WriteState, number>>;
}

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

export interface AuditTrail {
  append(entry: NewAuditEntry): Promise<AuditEntry>;
  /** Newest first. */
  listByLoan(loanId: string, page: Page): Promise<AuditEntry[]>;
  countByLoan(loanId: string): Promise<number>;
  /** Newest first. */
  listByActor(actor: string, limit: number): Promise<AuditEntry[]>;
}

export interface Store {
  outbox: Outbox;
  audit: AuditTrail;
  /** Closes the database; safe to call twice. */
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** Directory for loanbot.sqlite (created if missing), or ':memory:' for tests. */
  dataDir: string | ':memory:';
  /** Clock for every stored timestamp, epoch ms; defaults to Date.now. */
  now?: () => number;
}

/** Thrown when an operation that must find its write (markConfirmed, markFailed, addAlert) does not. */
export class UnknownWriteError extends Error {
  constructor(readonly writeId: string) {
    super(`outbox: no write with id ${JSON.stringify(writeId)}`);
    this.name = 'UnknownWriteError';
  }
}
