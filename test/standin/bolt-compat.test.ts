/**
 * The stand-in against a real Bolt app (HTTP receiver): Bolt must accept our signatures and payloads,
 * and its WebClient / respond() must work against the stand-in.
 */
import { App, LogLevel } from '@slack/bolt';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackStandin, type SlackStandin } from '../../dev/slack-standin/index.ts';

const SECRET = 'bolt-compat-secret';
const TOKEN = 'xoxb-bolt-compat';
let slack: SlackStandin;
let app: App;

const plain = (text: string) => ({ type: 'plain_text' as const, text });

beforeAll(async () => {
  slack = await startSlackStandin({ signingSecret: SECRET, botToken: TOKEN });
  app = new App({ signingSecret: SECRET, token: TOKEN, clientOptions: { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } }, logLevel: LogLevel.ERROR });

  app.command('/loan', async ({ command, ack, client, respond }) => {
    await ack({ response_type: 'ephemeral', text: `Looking up ${command.text}…` });
    await client.views.open({
      trigger_id: command.trigger_id,
      view: {
        type: 'modal', callback_id: 'record_payment', title: plain('Record payment'), submit: plain('Save'),
        blocks: [{ type: 'input', block_id: 'amount', label: plain('Amount'), element: { type: 'number_input', action_id: 'v', is_decimal_allowed: false } }],
      },
    });
    await respond({ text: 'Form opened' });
    await client.chat.postMessage({
      channel: command.channel_id, text: `Loan ${command.text}`,
      blocks: [{ type: 'actions', block_id: 'acts', elements: [{ type: 'button', action_id: 'mark_paid', text: plain('Mark paid'), value: command.text }] }],
    });
  });
  app.action('mark_paid', async ({ ack, respond, body }) => {
    await ack();
    await respond({ replace_original: true, text: `Marked paid by <@${body.user.id}>` });
  });
  app.view('record_payment', async ({ ack, view }) => {
    const amount = Number(view.state.values['amount']?.['v']?.value);
    if (amount > 12_500) await ack({ response_action: 'errors', errors: { amount: 'More than outstanding' } });
    else await ack();
  });
  app.event('app_home_opened', async ({ event, client }) => {
    await client.views.publish({ user_id: event.user, view: { type: 'home', blocks: [{ type: 'header', text: plain('Your queue') }] } });
  });

  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
  slack.setAppUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`);
});
afterAll(async () => {
  await app.stop();
  await slack.close();
});

describe('with a real Bolt app', () => {
  it('runs a command → modal → button → submission flow', async () => {
    const cmd = await slack.slashCommand({ text: 'L-1001' });
    expect(cmd.status).toBe(200);
    expect(slack.ephemerals('U01ASHA')[0]).toMatchObject({ text: 'Looking up L-1001…', via: 'ack' });
    const modal = await slack.waitForView('U01ASHA', 'record_payment');
    expect(modal.title?.text).toBe('Record payment');
    await slack.waitForEphemeral('U01ASHA', 'Form opened');
    const msg = await slack.waitForMessage('C0COLLECT', 'Loan L-1001');

    const blocked = await slack.submitView({ values: { amount: '12.5' } });
    expect(blocked).toMatchObject({ outcome: 'blocked', errors: { amount: 'Enter a whole number' } });
    const tooMuch = await slack.submitView({ values: { amount: '20000' } });
    expect(tooMuch).toMatchObject({ outcome: 'errors', errors: { amount: 'More than outstanding' } });
    const ok = await slack.submitView({ values: { amount: '2500' } });
    expect(ok.outcome).toBe('closed');
    expect(slack.openViews('U01ASHA')).toEqual([]);

    await slack.clickButton({ messageTs: msg.ts, actionId: 'mark_paid' });
    await slack.waitForMessage('C0COLLECT', (m) => m.ts === msg.ts && m.text === 'Marked paid by <@U01ASHA>');
    expect(slack.calls.map((c) => c.method)).toContain('auth.test');
    slack.assertNoViolations();
  });

  it('publishes home on app_home_opened and rejects unsigned requests', async () => {
    await slack.openHome('@ravi');
    expect((await slack.waitForHome('U02RAVI')).blocks[0]).toMatchObject({ type: 'header' });
    const res = await slack.sendRaw({ body: 'command=%2Floan&text=x', contentType: 'application/x-www-form-urlencoded', sign: { secret: 'nope' } });
    expect(res.status).toBe(401);
  });
});
