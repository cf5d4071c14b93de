/**
 * The durable store: the outbox of lender writes (recorded before sending, so a crash is recoverable,
 * a failure retryable, and nothing is sent twice) and the audit trail. Open it once at start-up.
 */
import { closeDatabase, openDatabase } from './sqlite.ts';
import { SqliteAuditTrail } from './sqlite-audit.ts';
import { SqliteOutbox } from './sqlite-outbox.ts';
import type { OpenStoreOptions, Store } from './types.ts';

export * from './types.ts';
export { WRITE_ID_PATTERN } from './ids.ts';

/** Opens (creating and migrating as needed) `<dataDir>/loanbot.sqlite`, or an in-memory store for ':memory:'. */
export function openStore(options: OpenStoreOptions): Store {
  const clock = options.now ?? Date.now;
  const now = (): number => {
    const t = clock();
    if (!Number.isSafeInteger(t) || t < 0) throw new RangeError('store: now() must return whole epoch milliseconds');
    return t;
  };
  const db = openDatabase(options.dataDir);
  return {
    outbox: new SqliteOutbox(db, now),
    audit: new SqliteAuditTrail(db, now),
    close: async () => closeDatabase(db),
  };
}
