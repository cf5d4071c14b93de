/**
 * The outbox's SQL on Postgres: the same statements as src/store/sqlite-outbox-sql.ts (the reference),
 * with explicit casts for the driver's untyped parameters, GREATEST/LEAST for SQLite's scalar MAX/MIN,
 * and BOOLEAN flags, and the time read from the database server (NOW, src/store/postgres/db-clock.ts), never
 * from the instance. Every state change is one guarded `UPDATE … WHERE id = @id AND state … RETURNING`,
 * atomic on its own under READ COMMITTED: a concurrent change to the same row makes the UPDATE re-check its
 * guard against the committed row. Claims are serialised by an advisory lock (see CLAIM_LOCK_KEY).
 */
import { OUTBOX_COLUMNS } from '../rows.ts';
import { NOW } from './db-clock.ts';
import { named } from './named.ts';

const NEWEST_FIRST = 'ORDER BY created_at DESC, seq DESC';
const SELECT = `SELECT ${OUTBOX_COLUMNS} FROM outbox_writes`;
/** Failed for a person, or waiting for an automatic retry or check after a failed attempt (its alert is up). */
const NEEDS_ATTENTION = `(state = 'failed' OR (state = 'pending' AND last_error IS NOT NULL))`;
/** Leaves out the writes whose idempotency key starts with @skip ('' leaves out none). */
const NOT_SKIPPED = `(@skip::text = '' OR left(idempotency_key, length(@skip::text)) <> @skip::text)`;
const RETURNING = `RETURNING ${OUTBOX_COLUMNS}`;

const INSERT_WRITE = `
    INSERT INTO outbox_writes (id, idempotency_key, lender, operation, loan_id, request, summary, fingerprint,
      requested_by, channel_id, thread_ts, source_message_ts, state, attempts, alerts, created_at, updated_at,
      due_at, run_by, lock_key, priority, view_id, max_attempts)
    VALUES (@id, @idempotencyKey, @lender, @operation, @loanId, @request, @summary, @fingerprint::text,
      @requestedBy, @channelId, @threadTs::text, @sourceMessageTs::text, 'pending', 0, '[]', ${NOW}, ${NOW},
      COALESCE(@dueAt::bigint, ${NOW}), @requestedBy, @lockKey::text, @priority::integer, @viewId::text, @maxAttempts::integer)
    ON CONFLICT DO NOTHING`;

/**
 * pg_advisory_xact_lock key held by every claim for the length of its transaction. One claim at a time,
 * across all instances, sees every claim committed before it: so the lock-key rule in NEXT_CLAIMABLE
 * (never two 'sending' writes per lock key) cannot be broken by two claims deciding at once. A claim is
 * a few milliseconds, so the lock is no bottleneck at outbox rates.
 */
export const CLAIM_LOCK_KEY = 7_283_940_115_002;

/**
 * The next claimable write: pending and due, or sending with a lease that ran out; never one whose lock
 * key another sending write holds (expired or not: that one may still be in the lender's hands). Rows a
 * concurrent statement has locked (a Dismiss, a Retry now) are skipped rather than waited for.
 */
export const NEXT_CLAIMABLE = named<'now'>(`
  SELECT w.id, (w.state = 'sending' AND w.in_flight) AS "takenOver" FROM outbox_writes w
  WHERE ((w.state = 'pending' AND w.due_at <= ${NOW}) OR (w.state = 'sending' AND w.lease_expires_at < ${NOW}))
    AND (w.lock_key IS NULL OR NOT EXISTS (
      SELECT 1 FROM outbox_writes o WHERE o.lock_key = w.lock_key AND o.state = 'sending' AND o.id <> w.id))
  ORDER BY w.priority, w.due_at, w.seq
  LIMIT 1
  FOR UPDATE OF w SKIP LOCKED`);

export const OUTBOX_SQL = {
  insert: named(`${INSERT_WRITE} ${RETURNING}`),
  /** The insert and, when it inserted, the write's audit entry: one statement, so one commit. */
  insertWithAudit: named(`
    WITH written AS (${INSERT_WRITE} ${RETURNING}),
    audited AS (
      INSERT INTO audit_entries (at, actor, action, loan_id, lender, outcome, detail, write_id)
      SELECT COALESCE(@auditAt::bigint, ${NOW}), @auditActor, @auditAction, @auditLoanId::text, @auditLender::text, @auditOutcome, @auditDetail, id
      FROM written)
    SELECT * FROM written`),
  byId: named<'id'>(`${SELECT} WHERE id = @id`),
  byKey: named<'key'>(`${SELECT} WHERE idempotency_key = @key`),
  claim: named(`
    UPDATE outbox_writes SET
      needs_reconcile = CASE WHEN state = 'sending' AND in_flight THEN TRUE ELSE needs_reconcile END,
      settle_after = CASE WHEN state = 'sending' AND in_flight
        THEN GREATEST(COALESCE(settle_after, 0), COALESCE(sent_at, 0) + @settleMs::bigint) ELSE settle_after END,
      state = 'sending', in_flight = FALSE, lease_owner = @owner, lease_expires_at = ${NOW} + @leaseMs::bigint,
      updated_at = ${NOW}
    WHERE id = @id
    ${RETURNING}`),
  renew: named(`
    UPDATE outbox_writes SET lease_expires_at = ${NOW} + @leaseMs::bigint
    WHERE id = @id AND state = 'sending' AND lease_owner = @owner`),
  markSent: named(`
    UPDATE outbox_writes SET request = @request, attempts = attempts + 1, sent_at = ${NOW}, in_flight = TRUE,
      force = FALSE, needs_reconcile = FALSE, updated_at = ${NOW}
    WHERE id = @id AND state = 'sending' AND lease_owner = @owner
    ${RETURNING}`),
  release: named(`
    UPDATE outbox_writes SET state = 'pending', due_at = @dueAt::bigint, lease_owner = NULL, lease_expires_at = NULL,
      in_flight = FALSE, updated_at = ${NOW}
    WHERE id = @id AND state = 'sending' AND lease_owner = @owner
    ${RETURNING}`),
  reschedule: named(`
    UPDATE outbox_writes SET state = 'pending', due_at = @dueAt::bigint, lease_owner = NULL, lease_expires_at = NULL,
      in_flight = FALSE, last_status = @status::integer, last_error = @error, lender_message = @lenderMessage::text,
      retryable = @retryable::boolean,
      needs_reconcile = needs_reconcile OR @uncertain::boolean,
      settle_after = CASE WHEN @uncertain::boolean
        THEN GREATEST(COALESCE(settle_after, 0), COALESCE(@settleAfter::bigint, 0)) ELSE settle_after END,
      updated_at = ${NOW}
    WHERE id = @id AND state = 'sending' AND lease_owner = @owner
    ${RETURNING}`),
  confirm: named(`
    UPDATE outbox_writes SET state = 'confirmed', result = @result, confirmed_at = ${NOW}, updated_at = ${NOW},
      resolved_by = COALESCE(@by::text, resolved_by), due_at = NULL, lease_owner = NULL, lease_expires_at = NULL,
      in_flight = FALSE, needs_reconcile = FALSE
    WHERE id = @id AND state NOT IN ('confirmed', 'dismissed')
    ${RETURNING}`),
  fail: named(`
    UPDATE outbox_writes SET state = 'failed', last_status = @status::integer, last_error = @error,
      lender_message = @lenderMessage::text, retryable = @retryable::boolean, due_at = NULL, lease_owner = NULL,
      lease_expires_at = NULL, in_flight = FALSE, needs_reconcile = needs_reconcile OR @uncertain::boolean,
      settle_after = CASE WHEN @uncertain::boolean
        THEN GREATEST(COALESCE(settle_after, 0), COALESCE(@settleAfter::bigint, 0)) ELSE settle_after END,
      updated_at = ${NOW}
    WHERE id = @id AND state IN ('pending', 'sending', 'failed')
      AND (@owner::text IS NULL OR (state = 'sending' AND lease_owner = @owner::text))
    ${RETURNING}`),
  requeue: named(`
    UPDATE outbox_writes SET state = 'pending', due_at = @dueAt::bigint, run_by = @by, force = @force::boolean,
      max_attempts = attempts + @maxAttempts::integer, updated_at = ${NOW}
    WHERE id = @id AND state = 'failed'
    ${RETURNING}`),
  hurry: named(`
    UPDATE outbox_writes SET due_at = LEAST(due_at, @dueAt::bigint), run_by = @by,
      max_attempts = attempts + @maxAttempts::integer, updated_at = ${NOW}
    WHERE id = @id AND state = 'pending'
    ${RETURNING}`),
  dismiss: named(`
    UPDATE outbox_writes SET state = 'dismissed', resolved_by = @by, dismiss_reason = @reason, due_at = NULL,
      updated_at = ${NOW}
    WHERE id = @id AND state = ANY(@states::text[])
    ${RETURNING}`),
  alertsOf: named<'id'>('SELECT alerts FROM outbox_writes WHERE id = @id FOR UPDATE'),
  setAlerts: named<'id' | 'alerts'>('UPDATE outbox_writes SET alerts = @alerts WHERE id = @id'),
  byLoan: named(`${SELECT} WHERE loan_id = @loanId ${NEWEST_FIRST} LIMIT @limit::integer OFFSET @offset::integer`),
  byLockKey: named(`${SELECT} WHERE lock_key = @lockKey ${NEWEST_FIRST} LIMIT @limit::integer`),
  byUser: named(`${SELECT} WHERE requested_by = @userId AND ${NOT_SKIPPED} ${NEWEST_FIRST} LIMIT @limit::integer`),
  failed: named(`${SELECT} WHERE ${NEEDS_ATTENTION} AND ${NOT_SKIPPED} ${NEWEST_FIRST} LIMIT @limit::integer`),
  failedByUser: named(`${SELECT} WHERE ${NEEDS_ATTENTION} AND requested_by = @userId AND ${NOT_SKIPPED} ${NEWEST_FIRST} LIMIT @limit::integer`),
  failedWithoutAlert: named(`${SELECT} WHERE state = 'failed' AND alerts = '[]' AND ${NOT_SKIPPED} ORDER BY updated_at, seq LIMIT @limit::integer`),
  unfinished: named(`${SELECT} WHERE state IN ('pending', 'sending') ORDER BY created_at, seq`),
  nextWake: named(`
    SELECT LEAST(
      (SELECT MIN(due_at) FROM outbox_writes WHERE state = 'pending'),
      (SELECT MIN(lease_expires_at) FROM outbox_writes WHERE state = 'sending')) AS t`),
  byFingerprint: named(`
    ${SELECT} WHERE fingerprint = @fingerprint AND created_at >= @since::bigint AND state <> 'dismissed'
      AND NOT (state = 'failed' AND retryable IS FALSE AND NOT needs_reconcile AND COALESCE(last_status, 0) BETWEEN 400 AND 499)
      AND (@excludeKey::text IS NULL OR idempotency_key <> @excludeKey::text)
    ${NEWEST_FIRST} LIMIT 1`),
  counts: named('SELECT state, COUNT(*) AS n FROM outbox_writes GROUP BY state'),
};
