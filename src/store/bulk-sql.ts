/** SQL for bulk batches, the same text on both backends (`@name` parameters; Postgres casts added by the caller where needed). */
export const BATCH_COLUMNS = 'id, file_id, file_name, requested_by, channel_id, state, include_duplicates, row_count, message_ts, created_at, confirmed_at, cancelled_by, progress_at, finished_at';

export const BULK_SQL = {
  insertBatch: `INSERT INTO bulk_batches (id, file_id, file_name, requested_by, channel_id, row_count, created_at)
    VALUES (@id, @fileId, @fileName, @requestedBy, @channelId, @rowCount, @now)`,
  getBatch: `SELECT ${BATCH_COLUMNS} FROM bulk_batches WHERE id = @id`,
  confirm: `UPDATE bulk_batches SET state = 'confirmed', confirmed_at = @now, include_duplicates = @includeDuplicates
    WHERE id = @id AND state = 'review'`,
  cancel: `UPDATE bulk_batches SET state = 'cancelled', cancelled_by = @by WHERE id = @id AND state = 'confirmed'`,
  setMessage: 'UPDATE bulk_batches SET message_ts = @ts WHERE id = @id',
  setWrite: 'UPDATE bulk_rows SET write_id = @writeId WHERE batch_id = @batchId AND row_number = @row',
  counts: `SELECT r.status, w.state AS write_state, b.include_duplicates, COUNT(*) AS n
    FROM bulk_rows r JOIN bulk_batches b ON b.id = r.batch_id LEFT JOIN outbox_writes w ON w.id = r.write_id
    WHERE r.batch_id = @id GROUP BY r.status, w.state, b.include_duplicates`,
  outcomes: `SELECT r.*, w.state AS write_state, w.last_status, w.last_error, w.lender_message, w.dismiss_reason
    FROM bulk_rows r LEFT JOIN outbox_writes w ON w.id = r.write_id
    WHERE r.batch_id = @id AND (@anyState = 1 OR w.state IN (SELECT value FROM %STATES%))
    ORDER BY r.row_number LIMIT @limit OFFSET @offset`,
  batchOfWrite: 'SELECT batch_id FROM bulk_rows WHERE write_id = @writeId',
  listByLoan: `SELECT ${BATCH_COLUMNS} FROM bulk_batches WHERE state <> 'review'
    AND id IN (SELECT batch_id FROM bulk_rows WHERE loan_id = @loanId) ORDER BY created_at DESC LIMIT @limit`,
  listByUser: `SELECT ${BATCH_COLUMNS} FROM bulk_batches WHERE requested_by = @userId AND state <> 'review' ORDER BY created_at DESC LIMIT @limit`,
  // Confirmed batches with a row still to record (an instance stopped while recording them), oldest first.
  listUnrecorded: `SELECT ${BATCH_COLUMNS} FROM bulk_batches b WHERE b.state = 'confirmed' AND EXISTS (
      SELECT 1 FROM bulk_rows r WHERE r.batch_id = b.id AND r.write_id IS NULL
        AND (r.status = 'valid' OR (r.status = 'duplicate' AND b.include_duplicates = @yes)))
    ORDER BY b.created_at LIMIT @limit`,
  // When the batch's latest row was recorded (its write created); NULL before the first.
  lastRecordedAt: `SELECT MAX(w.created_at) AS t FROM bulk_rows r JOIN outbox_writes w ON w.id = r.write_id WHERE r.batch_id = @id`,
  progressTurn: 'UPDATE bulk_batches SET progress_at = @now WHERE id = @id AND progress_at <= @before',
  reopen: 'UPDATE bulk_batches SET finished_at = NULL WHERE id = @id',
  finish: 'UPDATE bulk_batches SET finished_at = @now WHERE id = @id AND finished_at IS NULL',
} as const;
