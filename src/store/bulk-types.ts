/**
 * Bulk payments in the store: a batch (one uploaded file) and its rows, kept on loanbot's side so a modal
 * carries only the batch id, and any instance can confirm, cancel or report on it. A valid row becomes an
 * outbox write at Confirm; the row remembers its write. Also the deployment-wide pacing of bulk sends
 * (CREDGENICS_WRITES_PER_SECOND): a schedule of due times handed out at Confirm, and a sliding window
 * checked just before each send, both shared by every instance through the database.
 */
import type { WriteState } from './write-kinds.ts';

export type BulkBatchState = 'review' | 'confirmed' | 'cancelled';
export type BulkRowStatus = 'valid' | 'rejected' | 'duplicate';

export interface BulkBatch {
  /** 'b_' + 12 base32 characters. */
  id: string;
  fileId: string;
  fileName: string;
  requestedBy: string;
  channelId: string;
  state: BulkBatchState;
  /** Duplicates were sent too (the person chose so at Confirm). */
  includeDuplicates: boolean;
  /** Data rows in the file. */
  rowCount: number;
  /** The batch message in the channel. */
  messageTs: string | null;
  createdAt: number;
  confirmedAt: number | null;
  cancelledBy: string | null;
  /** When the batch message was last updated (epoch ms), 0 before. */
  progressAt: number;
  /** When the results file was posted; null before. */
  finishedAt: number | null;
}

export interface BulkRow {
  batchId: string;
  /** As a spreadsheet shows it: the header is row 1. */
  row: number;
  loanId: string | null;
  status: BulkRowStatus;
  /** Why it is rejected, or which row / payment it repeats. */
  reason: string | null;
  /** The PaymentDraft to send (valid and duplicate rows), as stored JSON. */
  draft: unknown;
  fingerprint: string | null;
  writeId: string | null;
}

export type NewBulkRow = Omit<BulkRow, 'batchId' | 'writeId'>;

export interface NewBulkBatch {
  fileId: string;
  fileName: string;
  requestedBy: string;
  channelId: string;
  rows: NewBulkRow[];
}

/** A row with its write's fate, for the batch message and the results file. */
export interface BulkRowOutcome extends BulkRow {
  writeState: WriteState | null;
  lastStatus: number | null;
  lastError: string | null;
  lenderMessage: string | null;
  dismissReason: string | null;
}

export interface BulkCounts {
  rows: number;
  rejected: number;
  /** Duplicates left out (not sent). */
  skipped: number;
  /** Rows to send that have no write yet (Confirm is still recording them). */
  unrecorded: number;
  byState: Record<WriteState, number>;
}

export interface BulkBatches {
  /** One transaction: the batch in 'review' and every row. */
  create(batch: NewBulkBatch): Promise<BulkBatch>;
  get(id: string): Promise<BulkBatch | undefined>;
  /** review → confirmed, once; undefined if it was not in review (a second Confirm, another instance). */
  confirm(id: string, options: { includeDuplicates: boolean }): Promise<BulkBatch | undefined>;
  /** confirmed → cancelled, once; undefined otherwise. */
  cancel(id: string, by: string): Promise<BulkBatch | undefined>;
  setMessage(id: string, messageTs: string): Promise<void>;
  /** Rows in row order, optionally of some statuses, paged. */
  rows(id: string, filter: { statuses?: BulkRowStatus[]; limit: number; offset?: number }): Promise<BulkRow[]>;
  setWrite(batchId: string, row: number, writeId: string): Promise<void>;
  counts(id: string): Promise<BulkCounts>;
  /** Every row with its write's fate, row order (paged). */
  outcomes(id: string, filter: { writeStates?: WriteState[]; limit: number; offset?: number }): Promise<BulkRowOutcome[]>;
  /** The batch a write belongs to. */
  batchOfWrite(writeId: string): Promise<string | undefined>;
  /** Confirmed or cancelled batches with a row for this loan, newest first. */
  listByLoan(loanId: string, limit: number): Promise<BulkBatch[]>;
  /** Batches started by this person, newest first. */
  listByUser(userId: string, limit: number): Promise<BulkBatch[]>;
  /** Confirmed batches with a row to send that has no outbox write yet (recording was interrupted), oldest first. */
  listUnrecorded(limit: number): Promise<BulkBatch[]>;
  /** When the batch's latest row was recorded (epoch ms), undefined before the first: how recently it moved. */
  lastRecordedAt(id: string): Promise<number | undefined>;
  /** Set progressAt = now if the last update was at least `gapMs` ago: true for the one instance that may update now. */
  takeProgressTurn(id: string, gapMs: number): Promise<boolean>;
  /** Set finishedAt once: true for the one caller that posts the results. */
  takeFinish(id: string): Promise<boolean>;
  /** finishedAt back to null (rows were queued again), so the batch reports its end once more. */
  reopen(id: string): Promise<void>;
}

export interface SendPacing {
  /**
   * Reserves `count` consecutive send times `intervalMs` apart after every earlier reservation (or now):
   * the first of them. Shared by every instance, so two batches take turns rather than add up.
   */
  reserve(name: string, count: number, intervalMs: number): Promise<number>;
  /** Gives back a reservation's unused tail, if nothing was reserved after it (a cancelled batch). */
  releaseAfter(name: string, from: number, until: number): Promise<void>;
  /**
   * At most `perSecond` grants in any `windowMs` (default 1,000), across instances: granted now, or the time
   * (epoch ms) at which one may be.
   */
  acquire(name: string, perSecond: number, windowMs?: number): Promise<{ granted: true } | { granted: false; retryAt: number }>;
}
