/**
 * Postgres schema migrations, versioned in loanbot_schema_migrations (one row per step applied). Each step
 * runs in its own transaction under a transaction-level advisory lock, and re-reads the version inside
 * it, so two instances starting at once apply each step exactly once (the second waits, then skips).
 *
 * The schema is the SQLite one after its migration 2 (src/store/migrations.ts), in Postgres types: epoch
 * milliseconds as BIGINT, flags as BOOLEAN, JSON kept as TEXT so rows parse exactly as on SQLite. Postgres
 * had no earlier loanbot schema, so its version 1 is that whole schema. Append new steps to the end; never
 * edit one that has shipped.
 */
import type pg from 'pg';
import { AUDIT_COLUMNS_DDL, OUTBOX_TEXT_COLUMNS, bulkTablesSql, outboxOutcomeColumns, checkStep, orderedMigrations, refuseNewer } from '../shared-ddl.ts';
import { inTransaction, type Queryable } from './pool.ts';

export interface PostgresMigration {
  version: number;
  description: string;
  sql: string;
}

/** pg_advisory_xact_lock key held while migrating ('loanbot' + 'migrate', as an arbitrary fixed number). */
export const MIGRATION_LOCK_KEY = 7_283_940_115_001;

export const VERSIONS_TABLE = 'loanbot_schema_migrations';

const LENDERS = `('credgenics', 'apollo')`;
const OPERATIONS = `('update_payment', 'update_loan', 'update_transaction', 'apollo_update', 'add_loan')`;
const STATES = `('pending', 'sending', 'confirmed', 'failed', 'dismissed')`;

export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  {
    version: 1,
    description: 'outbox of lender writes (a queue: due times, leases, reconciliation, lock keys), audit trail, replay memory',
    sql: `
      CREATE TABLE outbox_writes (
        seq               BIGSERIAL PRIMARY KEY,          -- insertion order; ties on created_at
        id                TEXT     NOT NULL UNIQUE,
        idempotency_key   TEXT     NOT NULL UNIQUE,
        lender            TEXT     NOT NULL CHECK (lender IN ${LENDERS}),
        operation         TEXT     NOT NULL CHECK (operation IN ${OPERATIONS}),
${OUTBOX_TEXT_COLUMNS}        state             TEXT     NOT NULL DEFAULT 'pending' CHECK (state IN ${STATES}),
        attempts          INTEGER  NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        last_status       INTEGER,
        last_error        TEXT,
        lender_message    TEXT,
        retryable         BOOLEAN,
${outboxOutcomeColumns('BIGINT')}        dismiss_reason    TEXT,
        due_at            BIGINT,
        lease_owner       TEXT,
        lease_expires_at  BIGINT,
        in_flight         BOOLEAN  NOT NULL DEFAULT FALSE,
        needs_reconcile   BOOLEAN  NOT NULL DEFAULT FALSE,
        settle_after      BIGINT,
        force             BOOLEAN  NOT NULL DEFAULT FALSE,
        run_by            TEXT,
        lock_key          TEXT,
        priority          INTEGER  NOT NULL DEFAULT 0,
        view_id           TEXT,
        max_attempts      INTEGER  NOT NULL DEFAULT 3
      );
      CREATE INDEX outbox_by_loan ON outbox_writes (loan_id, created_at);
      CREATE INDEX outbox_by_user ON outbox_writes (requested_by, created_at);
      CREATE INDEX outbox_by_state ON outbox_writes (state, created_at);
      CREATE INDEX outbox_by_state_user ON outbox_writes (state, requested_by, created_at);
      CREATE INDEX outbox_by_fingerprint ON outbox_writes (fingerprint, created_at) WHERE fingerprint IS NOT NULL;
      CREATE INDEX outbox_due ON outbox_writes (state, priority, due_at);
      CREATE INDEX outbox_by_lock ON outbox_writes (lock_key, state) WHERE lock_key IS NOT NULL;

      CREATE TABLE audit_entries (
        id       BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY, -- never reused
        at       BIGINT  NOT NULL,
${AUDIT_COLUMNS_DDL}      );
      CREATE INDEX audit_by_loan ON audit_entries (loan_id, at) WHERE loan_id IS NOT NULL;
      CREATE INDEX audit_by_actor ON audit_entries (actor, at);
      CREATE INDEX audit_by_write ON audit_entries (write_id) WHERE write_id IS NOT NULL;

      CREATE TABLE seen_requests (
        key        TEXT   PRIMARY KEY,
        expires_at BIGINT NOT NULL
      );
      CREATE INDEX seen_requests_expiry ON seen_requests (expires_at);
    `,
  },
  {
    version: 2,
    description: 'bulk payments: batches, their rows, and the shared pacing of bulk sends',
    sql: bulkTablesSql('BIGINT'),
  },
];

export const LATEST_POSTGRES_VERSION: number = POSTGRES_MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);

const CREATE_VERSIONS_TABLE = `
  CREATE TABLE IF NOT EXISTS ${VERSIONS_TABLE} (
    version     INTEGER     PRIMARY KEY,
    description TEXT        NOT NULL,
    applied_at  TIMESTAMPTZ NOT NULL DEFAULT now()
  )`;

/** The schema version of the database (0 before the first migration). */
export async function postgresSchemaVersion(db: Queryable): Promise<number> {
  const exists = await db.query<{ t: string | null }>('SELECT to_regclass($1) AS t', [VERSIONS_TABLE]);
  if (exists.rows[0]?.t == null) return 0;
  const { rows } = await db.query<{ v: number | null }>(`SELECT MAX(version) AS v FROM ${VERSIONS_TABLE}`);
  return rows[0]?.v ?? 0;
}

/** Takes the migration lock, creates the versions table if needed, and reads the version (all in the caller's transaction). */
async function lockAndRead(client: pg.PoolClient): Promise<number> {
  await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
  await client.query(CREATE_VERSIONS_TABLE);
  return postgresSchemaVersion(client);
}

/**
 * Brings the database up to the latest version. Returns the versions applied (empty when already current).
 * Refuses a database written by a newer loanbot (a version this code does not know).
 */
export async function migratePostgres(pool: pg.Pool, migrations: readonly PostgresMigration[] = POSTGRES_MIGRATIONS): Promise<number[]> {
  const { ordered, latest } = orderedMigrations(migrations);
  const start = await inTransaction(pool, lockAndRead);
  refuseNewer(start, latest);
  const applied: number[] = [];
  for (const migration of ordered) {
    if (migration.version <= start) continue;
    const done = await inTransaction(pool, async (client) => {
      const current = await lockAndRead(client);
      if (current >= migration.version) return false; // another instance got here first
      checkStep(current, migration.version);
      await client.query(migration.sql);
      await client.query(`INSERT INTO ${VERSIONS_TABLE} (version, description) VALUES ($1, $2)`, [migration.version, migration.description]);
      return true;
    });
    if (done) applied.push(migration.version);
  }
  return applied;
}
