/** Bulk batches and the shared pacing of bulk sends, on SQLite. */
import type Database from 'better-sqlite3';
import type { GroupCommit } from './sqlite-group-commit.ts';
import { BULK_SQL } from './bulk-sql.ts';
import { newBatchId, recentGrants, tally, toBatch, toOutcome, toRow } from './bulk-mapping.ts';
import type { BulkBatch, BulkBatches, BulkRowStatus, NewBulkBatch, SendPacing } from './bulk-types.ts';
import { checkLimit, checkText } from './inputs.ts';
import type { WriteState } from './types.ts';

type Raw = Record<string, unknown>;

export class SqliteBulkBatches implements BulkBatches {
  private readonly createTx: (batch: NewBulkBatch, id: string, now: number) => void;

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number,
  ) {
    const insertBatch = db.prepare(BULK_SQL.insertBatch);
    const insertRow = db.prepare(`INSERT INTO bulk_rows (batch_id, row_number, loan_id, status, reason, draft, fingerprint)
      VALUES (@batchId, @row, @loanId, @status, @reason, @draft, @fingerprint)`);
    const tx = db.transaction((batch: NewBulkBatch, id: string, now: number) => {
      insertBatch.run({ id, fileId: batch.fileId, fileName: batch.fileName, requestedBy: batch.requestedBy, channelId: batch.channelId, rowCount: batch.rows.length, now });
      for (const r of batch.rows) {
        insertRow.run({ batchId: id, row: r.row, loanId: r.loanId, status: r.status, reason: r.reason, draft: r.draft === null || r.draft === undefined ? null : JSON.stringify(r.draft), fingerprint: r.fingerprint });
      }
    });
    this.createTx = (batch, id, now) => tx.immediate(batch, id, now);
  }

  private one(sql: string, params: Raw): Raw | undefined {
    return this.db.prepare(sql).get(params) as Raw | undefined;
  }

  async create(batch: NewBulkBatch): Promise<BulkBatch> {
    checkText(batch.fileId, 'fileId');
    checkText(batch.requestedBy, 'requestedBy');
    checkText(batch.channelId, 'channelId');
    const id = newBatchId();
    this.createTx(batch, id, this.now());
    return (await this.get(id))!;
  }

  async get(id: string): Promise<BulkBatch | undefined> {
    const row = this.one(BULK_SQL.getBatch, { id });
    return row ? toBatch(row) : undefined;
  }

  async confirm(id: string, options: { includeDuplicates: boolean }): Promise<BulkBatch | undefined> {
    const changed = this.db.prepare(BULK_SQL.confirm).run({ id, now: this.now(), includeDuplicates: options.includeDuplicates ? 1 : 0 }).changes;
    return changed === 1 ? this.get(id) : undefined;
  }

  async cancel(id: string, by: string): Promise<BulkBatch | undefined> {
    const changed = this.db.prepare(BULK_SQL.cancel).run({ id, by: checkText(by, 'by') }).changes;
    return changed === 1 ? this.get(id) : undefined;
  }

  async setMessage(id: string, messageTs: string): Promise<void> {
    this.db.prepare(BULK_SQL.setMessage).run({ id, ts: checkText(messageTs, 'messageTs') });
  }

  async rows(id: string, filter: { statuses?: BulkRowStatus[]; limit: number; offset?: number }) {
    const statuses = filter.statuses ?? ['valid', 'rejected', 'duplicate'];
    const rows = this.db
      .prepare('SELECT * FROM bulk_rows WHERE batch_id = @id AND status IN (SELECT value FROM json_each(@statuses)) ORDER BY row_number LIMIT @limit OFFSET @offset')
      .all({ id, statuses: JSON.stringify(statuses), limit: bigLimit(filter.limit), offset: filter.offset ?? 0 }) as Raw[];
    return rows.map(toRow);
  }

  async setWrite(batchId: string, row: number, writeId: string): Promise<void> {
    this.db.prepare(BULK_SQL.setWrite).run({ batchId, row, writeId: checkText(writeId, 'writeId') });
  }

  async counts(id: string) {
    return tally(this.db.prepare(BULK_SQL.counts).all({ id }) as Raw[]);
  }

  async outcomes(id: string, filter: { writeStates?: WriteState[]; limit: number; offset?: number }) {
    const sql = BULK_SQL.outcomes.replace('%STATES%', 'json_each(@states)');
    const rows = this.db
      .prepare(sql)
      .all({ id, anyState: filter.writeStates ? 0 : 1, states: JSON.stringify(filter.writeStates ?? []), limit: bigLimit(filter.limit), offset: filter.offset ?? 0 }) as Raw[];
    return rows.map(toOutcome);
  }

  async batchOfWrite(writeId: string): Promise<string | undefined> {
    const row = this.one(BULK_SQL.batchOfWrite, { writeId });
    return row ? String(row['batch_id']) : undefined;
  }

  async listByLoan(loanId: string, limit: number): Promise<BulkBatch[]> {
    return (this.db.prepare(BULK_SQL.listByLoan).all({ loanId, limit: checkLimit(limit) }) as Raw[]).map(toBatch);
  }

  async listByUser(userId: string, limit: number): Promise<BulkBatch[]> {
    return (this.db.prepare(BULK_SQL.listByUser).all({ userId, limit: checkLimit(limit) }) as Raw[]).map(toBatch);
  }

  async listUnrecorded(limit: number): Promise<BulkBatch[]> {
    return (this.db.prepare(BULK_SQL.listUnrecorded).all({ yes: 1, limit: checkLimit(limit) }) as Raw[]).map(toBatch);
  }

  async lastRecordedAt(id: string): Promise<number | undefined> {
    const t = this.one(BULK_SQL.lastRecordedAt, { id })?.['t'];
    return t === null || t === undefined ? undefined : Number(t);
  }

  async takeProgressTurn(id: string, gapMs: number): Promise<boolean> {
    const now = this.now();
    return this.db.prepare(BULK_SQL.progressTurn).run({ id, now, before: now - gapMs }).changes === 1;
  }

  async takeFinish(id: string): Promise<boolean> {
    return this.db.prepare(BULK_SQL.finish).run({ id, now: this.now() }).changes === 1;
  }

  async reopen(id: string): Promise<void> {
    this.db.prepare(BULK_SQL.reopen).run({ id });
  }
}

/** Rows of a batch (up to 10,000 and a few) may be read at once, unlike the outbox's lists. */
export function bigLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 0 || limit > 20_000) throw new RangeError('store: limit must be an integer from 0 to 20000');
  return limit;
}

export class SqliteSendPacing implements SendPacing {
  private readonly acquireTx: (name: string, perSecond: number, windowMs: number, now: number) => { granted: true } | { granted: false; retryAt: number };

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number,
    private readonly group?: GroupCommit,
  ) {
    const read = db.prepare('SELECT recent FROM send_pacing WHERE name = ?');
    const write = db.prepare(`INSERT INTO send_pacing (name, recent) VALUES (@name, @recent) ON CONFLICT (name) DO UPDATE SET recent = excluded.recent`);
    const tx = db.transaction((name: string, perSecond: number, windowMs: number, now: number) => {
      const row = read.get(name) as Raw | undefined;
      const recent = recentGrants(row?.['recent'], now, windowMs);
      if (recent.length >= perSecond) return { granted: false as const, retryAt: recent[recent.length - perSecond]! + windowMs };
      write.run({ name, recent: JSON.stringify([...recent, now]) });
      return { granted: true as const };
    });
    this.acquireTx = (name, perSecond, windowMs, now) => tx.immediate(name, perSecond, windowMs, now);
  }

  async reserve(name: string, count: number, intervalMs: number): Promise<number> {
    const span = Math.max(0, Math.round(count * intervalMs));
    const row = this.db
      .prepare(`INSERT INTO send_pacing (name, next_at) VALUES (@name, @now + @span)
        ON CONFLICT (name) DO UPDATE SET next_at = MAX(@now, next_at) + @span RETURNING next_at - @span AS start`)
      .get({ name, now: this.now(), span }) as Raw;
    return Number(row['start']);
  }

  async releaseAfter(name: string, from: number, until: number): Promise<void> {
    this.db.prepare('UPDATE send_pacing SET next_at = MAX(@from, @now) WHERE name = @name AND next_at = @until').run({ name, from, until, now: this.now() });
  }

  /**
   * Decided at once, and committed with the open group (group commit): a grant need not survive a crash
   * (the window starts afresh), so it costs no fsync of its own, which would hold the event loop ~5 ms for
   * every bulk row, twice (its turn and its departure), and the caller goes without waiting for the disk.
   */
  async acquire(name: string, perSecond: number, windowMs = 1000) {
    const decide = () => this.acquireTx(name, Math.max(1, Math.floor(perSecond)), windowMs, this.now());
    if (!this.group) return decide();
    let answer: ReturnType<typeof decide> | undefined;
    const committed = this.group.run(() => {
      answer = decide();
    });
    committed.catch(() => undefined); // a lost grant only lets the window start afresh
    if (answer === undefined) await committed; // the change itself failed: its error is the caller's
    return answer!;
  }
}
