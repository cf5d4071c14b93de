import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bootFromEnv } from '../../dev/kit/boot.ts';
import { loanbotEnv } from '../../dev/kit/env.ts';
import { APP_TOKEN, visibleText } from './harness.ts';
import { lookUp } from './payment-helpers.ts';
import { useHarness } from './use-harness.ts';

// The core flows run over Socket Mode too (the `socket-mode` project in vitest.config.ts); this file covers
// what only Socket Mode has: the handshake, Slack's `disconnect`, and /healthz following the connection.
const h = useHarness({ mode: 'socket' });

const healthz = async () => {
  const response = await fetch(`http://127.0.0.1:${h.app.port}/healthz`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

async function eventually(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('Socket Mode', () => {
  it('opens its connection at SLACK_API_URL with the app-level token; /healthz and /metrics answer on the port it bound for PORT=0', async () => {
    const opens = h.slack.calls.filter((c) => c.method === 'apps.connections.open');
    expect(opens.length).toBeGreaterThanOrEqual(1);
    expect(opens.every((c) => c.ok)).toBe(true);
    expect(h.slack.socketConnections).toBe(1);

    expect(h.app.port).toBeGreaterThan(0);
    expect(await healthz()).toEqual({ status: 200, body: { ok: true, app: 'loanbot', lenders: 'live', mode: 'socket', slack: 'connected', store: 'sqlite' } });
    const metrics = await fetch(`http://127.0.0.1:${h.app.port}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('loanbot_slack_connected 1');
    // Slack's requests do not come over HTTP in Socket Mode.
    expect((await fetch(`http://127.0.0.1:${h.app.port}/slack/events`, { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('reconnects when Slack sends `disconnect`, is unhealthy only meanwhile, and keeps serving /loan', { timeout: 30_000 }, async () => {
    const opened = h.slack.socketConnectionsOpened;
    await h.slack.disconnectSocket('refresh_requested');
    await eventually(async () => (await healthz()).status === 503, 3_000, '/healthz says 503 while reconnecting');
    expect((await healthz()).body).toMatchObject({ ok: false, slack: 'connecting' });

    await h.slack.waitForSocketConnection(15_000);
    expect(h.slack.socketConnectionsOpened).toBe(opened + 1);
    await eventually(async () => (await healthz()).status === 200, 3_000, '/healthz says 200 once connected again');

    const summary = await lookUp(h, '1001');
    expect(visibleText(summary)).toContain('Loan 1001 · Keval Gor');
    expect(h.logs.join('')).toContain('Socket Mode: connection lost, reconnecting');
    // Socket Mode acks are timed like HTTP responses.
    const metrics = await (await fetch(`http://127.0.0.1:${h.app.port}/metrics`)).text();
    expect(metrics).toMatch(/^loanbot_slack_ack_duration_seconds_count\{kind="command"\} [1-9]/m);
  });

  it('drops a frame over 1 MB as it arrives (not read whole), reconnects, and keeps serving /loan', { timeout: 30_000 }, async () => {
    const opened = h.slack.socketConnectionsOpened;
    // A 90 MB frame was read whole before (~500 MB RSS); 1.5 MB shows the cap.
    const [closedWith] = await h.slack.sendRawSocketFrame(Buffer.alloc(1_500_000, 'x').toString(), 2_000);
    expect(closedWith).not.toBe('open');
    await h.slack.waitForSocketConnection(15_000);
    expect(h.slack.socketConnectionsOpened).toBe(opened + 1);
    expect(visibleText(await lookUp(h, '1001'))).toContain('Loan 1001 · Keval Gor');
  });

  it('stops with a message naming SLACK_APP_TOKEN when Slack refuses the app-level token', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'loanbot-socket-'));
    try {
      const env = loanbotEnv({ slack: h.slack, credgenics: h.credgenics, mode: 'socket', dataDir }, { SLACK_APP_TOKEN: `${APP_TOKEN}-revoked` });
      await expect(bootFromEnv(env, { logLevel: 'info' }).start()).rejects.toThrow(/Slack refused SLACK_APP_TOKEN \(invalid_auth\)/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
