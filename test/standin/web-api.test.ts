import { LogLevel, WebClient, type WebAPIPlatformError } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSlackStandin, type SlackStandin } from '../../dev/slack-standin/index.ts';

const BOT_TOKEN = 'xoxb-standin-test';
let slack: SlackStandin;
let client: WebClient;

async function slackError(p: Promise<unknown>): Promise<{ error: string; errors?: string[] }> {
  try {
    await p;
  } catch (err) {
    return (err as WebAPIPlatformError).data as unknown as { error: string; errors?: string[] };
  }
  throw new Error('expected the call to fail');
}

const modal = (title: string, extra: object = {}) => ({
  type: 'modal' as const,
  title: { type: 'plain_text' as const, text: title },
  blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `*${title}*` } }],
  ...extra,
});

beforeAll(async () => {
  slack = await startSlackStandin({ signingSecret: 'secret', botToken: BOT_TOKEN });
  client = new WebClient(BOT_TOKEN, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR });
});
afterAll(() => slack.close());
beforeEach(() => slack.reset());

describe('Web API via a real WebClient', () => {
  it('answers auth.test as the bot and rejects other tokens', async () => {
    const me = await client.auth.test();
    expect(me).toMatchObject({ ok: true, user_id: 'U0LOANBOT', team_id: 'T0LOANBOT', bot_id: 'B0LOANBOT' });
    const other = new WebClient('xoxb-wrong', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR });
    expect((await slackError(other.auth.test())).error).toBe('invalid_auth');
    expect(slack.calls.at(-1)).toMatchObject({ method: 'auth.test', ok: false, error: 'invalid_auth' });
    expect((await slackError(client.apiCall('loans.explode'))).error).toBe('unknown_method');
  });

  it('posts messages with blocks, threads, ephemerals and updates', async () => {
    const blocks = [{ type: 'section', block_id: 'head', text: { type: 'mrkdwn', text: 'Loan *L-1001*: ₹12,500 due' } }];
    const posted = await client.chat.postMessage({ channel: 'C0COLLECT', text: 'Loan L-1001', blocks });
    expect(posted).toMatchObject({ ok: true, channel: 'C0COLLECT', message: { text: 'Loan L-1001', bot_id: 'B0LOANBOT' } });
    expect(posted.ts).toMatch(/^\d{10}\.\d{6}$/);
    const call = slack.calls.find((c) => c.method === 'chat.postMessage');
    expect(call?.args['blocks']).toEqual(blocks); // decoded from the form body
    expect(slack.lastMessage('#collections')).toMatchObject({ ts: posted.ts, text: 'Loan L-1001', via: 'api', blocks });

    const reply = await client.chat.postMessage({ channel: 'C0COLLECT', text: 'paid', thread_ts: posted.ts! });
    expect(reply.ts! > posted.ts!).toBe(true);
    expect(slack.thread('C0COLLECT', posted.ts!).map((m) => m.text)).toEqual(['Loan L-1001', 'paid']);

    const eph = await client.chat.postEphemeral({ channel: 'C0COLLECT', user: 'U01ASHA', text: 'only you' });
    expect(eph.message_ts).toBeTruthy();
    expect(slack.messages('C0COLLECT').map((m) => m.text)).toEqual(['Loan L-1001', 'paid']);
    expect(slack.messages('C0COLLECT', { includeEphemeral: true })).toHaveLength(3);
    expect(slack.ephemerals('U01ASHA')).toMatchObject([{ text: 'only you', ephemeralTo: 'U01ASHA' }]);

    await client.chat.update({ channel: 'C0COLLECT', ts: posted.ts!, text: 'Loan L-1001 (paid)', blocks: [] });
    const updated = slack.messages('C0COLLECT')[0]!;
    expect(updated.text).toBe('Loan L-1001 (paid)');
    expect(updated.versions.map((v) => v.text)).toEqual(['Loan L-1001', 'Loan L-1001 (paid)']);
    expect((await slackError(client.chat.update({ channel: 'C0COLLECT', ts: '1.000001', text: 'x' }))).error).toBe('message_not_found');
  });

  it('refuses channels the bot is not in, unknown channels and unknown users', async () => {
    expect((await slackError(client.chat.postMessage({ channel: 'C0RANDOM', text: 'hi' }))).error).toBe('not_in_channel');
    expect((await slackError(client.chat.postMessage({ channel: 'C0NOPE', text: 'hi' }))).error).toBe('channel_not_found');
    expect((await slackError(client.chat.postEphemeral({ channel: 'C0COLLECT', user: 'U0NOPE', text: 'hi' }))).error).toBe('user_not_found');
    slack.workspace.channels.find((c) => c.id === 'C0RANDOM')!.botIsMember = true;
    await expect(client.chat.postMessage({ channel: 'C0RANDOM', text: 'hi' })).resolves.toMatchObject({ ok: true });
    slack.workspace.channels.find((c) => c.id === 'C0RANDOM')!.botIsMember = false;
  });

  it('opens a DM when posting to a user id', async () => {
    const r = await client.chat.postMessage({ channel: 'U03MEERA', text: 'escalation' });
    expect(r.channel).toBe('D03MEERA');
    expect(slack.lastMessage('D03MEERA')?.text).toBe('escalation');
  });

  it('rejects Block Kit violations like Slack and records them', async () => {
    const blocks = [{ type: 'header', text: { type: 'plain_text', text: 'x'.repeat(151) } }];
    const err = await slackError(client.chat.postMessage({ channel: 'C0COLLECT', text: 'x', blocks }));
    expect(err.error).toBe('invalid_blocks');
    expect(err.errors?.[0]).toContain('151 characters, max 150');
    expect(slack.violations).toMatchObject([{ method: 'chat.postMessage' }]);
    expect(slack.messages('C0COLLECT')).toHaveLength(0);
    expect((await slackError(client.chat.postMessage({ channel: 'C0COLLECT', text: '' }))).error).toBe('no_text');
    expect(() => slack.assertNoViolations()).toThrow(/Block Kit violation/);
  });

  it('answers users, user groups and conversations', async () => {
    const u = await client.users.info({ user: 'U03MEERA' });
    expect(u.user).toMatchObject({ id: 'U03MEERA', name: 'meera', real_name: 'Meera Iyer', profile: { display_name: 'meera', real_name: 'Meera Iyer' }, tz: 'Asia/Kolkata' });
    expect((await slackError(client.users.info({ user: 'U0NOPE' }))).error).toBe('user_not_found');
    expect((await client.usergroups.users.list({ usergroup: 'S0COLLECT' })).users).toEqual(['U01ASHA', 'U03MEERA']);
    expect((await client.conversations.info({ channel: 'C0RANDOM' })).channel).toMatchObject({ id: 'C0RANDOM', name: 'random', is_member: false, is_private: false });
  });

  it('accepts JSON bodies too', async () => {
    const res = await fetch(`${slack.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${BOT_TOKEN}` },
      body: JSON.stringify({ channel: 'C0ALERTS', text: 'json', blocks: [{ type: 'divider' }] }),
    });
    expect(await res.json()).toMatchObject({ ok: true, channel: 'C0ALERTS' });
    expect(slack.lastMessage('C0ALERTS')?.blocks[0]).toMatchObject({ type: 'divider' });
  });
});

describe('views', () => {
  it('opens with a fresh trigger and refuses expired, reused and unknown triggers', async () => {
    const fresh = slack.issueTriggerId('U01ASHA');
    const opened = await client.views.open({ trigger_id: fresh, view: modal('Record payment', { callback_id: 'pay', notify_on_close: true }) });
    expect(opened.view).toMatchObject({ id: expect.stringMatching(/^V/), callback_id: 'pay', notify_on_close: true, root_view_id: opened.view!.id });
    expect(slack.openViews('U01ASHA').map((v) => v.id)).toEqual([opened.view!.id]);

    expect((await slackError(client.views.open({ trigger_id: fresh, view: modal('Again') }))).error).toBe('exchanged_trigger_id');
    const stale = slack.issueTriggerId('U01ASHA', { ageMs: 3500 });
    expect((await slackError(client.views.open({ trigger_id: stale, view: modal('Late') }))).error).toBe('expired_trigger_id');
    expect((await slackError(client.views.open({ trigger_id: '123.456.nope', view: modal('Nope') }))).error).toBe('invalid_trigger_id');

    expect(slack.triggerUses.map((u) => [u.ok, u.error])).toEqual([[true, undefined], [false, 'exchanged_trigger_id'], [false, 'expired_trigger_id']]);
    expect(slack.triggerUses[0]!.ageMs).toBeLessThan(1000);
    expect(slack.triggerUses[2]!.ageMs).toBeGreaterThanOrEqual(3500);
  });

  it('honours a configured trigger TTL', async () => {
    const strict = await startSlackStandin({ signingSecret: 's', botToken: BOT_TOKEN, triggerTtlMs: 20 });
    try {
      const c = new WebClient(BOT_TOKEN, { slackApiUrl: strict.apiUrl, retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR });
      const t = strict.issueTriggerId();
      await new Promise((r) => setTimeout(r, 40));
      expect((await slackError(c.views.open({ trigger_id: t, view: modal('Slow') }))).error).toBe('expired_trigger_id');
    } finally {
      await strict.close();
    }
  });

  it('updates in place with hash checks, pushes up to 3, publishes home', async () => {
    const opened = await client.views.open({ trigger_id: slack.issueTriggerId('U02RAVI'), view: modal('One', { external_id: 'ext-1' }) });
    const v = opened.view!;
    const upd = await client.views.update({ view_id: v.id!, hash: v.hash!, view: modal('One v2', { external_id: 'ext-1' }) });
    expect(upd.view).toMatchObject({ id: v.id, title: { text: 'One v2' } });
    expect(upd.view!.hash).not.toBe(v.hash);
    expect((await slackError(client.views.update({ view_id: v.id!, hash: v.hash!, view: modal('Stale') }))).error).toBe('hash_conflict');
    await client.views.update({ external_id: 'ext-1', view: modal('By external id', { external_id: 'ext-1' }) });
    expect(slack.topView('U02RAVI')?.title?.text).toBe('By external id');

    const two = await client.views.push({ trigger_id: slack.issueTriggerId('U02RAVI'), view: modal('Two') });
    expect(two.view).toMatchObject({ previous_view_id: v.id, root_view_id: v.id });
    await client.views.push({ trigger_id: slack.issueTriggerId('U02RAVI'), view: modal('Three') });
    expect((await slackError(client.views.push({ trigger_id: slack.issueTriggerId('U02RAVI'), view: modal('Four') }))).error).toBe('push_limit_reached');
    expect(slack.openViews('U02RAVI').map((x) => x.title?.text)).toEqual(['By external id', 'Two', 'Three']);

    const tooLong = await slackError(client.views.open({ trigger_id: slack.issueTriggerId('U02RAVI'), view: modal('A title that is far too long') }));
    expect(tooLong.error).toBe('invalid_blocks');
    expect(slack.violations.at(-1)?.method).toBe('views.open');

    await client.views.publish({ user_id: 'U02RAVI', view: { type: 'home', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Your loans' } }] } });
    expect(slack.homeView('U02RAVI')?.blocks).toHaveLength(1);
  });
});

describe('response_url', () => {
  const post = (url: string, body: object) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('stores ephemeral and in-channel answers and allows 5 posts per URL', async () => {
    const url = slack.issueResponseUrl({ userId: '@ravi', channelId: '#loan-alerts' });
    expect(url.startsWith(`${slack.url}/response/`)).toBe(true);
    expect((await post(url, { text: 'just you' })).status).toBe(200);
    expect(await (await post(url, { text: 'everyone', response_type: 'in_channel' })).json()).toEqual({ ok: true });
    expect(slack.ephemerals('U02RAVI')).toMatchObject([{ text: 'just you', channel: 'C0ALERTS', via: 'response_url' }]);
    expect(slack.messages('C0ALERTS').map((m) => m.text)).toEqual(['everyone']);
    for (let i = 0; i < 3; i++) expect((await post(url, { text: `more ${i}` })).status).toBe(200);
    const sixth = await post(url, { text: 'one too many' });
    expect(sixth.status).toBe(404);
    expect(await sixth.text()).toBe('used_url');
    expect(slack.calls.filter((c) => c.method === 'response_url').map((c) => c.ok)).toEqual([true, true, true, true, true, false]);
  });

  it('checks Block Kit limits on response_url posts', async () => {
    const url = slack.issueResponseUrl();
    const res = await post(url, { blocks: Array.from({ length: 51 }, () => ({ type: 'divider' })) });
    expect(res.status).toBe(400);
    expect(slack.violations).toMatchObject([{ method: 'response_url' }]);
  });
});
