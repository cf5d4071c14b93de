/**
 * The one module that talks to `pg` directly: the connection pool's settings (small, with connect and
 * statement timeouts), BIGINT columns read as numbers (a per-pool type parser, so other users of `pg` in the
 * process are unaffected), and a helper that runs a function inside a transaction on one pooled client.
 */
import pg from 'pg';
import { z } from 'zod';

/** Enough for a worker, the listeners and a health check; several instances share one server's max_connections. */
export const POOL_MAX = 10;
/** How long to wait for a connection (server down, pool exhausted) before the query fails. */
export const CONNECT_TIMEOUT_MS = 5_000;
/** The server cancels any statement running longer than this (a stuck lock, a runaway query). */
export const STATEMENT_TIMEOUT_MS = 10_000;
/** A connection left idle inside a transaction this long is closed by the server (its locks are released). */
export const IDLE_IN_TRANSACTION_TIMEOUT_MS = 30_000;

const databaseUrlSchema = z.string().regex(/^postgres(ql)?:\/\/\S+$/);

/** Epoch milliseconds, counts and sequence numbers all fit in a double; anything larger is a corrupt row. */
function parseBigint(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError('store: a BIGINT column holds a value beyond 2^53');
  return n;
}

const INT8 = pg.types.builtins.INT8;

/** The driver's own parsers, except BIGINT (INT8) → number. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 && format !== 'binary' ? parseBigint : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** A pool for `databaseUrl`; nothing connects until the first query. The URL (it holds a password) is never echoed. */
export function createPool(databaseUrl: string): pg.Pool {
  if (!databaseUrlSchema.safeParse(databaseUrl).success) {
    throw new TypeError('store: databaseUrl must be a postgres:// or postgresql:// URL');
  }
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: POOL_MAX,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
    statement_timeout: STATEMENT_TIMEOUT_MS,
    idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_TIMEOUT_MS,
    application_name: 'loanbot',
    types,
  });
  // An idle client whose connection drops (server restart, network) emits 'error' on the pool; without a
  // listener that would crash the process. The pool discards that client; the next query gets a fresh one,
  // and ping() reports the outage to /healthz.
  pool.on('error', () => undefined);
  // A client whose server ends it (57P01 on a restart or a dropped database) can emit 'error' more than once,
  // the later ones after the pool's and the query's listeners are gone: a listener of its own for its whole
  // life keeps those from being uncaught. The query in hand still fails, and the pool discards the client.
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  return pool;
}

export type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

/** Runs `work` in BEGIN … COMMIT on one client; rolls back and rethrows if it throws. */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  // A checked-out client has no listener of the pool's: its connection dropping (server restart, a dropped
  // database) would be an uncaught 'error'. The query in progress rejects anyway; remember it as broken.
  const onError = (error: Error) => {
    broken = error;
  };
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch (rollbackError) {
      broken = rollbackError as Error; // the connection is unusable: do not return it to the pool
    }
    throw error;
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}
