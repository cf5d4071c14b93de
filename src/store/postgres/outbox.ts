/**
 * The outbox of lender writes on Postgres, with the SQLite outbox's semantics (src/store/sqlite-outbox.ts):
 * the same input checks and the same row shape; its times are the database server's (db-clock.ts). What makes it safe for several instances
 * on one database: `record` is INSERT … ON CONFLICT DO NOTHING (one row per idempotency key, whoever
 * wins), each guarded transition is a single UPDATE … RETURNING, and `claimNext` runs under an advisory
 * lock with SELECT … FOR UPDATE SKIP LOCKED (see CLAIM_LOCK_KEY).
 */
import type pg from 'pg';
import { newWriteId } from '../ids.ts';
import { checkAlert, checkEpochMs, checkLimit, checkNewWrite, checkPage, checkPositive, checkStates, checkText, checkWriteAudit, failureParams, type ValidWriteAudit } from '../inputs.ts';
import { toRequestText } from '../json-columns.ts';
import { confirmation, ID_ATTEMPTS, stateCounts } from '../outbox-common.ts';
import { parseAlerts, toOutboxWrite } from '../rows.ts';
import { UnknownWriteError, type AlertRef, type AttemptFailure, type ClaimedWrite, type ClaimOptions, type NewWrite, type NewWriteAudit, type Outbox, type OutboxWrite, type Page, type WriteState } from '../types.ts';
import type { Query } from './named.ts';
import { CLAIM_LOCK_KEY, NEXT_CLAIMABLE, OUTBOX_SQL as SQL } from './outbox-sql.ts';
import type { DatabaseClock } from './db-clock.ts';
import { inTransaction } from './pool.ts';

/** A new write's audit entry as insertWithAudit's parameters. */
function auditParams(audit: ValidWriteAudit) {
  return {
    auditAt: audit.at ?? null,
    auditActor: audit.actor,
    auditAction: audit.action,
    auditLoanId: audit.loanId,
    auditLender: audit.lender,
    auditOutcome: audit.outcome,
    auditDetail: audit.detail,
  };
}

/** A failure's parameters with the flags as booleans (the shared helper gives SQLite's 0/1). */
function failureValues(failure: AttemptFailure) {
  const f = failureParams(failure);
  return { ...f, retryable: f.retryable === 1, uncertain: f.uncertain === 1 };
}

export class PostgresOutbox implements Outbox {
  constructor(
    private readonly pool: pg.Pool,
    private readonly clock: Pick<DatabaseClock, 'sqlNow'>,
  ) {}

  /** `@now`: null, and the SQL reads the database server's clock (a test's stand-in otherwise). */
  private now(): number | null {
    return this.clock.sqlNow();
  }

  async record(write: NewWrite, options: { audit?: NewWriteAudit } = {}): Promise<{ created: boolean; write: OutboxWrite }> {
    const valid = checkNewWrite(write);
    const audit = checkWriteAudit(options.audit);
    const request = toRequestText(write.request);
    const now = this.now();
    for (let attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
      const params = { ...valid, id: newWriteId(), request, now, dueAt: valid.dueAt ?? null };
      const inserted = await this.one(audit ? SQL.insertWithAudit({ ...params, ...auditParams(audit) }) : SQL.insert(params));
      if (inserted !== undefined) return { created: true, write: inserted };
      // Nothing inserted: the key exists (committed, possibly by a concurrent insert this one waited for),
      // or the random id clashed with another write's; then draw again.
      const stored = await this.getByKey(valid.idempotencyKey);
      if (stored !== undefined) return { created: false, write: stored };
    }
    throw new Error('store: could not allocate a unique write id');
  }

  async get(id: string): Promise<OutboxWrite | undefined> {
    return this.one(SQL.byId({ id }));
  }

  async getByKey(idempotencyKey: string): Promise<OutboxWrite | undefined> {
    return this.one(SQL.byKey({ key: idempotencyKey }));
  }

  async claimNext(options: ClaimOptions): Promise<ClaimedWrite | undefined> {
    const owner = checkText(options.owner, 'owner');
    const leaseMs = checkPositive(options.leaseMs, 'leaseMs');
    const settleMs = checkEpochMs(options.settleMs, 'settleMs');
    const now = this.now();
    return inTransaction(this.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [CLAIM_LOCK_KEY]);
      const next = await client.query<{ id: string; takenOver: boolean }>(NEXT_CLAIMABLE({ now }));
      const row = next.rows[0];
      if (row === undefined) return undefined;
      const claimed = await client.query(SQL.claim({ id: row.id, now, owner, leaseMs, settleMs }));
      return claimed.rows[0] === undefined ? undefined : { ...toOutboxWrite(claimed.rows[0]), takenOver: row.takenOver };
    });
  }

  async renewLease(id: string, owner: string, leaseMs: number): Promise<boolean> {
    const { rowCount } = await this.pool.query(SQL.renew({ id, owner, leaseMs: checkPositive(leaseMs, 'leaseMs'), now: this.now() }));
    return rowCount === 1;
  }

  async markSent(id: string, owner: string, request: unknown): Promise<OutboxWrite | undefined> {
    return this.one(SQL.markSent({ id, owner, request: toRequestText(request), now: this.now() }));
  }

  async release(id: string, owner: string, dueAt: number): Promise<OutboxWrite | undefined> {
    return this.one(SQL.release({ id, owner, dueAt: checkEpochMs(dueAt, 'dueAt'), now: this.now() }));
  }

  async reschedule(id: string, owner: string, failure: AttemptFailure, dueAt: number): Promise<OutboxWrite | undefined> {
    const params = { id, owner, dueAt: checkEpochMs(dueAt, 'dueAt'), now: this.now(), ...failureValues(failure) };
    return this.one(SQL.reschedule(params));
  }

  async markConfirmed(id: string, outcome: { result: unknown; by?: string }): Promise<OutboxWrite> {
    return this.settled(id, SQL.confirm({ id, now: this.now(), ...confirmation(outcome) }));
  }

  async markFailed(id: string, failure: AttemptFailure, owner?: string): Promise<OutboxWrite> {
    return this.settled(id, SQL.fail({ id, now: this.now(), owner: owner ?? null, ...failureValues(failure) }));
  }

  async requeue(id: string, options: { by: string; dueAt: number; force: boolean; maxAttempts: number }): Promise<OutboxWrite | undefined> {
    return this.one(
      SQL.requeue({
        id,
        by: checkText(options.by, 'by'),
        dueAt: checkEpochMs(options.dueAt, 'dueAt'),
        force: options.force === true,
        maxAttempts: checkPositive(options.maxAttempts, 'maxAttempts'),
        now: this.now(),
      }),
    );
  }

  async hurry(id: string, options: { by: string; dueAt: number; maxAttempts: number }): Promise<OutboxWrite | undefined> {
    const { by, dueAt, maxAttempts } = { by: checkText(options.by, 'by'), dueAt: checkEpochMs(options.dueAt, 'dueAt'), maxAttempts: checkPositive(options.maxAttempts, 'maxAttempts') };
    return this.one(SQL.hurry({ id, by, dueAt, maxAttempts, now: this.now() }));
  }

  async markDismissed(id: string, by: string, reason: string, from: WriteState[] = ['failed']): Promise<OutboxWrite | undefined> {
    const states = [...new Set(checkStates(from))].filter((s) => s === 'failed' || s === 'pending');
    return this.one(SQL.dismiss({ id, by: checkText(by, 'by'), reason: checkText(reason, 'reason'), now: this.now(), states }));
  }

  async addAlert(id: string, alert: AlertRef): Promise<void> {
    const valid = checkAlert(alert);
    await inTransaction(this.pool, async (client) => {
      const row = (await client.query<{ alerts: string | null }>(SQL.alertsOf({ id }))).rows[0];
      if (row === undefined) throw new UnknownWriteError(id);
      const alerts = parseAlerts(row.alerts);
      if (alerts.some((a) => a.channel === valid.channel && a.ts === valid.ts)) return;
      const next = [...alerts, { channel: valid.channel, ts: valid.ts }];
      await client.query(SQL.setAlerts({ id, alerts: JSON.stringify(next) }));
    });
  }

  async listByLoan(loanId: string, page: Page): Promise<OutboxWrite[]> {
    const { limit, offset } = checkPage(page);
    return this.all(SQL.byLoan({ loanId, limit, offset }));
  }

  async listByLockKey(lockKey: string, limit: number): Promise<OutboxWrite[]> {
    return this.all(SQL.byLockKey({ lockKey, limit: checkLimit(limit) }));
  }

  async listByUser(userId: string, limit: number, filter: { skipKeyPrefix?: string } = {}): Promise<OutboxWrite[]> {
    return this.all(SQL.byUser({ userId, limit: checkLimit(limit), skip: filter.skipKeyPrefix ?? '' }));
  }

  async listFailed(filter: { userId?: string; limit: number; skipKeyPrefix?: string }): Promise<OutboxWrite[]> {
    const params = { limit: checkLimit(filter.limit), skip: filter.skipKeyPrefix ?? '' };
    return this.all(filter.userId === undefined ? SQL.failed(params) : SQL.failedByUser({ ...params, userId: filter.userId }));
  }

  async listFailedWithoutAlert(filter: { limit: number; skipKeyPrefix?: string }): Promise<OutboxWrite[]> {
    return this.all(SQL.failedWithoutAlert({ skip: filter.skipKeyPrefix ?? '', limit: checkLimit(filter.limit) }));
  }

  async listUnfinished(): Promise<OutboxWrite[]> {
    return this.all(SQL.unfinished({}));
  }

  async nextWakeAt(): Promise<number | undefined> {
    const { rows } = await this.pool.query<{ t: number | null }>(SQL.nextWake({}));
    return rows[0]?.t ?? undefined;
  }

  async findByFingerprint(fingerprint: string, since: number, excludeKey?: string): Promise<OutboxWrite | undefined> {
    return this.one(SQL.byFingerprint({ fingerprint, since: checkEpochMs(since, 'since'), excludeKey: excludeKey ?? null }));
  }

  async counts(): Promise<Record<WriteState, number>> {
    const { rows } = await this.pool.query(SQL.counts({}));
    return stateCounts(rows);
  }

  /** The first row a query returns (an UPDATE … RETURNING refused by its guard returns none). */
  private async one(query: Query): Promise<OutboxWrite | undefined> {
    const { rows } = await this.pool.query(query);
    return rows[0] === undefined ? undefined : toOutboxWrite(rows[0]);
  }

  private async all(query: Query): Promise<OutboxWrite[]> {
    const { rows } = await this.pool.query(query);
    return rows.map(toOutboxWrite);
  }

  /**
   * markConfirmed/markFailed: the write after the UPDATE or, when its guard refused, as it now stands (read
   * afresh, so a change that won a race is seen); an unknown id is an error.
   */
  private async settled(id: string, update: Query): Promise<OutboxWrite> {
    const write = (await this.one(update)) ?? (await this.get(id));
    if (write === undefined) throw new UnknownWriteError(id);
    return write;
  }
}
