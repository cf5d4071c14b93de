import { LogLevel, WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSlackStandin, type SlackStandin } from '../../dev/slack-standin/index.ts';
import { startFakeApp, type FakeApp } from './fake-app.ts';

const SECRET = 'driver-test-secret';
const TOKEN = 'xoxb-driver-test';
let slack: SlackStandin;
let app: FakeApp;
let client: WebClient;

beforeAll(async () => {
  slack = await startSlackStandin({ signingSecret: SECRET, botToken: TOKEN });
  app = await startFakeApp(SECRET);
  slack.setAppUrl(app.url);
  client = new WebClient(TOKEN, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR });
});
afterAll(async () => {
  await app.close();
  await slack.close();
});
beforeEach(() => {
  slack.reset();
  app.received.length = 0;
  app.answer = () => ({});
});

const plain = (text: string) => ({ type: 'plain_text' as const, text });
const paymentModal = (extra: object = {}) => ({
  type: 'modal' as const,
  callback_id: 'record_payment',
  private_metadata: JSON.stringify({ loanId: 'L-1001' }),
  title: plain('Record payment'),
  submit: plain('Save'),
  close: plain('Cancel'),
  blocks: [
    { type: 'input', block_id: 'amount', label: plain('Amount (₹)'), element: { type: 'number_input', action_id: 'amount_in', is_decimal_allowed: true } },
    {
      type: 'input', block_id: 'mode', label: plain('Mode'), dispatch_action: true,
      element: { type: 'static_select', action_id: 'mode_sel', options: [{ text: plain('UPI'), value: 'upi' }, { text: plain('Cash'), value: 'cash' }] },
    },
    { type: 'input', block_id: 'paid_on', label: plain('Paid on'), element: { type: 'datepicker', action_id: 'date', initial_date: '2024-11-25' } },
    { type: 'input', block_id: 'note', optional: true, label: plain('Note'), element: { type: 'plain_text_input', action_id: 'note_in' } },
  ],
  ...extra,
});

async function openPaymentModal(userId = 'U01ASHA', extra: object = {}): Promise<string> {
  const r = await client.views.open({ trigger_id: slack.issueTriggerId(userId), view: paymentModal(extra) });
  return r.view!.id!;
}

describe('slash commands', () => {
  it('sends a signed form body like Slack and stores a JSON ack as an ephemeral message', async () => {
    app.answer = () => ({ body: { response_type: 'ephemeral', text: 'Looking up L-1001…' } });
    const res = await slack.slashCommand({ text: 'loan L-1001' });
    expect(res).toMatchObject({ sent: true, status: 200, lateAck: false });
    expect(res.ackMs).toBeGreaterThan(0);
    const got = app.last();
    expect(got.contentType).toBe('application/x-www-form-urlencoded');
    expect(got.body).toEqual({
      token: expect.any(String), team_id: 'T0LOANBOT', team_domain: 'loanbot-dev', channel_id: 'C0COLLECT', channel_name: 'collections',
      user_id: 'U01ASHA', user_name: 'asha', command: '/loan', text: 'loan L-1001', api_app_id: 'A0LOANBOT', is_enterprise_install: 'false',
      response_url: res.responseUrl, trigger_id: res.triggerId,
    });
    expect(got.headers['x-slack-retry-num']).toBeUndefined();
    expect(slack.ephemerals('U01ASHA')).toMatchObject([{ text: 'Looking up L-1001…', via: 'ack', channel: 'C0COLLECT' }]);
    expect(slack.messages('C0COLLECT')).toEqual([]);
  });

  it('stores in_channel and plain-text acks, ignores empty acks, checks ack blocks', async () => {
    app.answer = () => ({ body: { response_type: 'in_channel', text: 'Loan L-1001 is overdue' } });
    await slack.slashCommand({ text: 'loan L-1001', userId: '@meera', channelId: '#loan-alerts' });
    expect(slack.lastMessage('C0ALERTS')).toMatchObject({ text: 'Loan L-1001 is overdue', via: 'ack' });
    app.answer = () => ({ body: 'Usage: /loan <id>' });
    await slack.slashCommand({ text: 'help', userId: 'U02RAVI' });
    expect(slack.ephemerals('U02RAVI').map((m) => m.text)).toEqual(['Usage: /loan <id>']);
    app.answer = () => ({});
    await slack.slashCommand({ text: 'quiet' });
    expect(slack.ephemerals('U01ASHA')).toEqual([]);
    app.answer = () => ({ body: { text: 'x', blocks: [{ type: 'header', text: plain('h'.repeat(200)) }] } });
    await slack.slashCommand({ text: 'bad' });
    expect(slack.violations).toMatchObject([{ method: 'slash_command.ack' }]);
  });

  it("lets the app open a modal with the command's trigger and answer on the response_url", async () => {
    app.answer = async (r) => {
      await client.views.open({ trigger_id: String(r.body['trigger_id']), view: paymentModal() });
      await fetch(String(r.body['response_url']), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'Opened the form' }) });
      return {};
    };
    await slack.slashCommand({ text: 'pay L-1001' });
    expect(slack.topView('U01ASHA')).toMatchObject({ callback_id: 'record_payment' });
    expect(slack.triggerUses).toMatchObject([{ ok: true, method: 'views.open' }]);
    expect(await slack.waitForEphemeral('U01ASHA', 'Opened the form')).toMatchObject({ via: 'response_url' });
  });

  it('adds retry headers and can resend the identical request', async () => {
    const first = await slack.slashCommand({ text: 'loan L-7', retryNum: 1 });
    expect(app.last().headers['x-slack-retry-num']).toBe('1');
    expect(app.last().headers['x-slack-retry-reason']).toBe('http_timeout');
    const again = await slack.resend(first.request!, 2);
    expect(again.status).toBe(200);
    expect(app.received).toHaveLength(2);
    expect(app.received[1]!.rawBody).toBe(app.received[0]!.rawBody);
    expect(app.received[1]!.body['trigger_id']).toBe(first.triggerId);
    expect(app.last().headers['x-slack-retry-num']).toBe('2');
  });
});

describe('raw requests', () => {
  it('signs by default and can send unsigned, wrongly signed or stale requests', async () => {
    const body = 'command=%2Floan&text=hi';
    const contentType = 'application/x-www-form-urlencoded';
    expect((await slack.sendRaw({ body, contentType })).status).toBe(200);
    expect((await slack.sendRaw({ body, contentType, sign: false })).status).toBe(401);
    expect((await slack.sendRaw({ body, contentType, sign: { secret: 'wrong' } })).body).toBe('mismatch');
    const old = Math.floor(Date.now() / 1000) - 600;
    expect((await slack.sendRaw({ body, contentType, sign: { timestampSeconds: old } })).body).toBe('stale_timestamp');
  });
});

describe('buttons and selects', () => {
  it('sends a block_actions payload shaped like Slack for a message button', async () => {
    const posted = await client.chat.postMessage({
      channel: 'C0COLLECT', text: 'Loan L-1001',
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: 'L-1001' } },
        { type: 'actions', block_id: 'loan_actions', elements: [
          { type: 'button', action_id: 'record_payment', text: plain('Record payment'), value: 'L-1001', style: 'primary' },
          { type: 'button', action_id: 'snooze', text: plain('Snooze'), value: 'L-1001' },
        ] },
      ],
    });
    const res = await slack.clickButton({ actionId: 'record_payment', userId: '@asha' });
    const p = app.last().body;
    expect(p).toMatchObject({
      type: 'block_actions',
      user: { id: 'U01ASHA', username: 'asha', name: 'asha', team_id: 'T0LOANBOT' },
      api_app_id: 'A0LOANBOT',
      container: { type: 'message', message_ts: posted.ts, channel_id: 'C0COLLECT', is_ephemeral: false },
      trigger_id: res.triggerId,
      team: { id: 'T0LOANBOT', domain: 'loanbot-dev' },
      channel: { id: 'C0COLLECT', name: 'collections' },
      message: { ts: posted.ts, text: 'Loan L-1001', bot_id: 'B0LOANBOT' },
      response_url: res.responseUrl,
      actions: [{ action_id: 'record_payment', block_id: 'loan_actions', value: 'L-1001', type: 'button', text: plain('Record payment'), style: 'primary' }],
    });
    expect((p['message'] as { blocks: unknown[] }).blocks).toHaveLength(2);
    expect(String((p['actions'] as Array<{ action_ts: string }>)[0]!.action_ts)).toMatch(/^\d+\.\d{6}$/);

    // replace_original through the interaction's response_url updates the clicked message
    await fetch(res.responseUrl!, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ replace_original: true, text: 'Payment recorded' }) });
    expect(slack.lastMessage('C0COLLECT')).toMatchObject({ ts: posted.ts, text: 'Payment recorded', blocks: [] });
    expect(slack.lastMessage('C0COLLECT')!.versions).toHaveLength(2);
  });

  it('leaves `message` out for ephemeral messages, as Slack does, and fills missing block ids', async () => {
    await client.chat.postEphemeral({ channel: 'C0COLLECT', user: 'U02RAVI', text: 'confirm?', blocks: [
      { type: 'actions', elements: [{ type: 'button', action_id: 'confirm', text: plain('Confirm') }] },
    ] });
    await slack.clickButton({ actionId: 'confirm', userId: 'U02RAVI' });
    const p = app.last().body;
    expect(p['container']).toMatchObject({ type: 'message', is_ephemeral: true });
    expect(p['message']).toBeUndefined();
    expect((p['actions'] as Array<{ block_id: string }>)[0]!.block_id).toMatch(/^.{4}$/);
    await expect(slack.clickButton({ actionId: 'confirm', userId: 'U03MEERA' })).rejects.toThrow(/no element/);
  });

  it('keeps non-dispatching choices in view state and dispatches dispatch_action selects', async () => {
    const viewId = await openPaymentModal();
    const quiet = await slack.selectOption({ viewId, actionId: 'note_in', value: 'paid at branch' });
    expect(quiet.sent).toBe(false); // an input without dispatch_action: Slack sends nothing, the value waits in the view
    expect(slack.findView(viewId)?.state.values['note']?.['note_in']).toEqual({ type: 'plain_text_input', value: 'paid at branch' });
    const res = await slack.selectOption({ viewId, actionId: 'mode_sel', value: 'Cash' });
    expect(res.sent).toBe(true);
    const p = app.last().body;
    expect(p).toMatchObject({
      type: 'block_actions', container: { type: 'view', view_id: viewId },
      view: { id: viewId, callback_id: 'record_payment', state: { values: { mode: { mode_sel: { type: 'static_select', selected_option: { value: 'cash' } } } } } },
      actions: [{ action_id: 'mode_sel', block_id: 'mode', type: 'static_select', selected_option: { text: plain('Cash'), value: 'cash' } }],
    });
    expect(p['response_url']).toBeUndefined();
    expect((p['view'] as { state: { values: Record<string, unknown> } }).state.values['note']).toEqual({ note_in: { type: 'plain_text_input', value: 'paid at branch' } });
    await expect(slack.selectOption({ viewId, actionId: 'mode_sel', value: 'cheque' })).rejects.toThrow(/no option "cheque".*upi \(UPI\), cash \(Cash\)/);
  });
});

describe('view submissions', () => {
  it('blocks a submission missing required fields, like Slack’s client', async () => {
    await openPaymentModal();
    const res = await slack.submitView({ values: { amount: '2500' } });
    expect(res).toMatchObject({ sent: false, outcome: 'blocked', errors: { mode: 'Please complete this required field.' } });
    expect(app.received).toHaveLength(0);
    expect(slack.viewErrors).toMatchObject([{ source: 'client', errors: { mode: expect.any(String) } }]);
  });

  it('builds state.values from inputs, initial values and earlier choices', async () => {
    const viewId = await openPaymentModal();
    app.answer = () => ({});
    await slack.selectOption({ viewId, actionId: 'mode_sel', value: 'upi' });
    app.answer = () => ({ body: { response_action: 'errors', errors: { amount: 'Amount exceeds the outstanding ₹12,500' } } });
    const res = await slack.submitView({ values: { amount: '20000' } });
    const p = app.last().body as { type: string; view: { state: { values: Record<string, Record<string, unknown>> }; private_metadata: string }; trigger_id: string };
    expect(p.type).toBe('view_submission');
    expect(p.view.private_metadata).toBe(JSON.stringify({ loanId: 'L-1001' }));
    expect(p.view.state.values).toEqual({
      amount: { amount_in: { type: 'number_input', value: '20000' } },
      mode: { mode_sel: { type: 'static_select', selected_option: { text: plain('UPI'), value: 'upi' } } },
      paid_on: { date: { type: 'datepicker', selected_date: '2024-11-25' } },
      note: { note_in: { type: 'plain_text_input', value: null } },
    });
    expect(res).toMatchObject({ outcome: 'errors', errors: { amount: 'Amount exceeds the outstanding ₹12,500' } });
    expect(res.viewAfter?.id).toBe(viewId);
    expect(slack.viewErrors).toMatchObject([{ source: 'app', viewId }]);
  });

  it('handles update, push, close and clear acks', async () => {
    const viewId = await openPaymentModal();
    const values = { amount: '2500', mode: 'cash' };
    app.answer = () => ({ body: { response_action: 'update', view: { type: 'modal', title: plain('Confirm'), submit: plain('Confirm'), callback_id: 'confirm', blocks: [] } } });
    let res = await slack.submitView({ values });
    expect(res.outcome).toBe('updated');
    expect(res.viewAfter).toMatchObject({ id: viewId, callback_id: 'confirm' });

    app.answer = () => ({ body: { response_action: 'push', view: { type: 'modal', title: plain('Done'), submit: plain('OK'), callback_id: 'done', blocks: [] } } });
    res = await slack.submitView();
    expect(res.outcome).toBe('pushed');
    expect(slack.openViews().map((v) => v.callback_id)).toEqual(['confirm', 'done']);

    app.answer = () => ({});
    res = await slack.submitView();
    expect(res.outcome).toBe('closed');
    expect(res.viewAfter?.callback_id).toBe('confirm');

    app.answer = () => ({ body: { response_action: 'clear' } });
    res = await slack.submitView();
    expect(res.outcome).toBe('cleared');
    expect(slack.openViews()).toEqual([]);
  });

  it('records bad acks as violations', async () => {
    await openPaymentModal();
    app.answer = () => ({ body: { response_action: 'errors', errors: { amount_in: 'wrong key' } } });
    let res = await slack.submitView({ values: { amount: '1', mode: 'upi' } });
    expect(res.outcome).toBe('failed');
    expect(res.problems?.[0]).toContain('"amount_in" is not the block_id');
    app.answer = () => ({ body: { response_action: 'update', view: { type: 'modal', title: plain('A title far too long for Slack'), blocks: [] } } });
    res = await slack.submitView();
    expect(res.outcome).toBe('failed');
    expect(slack.violations.map((v) => v.method)).toEqual(['view_submission.ack', 'view_submission.ack']);
    expect(slack.topView()?.callback_id).toBe('record_payment');
  });

  it('sends view_closed only when notify_on_close is set', async () => {
    await openPaymentModal('U01ASHA', { notify_on_close: true });
    const res = await slack.closeView();
    expect(res.sent).toBe(true);
    expect(app.last().body).toMatchObject({ type: 'view_closed', is_cleared: false, view: { callback_id: 'record_payment' } });
    expect(slack.openViews()).toEqual([]);
    await openPaymentModal();
    expect((await slack.closeView()).sent).toBe(false);
    expect(app.received).toHaveLength(1);
  });
});

describe('events and waiting', () => {
  it('sends event_callback envelopes and app_home_opened', async () => {
    app.answer = () => {
      void client.views.publish({ user_id: 'U03MEERA', view: { type: 'home', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Team queue' } }] } });
      return {};
    };
    await slack.openHome('@meera');
    expect(app.last().contentType).toBe('application/json');
    expect(app.last().body).toMatchObject({
      type: 'event_callback', team_id: 'T0LOANBOT', api_app_id: 'A0LOANBOT', event_id: expect.stringMatching(/^Ev/), event_time: expect.any(Number),
      event: { type: 'app_home_opened', user: 'U03MEERA', tab: 'home', channel: 'D03MEERA' },
    });
    const home = await slack.waitForHome('U03MEERA');
    expect(home.blocks).toHaveLength(1);
  });

  it('waitForMessage resolves as soon as the app posts, and times out clearly', async () => {
    app.answer = () => {
      setTimeout(() => void client.chat.postMessage({ channel: 'C0ALERTS', text: 'Write to Credgenics failed for L-1001' }), 30);
      return {};
    };
    await slack.sendEvent({ type: 'message', channel: 'C0ALERTS', user: 'U01ASHA', text: 'retry' });
    const m = await slack.waitForMessage('#loan-alerts', /failed for L-1001/);
    expect(m.channel).toBe('C0ALERTS');
    await expect(slack.waitForMessage('C0ALERTS', 'never', { timeoutMs: 50 })).rejects.toThrow(/timed out after 50 ms/);
  });

  it('flags acks slower than Slack waits', async () => {
    app.answer = () => ({ delayMs: 3100 });
    const res = await slack.sendEvent({ type: 'app_mention', user: 'U01ASHA', text: '<@U0LOANBOT> hi', channel: 'C0COLLECT' });
    expect(res.lateAck).toBe(true);
    expect(res.ackMs).toBeGreaterThanOrEqual(3000);
  });
});
