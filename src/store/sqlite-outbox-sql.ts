/**
 * The outbox's SQL on SQLite, prepared once per connection. Every state change is a guarded UPDATE
 * (`… WHERE id = ? AND state IN (…)`, and for a leased write `AND lease_owner = ?`) whose `changes` count
 * decides the outcome; src/store/sqlite-outbox.ts runs each in a BEGIN IMMEDIATE transaction with the re-read.
 */
import type Database from 'better-sqlite3';
import { OUTBOX_COLUMNS } from './rows.ts';

const NEWEST_FIRST = 'ORDER BY created_at DESC, seq DESC';
const SELECT = `SELECT ${OUTBOX_COLUMNS} FROM outbox_writes`;
/** Failed for a person, or waiting for an automatic retry or check after a failed attempt (its alert is up). */
const NEEDS_ATTENTION = `(state = 'failed' OR (state = 'pending' AND last_error IS NOT NULL))`;
/** Leaves out the writes whose idempotency key starts with @skip ('' leaves out none). */
const NOT_SKIPPED = `(@skip = '' OR substr(idempotency_key, 1, length(@skip)) <> @skip)`;

/**
 * The next claimable write: pending and due, or sending with a lease that ran out; never one whose lock
 * key another sending write holds (expired or not: that one may still be in the lender's hands).
 */
const NEXT_CLAIMABLE = `
  SELECT w.id, CASE WHEN w.state = 'sending' AND w.in_flight = 1 THEN 1 ELSE 0 END AS takenOver FROM outbox_writes w
  WHERE ((w.state = 'pending' AND w.due_at <= @now) OR (w.state = 'sending' AND w.lease_expires_at < @now))
    AND (w.lock_key IS NULL OR NOT EXISTS (
      SELECT 1 FROM outbox_writes o WHERE o.lock_key = w.lock_key AND o.state = 'sending' AND o.id <> w.id))
  ORDER BY w.priority, w.due_at, w.seq
  LIMIT 1`;

export function prepareOutboxStatements(db: Database.Database) {
  return {
    insert: db.prepare(`
      INSERT INTO outbox_writes (id, idempotency_key, lender, operation, loan_id, request, summary, fingerprint,
        requested_by, channel_id, thread_ts, source_message_ts, state, attempts, alerts, created_at, updated_at,
        due_at, run_by, lock_key, priority, view_id, max_attempts)
      VALUES (@id, @idempotencyKey, @lender, @operation, @loanId, @request, @summary, @fingerprint,
        @requestedBy, @channelId, @threadTs, @sourceMessageTs, 'pending', 0, '[]', @now, @now,
        @dueAt, @requestedBy, @lockKey, @priority, @viewId, @maxAttempts)
      ON CONFLICT DO NOTHING`),
    byId: db.prepare(`${SELECT} WHERE id = ?`),
    byKey: db.prepare(`${SELECT} WHERE idempotency_key = ?`),
    nextClaimable: db.prepare(NEXT_CLAIMABLE),
    claim: db.prepare(`
      UPDATE outbox_writes SET
        needs_reconcile = CASE WHEN state = 'sending' AND in_flight = 1 THEN 1 ELSE needs_reconcile END,
        settle_after = CASE WHEN state = 'sending' AND in_flight = 1
          THEN MAX(COALESCE(settle_after, 0), COALESCE(sent_at, 0) + @settleMs) ELSE settle_after END,
        state = 'sending', in_flight = 0, lease_owner = @owner, lease_expires_at = @now + @leaseMs, updated_at = @now
      WHERE id = @id`),
    renew: db.prepare(`
      UPDATE outbox_writes SET lease_expires_at = @now + @leaseMs
      WHERE id = @id AND state = 'sending' AND lease_owner = @owner`),
    markSent: db.prepare(`
      UPDATE outbox_writes SET request = @request, attempts = attempts + 1, sent_at = @now, in_flight = 1,
        force = 0, needs_reconcile = 0, updated_at = @now
      WHERE id = @id AND state = 'sending' AND lease_owner = @owner`),
    release: db.prepare(`
      UPDATE outbox_writes SET state = 'pending', due_at = @dueAt, lease_owner = NULL, lease_expires_at = NULL,
        in_flight = 0, updated_at = @now
      WHERE id = @id AND state = 'sending' AND lease_owner = @owner`),
    reschedule: db.prepare(`
      UPDATE outbox_writes SET state = 'pending', due_at = @dueAt, lease_owner = NULL, lease_expires_at = NULL,
        in_flight = 0, last_status = @status, last_error = @error, lender_message = @lenderMessage, retryable = @retryable,
        needs_reconcile = MAX(needs_reconcile, @uncertain),
        settle_after = CASE WHEN @uncertain = 1 THEN MAX(COALESCE(settle_after, 0), COALESCE(@settleAfter, 0)) ELSE settle_after END,
        updated_at = @now
      WHERE id = @id AND state = 'sending' AND lease_owner = @owner`),
    confirm: db.prepare(`
      UPDATE outbox_writes SET state = 'confirmed', result = @result, confirmed_at = @now, updated_at = @now,
        resolved_by = COALESCE(@by, resolved_by), due_at = NULL, lease_owner = NULL, lease_expires_at = NULL,
        in_flight = 0, needs_reconcile = 0
      WHERE id = @id AND state NOT IN ('confirmed', 'dismissed')`),
    fail: db.prepare(`
      UPDATE outbox_writes SET state = 'failed', last_status = @status, last_error = @error,
        lender_message = @lenderMessage, retryable = @retryable, due_at = NULL, lease_owner = NULL,
        lease_expires_at = NULL, in_flight = 0, needs_reconcile = MAX(needs_reconcile, @uncertain),
        settle_after = CASE WHEN @uncertain = 1 THEN MAX(COALESCE(settle_after, 0), COALESCE(@settleAfter, 0)) ELSE settle_after END,
        updated_at = @now
      WHERE id = @id AND state IN ('pending', 'sending', 'failed')
        AND (@owner IS NULL OR (state = 'sending' AND lease_owner = @owner))`),
    requeue: db.prepare(`
      UPDATE outbox_writes SET state = 'pending', due_at = @dueAt, run_by = @by, force = @force,
        max_attempts = attempts + @maxAttempts, updated_at = @now
      WHERE id = @id AND state = 'failed'`),
    hurry: db.prepare(`
      UPDATE outbox_writes SET due_at = MIN(due_at, @dueAt), run_by = @by, max_attempts = attempts + @maxAttempts,
        updated_at = @now
      WHERE id = @id AND state = 'pending'`),
    // `from` is padded to two parameters with NULLs (which match nothing).
    dismiss: db.prepare(`
      UPDATE outbox_writes SET state = 'dismissed', resolved_by = @by, dismiss_reason = @reason, due_at = NULL, updated_at = @now
      WHERE id = @id AND state IN (@s0, @s1)`),
    alertsOf: db.prepare('SELECT alerts FROM outbox_writes WHERE id = ?'),
    setAlerts: db.prepare('UPDATE outbox_writes SET alerts = ? WHERE id = ?'),
    byLoan: db.prepare(`${SELECT} WHERE loan_id = ? ${NEWEST_FIRST} LIMIT ? OFFSET ?`),
    byLockKey: db.prepare(`${SELECT} WHERE lock_key = ? ${NEWEST_FIRST} LIMIT ?`),
    byUser: db.prepare(`${SELECT} WHERE requested_by = @userId AND ${NOT_SKIPPED} ${NEWEST_FIRST} LIMIT @limit`),
    failed: db.prepare(`${SELECT} WHERE ${NEEDS_ATTENTION} AND ${NOT_SKIPPED} ${NEWEST_FIRST} LIMIT @limit`),
    failedByUser: db.prepare(`${SELECT} WHERE ${NEEDS_ATTENTION} AND requested_by = @userId AND ${NOT_SKIPPED} ${NEWEST_FIRST} LIMIT @limit`),
    failedWithoutAlert: db.prepare(`${SELECT} WHERE state = 'failed' AND alerts = '[]' AND ${NOT_SKIPPED} ORDER BY updated_at, seq LIMIT @limit`),
    unfinished: db.prepare(`${SELECT} WHERE state IN ('pending', 'sending') ORDER BY created_at, seq`),
    nextWake: db.prepare(`
      SELECT MIN(t) AS t FROM (
        SELECT MIN(due_at) AS t FROM outbox_writes WHERE state = 'pending'
        UNION ALL SELECT MIN(lease_expires_at) FROM outbox_writes WHERE state = 'sending')`),
    byFingerprint: db.prepare(`
      ${SELECT} WHERE fingerprint = @fingerprint AND created_at >= @since AND state <> 'dismissed'
        AND NOT (state = 'failed' AND IFNULL(retryable, 1) = 0 AND needs_reconcile = 0 AND IFNULL(last_status, 0) BETWEEN 400 AND 499)
        AND (@excludeKey IS NULL OR idempotency_key <> @excludeKey)
      ${NEWEST_FIRST} LIMIT 1`),
    counts: db.prepare('SELECT state, COUNT(*) AS n FROM outbox_writes GROUP BY state'),
  };
}

export type OutboxStatements = ReturnType<typeof prepareOutboxStatements>;
