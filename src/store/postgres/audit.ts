/** The audit trail on Postgres: append-only rows of who did what to which loan (as src/store/sqlite-audit.ts). */
import type pg from 'pg';
import { checkAuditEntry, checkLimit, checkPage } from '../inputs.ts';
import { AUDIT_COLUMNS, toAuditEntry } from '../rows.ts';
import type { AuditEntry, AuditTrail, NewAuditEntry, Page } from '../types.ts';
import { NOW, type DatabaseClock } from './db-clock.ts';
import { named, type Query } from './named.ts';

const NEWEST_FIRST = 'ORDER BY at DESC, id DESC';
const SELECT = `SELECT ${AUDIT_COLUMNS} FROM audit_entries`;

const SQL = {
  insert: named(`
    INSERT INTO audit_entries (at, actor, action, loan_id, lender, outcome, detail, write_id)
    VALUES (COALESCE(@at::bigint, ${NOW}), @actor, @action, @loanId::text, @lender::text, @outcome, @detail, @writeId::text)
    RETURNING ${AUDIT_COLUMNS}`),
  byLoan: named(`${SELECT} WHERE loan_id = @loanId ${NEWEST_FIRST} LIMIT @limit::integer OFFSET @offset::integer`),
  countByLoan: named<'loanId'>('SELECT COUNT(*) AS n FROM audit_entries WHERE loan_id = @loanId'),
  byActor: named(`${SELECT} WHERE actor = @actor ${NEWEST_FIRST} LIMIT @limit::integer`),
};

/** Postgres's SQLSTATE for a foreign key violation. */
const FOREIGN_KEY_VIOLATION = '23503';

export class PostgresAuditTrail implements AuditTrail {
  constructor(
    private readonly pool: pg.Pool,
    private readonly clock: Pick<DatabaseClock, 'sqlNow'>,
  ) {}

  /** Rejects (FOREIGN KEY constraint failed, as on SQLite) if `writeId` names no outbox write. */
  async append(entry: NewAuditEntry): Promise<AuditEntry> {
    const valid = checkAuditEntry(entry);
    try {
      const { rows } = await this.pool.query(SQL.insert({ ...valid, at: valid.at ?? null, now: this.clock.sqlNow() }));
      return toAuditEntry(rows[0]);
    } catch (error) {
      if ((error as { code?: unknown }).code === FOREIGN_KEY_VIOLATION) {
        throw new Error('store: FOREIGN KEY constraint failed: the audit entry names no outbox write', { cause: error });
      }
      throw error;
    }
  }

  async listByLoan(loanId: string, page: Page): Promise<AuditEntry[]> {
    const { limit, offset } = checkPage(page);
    return this.all(SQL.byLoan({ loanId, limit, offset }));
  }

  async countByLoan(loanId: string): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(SQL.countByLoan({ loanId }));
    return rows[0]?.n ?? 0;
  }

  async listByActor(actor: string, limit: number): Promise<AuditEntry[]> {
    return this.all(SQL.byActor({ actor, limit: checkLimit(limit) }));
  }

  private async all(query: Query): Promise<AuditEntry[]> {
    const { rows } = await this.pool.query(query);
    return rows.map(toAuditEntry);
  }
}
