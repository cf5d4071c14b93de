import { LogLevel, WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackStandin, type SlackStandin } from '../../dev/slack-standin/index.ts';

const BOT_TOKEN = 'xoxb-standin-files';
let slack: SlackStandin;
let client: WebClient;

beforeAll(async () => {
  slack = await startSlackStandin({ signingSecret: 'secret', botToken: BOT_TOKEN });
  client = new WebClient(BOT_TOKEN, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR });
});
afterAll(() => slack.close());

describe('files in the stand-in', () => {
  it('serves a person’s file to the bot token, and Slack’s sign-in page to anyone else', async () => {
    const id = slack.uploadFile('payments.csv', 'loan_id\n1001\n');
    const info = await client.files.info({ file: id });
    expect(info.file).toMatchObject({ id, name: 'payments.csv', filetype: 'csv', size: 13 });
    const url = info.file!.url_private_download!;
    const withToken = await fetch(url, { headers: { authorization: `Bearer ${BOT_TOKEN}` } });
    expect(await withToken.text()).toBe('loan_id\n1001\n');
    const without = await fetch(url);
    expect(without.headers.get('content-type')).toContain('text/html');
    expect(await without.text()).toContain('Sign in');
    const wrong = await fetch(url, { headers: { authorization: 'Bearer xoxb-other' } });
    expect(await wrong.text()).toContain('<!DOCTYPE html>');
  });

  it('takes an upload in three steps and shares it into a thread', async () => {
    const posted = await client.chat.postMessage({ channel: 'C0COLLECT', text: 'batch' });
    const url = await client.files.getUploadURLExternal({ filename: 'results.csv', length: 5 });
    const res = await fetch(url.upload_url!, { method: 'POST', body: 'a,b\r\n' });
    expect(res.status).toBe(200);
    const done = await client.files.completeUploadExternal({ files: [{ id: url.file_id!, title: 'Results' }], channel_id: 'C0COLLECT', thread_ts: posted.ts! });
    expect(done.ok).toBe(true);
    const [shared] = slack.sharedFiles('C0COLLECT');
    expect(shared).toMatchObject({ id: url.file_id, title: 'Results', shares: [{ channel: 'C0COLLECT', threadTs: posted.ts }] });
    expect(shared!.bytes.toString()).toBe('a,b\r\n');
    expect(slack.thread('C0COLLECT', posted.ts!).map((m) => m.text)).toContain('Results');
  });
});
