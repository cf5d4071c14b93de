/** Bulk batches and the shared pacing of bulk sends, on Postgres (every instance shares them). */
import type pg from 'pg';
import { BULK_SQL } from '../bulk-sql.ts';
import { newBatchId, recentGrants, tally, toBatch, toOutcome, toRow } from '../bulk-mapping.ts';
import type { BulkBatch, BulkBatches, BulkRowStatus, NewBulkBatch, SendPacing } from '../bulk-types.ts';
import { checkLimit, checkText } from '../inputs.ts';
import { bigLimit } from '../sqlite-bulk.ts';
import type { WriteState } from '../types.ts';
import { inTransaction } from './pool.ts';
import { NOW, type DatabaseClock } from './db-clock.ts';
import { named } from './named.ts';

type Raw = Record<string, unknown>;

const Q = {
  insertBatch: named(BULK_SQL.insertBatch.replace('@now)', `${NOW})`)),
  insertRows: named(`INSERT INTO bulk_rows (batch_id, row_number, loan_id, status, reason, draft, fingerprint)
    SELECT @batchId, * FROM unnest(@rows::int[], @loanIds::text[], @statuses::text[], @reasons::text[], @drafts::text[], @fingerprints::text[])`),
  getBatch: named(BULK_SQL.getBatch),
  confirm: named(BULK_SQL.confirm.replace('@now', NOW)),
  cancel: named(BULK_SQL.cancel),
  setMessage: named(BULK_SQL.setMessage),
  rows: named(`SELECT * FROM bulk_rows WHERE batch_id = @id AND status = ANY(@statuses::text[]) ORDER BY row_number LIMIT @limit OFFSET @offset`),
  setWrite: named(BULK_SQL.setWrite),
  counts: named(BULK_SQL.counts),
  outcomes: named(BULK_SQL.outcomes.replace('%STATES%', 'unnest(@states::text[]) AS value').replace('@anyState = 1', '@anyState::int = 1')),
  batchOfWrite: named(BULK_SQL.batchOfWrite),
  listByLoan: named(BULK_SQL.listByLoan),
  listByUser: named(BULK_SQL.listByUser),
  listUnrecorded: named(BULK_SQL.listUnrecorded),
  lastRecordedAt: named(BULK_SQL.lastRecordedAt),
  progressTurn: named(`UPDATE bulk_batches SET progress_at = ${NOW} WHERE id = @id AND progress_at <= ${NOW} - @gapMs::bigint`),
  reopen: named(BULK_SQL.reopen),
  finish: named(BULK_SQL.finish.replace('@now', NOW)),
  reserve: named(`INSERT INTO send_pacing (name, next_at) VALUES (@name, ${NOW} + @span::bigint)
    ON CONFLICT (name) DO UPDATE SET next_at = GREATEST(${NOW}, send_pacing.next_at) + @span::bigint RETURNING next_at - @span::bigint AS start`),
  release: named(`UPDATE send_pacing SET next_at = GREATEST(@from::bigint, ${NOW}) WHERE name = @name AND next_at = @until::bigint`),
  /** The pacing row, locked, and the time it is read at. */
  recentLocked: named<'name' | 'now'>(`SELECT recent, ${NOW} AS now FROM send_pacing WHERE name = @name FOR UPDATE`),
};

export class PostgresBulkBatches implements BulkBatches {
  constructor(
    private readonly pool: pg.Pool,
    private readonly clock: Pick<DatabaseClock, 'sqlNow'>,
  ) {}

  /** `@now`: null, and the SQL reads the database server's clock (a test's stand-in otherwise). */
  private now(): number | null {
    return this.clock.sqlNow();
  }

  private async all(query: { text: string; values: unknown[] }): Promise<Raw[]> {
    return (await this.pool.query(query)).rows as Raw[];
  }

  async create(batch: NewBulkBatch): Promise<BulkBatch> {
    checkText(batch.fileId, 'fileId');
    checkText(batch.requestedBy, 'requestedBy');
    checkText(batch.channelId, 'channelId');
    const id = newBatchId();
    const now = this.now();
    await inTransaction(this.pool, async (client) => {
      await client.query(Q.insertBatch({ id, fileId: batch.fileId, fileName: batch.fileName, requestedBy: batch.requestedBy, channelId: batch.channelId, rowCount: batch.rows.length, now }));
      for (let i = 0; i < batch.rows.length; i += 2000) {
        const chunk = batch.rows.slice(i, i + 2000);
        await client.query(
          Q.insertRows({
            batchId: id,
            rows: chunk.map((r) => r.row),
            loanIds: chunk.map((r) => r.loanId),
            statuses: chunk.map((r) => r.status),
            reasons: chunk.map((r) => r.reason),
            drafts: chunk.map((r) => (r.draft === null || r.draft === undefined ? null : JSON.stringify(r.draft))),
            fingerprints: chunk.map((r) => r.fingerprint),
          }),
        );
      }
    });
    return (await this.get(id))!;
  }

  async get(id: string): Promise<BulkBatch | undefined> {
    const [row] = await this.all(Q.getBatch({ id }));
    return row ? toBatch(row) : undefined;
  }

  async confirm(id: string, options: { includeDuplicates: boolean }): Promise<BulkBatch | undefined> {
    const res = await this.pool.query(Q.confirm({ id, now: this.now(), includeDuplicates: options.includeDuplicates ? 1 : 0 }));
    return res.rowCount === 1 ? this.get(id) : undefined;
  }

  async cancel(id: string, by: string): Promise<BulkBatch | undefined> {
    const res = await this.pool.query(Q.cancel({ id, by: checkText(by, 'by') }));
    return res.rowCount === 1 ? this.get(id) : undefined;
  }

  async setMessage(id: string, messageTs: string): Promise<void> {
    await this.pool.query(Q.setMessage({ id, ts: checkText(messageTs, 'messageTs') }));
  }

  async rows(id: string, filter: { statuses?: BulkRowStatus[]; limit: number; offset?: number }) {
    const statuses = filter.statuses ?? ['valid', 'rejected', 'duplicate'];
    return (await this.all(Q.rows({ id, statuses, limit: bigLimit(filter.limit), offset: filter.offset ?? 0 }))).map(toRow);
  }

  async setWrite(batchId: string, row: number, writeId: string): Promise<void> {
    await this.pool.query(Q.setWrite({ batchId, row, writeId: checkText(writeId, 'writeId') }));
  }

  async counts(id: string) {
    return tally(await this.all(Q.counts({ id })));
  }

  async outcomes(id: string, filter: { writeStates?: WriteState[]; limit: number; offset?: number }) {
    const rows = await this.all(Q.outcomes({ id, anyState: filter.writeStates ? 0 : 1, states: filter.writeStates ?? [], limit: bigLimit(filter.limit), offset: filter.offset ?? 0 }));
    return rows.map(toOutcome);
  }

  async batchOfWrite(writeId: string): Promise<string | undefined> {
    const [row] = await this.all(Q.batchOfWrite({ writeId }));
    return row ? String(row['batch_id']) : undefined;
  }

  async listByLoan(loanId: string, limit: number): Promise<BulkBatch[]> {
    return (await this.all(Q.listByLoan({ loanId, limit: checkLimit(limit) }))).map(toBatch);
  }

  async listByUser(userId: string, limit: number): Promise<BulkBatch[]> {
    return (await this.all(Q.listByUser({ userId, limit: checkLimit(limit) }))).map(toBatch);
  }

  async listUnrecorded(limit: number): Promise<BulkBatch[]> {
    return (await this.all(Q.listUnrecorded({ yes: 1, limit: checkLimit(limit) }))).map(toBatch);
  }

  async lastRecordedAt(id: string): Promise<number | undefined> {
    const [row] = await this.all(Q.lastRecordedAt({ id }));
    const t = row?.['t'];
    return t === null || t === undefined ? undefined : Number(t);
  }

  async takeProgressTurn(id: string, gapMs: number): Promise<boolean> {
    return (await this.pool.query(Q.progressTurn({ id, now: this.now(), gapMs: Math.max(0, Math.round(gapMs)) }))).rowCount === 1;
  }

  async takeFinish(id: string): Promise<boolean> {
    return (await this.pool.query(Q.finish({ id, now: this.now() }))).rowCount === 1;
  }

  async reopen(id: string): Promise<void> {
    await this.pool.query(Q.reopen({ id }));
  }
}

export class PostgresSendPacing implements SendPacing {
  constructor(
    private readonly pool: pg.Pool,
    private readonly clock: Pick<DatabaseClock, 'sqlNow'>,
  ) {}

  /** `@now`: null, and the SQL reads the database server's clock (a test's stand-in otherwise). */
  private now(): number | null {
    return this.clock.sqlNow();
  }

  async reserve(name: string, count: number, intervalMs: number): Promise<number> {
    const span = Math.max(0, Math.round(count * intervalMs));
    const res = await this.pool.query(Q.reserve({ name, now: this.now(), span }));
    return Number((res.rows[0] as Raw)['start']);
  }

  async releaseAfter(name: string, from: number, until: number): Promise<void> {
    await this.pool.query(Q.release({ name, from, until, now: this.now() }));
  }

  async acquire(name: string, perSecond: number, windowMs = 1000): Promise<{ granted: true } | { granted: false; retryAt: number }> {
    const limit = Math.max(1, Math.floor(perSecond));
    return inTransaction(this.pool, async (client) => {
      await client.query('INSERT INTO send_pacing (name) VALUES ($1) ON CONFLICT (name) DO NOTHING', [name]);
      const { rows } = await client.query(Q.recentLocked({ name, now: this.now() }));
      const row = rows[0] as Raw | undefined;
      const now = Number(row?.['now']);
      const recent = recentGrants(row?.['recent'], now, windowMs);
      if (recent.length >= limit) return { granted: false as const, retryAt: recent[recent.length - limit]! + windowMs };
      await client.query('UPDATE send_pacing SET recent = $2 WHERE name = $1', [name, JSON.stringify([...recent, now])]);
      return { granted: true as const };
    });
  }
}
