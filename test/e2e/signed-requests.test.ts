import { beforeEach, describe, expect, it } from 'vitest';
import { useHarness } from './use-harness.ts';

const h = useHarness();

let lenderCalls = 0;
let slackCalls = 0;
beforeEach(() => {
  lenderCalls = h.credgenics.requests.length;
  slackCalls = h.slack.calls.length;
});

function slashBody(text: string): string {
  return new URLSearchParams({
    token: 'x',
    team_id: 'T0LOANBOT',
    channel_id: 'C0COLLECT',
    user_id: 'U01ASHA',
    command: '/loan',
    text,
    response_url: `${h.slack.url}/response/none`,
    trigger_id: '1.2.3',
  }).toString();
}

function expectNothingRan() {
  expect(h.credgenics.requests.slice(lenderCalls).map((r) => `${r.method} ${r.path}`)).toEqual([]);
  expect(h.slack.calls.filter((c) => c.method !== 'auth.test').length).toBe(slackCalls - h.slack.calls.slice(0, slackCalls).filter((c) => c.method === 'auth.test').length);
}

const FORM = 'application/x-www-form-urlencoded';

describe('only requests signed by Slack are served', () => {
  it('refuses a bad signature before any listener runs', async () => {
    const result = await h.slack.sendRaw({ body: slashBody('1001'), contentType: FORM, sign: { secret: 'not-the-secret' } });
    expect(result.status).toBe(401);
    expectNothingRan();
  });

  it('refuses a request with no signature headers', async () => {
    const result = await h.slack.sendRaw({ body: slashBody('1001'), contentType: FORM, sign: false });
    expect(result.status).toBe(401);
    expectNothingRan();
  });

  it('refuses a timestamp more than five minutes away, either way', async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const timestampSeconds of [now - 6 * 60, now + 6 * 60]) {
      const result = await h.slack.sendRaw({ body: slashBody('1001'), contentType: FORM, sign: { timestampSeconds } });
      expect(result.status).toBe(401);
    }
    expectNothingRan();
  });

  it('refuses a replay of a correctly signed request', async () => {
    const first = await h.slack.slashCommand({ text: 'help' });
    expect(first.status).toBe(200);
    const request = first.request!;
    const replay = await h.slack.sendRaw({ body: request.body, contentType: FORM, sign: false, headers: pick(request.headers, ['x-slack-signature', 'x-slack-request-timestamp']) });
    expect(replay.status).toBe(401);
  });

  it('does nothing for a captured /loan sent again with X-Slack-Retry-Num (the header is not signed)', async () => {
    const first = await h.slack.slashCommand({ text: '1001' });
    await h.slack.waitForMessage('C0COLLECT', /Keval Gor/);
    const request = first.request!;
    const headers = pick(request.headers, ['x-slack-signature', 'x-slack-request-timestamp']);
    for (const retry of ['1', '2', '3']) {
      const replay = await h.slack.sendRaw({ body: request.body, contentType: FORM, sign: false, headers: { ...headers, 'X-Slack-Retry-Num': retry, 'X-Slack-Retry-Reason': 'http_timeout' } });
      expect(replay.body).toBe('');
    }
    await h.waitUntilQuiet();
    expect(h.slack.calls.slice(slackCalls).filter((c) => c.method === 'chat.postMessage')).toHaveLength(1);
    expect(h.credgenics.requests.slice(lenderCalls)).toHaveLength(1);
  });

  it('acks a genuine Slack retry of a request it already handled, without doing the work twice', async () => {
    const first = await h.slack.slashCommand({ text: '1002' });
    const retried = await h.slack.resend(first.request!, 1);
    expect(retried.status).toBe(200);
    await h.slack.waitForMessage('C0COLLECT', /Loan 1002/);
    await h.waitUntilQuiet();
    expect(h.slack.calls.slice(slackCalls).filter((c) => c.method === 'chat.postMessage')).toHaveLength(1);
    expect(h.credgenics.requests.slice(lenderCalls)).toHaveLength(1);
  });

  it.each([
    ['payload=null', FORM],
    ['null', 'application/json'],
  ])('refuses a correctly signed %s body and keeps serving', async (body, contentType) => {
    const result = await h.slack.sendRaw({ body, contentType });
    expect(result.status).toBe(400);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const help = await h.slack.slashCommand({ text: 'help' });
    expect(help.status).toBe(200);
  });

  it('refuses a body over the size limit', async () => {
    const result = await h.slack.sendRaw({ body: slashBody('x'.repeat(1_100_000)), contentType: FORM });
    expect(result.status).toBeGreaterThanOrEqual(400);
    expectNothingRan();
  });
});

function pick(headers: Record<string, string> | undefined, names: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers ?? {})) if (names.includes(key.toLowerCase())) out[key] = value;
  return out;
}
