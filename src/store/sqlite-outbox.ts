/**
 * The outbox of lender writes on SQLite. Every state change is a single guarded UPDATE
 * (`… WHERE id = ? AND state IN (…)`) whose `changes` count decides the outcome, run in a
 * BEGIN IMMEDIATE transaction together with the re-read, so that two connections — or two processes
 * sharing the file — can never both move the same write.
 */
import type Database from 'better-sqlite3';
import { newWriteId } from './ids.ts';
import {
  checkAlert,
  checkEpochMs,
  coerceFailure,
  checkLimit,
  checkNewWrite,
  checkPage,
  checkStates,
  checkText,
  type ValidNewWrite,
} from './inputs.ts';
import { OUTBOX_COLUMNS, parseAlerts, toJsonText, toOutboxWrite } from './rows.ts';
import {
  UnknownWriteError,
  WRITE_STATES,
  type AlertRef,
  type NewWrite,
  type Outbox,
  type OutboxWrite,
  type Page,
  type WriteFailure,
  type WriteState,
} from './types.ts';

const NEWEST_FIRST = 'ORDER BY created_at DESC, seq DESC';
const SELECT = `SELECT ${OUTBOX_COLUMNS} FROM outbox_writes`;
/** Ids are 60 random bits; a clash is astronomically unlikely, but is retried rather than surfaced. */
const ID_ATTEMPTS = 5;

function prepareStatements(db: Database.Database) {
  return {
    insert: db.prepare(`
      INSERT INTO outbox_writes (id, idempotency_key, lender, operation, loan_id, request, summary, fingerprint,
        requested_by, channel_id, thread_ts, source_message_ts, state, attempts, alerts, created_at, updated_at)
      VALUES (@id, @idempotencyKey, @lender, @operation, @loanId, @request, @summary, @fingerprint,
        @requestedBy, @channelId, @threadTs, @sourceMessageTs, 'pending', 0, '[]', @now, @now)
      ON CONFLICT DO NOTHING`),
    byId: db.prepare(`${SELECT} WHERE id = ?`),
    byKey: db.prepare(`${SELECT} WHERE idempotency_key = ?`),
    // `from` is padded to five parameters with NULLs (which match nothing), so one statement serves every call.
    claim: db.prepare(`
      UPDATE outbox_writes SET state = 'sending', attempts = attempts + 1, sent_at = @now, updated_at = @now
      WHERE id = @id AND state IN (@s0, @s1, @s2, @s3, @s4)`),
    updateRequest: db.prepare(`
      UPDATE outbox_writes SET request = @request, updated_at = @now WHERE id = @id AND state IN ('pending', 'sending')`),
    confirm: db.prepare(`
      UPDATE outbox_writes SET state = 'confirmed', result = @result, confirmed_at = @now, updated_at = @now,
        resolved_by = COALESCE(@by, resolved_by)
      WHERE id = @id AND state <> 'confirmed'`),
    fail: db.prepare(`
      UPDATE outbox_writes SET state = 'failed', last_status = @status, last_error = @error,
        lender_message = @lenderMessage, retryable = @retryable, updated_at = @now
      WHERE id = @id AND state IN ('pending', 'sending', 'failed')`),
    dismiss: db.prepare(`
      UPDATE outbox_writes SET state = 'dismissed', resolved_by = @by, dismiss_reason = @reason, updated_at = @now
      WHERE id = @id AND state IN ('failed', 'pending')`),
    alertsOf: db.prepare('SELECT alerts FROM outbox_writes WHERE id = ?'),
    setAlerts: db.prepare('UPDATE outbox_writes SET alerts = ? WHERE id = ?'),
    byLoan: db.prepare(`${SELECT} WHERE loan_id = ? ${NEWEST_FIRST} LIMIT ? OFFSET ?`),
    byUser: db.prepare(`${SELECT} WHERE requested_by = ? ${NEWEST_FIRST} LIMIT ?`),
    failed: db.prepare(`${SELECT} WHERE state = 'failed' ${NEWEST_FIRST} LIMIT ?`),
    failedByUser: db.prepare(`${SELECT} WHERE state = 'failed' AND requested_by = ? ${NEWEST_FIRST} LIMIT ?`),
    unfinished: db.prepare(`${SELECT} WHERE state IN ('pending', 'sending') ORDER BY created_at, seq`),
    byFingerprint: db.prepare(`
      ${SELECT} WHERE fingerprint = @fingerprint AND created_at >= @since AND state <> 'dismissed'
        AND (@excludeKey IS NULL OR idempotency_key <> @excludeKey)
      ${NEWEST_FIRST} LIMIT 1`),
    counts: db.prepare('SELECT state, COUNT(*) AS n FROM outbox_writes GROUP BY state'),
  };
}

type Statements = ReturnType<typeof prepareStatements>;

/** The write as it stands after a guarded UPDATE, and whether the guard let the UPDATE through. */
interface Transition {
  changed: boolean;
  write: OutboxWrite;
}

export class SqliteOutbox implements Outbox {
  private readonly sql: Statements;
  private readonly recordTx: (write: ValidNewWrite, request: string, now: number) => { created: boolean; write: OutboxWrite };
  private readonly transitionTx: (id: string, update: () => number) => Transition | undefined;
  private readonly addAlertTx: (id: string, alert: AlertRef) => void;

  constructor(
    db: Database.Database,
    private readonly now: () => number,
  ) {
    this.sql = prepareStatements(db);

    const record = db.transaction((write: ValidNewWrite, request: string, now: number) => {
      for (let attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
        const { changes } = this.sql.insert.run({ ...write, id: newWriteId(), request, now });
        const stored = this.sql.byKey.get(write.idempotencyKey);
        if (stored !== undefined) return { created: changes === 1, write: toOutboxWrite(stored) };
        // changes === 0 with no row for the key: the random id clashed with another write's; draw again.
      }
      throw new Error('store: could not allocate a unique write id');
    });
    this.recordTx = (write, request, now) => record.immediate(write, request, now);

    // Runs the guarded UPDATE and the re-read in one write transaction; undefined if the id is unknown.
    const transition = db.transaction((id: string, update: () => number): Transition | undefined => {
      const changed = update() === 1;
      const row = this.sql.byId.get(id);
      return row === undefined ? undefined : { changed, write: toOutboxWrite(row) };
    });
    this.transitionTx = (id, update) => transition.immediate(id, update);

    const addAlert = db.transaction((id: string, alert: AlertRef) => {
      const row = this.sql.alertsOf.get(id) as { alerts: string | null } | undefined;
      if (row === undefined) throw new UnknownWriteError(id);
      const alerts = parseAlerts(row.alerts);
      if (alerts.some((a) => a.channel === alert.channel && a.ts === alert.ts)) return;
      this.sql.setAlerts.run(JSON.stringify([...alerts, alert]), id);
    });
    this.addAlertTx = (id, alert) => addAlert.immediate(id, alert);
  }

  async record(write: NewWrite): Promise<{ created: boolean; write: OutboxWrite }> {
    const valid = checkNewWrite(write);
    return this.recordTx(valid, toJsonText(write.request, 'request'), this.now());
  }

  async get(id: string): Promise<OutboxWrite | undefined> {
    const row = this.sql.byId.get(id);
    return row === undefined ? undefined : toOutboxWrite(row);
  }

  async getByKey(idempotencyKey: string): Promise<OutboxWrite | undefined> {
    const row = this.sql.byKey.get(idempotencyKey);
    return row === undefined ? undefined : toOutboxWrite(row);
  }

  async claim(id: string, from: WriteState[]): Promise<OutboxWrite | undefined> {
    const states = [...new Set(checkStates(from))];
    if (states.length === 0) return undefined;
    const now = this.now();
    const [s0 = null, s1 = null, s2 = null, s3 = null, s4 = null] = states;
    const outcome = this.transitionTx(id, () => this.sql.claim.run({ id, now, s0, s1, s2, s3, s4 }).changes);
    return outcome?.changed ? outcome.write : undefined;
  }

  async updateRequest(id: string, request: unknown): Promise<OutboxWrite | undefined> {
    const params = { id, request: toJsonText(request, 'request'), now: this.now() };
    const outcome = this.transitionTx(id, () => this.sql.updateRequest.run(params).changes);
    return outcome?.changed ? outcome.write : undefined;
  }

  async markConfirmed(id: string, outcome: { result: unknown; by?: string }): Promise<OutboxWrite> {
    // The lender has accepted the write: nothing about the answer may stop us recording that.
    let result = 'null';
    try {
      result = toJsonText(outcome.result ?? null, 'result');
    } catch {
      // not representable as JSON (a BigInt, a cycle): keep the confirmation, drop the answer
    }
    const by = typeof outcome.by === 'string' && outcome.by !== '' ? outcome.by : null;
    const now = this.now();
    return this.settled(id, this.transitionTx(id, () => this.sql.confirm.run({ id, now, result, by }).changes));
  }

  async markFailed(id: string, failure: WriteFailure): Promise<OutboxWrite> {
    const f = coerceFailure(failure);
    const now = this.now();
    const params = {
      id,
      now,
      status: f.status,
      error: f.error,
      lenderMessage: f.lenderMessage,
      retryable: f.retryable ? 1 : 0,
    };
    return this.settled(id, this.transitionTx(id, () => this.sql.fail.run(params).changes));
  }

  async markDismissed(id: string, by: string, reason: string): Promise<OutboxWrite | undefined> {
    const params = { id, by: checkText(by, 'by'), reason: checkText(reason, 'reason'), now: this.now() };
    const outcome = this.transitionTx(id, () => this.sql.dismiss.run(params).changes);
    return outcome?.changed ? outcome.write : undefined;
  }

  async addAlert(id: string, alert: AlertRef): Promise<void> {
    const valid = checkAlert(alert);
    this.addAlertTx(id, { channel: valid.channel, ts: valid.ts });
  }

  async listByLoan(loanId: string, page: Page): Promise<OutboxWrite[]> {
    const { limit, offset } = checkPage(page);
    return this.sql.byLoan.all(loanId, limit, offset).map(toOutboxWrite);
  }

  async listByUser(userId: string, limit: number): Promise<OutboxWrite[]> {
    return this.sql.byUser.all(userId, checkLimit(limit)).map(toOutboxWrite);
  }

  async listFailed(filter: { userId?: string; limit: number }): Promise<OutboxWrite[]> {
    const limit = checkLimit(filter.limit);
    const rows =
      filter.userId === undefined
        ? this.sql.failed.all(limit)
        : this.sql.failedByUser.all(filter.userId, limit);
    return rows.map(toOutboxWrite);
  }

  async listUnfinished(): Promise<OutboxWrite[]> {
    return this.sql.unfinished.all().map(toOutboxWrite);
  }

  async findByFingerprint(fingerprint: string, since: number, excludeKey?: string): Promise<OutboxWrite | undefined> {
    const row = this.sql.byFingerprint.get({
      fingerprint,
      since: checkEpochMs(since, 'since'),
      excludeKey: excludeKey ?? null,
    });
    return row === undefined ? undefined : toOutboxWrite(row);
  }

  async counts(): Promise<Record<WriteState, number>> {
    const counts = Object.fromEntries(WRITE_STATES.map((state) => [state, 0])) as Record<WriteState, number>;
    for (const row of this.sql.counts.all() as { state: string; n: number }[]) {
      if ((WRITE_STATES as readonly string[]).includes(row.state)) counts[row.state as WriteState] = row.n;
    }
    return counts;
  }

  /** markConfirmed/markFailed: an unknown id is an error; a refused transition returns the write as it is. */
  private settled(id: string, outcome: Transition | undefined): OutboxWrite {
    if (outcome === undefined) throw new UnknownWriteError(id);
    return outcome.write;
  }
}
