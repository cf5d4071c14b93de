/**
 * /healthz tells a load balancer the truth about the store: 200 while Postgres answers, 503 once it does
 * not (here: the database is dropped under the running app), so traffic moves to a healthy instance.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { freshPostgresUrl } from '../store/backends.ts';
import { startHarness } from './harness.ts';

describe('/healthz and the store', () => {
  it('answers 200 on Postgres, and 503 naming the store once the database is gone; Slack’s requests then get a server error, logged as the store', async () => {
    const databaseUrl = await freshPostgresUrl();
    const h = await startHarness({ env: { DATABASE_URL: databaseUrl } });
    try {
      const healthy = await fetch(`http://127.0.0.1:${h.app.port}/healthz`);
      expect(healthy.status).toBe(200);
      expect(await healthy.json()).toMatchObject({ ok: true, store: 'postgres' });

      const server = new URL(databaseUrl);
      const name = server.pathname.slice(1);
      server.pathname = '/postgres';
      const admin = new pg.Client({ connectionString: server.toString() });
      await admin.connect();
      await admin.query(`DROP DATABASE ${admin.escapeIdentifier(name)} WITH (FORCE)`);
      await admin.end();

      const sick = await fetch(`http://127.0.0.1:${h.app.port}/healthz`);
      expect(sick.status).toBe(503);
      expect(await sick.json()).toMatchObject({ ok: false, store: 'unreachable' });

      // Slack's requests meanwhile: the app's fault (a server error), logged as the store, not as Slack's.
      const logsBefore = h.logs.length;
      const command = await h.slack.slashCommand({ text: '1001', userId: 'U01ASHA', channelId: 'C0COLLECT' });
      expect(command.status).toBeGreaterThanOrEqual(500);
      const logged = h.logs.slice(logsBefore).join('\n');
      expect(logged).not.toContain('refused a Slack request');
      expect(logged).not.toContain('unreadable request');
      expect(logged).toMatch(/"level":50.*store/);
    } finally {
      await h.close().catch(() => undefined);
    }
  });
});
