/** The audit trail on SQLite: append-only rows of who did what to which loan. */
import type Database from 'better-sqlite3';
import { checkAuditEntry, checkLimit, checkPage } from './inputs.ts';
import { AUDIT_COLUMNS, toAuditEntry } from './rows.ts';
import type { AuditEntry, AuditTrail, NewAuditEntry, Page } from './types.ts';
import type { GroupCommit } from './sqlite-group-commit.ts';

const NEWEST_FIRST = 'ORDER BY at DESC, id DESC';
const SELECT = `SELECT ${AUDIT_COLUMNS} FROM audit_entries`;

/** The audit row insert (also run by the outbox, inside `record`'s transaction). */
export function prepareAuditInsert(db: Database.Database): Database.Statement {
  return db.prepare(`
      INSERT INTO audit_entries (at, actor, action, loan_id, lender, outcome, detail, write_id)
      VALUES (@at, @actor, @action, @loanId, @lender, @outcome, @detail, @writeId)
      RETURNING ${AUDIT_COLUMNS}`);
}

function prepareStatements(db: Database.Database) {
  return {
    insert: prepareAuditInsert(db),
    byLoan: db.prepare(`${SELECT} WHERE loan_id = ? ${NEWEST_FIRST} LIMIT ? OFFSET ?`),
    countByLoan: db.prepare('SELECT COUNT(*) AS n FROM audit_entries WHERE loan_id = ?'),
    byActor: db.prepare(`${SELECT} WHERE actor = ? ${NEWEST_FIRST} LIMIT ?`),
  };
}

export class SqliteAuditTrail implements AuditTrail {
  private readonly sql: ReturnType<typeof prepareStatements>;

  constructor(
    db: Database.Database,
    private readonly now: () => number,
    private readonly group: GroupCommit,
  ) {
    this.sql = prepareStatements(db);
  }

  /** Rejects (FOREIGN KEY constraint failed) if `writeId` names no outbox write. */
  async append(entry: NewAuditEntry): Promise<AuditEntry> {
    const valid = checkAuditEntry(entry);
    const params = { ...valid, at: valid.at ?? this.now() };
    return toAuditEntry(await this.group.run(() => this.sql.insert.get(params)));
  }

  async listByLoan(loanId: string, page: Page): Promise<AuditEntry[]> {
    const { limit, offset } = checkPage(page);
    return this.sql.byLoan.all(loanId, limit, offset).map(toAuditEntry);
  }

  async countByLoan(loanId: string): Promise<number> {
    const row = this.sql.countByLoan.get(loanId) as { n: number } | undefined;
    return row?.n ?? 0;
  }

  async listByActor(actor: string, limit: number): Promise<AuditEntry[]> {
    return this.sql.byActor.all(actor, checkLimit(limit)).map(toAuditEntry);
  }
}
