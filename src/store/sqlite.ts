/**
 * The one module that opens the SQLite database: where the file lives, the connection settings, and
 * bringing the schema up to date. Everything else in src/store/ is handed the open connection.
 */
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrations.ts';

export const DATABASE_FILE_NAME = 'loanbot.sqlite';

/** How long a connection waits for another connection's (or process's) write lock before SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5_000;

/** The database file for a data directory (or ':memory:'). */
export function databasePath(dataDir: string): string {
  return dataDir === ':memory:' ? ':memory:' : join(dataDir, DATABASE_FILE_NAME);
}

/**
 * Opens (creating if needed) `<dataDir>/loanbot.sqlite`, or a private in-memory database for
 * ':memory:', configures it and runs any pending migrations.
 */
export function openDatabase(dataDir: string): Database.Database {
  const inMemory = dataDir === ':memory:';
  // The outbox holds loan data; keep the directory private to the service user when we create it, and the
  // database readable by nobody else. SQLite gives its -wal and -shm files the database file's mode.
  if (!inMemory) {
    const created = mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (created !== undefined) chmodSync(dataDir, 0o700);
    closeSync(openSync(databasePath(dataDir), 'a', 0o600));
    chmodSync(databasePath(dataDir), 0o600);
  }
  let db: Database.Database;
  try {
    db = new Database(databasePath(dataDir));
  } catch (error) {
    throw damaged(dataDir, error);
  }
  try {
    configure(db, inMemory);
    checkIntegrity(db, dataDir);
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw /not a database|malformed|corrupt/i.test(String(error)) ? damaged(dataDir, error) : error;
  }
}

function damaged(dataDir: string, cause: unknown): Error {
  const why = cause instanceof Error ? cause.message : String(cause);
  return new Error(
    `store: ${databasePath(dataDir)} is damaged (${why}). loanbot will not start on it: stop every instance, move the file aside ` +
      'and restore it from a backup (or start with an empty data directory and reconcile the open writes by hand).',
    { cause },
  );
}

/** A damaged file is refused at start instead of answering "healthy" and failing requests later. */
function checkIntegrity(db: Database.Database, dataDir: string): void {
  const result = db.pragma('quick_check', { simple: true });
  if (result !== 'ok') throw damaged(dataDir, new Error(`quick_check: ${String(result)}`));
}

function configure(db: Database.Database, inMemory: boolean): void {
  // Set first, so that even the journal-mode switch waits for other processes instead of failing.
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  if (!inMemory) {
    // WAL: readers never block the writer, and a committed transaction survives the process being killed.
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') {
      throw new Error(`store: could not switch ${DATABASE_FILE_NAME} to WAL (journal_mode is ${String(mode)}); is the data directory on a network filesystem?`);
    }
  }
  // FULL, not NORMAL: the outbox records money movements before they are sent to a lender, so a
  // committed row must survive not just a killed process (NORMAL suffices there) but also a power loss
  // or OS crash. FULL fsyncs the WAL on every commit; our write rate (people pressing buttons) is tiny.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  const foreignKeys = db.pragma('foreign_keys', { simple: true });
  if (foreignKeys !== 1) throw new Error('store: SQLite refused to enable foreign keys');
}

/** Closes the connection, first letting SQLite refresh its query-planner statistics. Safe to call twice. */
export function closeDatabase(db: Database.Database): void {
  if (!db.open) return;
  try {
    db.pragma('optimize');
  } finally {
    db.close();
  }
}
