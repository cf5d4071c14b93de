/**
 * DDL both backends share, written once: where the SQLite and Postgres schemas differ only in the type
 * of an epoch-milliseconds column (SQLite INTEGER is 64-bit; Postgres needs BIGINT), the statements are
 * generated from one text. The text each backend gets is exactly what its migration always ran, so a
 * database migrates identically (and SQLite's stored schema text is unchanged).
 */

/**
 * The outbox's plain text columns between `operation` and `state`, as SQLite's migration 1 has them.
 * Postgres's migration 1 uses the same text (only its whitespace differed, which Postgres does not keep).
 */
export const OUTBOX_TEXT_COLUMNS = `        loan_id           TEXT    NOT NULL,
        request           TEXT    NOT NULL,             -- JSON
        summary           TEXT    NOT NULL,
        fingerprint       TEXT,
        requested_by      TEXT    NOT NULL,
        channel_id        TEXT    NOT NULL,
        thread_ts         TEXT,
        source_message_ts TEXT,
`;

/** audit_entries after its id and time columns (the same on both backends). */
export const AUDIT_COLUMNS_DDL = `        actor    TEXT    NOT NULL,
        action   TEXT    NOT NULL,
        loan_id  TEXT,
        lender   TEXT    CHECK (lender IS NULL OR lender IN ('credgenics', 'apollo')),
        outcome  TEXT    NOT NULL,
        detail   TEXT    NOT NULL,
        write_id TEXT    REFERENCES outbox_writes (id)
`;

/** The column type of epoch milliseconds on each backend. */
export type EpochType = 'INTEGER' | 'BIGINT';

/** The outbox's outcome and time columns from `result` to `resolved_by`, as SQLite's migration 1 has them. */
export function outboxOutcomeColumns(epoch: EpochType): string {
  return `        result            TEXT,                         -- JSON, NULL until confirmed
        alerts            TEXT    NOT NULL DEFAULT '[]', -- JSON array of {channel, ts}
        created_at        ${epoch} NOT NULL,
        updated_at        ${epoch} NOT NULL,
        sent_at           ${epoch},
        confirmed_at      ${epoch},
        resolved_by       TEXT,
`;
}

/** Bulk payments: batches, their rows, and the shared pacing of bulk sends (SQLite's migration 3, Postgres's 2). */
export function bulkTablesSql(epoch: EpochType): string {
  return `
      CREATE TABLE IF NOT EXISTS bulk_batches (
        id                 TEXT    PRIMARY KEY,
        file_id            TEXT    NOT NULL,
        file_name          TEXT    NOT NULL,
        requested_by       TEXT    NOT NULL,
        channel_id         TEXT    NOT NULL,
        state              TEXT    NOT NULL DEFAULT 'review' CHECK (state IN ('review', 'confirmed', 'cancelled')),
        include_duplicates INTEGER NOT NULL DEFAULT 0 CHECK (include_duplicates IN (0, 1)),
        row_count          INTEGER NOT NULL CHECK (row_count >= 0),
        message_ts         TEXT,
        created_at         ${epoch} NOT NULL,
        confirmed_at       ${epoch},
        cancelled_by       TEXT,
        progress_at        ${epoch} NOT NULL DEFAULT 0,
        finished_at        ${epoch}
      );
      CREATE INDEX IF NOT EXISTS bulk_batches_by_user ON bulk_batches (requested_by, created_at);
      CREATE TABLE IF NOT EXISTS bulk_rows (
        batch_id    TEXT    NOT NULL REFERENCES bulk_batches (id) ON DELETE CASCADE,
        row_number  INTEGER NOT NULL CHECK (row_number >= 2),
        loan_id     TEXT,
        status      TEXT    NOT NULL CHECK (status IN ('valid', 'rejected', 'duplicate')),
        reason      TEXT,
        draft       TEXT,   -- JSON of the payment draft
        fingerprint TEXT,
        write_id    TEXT,
        PRIMARY KEY (batch_id, row_number)
      );
      CREATE INDEX IF NOT EXISTS bulk_rows_by_write ON bulk_rows (write_id) WHERE write_id IS NOT NULL;
      CREATE INDEX IF NOT EXISTS bulk_rows_by_loan ON bulk_rows (loan_id, batch_id);
      CREATE TABLE IF NOT EXISTS send_pacing (
        name    TEXT   PRIMARY KEY,
        next_at ${epoch} NOT NULL DEFAULT 0,
        recent  TEXT   NOT NULL DEFAULT '[]'  -- JSON array of the last grants (epoch ms)
      );
    `;
}

/** The migrations a backend knows, checked and in order, and the latest version among them. */
export function orderedMigrations<M extends { version: number }>(migrations: readonly M[]): { ordered: M[]; latest: number } {
  for (const migration of migrations) {
    if (!Number.isInteger(migration.version) || migration.version < 1) {
      throw new Error(`store: bad migration version ${migration.version}`);
    }
  }
  const ordered = [...migrations].sort((x, y) => x.version - y.version);
  return { ordered, latest: ordered.at(-1)?.version ?? 0 };
}

/** Refuses a database written by a newer loanbot (a version this code does not know). */
export function refuseNewer(start: number, latest: number): void {
  if (start > latest) {
    throw new Error(`store: database schema version ${start} is newer than this loanbot knows (${latest})`);
  }
}

/** Refuses to apply a step out of order (the database is not at the version just before it). */
export function checkStep(current: number, version: number): void {
  if (current !== version - 1) throw new Error(`store: cannot apply migration ${version} to schema version ${current}`);
}
