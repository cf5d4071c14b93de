/**
 * The durable store's contract: the outbox of lender writes (rows a worker claims under a lease), the
 * audit trail and the memory of Slack requests already handled. Two implementations sit behind it:
 * SQLite (src/store/sqlite*, one instance, the default) and Postgres (src/store/postgres/, several
 * instances sharing DATABASE_URL). test/store/contract/ runs one suite against both.
 */
import type { BulkBatches, SendPacing } from './bulk-types.ts';
import type { NewWriteAudit, AuditTrail, Page } from './audit-types.ts';
import type { LenderName, WriteOperation, WriteState } from './write-kinds.ts';

export type { AuditEntry, AuditTrail, NewAuditEntry, NewWriteAudit, Page } from './audit-types.ts';
export type { ClockSkew, OpenStoreOptions } from './open-options.ts';

export {
  LENDER_NAMES,
  REQUEST_FORMAT_VERSION,
  WRITE_OPERATIONS,
  WRITE_STATES,
  type LenderName,
  type WriteOperation,
  type WriteState,
} from './write-kinds.ts';

/** A Slack message that shows this write (an alert), to be updated in place when the write changes. */
export interface AlertRef {
  channel: string;
  ts: string;
}

/** What the recorder of a write says about it, kept as given. */
interface RecordedFields {
  /** Unique: derived by the caller from the Slack view id etc. */
  idempotencyKey: string;
  lender: LenderName;
  operation: WriteOperation;
  loanId: string;
  /**
   * Everything needed to send it again (JSON-serialisable), stored as JSON text with its format version `v` (see
   * REQUEST_FORMAT_VERSION). Read back as parsed JSON; null if the stored JSON is unreadable.
   */
  request: unknown;
  /** Readable, PII-masked one-liner for alerts/history, e.g. "₹34,500 · Partially Recovered · Online". */
  summary: string;
  /** Slack user id. */
  requestedBy: string;
  channelId: string;
}

export interface OutboxWrite extends RecordedFields {
  /** Short unique id, 'w_' + 12 base32 characters; safe to put in a Slack button value. */
  id: string;
  /** Caller-computed, for duplicate detection (e.g. loan+amount+reference). */
  fingerprint: string | null;
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
  /** Epoch ms from which a worker may claim it while pending; null once it is settled. */
  dueAt: number | null;
  /** The instance holding it while sending, and until when; a lease that runs out may be claimed again. */
  leaseOwner: string | null;
  leaseExpiresAt: number | null;
  /** A request left for the lender under the current lease and no outcome is known yet. */
  inFlight: boolean;
  /**
   * An earlier attempt may have reached the lender (timeout, 5xx, unreadable 2xx, lost lease): before it is
   * sent again a payment or an added loan is reconciled, and not before `settleAfter`.
   */
  needsReconcile: boolean;
  /** Epoch ms: the last uncertain attempt's send time + the settle window. */
  settleAfter: number | null;
  /** A person checked the lender and chose Send anyway: the next attempt skips reconciliation. */
  force: boolean;
  /** Who set the current run going (the recorder, or whoever pressed Retry). */
  runBy: string | null;
  /** Writes sharing a lock key are never 'sending' at the same time, across instances (payments: loan + month). */
  lockKey: string | null;
  /** Lower goes first: people's own writes (0) before bulk rows. */
  priority: number;
  /** The modal that recorded it (updated with the outcome), or null. */
  viewId: string | null;
  /** The send count at which automatic retries stop and the write fails for a person (raised by a Retry). */
  maxAttempts: number;
}

export interface NewWrite extends RecordedFields {
  fingerprint?: string | null;
  threadTs?: string | null;
  sourceMessageTs?: string | null;
  lockKey?: string | null;
  /** Default 0. */
  priority?: number;
  viewId?: string | null;
  /** Default: now. */
  dueAt?: number;
  /** Default 3. */
  maxAttempts?: number;
}

export interface WriteFailure {
  status: number | null;
  error: string;
  lenderMessage: string | null;
  retryable: boolean;
}


export interface ClaimOptions {
  /** This instance's id. */
  owner: string;
  /** How long the lease lasts unless renewed. */
  leaseMs: number;
  /** Added to the send time of an attempt whose lease ran out mid-flight, to give `settleAfter`. */
  settleMs: number;
}

/** A claimed write, and whether it was taken over from an instance that stopped mid-send (its lease ran out with a request out). */
export interface ClaimedWrite extends OutboxWrite {
  takenOver: boolean;
}

/** What is known about a failed attempt (or a failed reconciliation). */
export interface AttemptFailure extends WriteFailure {
  /** The attempt may have been applied by the lender: reconcile before sending again. */
  uncertain: boolean;
  /** Epoch ms; required with `uncertain`. */
  settleAfter?: number | null;
}

export interface Outbox {
  /**
   * Insert unless the idempotency key exists; then return the existing one. Never two rows per key. With
   * `audit`, a new write's audit entry (naming the write) is appended in the same transaction: one commit,
   * and never a write without the entry that says who asked for it.
   */
  record(write: NewWrite, options?: { audit?: NewWriteAudit }): Promise<{ created: boolean; write: OutboxWrite }>;
  get(id: string): Promise<OutboxWrite | undefined>;
  getByKey(idempotencyKey: string): Promise<OutboxWrite | undefined>;
  /**
   * Claims the next write to work on, atomically across connections and instances: a pending write whose
   * `dueAt` has come, or a sending write whose lease ran out (its instance died or stalled: if a request was
   * in flight it becomes `needsReconcile`, with `settleAfter` = its send time + settleMs). Never one whose
   * lock key is held by another sending write. Lowest priority first, then earliest due.
   * → sending, leased to `owner`. undefined when nothing is due.
   */
  claimNext(options: ClaimOptions): Promise<ClaimedWrite | undefined>;
  /** Extends the lease while `owner` still holds it; false if it was lost. */
  renewLease(id: string, owner: string, leaseMs: number): Promise<boolean>;
  /**
   * Just before the request leaves: attempts+1, sentAt=now, inFlight, the request replaced (a payment's
   * baseline and send time), `force` and `needsReconcile` cleared. Only by the lease holder; undefined if
   * the lease was lost (then it must not be sent).
   */
  markSent(id: string, owner: string, request: unknown): Promise<OutboxWrite | undefined>;
  /** Hands a claimed write back unsent: → pending, due at `dueAt`. Only by the lease holder. */
  release(id: string, owner: string, dueAt: number): Promise<OutboxWrite | undefined>;
  /**
   * A transient failure with tries left: → pending, due at `dueAt`, the failure kept for people to read.
   * Only by the lease holder; undefined if the lease was lost.
   */
  reschedule(id: string, owner: string, failure: AttemptFailure, dueAt: number): Promise<OutboxWrite | undefined>;
  /**
   * → 'confirmed' from any state but dismissed. Already confirmed: returned unchanged (idempotent).
   * `by` sets resolvedBy (otherwise it is kept). A result JSON cannot represent is stored as null rather
   * than losing the confirmation. Throws UnknownWriteError for an unknown id.
   */
  markConfirmed(id: string, outcome: { result: unknown; by?: string }): Promise<OutboxWrite>;
  /**
   * → 'failed' from pending, sending or failed (it needs a person). A confirmed or dismissed write is
   * returned unchanged (a late failure never downgrades it; check `state`). Lenient about the failure's
   * fields so recording a failure cannot itself fail. With `owner`, only while that owner holds the write's
   * lease (a worker that lost it changes nothing). Throws UnknownWriteError for an unknown id.
   */
  markFailed(id: string, failure: AttemptFailure, owner?: string): Promise<OutboxWrite>;
  /**
   * A person's Retry or Send anyway: failed → pending, due at `dueAt`, `runBy` = by, a fresh allowance of
   * `maxAttempts` more sends, `force` as given. undefined if it was not failed (someone else got there first).
   */
  requeue(id: string, options: { by: string; dueAt: number; force: boolean; maxAttempts: number }): Promise<OutboxWrite | undefined>;
  /**
   * A person's "Retry now" on a write waiting for an automatic retry: due at `dueAt` if that is sooner, a run
   * of its own (`runBy` = by, a fresh allowance of `maxAttempts` more sends: a person's press never spends
   * the automatic tries). undefined unless pending.
   */
  hurry(id: string, options: { by: string; dueAt: number; maxAttempts: number }): Promise<OutboxWrite | undefined>;
  /** Only from one of `from` (failed, pending); undefined if it was not (e.g. already confirmed or being sent) or unknown. */
  markDismissed(id: string, by: string, reason: string, from?: WriteState[]): Promise<OutboxWrite | undefined>;
  /** Remembers an alert message (no duplicates; updatedAt unchanged). Throws UnknownWriteError for an unknown id. */
  addAlert(id: string, alert: AlertRef): Promise<void>;
  /** Newest first. */
  listByLoan(loanId: string, page: Page): Promise<OutboxWrite[]>;
  /** Writes sharing a lock key (a payment's loan and month), newest first. */
  listByLockKey(lockKey: string, limit: number): Promise<OutboxWrite[]>;
  /** Newest first, leaving out keys that start with `skipKeyPrefix`. */
  listByUser(userId: string, limit: number, filter?: { skipKeyPrefix?: string }): Promise<OutboxWrite[]>;
  /**
   * Writes that need attention, newest first: failed for a person, or pending again after a failed attempt
   * (waiting for an automatic retry or a check; their alert is in the channel). Optionally only those
   * requested by `userId`, leaving out keys that start with `skipKeyPrefix`.
   */
  listFailed(filter: { userId?: string; limit: number; skipKeyPrefix?: string }): Promise<OutboxWrite[]>;
  /** State 'failed' with no alert posted, oldest change first, leaving out keys that start with `skipKeyPrefix`. */
  listFailedWithoutAlert(filter: { limit: number; skipKeyPrefix?: string }): Promise<OutboxWrite[]>;
  /** Left 'pending' or 'sending', oldest first. */
  listUnfinished(): Promise<OutboxWrite[]>;
  /** The earliest `dueAt` of a pending write, or the earliest lease expiry of a sending one; undefined if none. */
  nextWakeAt(): Promise<number | undefined>;
  /**
   * Most recent write with this fingerprint created at or after `since` (epoch ms), excluding `excludeKey`, that
   * was or may yet be applied: never a dismissed one, nor one the lender refused (failed for good with a 4xx,
   * nothing in doubt: what src/usecases/replace-write.ts calls rejected).
   */
  findByFingerprint(fingerprint: string, since: number, excludeKey?: string): Promise<OutboxWrite | undefined>;
  counts(): Promise<Record<WriteState, number>>;
}

/** Signed Slack requests already handled, so a replay is refused on whichever instance it reaches. */
export interface ReplayMemory {
  /** true the first time `key` is seen (remembered until `expiresAt`, epoch ms), false after. */
  remember(key: string, expiresAt: number): Promise<boolean>;
}

export interface Store {
  /** 'sqlite' or 'postgres'. */
  readonly kind: 'sqlite' | 'postgres';
  outbox: Outbox;
  audit: AuditTrail;
  replays: ReplayMemory;
  /** Bulk payments: batches and their rows (src/store/bulk-types.ts). */
  bulk: BulkBatches;
  /** The deployment-wide pacing of bulk sends. */
  pacing: SendPacing;
  /**
   * The time every instance shares, epoch ms: what to compare stored times with and compute due times from.
   * SQLite: the store's clock. Postgres: the database server's, as this instance knows it (src/store/postgres/db-clock.ts).
   */
  now(): number;
  /** Resolves when the database answers a trivial query; rejects otherwise (for /healthz). */
  ping(): Promise<void>;
  /** Closes the database; safe to call twice. */
  close(): Promise<void>;
}

/** Thrown when an operation that must find its write (markConfirmed, markFailed, addAlert) does not. */
export class UnknownWriteError extends Error {
  constructor(readonly writeId: string) {
    super(`outbox: no write with id ${JSON.stringify(writeId)}`);
    this.name = 'UnknownWriteError';
  }
}
