/**
 * Schema migrations, versioned with PRAGMA user_version. Each migration runs in its own
 * BEGIN IMMEDIATE transaction together with the version bump, and the version is re-read inside that
 * transaction, so running twice (or two processes opening the same file at once) applies each step once.
 *
 * Append new migrations to the end; never edit one that has shipped. SQLite cannot alter a CHECK
 * constraint, so adding a lender, operation or state means a table-rebuild migration
 * (CREATE new, INSERT … SELECT, DROP, RENAME, recreate indexes).
 */
import type Database from 'better-sqlite3';
import { AUDIT_COLUMNS_DDL, OUTBOX_TEXT_COLUMNS, bulkTablesSql, outboxOutcomeColumns, checkStep, orderedMigrations, refuseNewer } from './shared-ddl.ts';

export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'outbox of lender writes and the audit trail',
    sql: `
      CREATE TABLE IF NOT EXISTS outbox_writes (
        seq               INTEGER PRIMARY KEY,          -- insertion order; ties on created_at
        id                TEXT    NOT NULL UNIQUE,
        idempotency_key   TEXT    NOT NULL UNIQUE,
        lender            TEXT    NOT NULL CHECK (lender IN ('credgenics', 'apollo')),
        operation         TEXT    NOT NULL CHECK (operation IN
                            ('update_payment', 'update_loan', 'update_transaction', 'apollo_update', 'add_loan')),
${OUTBOX_TEXT_COLUMNS}        state             TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN
                            ('pending', 'sending', 'confirmed', 'failed', 'dismissed')),
        attempts          INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        last_status       INTEGER,
        last_error        TEXT,
        lender_message    TEXT,
        retryable         INTEGER CHECK (retryable IN (0, 1)),
${outboxOutcomeColumns('INTEGER')}        dismiss_reason    TEXT
      );
      CREATE INDEX IF NOT EXISTS outbox_by_loan ON outbox_writes (loan_id, created_at);
      CREATE INDEX IF NOT EXISTS outbox_by_user ON outbox_writes (requested_by, created_at);
      CREATE INDEX IF NOT EXISTS outbox_by_state ON outbox_writes (state, created_at);
      CREATE INDEX IF NOT EXISTS outbox_by_state_user ON outbox_writes (state, requested_by, created_at);
      CREATE INDEX IF NOT EXISTS outbox_by_fingerprint ON outbox_writes (fingerprint, created_at)
        WHERE fingerprint IS NOT NULL;

      CREATE TABLE IF NOT EXISTS audit_entries (
        id       INTEGER PRIMARY KEY AUTOINCREMENT,     -- never reused, even after a delete
        at       INTEGER NOT NULL,
${AUDIT_COLUMNS_DDL}      );
      CREATE INDEX IF NOT EXISTS audit_by_loan ON audit_entries (loan_id, at) WHERE loan_id IS NOT NULL;
      CREATE INDEX IF NOT EXISTS audit_by_actor ON audit_entries (actor, at);
      CREATE INDEX IF NOT EXISTS audit_by_write ON audit_entries (write_id) WHERE write_id IS NOT NULL;
    `,
  },
  {
    version: 2,
    description: 'the outbox becomes a queue: due times, leases, reconciliation, lock keys; replay memory',
    sql: `
      ALTER TABLE outbox_writes ADD COLUMN due_at           INTEGER;
      ALTER TABLE outbox_writes ADD COLUMN lease_owner      TEXT;
      ALTER TABLE outbox_writes ADD COLUMN lease_expires_at INTEGER;
      ALTER TABLE outbox_writes ADD COLUMN in_flight        INTEGER NOT NULL DEFAULT 0 CHECK (in_flight IN (0, 1));
      ALTER TABLE outbox_writes ADD COLUMN needs_reconcile  INTEGER NOT NULL DEFAULT 0 CHECK (needs_reconcile IN (0, 1));
      ALTER TABLE outbox_writes ADD COLUMN settle_after     INTEGER;
      ALTER TABLE outbox_writes ADD COLUMN force            INTEGER NOT NULL DEFAULT 0 CHECK (force IN (0, 1));
      ALTER TABLE outbox_writes ADD COLUMN run_by           TEXT;
      ALTER TABLE outbox_writes ADD COLUMN lock_key         TEXT;
      ALTER TABLE outbox_writes ADD COLUMN priority         INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE outbox_writes ADD COLUMN view_id          TEXT;
      ALTER TABLE outbox_writes ADD COLUMN max_attempts     INTEGER NOT NULL DEFAULT 3;

      -- Writes the previous version left behind: pending ones are due now; sending ones were in a
      -- process's hands, so they are claimable at once and reconciled first.
      UPDATE outbox_writes SET due_at = updated_at WHERE state = 'pending';
      UPDATE outbox_writes SET lease_owner = 'before-upgrade', lease_expires_at = 0, in_flight = 1 WHERE state = 'sending';
      UPDATE outbox_writes SET lock_key = 'payment|' || json_extract(request, '$.loanId') || '|' || json_extract(request, '$.allocationMonth')
        WHERE operation = 'update_payment' AND json_valid(request) AND json_extract(request, '$.loanId') IS NOT NULL;

      CREATE INDEX IF NOT EXISTS outbox_due ON outbox_writes (state, priority, due_at);
      CREATE INDEX IF NOT EXISTS outbox_by_lock ON outbox_writes (lock_key, state) WHERE lock_key IS NOT NULL;

      CREATE TABLE IF NOT EXISTS seen_requests (
        key        TEXT    PRIMARY KEY,
        expires_at INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS seen_requests_expiry ON seen_requests (expires_at);
    `,
  },
  {
    version: 3,
    description: 'bulk payments: batches, their rows, and the shared pacing of bulk sends',
    sql: bulkTablesSql('INTEGER'),
  },
];

export const LATEST_VERSION: number = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);

export function schemaVersion(db: Database.Database): number {
  const version = db.pragma('user_version', { simple: true });
  if (typeof version !== 'number') throw new Error(`store: unreadable user_version ${String(version)}`);
  return version;
}

/**
 * Brings the database up to LATEST_VERSION. Returns the versions applied (empty when already current).
 * Refuses a database written by a newer loanbot (a version this code does not know).
 */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number[] {
  const applied: number[] = [];
  const { ordered, latest } = orderedMigrations(migrations);
  const step = db.transaction((migration: Migration): boolean => {
    const current = schemaVersion(db);
    if (current >= migration.version) return false; // another process got here first
    checkStep(current, migration.version);
    db.exec(migration.sql);
    db.pragma(`user_version = ${migration.version}`);
    return true;
  });

  const start = schemaVersion(db);
  refuseNewer(start, latest);
  for (const migration of ordered) {
    if (migration.version <= start) continue;
    if (step.immediate(migration)) applied.push(migration.version);
  }
  return applied;
}
