/**
 * The outbox of lender writes on SQLite. Each state change runs as one unit (a savepoint) together with the
 * re-read, inside the connection's group transaction, which holds the write lock (BEGIN IMMEDIATE) until it
 * commits: two connections — or two processes sharing the file — can never both move the same write, and a
 * claim sees every other claim that committed before it. See sqlite-group-commit.ts.
 */
import type Database from 'better-sqlite3';
import { newWriteId } from './ids.ts';
import { checkAlert, checkEpochMs, checkPositive, checkLimit, checkNewWrite, checkPage, checkStates, checkText, checkWriteAudit, failureParams, type ValidNewWrite, type ValidWriteAudit } from './inputs.ts';
import { toRequestText } from './json-columns.ts';
import { confirmation, ID_ATTEMPTS, stateCounts } from './outbox-common.ts';
import { parseAlerts, toOutboxWrite } from './rows.ts';
import { prepareOutboxStatements, type OutboxStatements } from './sqlite-outbox-sql.ts';
import type { GroupCommit } from './sqlite-group-commit.ts';
import { prepareAuditInsert } from './sqlite-audit.ts';
import { UnknownWriteError, type AlertRef, type AttemptFailure, type ClaimedWrite, type ClaimOptions, type NewWrite, type NewWriteAudit, type Outbox, type OutboxWrite, type Page, type WriteState } from './types.ts';

/** The write as it stands after a guarded UPDATE, and whether the guard let the UPDATE through. */
interface Transition {
  changed: boolean;
  write: OutboxWrite;
}

export class SqliteOutbox implements Outbox {
  private readonly sql: OutboxStatements;
  private readonly recordTx: (write: ValidNewWrite, request: string, now: number, audit: ValidWriteAudit | undefined) => Promise<{ created: boolean; write: OutboxWrite }>;
  private readonly transitionTx: (id: string, update: () => number) => Promise<Transition | undefined>;
  private readonly claimTx: (options: ClaimOptions, now: number) => Promise<ClaimedWrite | undefined>;
  private readonly addAlertTx: (id: string, alert: AlertRef) => Promise<void>;

  /** Every change goes through `group`: one commit (one fsync) per turn of the event loop. */
  constructor(
    db: Database.Database,
    private readonly now: () => number,
    private readonly group: GroupCommit,
  ) {
    this.sql = prepareOutboxStatements(db);

    const auditInsert = prepareAuditInsert(db);
    const record = db.transaction((write: ValidNewWrite, request: string, now: number, audit: ValidWriteAudit | undefined) => {
      for (let attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
        const { changes } = this.sql.insert.run({ ...write, id: newWriteId(), request, now, dueAt: write.dueAt ?? now });
        const stored = this.sql.byKey.get(write.idempotencyKey);
        if (stored === undefined) continue; // no row for the key: the random id clashed with another write's; draw again
        const recorded = { created: changes === 1, write: toOutboxWrite(stored) };
        if (recorded.created && audit) auditInsert.run({ ...audit, at: audit.at ?? now, writeId: recorded.write.id });
        return recorded;
      }
      throw new Error('store: could not allocate a unique write id');
    });
    this.recordTx = (write, request, now, audit) => group.run(() => record.immediate(write, request, now, audit));

    // Runs the guarded UPDATE and the re-read in one write transaction; undefined if the id is unknown.
    const transition = db.transaction((id: string, update: () => number): Transition | undefined => {
      const changed = update() === 1;
      const row = this.sql.byId.get(id);
      return row === undefined ? undefined : { changed, write: toOutboxWrite(row) };
    });
    this.transitionTx = (id, update) => group.run(() => transition.immediate(id, update));

    const claim = db.transaction((options: ClaimOptions, now: number): ClaimedWrite | undefined => {
      const next = this.sql.nextClaimable.get({ now }) as { id: string; takenOver: number } | undefined;
      if (next === undefined) return undefined;
      this.sql.claim.run({ id: next.id, now, owner: options.owner, leaseMs: options.leaseMs, settleMs: options.settleMs });
      return { ...toOutboxWrite(this.sql.byId.get(next.id)), takenOver: next.takenOver === 1 };
    });
    this.claimTx = (options, now) => group.run(() => claim.immediate(options, now));

    const addAlert = db.transaction((id: string, alert: AlertRef) => {
      const row = this.sql.alertsOf.get(id) as { alerts: string | null } | undefined;
      if (row === undefined) throw new UnknownWriteError(id);
      const alerts = parseAlerts(row.alerts);
      if (alerts.some((a) => a.channel === alert.channel && a.ts === alert.ts)) return;
      this.sql.setAlerts.run(JSON.stringify([...alerts, alert]), id);
    });
    this.addAlertTx = (id, alert) => group.run(() => addAlert.immediate(id, alert));
  }

  async record(write: NewWrite, options: { audit?: NewWriteAudit } = {}): Promise<{ created: boolean; write: OutboxWrite }> {
    const valid = checkNewWrite(write);
    return this.recordTx(valid, toRequestText(write.request), this.now(), checkWriteAudit(options.audit));
  }

  async get(id: string): Promise<OutboxWrite | undefined> {
    const row = this.sql.byId.get(id);
    return row === undefined ? undefined : toOutboxWrite(row);
  }

  async getByKey(idempotencyKey: string): Promise<OutboxWrite | undefined> {
    const row = this.sql.byKey.get(idempotencyKey);
    return row === undefined ? undefined : toOutboxWrite(row);
  }

  async claimNext(options: ClaimOptions): Promise<ClaimedWrite | undefined> {
    const valid = { owner: checkText(options.owner, 'owner'), leaseMs: checkPositive(options.leaseMs, 'leaseMs'), settleMs: checkEpochMs(options.settleMs, 'settleMs') };
    return this.claimTx(valid, this.now());
  }

  async renewLease(id: string, owner: string, leaseMs: number): Promise<boolean> {
    const params = { id, owner, leaseMs: checkPositive(leaseMs, 'leaseMs'), now: this.now() };
    return this.group.run(() => this.sql.renew.run(params).changes === 1);
  }

  async markSent(id: string, owner: string, request: unknown): Promise<OutboxWrite | undefined> {
    const params = { id, owner, request: toRequestText(request), now: this.now() };
    return this.changed(await this.transitionTx(id, () => this.sql.markSent.run(params).changes));
  }

  async release(id: string, owner: string, dueAt: number): Promise<OutboxWrite | undefined> {
    const params = { id, owner, dueAt: checkEpochMs(dueAt, 'dueAt'), now: this.now() };
    return this.changed(await this.transitionTx(id, () => this.sql.release.run(params).changes));
  }

  async reschedule(id: string, owner: string, failure: AttemptFailure, dueAt: number): Promise<OutboxWrite | undefined> {
    const params = { id, owner, dueAt: checkEpochMs(dueAt, 'dueAt'), now: this.now(), ...failureParams(failure) };
    return this.changed(await this.transitionTx(id, () => this.sql.reschedule.run(params).changes));
  }

  async markConfirmed(id: string, outcome: { result: unknown; by?: string }): Promise<OutboxWrite> {
    const params = { id, now: this.now(), ...confirmation(outcome) };
    return this.settled(id, await this.transitionTx(id, () => this.sql.confirm.run(params).changes));
  }

  async markFailed(id: string, failure: AttemptFailure, owner?: string): Promise<OutboxWrite> {
    const params = { id, now: this.now(), owner: owner ?? null, ...failureParams(failure) };
    return this.settled(id, await this.transitionTx(id, () => this.sql.fail.run(params).changes));
  }

  async requeue(id: string, options: { by: string; dueAt: number; force: boolean; maxAttempts: number }): Promise<OutboxWrite | undefined> {
    const params = {
      id,
      by: checkText(options.by, 'by'),
      dueAt: checkEpochMs(options.dueAt, 'dueAt'),
      force: options.force ? 1 : 0,
      maxAttempts: checkPositive(options.maxAttempts, 'maxAttempts'),
      now: this.now(),
    };
    return this.changed(await this.transitionTx(id, () => this.sql.requeue.run(params).changes));
  }

  async hurry(id: string, options: { by: string; dueAt: number; maxAttempts: number }): Promise<OutboxWrite | undefined> {
    const params = { id, by: checkText(options.by, 'by'), dueAt: checkEpochMs(options.dueAt, 'dueAt'), maxAttempts: checkPositive(options.maxAttempts, 'maxAttempts'), now: this.now() };
    return this.changed(await this.transitionTx(id, () => this.sql.hurry.run(params).changes));
  }

  async markDismissed(id: string, by: string, reason: string, from: WriteState[] = ['failed']): Promise<OutboxWrite | undefined> {
    const states = [...new Set(checkStates(from))].filter((s) => s === 'failed' || s === 'pending');
    const [s0 = null, s1 = null] = states;
    const params = { id, by: checkText(by, 'by'), reason: checkText(reason, 'reason'), now: this.now(), s0, s1 };
    return this.changed(await this.transitionTx(id, () => this.sql.dismiss.run(params).changes));
  }

  async addAlert(id: string, alert: AlertRef): Promise<void> {
    const valid = checkAlert(alert);
    await this.addAlertTx(id, { channel: valid.channel, ts: valid.ts });
  }

  async listByLoan(loanId: string, page: Page): Promise<OutboxWrite[]> {
    const { limit, offset } = checkPage(page);
    return this.sql.byLoan.all(loanId, limit, offset).map(toOutboxWrite);
  }

  async listByLockKey(lockKey: string, limit: number): Promise<OutboxWrite[]> {
    return this.sql.byLockKey.all(lockKey, checkLimit(limit)).map(toOutboxWrite);
  }

  async listByUser(userId: string, limit: number, filter: { skipKeyPrefix?: string } = {}): Promise<OutboxWrite[]> {
    return this.sql.byUser.all({ userId, limit: checkLimit(limit), skip: filter.skipKeyPrefix ?? '' }).map(toOutboxWrite);
  }

  async listFailed(filter: { userId?: string; limit: number; skipKeyPrefix?: string }): Promise<OutboxWrite[]> {
    const params = { limit: checkLimit(filter.limit), skip: filter.skipKeyPrefix ?? '' };
    const rows = filter.userId === undefined ? this.sql.failed.all(params) : this.sql.failedByUser.all({ ...params, userId: filter.userId });
    return rows.map(toOutboxWrite);
  }

  async listFailedWithoutAlert(filter: { limit: number; skipKeyPrefix?: string }): Promise<OutboxWrite[]> {
    return this.sql.failedWithoutAlert.all({ skip: filter.skipKeyPrefix ?? '', limit: checkLimit(filter.limit) }).map(toOutboxWrite);
  }

  async listUnfinished(): Promise<OutboxWrite[]> {
    return this.sql.unfinished.all().map(toOutboxWrite);
  }

  async nextWakeAt(): Promise<number | undefined> {
    const row = this.sql.nextWake.get() as { t: number | null } | undefined;
    return row?.t ?? undefined;
  }

  async findByFingerprint(fingerprint: string, since: number, excludeKey?: string): Promise<OutboxWrite | undefined> {
    const row = this.sql.byFingerprint.get({ fingerprint, since: checkEpochMs(since, 'since'), excludeKey: excludeKey ?? null });
    return row === undefined ? undefined : toOutboxWrite(row);
  }

  async counts(): Promise<Record<WriteState, number>> {
    return stateCounts(this.sql.counts.all());
  }

  /** A guarded move: the write after it, or undefined when the guard refused it (or the id is unknown). */
  private changed(outcome: Transition | undefined): OutboxWrite | undefined {
    return outcome?.changed ? outcome.write : undefined;
  }

  /** markConfirmed/markFailed: an unknown id is an error; a refused transition returns the write as it is. */
  private settled(id: string, outcome: Transition | undefined): OutboxWrite {
    if (outcome === undefined) throw new UnknownWriteError(id);
    return outcome.write;
  }
}
