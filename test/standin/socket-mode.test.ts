import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startSlackStandin, type SlackStandin } from '../../dev/slack-standin/index.ts';

const BOT_TOKEN = 'xoxb-standin-test';
const APP_TOKEN = 'xapp-standin-test';
let slack: SlackStandin;

beforeAll(async () => {
  slack = await startSlackStandin({ signingSecret: 'secret', botToken: BOT_TOKEN, appToken: APP_TOKEN });
  slack.useSocketMode();
});
afterAll(() => slack.close());

async function connectionsOpen(token: string | undefined): Promise<{ ok: boolean; url?: string; error?: string }> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (token) headers['authorization'] = `Bearer ${token}`;
  const response = await fetch(`${slack.apiUrl}apps.connections.open`, { method: 'POST', headers, body: '' });
  return (await response.json()) as { ok: boolean; url?: string; error?: string };
}

/** A client that keeps every message Slack sends it. */
async function connect(url: string): Promise<{ ws: WebSocket; received: Array<Record<string, unknown>> }> {
  const ws = new WebSocket(url);
  const received: Array<Record<string, unknown>> = [];
  ws.on('message', (data) => received.push(JSON.parse(String(data)) as Record<string, unknown>));
  await once(ws, 'open');
  return { ws, received };
}

describe('Socket Mode stand-in', () => {
  it('apps.connections.open takes only the app-level token and hands out a one-time WebSocket URL', async () => {
    expect(await connectionsOpen(undefined)).toEqual({ ok: false, error: 'not_authed' });
    expect(await connectionsOpen(BOT_TOKEN)).toEqual({ ok: false, error: 'not_allowed_token_type' });
    expect(await connectionsOpen('xapp-someone-else')).toEqual({ ok: false, error: 'invalid_auth' });
    const opened = await connectionsOpen(APP_TOKEN);
    expect(opened.ok).toBe(true);
    expect(opened.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/link\/\?ticket=[\w-]+&app_id=A\w+$/);

    const first = await connect(opened.url ?? '');
    first.ws.close();
    const again = new WebSocket(opened.url ?? '');
    const [refused] = (await once(again, 'unexpected-response')) as [unknown, { statusCode: number }];
    expect(refused).toBeDefined();
  });

  it('says hello, delivers a slash command as an envelope, and reads the ack’s payload by envelope_id', async () => {
    const { ws, received } = await connect((await connectionsOpen(APP_TOKEN)).url ?? '');
    await slack.waitFor(() => received.length > 0);
    expect(received[0]).toMatchObject({ type: 'hello', num_connections: 1, connection_info: { app_id: slack.workspace.appId } });
    ws.on('message', (data) => {
      const envelope = JSON.parse(String(data)) as { envelope_id?: string; type: string };
      if (!envelope.envelope_id) return;
      if (envelope.type === 'events_api') {
        ws.send(JSON.stringify({ envelope_id: envelope.envelope_id }));
        return;
      }
      ws.send(JSON.stringify({ envelope_id: 'not-this-one', payload: { text: 'ignored' } }));
      ws.send(JSON.stringify({ envelope_id: envelope.envelope_id, payload: { text: 'Only you can see this' } }));
    });

    const result = await slack.slashCommand({ text: '1001' });
    const envelope = received.find((m) => m['type'] === 'slash_commands');
    expect(envelope).toMatchObject({ accepts_response_payload: true, payload: { command: '/loan', text: '1001' } });
    expect(result).toMatchObject({ status: 200, envelopeId: envelope?.['envelope_id'], json: { text: 'Only you can see this' } });
    expect(slack.ephemerals().at(-1)?.text).toBe('Only you can see this');

    const acked = await slack.sendEvent({ type: 'app_home_opened', user: 'U01ASHA', tab: 'home' });
    expect(acked).toMatchObject({ status: 200, body: '' });
    const event = received.find((m) => m['type'] === 'events_api');
    expect(event).toMatchObject({ accepts_response_payload: false, retry_attempt: 0, payload: { type: 'event_callback', event: { type: 'app_home_opened' } } });
    ws.close();
  });

  it('asks every connection to go with `disconnect`, and waits for the app to close it', async () => {
    const { ws, received } = await connect((await connectionsOpen(APP_TOKEN)).url ?? '');
    ws.on('message', (data) => {
      if ((JSON.parse(String(data)) as { type: string }).type === 'disconnect') ws.close();
    });
    await slack.waitForSocketConnection();
    await slack.disconnectSocket('warning');
    expect(received.at(-1)).toEqual({ type: 'disconnect', reason: 'warning', debug_info: { host: 'slack-standin' } });
    expect(slack.socketConnections).toBe(0);
  });
});
